import ArchlintAnalyses
import ArchlintFindings
import ArchlintModel

/// What one run of the rules produced.
public struct EngineResult: Sendable {
    /// Every finding, waivers applied, sorted by file, line, column and rule.
    public var findings: [Finding]
    /// Every rule × resource evaluated, sorted by rule and resource (empty unless the
    /// engine was asked to record them).
    public var evaluations: [Evaluation]
    /// The model the rules ran on. Kept here so that the caller decides when it goes: the
    /// command line never frees it (the process ends), which saves tearing down a large
    /// graph of objects one by one.
    public let model: ModelIndex
}

/// Runs rules over a loaded workspace.
public struct RuleEngine: Sendable {
    public let rules: [Rule]
    /// Whether to record every rule × resource evaluated (for JUnit's passing test cases).
    public let recordEvaluations: Bool
    /// What `archlint drift` compared, for the drift pack's checks to report; nil otherwise.
    public let drift: TerraformDrift?

    public init(rules: [Rule], recordEvaluations: Bool = true, drift: TerraformDrift? = nil) {
        self.rules = rules
        self.recordEvaluations = recordEvaluations
        self.drift = drift
    }

    /// Rules about waivers look at every other rule's findings, so they run last.
    static let waiverChecks: Set<String> = ["waiver-expired", "waiver-unused"]

    public func run(_ workspace: Workspace, today: CalendarDate) -> EngineResult {
        let index = ModelIndex(workspace: workspace)
        let (first, last) = rules.reduce(into: ([Rule](), [Rule]())) { split, rule in
            if case .builtin(let name) = rule.check, RuleEngine.waiverChecks.contains(name) { split.1.append(rule) } else { split.0.append(rule) }
        }

        // Rules are independent of each other: run them in parallel, keep their order.
        let contexts = first.concurrentMap { rule -> CheckContext in
            var context = CheckContext(index: index, rule: rule, today: today, recordsEvaluations: recordEvaluations, drift: drift)
            RuleEngine.execute(rule, &context)
            return context
        }
        var findings = contexts.flatMap(\.findings)
        var evaluations = contexts.flatMap(\.evaluations)

        for rule in last {
            var context = CheckContext(index: index, rule: rule, today: today, recordsEvaluations: recordEvaluations, drift: drift)
            context.otherFindings = findings
            context.runningRules = Set(rules.map(\.id))
            RuleEngine.execute(rule, &context)
            findings += context.findings
            evaluations += context.evaluations
        }
        findings = Waivers(index: index, today: today, unwaivable: Set(last.map(\.id))).apply(to: findings)
        findings = AnchorUseNotes(workspace: workspace, findings: findings).annotate(findings)
        findings.sort(by: Finding.ordered)
        evaluations.sort { ($0.rule, $0.location.file, $0.resource) < ($1.rule, $1.location.file, $1.resource) }
        return EngineResult(findings: findings, evaluations: evaluations, model: index)
    }

    static func execute(_ rule: Rule, _ context: inout CheckContext) {
        switch rule.check {
        case .data(let check): DataCheckRunner(check: check).run(&context)
        case .builtin(let name): BuiltinChecks.named(name)?.run(&context)
        }
    }
}

/// Applies the waivers written on resources: a finding with an unexpired waiver for its
/// rule is kept, marked waived, with the waiver's reason and expiry.
struct Waivers {
    let index: ModelIndex
    let today: CalendarDate
    /// Rules about waivers cannot themselves be waived.
    let unwaivable: Set<String>

    func apply(to findings: [Finding]) -> [Finding] {
        // The first unexpired waiver written for each rule, resource and file.
        var inForce: [WaiverKey: WrittenWaiver] = [:]
        for spec in index.workspace.specs.indices {
            for waiver in WrittenWaiver.all(in: spec, index) where !waiver.isExpired(on: today) {
                let key = waiver.key(in: index)
                if inForce[key] == nil { inForce[key] = waiver }
            }
        }
        return findings.map { finding in
            guard !unwaivable.contains(finding.rule), let waiver = inForce[WaiverKey(finding)] else { return finding }
            var waived = finding
            waived.waiver = WaiverNote(reason: waiver.reason, expires: waiver.expires?.description, source: .spec)
            return waived
        }
    }
}

/// Says where a finding's value was used when it was written under a YAML anchor: the
/// value is located at the anchor, so without this two findings on two databases that
/// merge the same defaults would point at the same line and nowhere else.
struct AnchorUseNotes {
    /// Uses by spec path and resource (`KIND/NAME`), only for resources that have findings:
    /// a generated estate merges defaults into nearly every resource, and indexing every use
    /// of every spec held tens of megabytes at the run's peak for the few that are reported.
    let uses: [String: [String: [ValueUse]]]

    init(workspace: Workspace, findings: [Finding]) {
        // The resources with findings, as uses record them (kind and name): a use's
        // `KIND/NAME` is worded only when it matches.
        var wanted: [String: Set<UsedResource>] = [:]
        for finding in findings {
            guard let slash = finding.resource.firstIndex(of: "/"),
                let kind = ResourceKind(rawValue: String(finding.resource[..<slash]))
            else { continue }
            let name = String(finding.resource[finding.resource.index(after: slash)...])
            wanted[finding.location.file, default: []].insert(UsedResource(kind: kind, name: name))
        }
        var uses: [String: [String: [ValueUse]]] = [:]
        for spec in workspace.specs where !spec.valueUses.isEmpty {
            guard let resources = wanted[spec.path] else { continue }
            var byResource: [String: [ValueUse]] = [:]
            for use in spec.valueUses {
                for resource in use.resources where resources.contains(resource) {
                    byResource[resource.id, default: []].append(use)
                }
            }
            if !byResource.isEmpty { uses[spec.path] = byResource }
        }
        self.uses = uses
    }

    func annotate(_ findings: [Finding]) -> [Finding] {
        guard !uses.isEmpty else { return findings }
        return findings.map { finding in
            guard let candidates = uses[finding.location.file]?[finding.resource] else { return finding }
            let position = SourcePosition(line: finding.location.line, column: finding.location.column)
            // The innermost use that brought this resource's value here.
            let use =
                candidates
                .filter { $0.position != position && $0.span.contains(position) }
                .min { ($0.span.upperBound.line - $0.span.lowerBound.line, $0.position) < ($1.span.upperBound.line - $1.span.lowerBound.line, $1.position) }
            guard let use else { return finding }
            var annotated = finding
            let related = RelatedLocation(use.note, at: SourceLocation(file: finding.location.file, line: use.position.line, column: use.position.column))
            annotated.message += " (\(related))"
            annotated.related = [related]
            return annotated
        }
    }
}
