import ArchlintFindings
import ArchlintLoad
import ArchlintModel

/// What is judged about waivers once every rule has run: spec waivers that name no rule of
/// the run (errors), and the configuration's central waivers — applied to findings, and
/// reported as spec waivers are when they have expired (META001) or waive nothing (META002).
public enum WaiverReview {
    /// Applies the configuration's waivers to `findings` and adds the findings about waivers
    /// the rules could not see; returns the errors: waivers in specs that name no rule of
    /// `catalog`. `rules` are the rules that ran (the configuration applied).
    public static func review(
        _ findings: inout [Finding], model: ModelIndex, catalog: RuleCatalog, rules: [Rule],
        configuration: Configuration?, today: CalendarDate
    ) -> [Diagnostic] {
        let errors = unknownRules(in: model, catalog: catalog)
        if let configuration {
            CentralWaiverReview(configuration: configuration, model: model, rules: rules, today: today).review(&findings)
        }
        return errors
    }

    /// Waivers written in specs whose rule no loaded pack has. IDs are matched exactly, as
    /// findings are: `data001` waives nothing, and is told so with the ID meant.
    static func unknownRules(in model: ModelIndex, catalog: RuleCatalog) -> [Diagnostic] {
        let known = Set(catalog.rules.map(\.id))
        var errors: [Diagnostic] = []
        for spec in model.workspace.specs.indices {
            for waiver in WrittenWaiver.all(in: spec, model) where !known.contains(waiver.rule) {
                errors.append(
                    Diagnostic(
                        catalog.unknownRuleMessage(waiver.rule, what: "this waiver"),
                        file: model.workspace.specs[spec].path,
                        line: waiver.rulePosition.line, column: waiver.rulePosition.column))
            }
        }
        return errors
    }
}

/// The configuration's waivers, judged like waivers written in specs. Only waivers of a
/// stack-environment this run loaded are judged (a run over some of the specs says nothing
/// about the others'); those are reported in the configuration file, where they are written.
struct CentralWaiverReview {
    let configuration: Configuration
    let model: ModelIndex
    let rules: [Rule]
    let today: CalendarDate

    /// What identifies the findings a waiver covers.
    private struct Target: Hashable {
        let rule: String
        let stack: String
        let environment: String
        let resource: String
    }

    func review(_ findings: inout [Finding]) {
        // The rules about waivers, bound by their check, not their ID; off when switched off.
        let expiredRule = rules.first { if case .builtin("waiver-expired") = $0.check { true } else { false } }
        let unusedRule = rules.first { if case .builtin("waiver-unused") = $0.check { true } else { false } }
        let aboutWaivers = Set([expiredRule?.id, unusedRule?.id].compactMap { $0 })
        let running = Set(rules.map(\.id))

        // Every finding a waiver could cover, before central waivers apply: a waiver that
        // matches one (waived in the spec or not) is in use.
        var found = Set<Target>()
        for finding in findings where !aboutWaivers.contains(finding.rule) {
            found.insert(Target(rule: finding.rule, stack: finding.stack, environment: finding.environment, resource: finding.resource))
        }

        // Waivers in force, first one written for each target.
        var inForce: [Target: Configuration.CentralWaiver] = [:]
        for waiver in configuration.waivers where !isExpired(waiver) {
            let target = Target(rule: waiver.rule, stack: waiver.stack, environment: waiver.environment, resource: waiver.resource)
            if inForce[target] == nil { inForce[target] = waiver }
        }
        for index in findings.indices where !findings[index].isWaived && !aboutWaivers.contains(findings[index].rule) {
            let finding = findings[index]
            let target = Target(rule: finding.rule, stack: finding.stack, environment: finding.environment, resource: finding.resource)
            guard let waiver = inForce[target] else { continue }
            findings[index].waiver = WaiverNote(reason: waiver.reason, expires: waiver.expires?.description, source: .config)
        }

        var specs: [String: Int] = [:]
        for (index, spec) in model.workspace.specs.enumerated() {
            specs["\(spec.stack.value)/\(spec.environment.value.rawValue)"] = index
        }
        for waiver in configuration.waivers {
            guard let spec = specs["\(waiver.stack)/\(waiver.environment)"] else { continue }
            let (kind, name) = split(waiver.resource)
            if !exists(kind, name, in: spec) {
                let known = model.resources[spec].map(\.id) + ["stack/\(model.workspace.specs[spec].stack.value)"]
                var message = "the waiver of \(waiver.rule) names \(waiver.stack)/\(waiver.environment)/\(waiver.resource), which does not exist"
                if let suggestion = closestMatch(to: waiver.resource, in: known) { message += " (did you mean '\(suggestion)'?)" }
                report(unusedRule, waiver, message + "; correct it or remove it", into: &findings)
                continue
            }
            guard running.contains(waiver.rule) else { continue }
            if isExpired(waiver), let expires = waiver.expires {
                report(
                    expiredRule, waiver,
                    "the waiver of \(waiver.rule) on \(kind.map(\.words) ?? "stack") '\(name)' expired on \(expires), so the finding counts again; fix it, or renew the waiver with a new date and reason",
                    into: &findings)
            } else if !found.contains(Target(rule: waiver.rule, stack: waiver.stack, environment: waiver.environment, resource: waiver.resource)) {
                report(unusedRule, waiver, "the waiver of \(waiver.rule) on \(kind.map(\.words) ?? "stack") '\(name)' matches no finding; remove it", into: &findings)
            }
        }
    }

    private func isExpired(_ waiver: Configuration.CentralWaiver) -> Bool {
        waiver.expires.map { $0 < today } ?? false
    }

    /// `KIND/NAME` as a kind and a name; the kind is nil for `stack/NAME`, the file's own
    /// fields (the configuration reader accepts nothing else).
    private func split(_ resource: String) -> (kind: ResourceKind?, name: String) {
        let parts = resource.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        return (ResourceKind(rawValue: parts[0]), parts.count > 1 ? parts[1] : "")
    }

    /// Whether the spec holds the resource (`stack/NAME`: whether NAME is its stack).
    private func exists(_ kind: ResourceKind?, _ name: String, in spec: Int) -> Bool {
        guard let kind else { return name == model.workspace.specs[spec].stack.value }
        return model.handle(for: ResourceKey(spec: spec, kind: kind, name: name)) != nil
    }

    /// A finding of `rule` about `waiver`, in the configuration file, unless the rule is off
    /// or does not apply to the waiver's environment.
    private func report(_ rule: Rule?, _ waiver: Configuration.CentralWaiver, _ message: String, into findings: inout [Finding]) {
        guard let rule, let environment = Environment(rawValue: waiver.environment),
            let severity = rule.severity.severity(in: environment)
        else { return }
        findings.append(
            Finding(
                rule: rule.id, name: rule.name, pack: rule.pack, severity: severity,
                stack: waiver.stack, environment: waiver.environment, resource: waiver.resource,
                location: SourceLocation(file: configuration.file, line: waiver.position.line, column: waiver.position.column),
                message: message))
    }
}
