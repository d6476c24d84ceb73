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

    public init(rules: [Rule], recordEvaluations: Bool = true) {
        self.rules = rules
        self.recordEvaluations = recordEvaluations
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
            var context = CheckContext(index: index, rule: rule, today: today, recordsEvaluations: recordEvaluations)
            RuleEngine.execute(rule, &context)
            return context
        }
        var findings = contexts.flatMap(\.findings)
        var evaluations = contexts.flatMap(\.evaluations)

        for rule in last {
            var context = CheckContext(index: index, rule: rule, today: today, recordsEvaluations: recordEvaluations)
            context.otherFindings = findings
            context.runningRules = Set(rules.map(\.id))
            RuleEngine.execute(rule, &context)
            findings += context.findings
            evaluations += context.evaluations
        }
        findings = Waivers(index: index, today: today, unwaivable: Set(last.map(\.id))).apply(to: findings)
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
        var bySpecPath: [String: [WrittenWaiver]] = [:]
        for spec in index.workspace.specs.indices {
            bySpecPath[index.workspace.specs[spec].path] = WrittenWaiver.all(in: spec, index).filter { !$0.isExpired(on: today) }
        }
        return findings.map { finding in
            guard !unwaivable.contains(finding.rule),
                  let waiver = bySpecPath[finding.location.file]?.first(where: { $0.covers(finding, in: index) }) else { return finding }
            var waived = finding
            waived.waiver = WaiverNote(reason: waiver.reason, expires: waiver.expires?.description, source: .spec)
            return waived
        }
    }
}
