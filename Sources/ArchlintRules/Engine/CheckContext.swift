import ArchlintAnalyses
import ArchlintFindings
import ArchlintModel

/// What a check (data or built-in) works with while one rule runs: the model, the rule,
/// and the two things it records — resources it evaluated, and findings.
public struct CheckContext: Sendable {
    public let index: ModelIndex
    public let rule: Rule
    /// The day waivers are judged against.
    public let today: CalendarDate
    /// Findings of every other rule, for the rules about waivers (which run last).
    public internal(set) var otherFindings: [Finding] = []
    /// The IDs of every rule of the run, for the rules about waivers: a waiver of a rule that
    /// did not run is not theirs to judge.
    public internal(set) var runningRules: Set<String> = []
    public private(set) var findings: [Finding] = []
    public private(set) var evaluations: [Evaluation] = []
    private var evaluated = Set<ResourceKey>()
    /// Only JUnit lists passes; without it, recording them is wasted work and memory
    /// (a rule × resource record for every resource of every kind a rule selects).
    let recordsEvaluations: Bool
    /// What `archlint drift` compared (the drift pack's checks report it); nil in any other run.
    public let drift: TerraformDrift?

    init(index: ModelIndex, rule: Rule, today: CalendarDate, recordsEvaluations: Bool = true, drift: TerraformDrift? = nil) {
        self.index = index
        self.rule = rule
        self.today = today
        self.recordsEvaluations = recordsEvaluations
        self.drift = drift
    }

    /// The rule's severity for a spec, or nil when the rule does not apply there.
    public func severity(in spec: Int) -> Severity? {
        rule.severity.severity(in: index.workspace.specs[spec].environment.value)
    }

    /// Specs the rule applies to.
    public var applicableSpecs: [Int] {
        index.workspace.specs.indices.filter { severity(in: $0) != nil }
    }

    /// Records that the rule looked at `handle` (whether or not it found anything).
    public mutating func evaluated(_ handle: ResourceHandle) {
        guard recordsEvaluations, evaluated.insert(ResourceKey(spec: handle.spec, kind: handle.kind, name: handle.name)).inserted else { return }
        let spec = index.workspace.specs[handle.spec]
        evaluations.append(
            Evaluation(
                rule: rule.id, pack: rule.pack, stack: spec.stack.value,
                environment: spec.environment.value.rawValue, resource: handle.id,
                location: SourceLocation(
                    file: spec.path, line: handle.position.line,
                    column: handle.position.column)))
    }

    /// Reports a finding on the file's own top-level fields: the resource is `stack/NAME`.
    public mutating func reportOnStack(spec index: Int, at position: SourcePosition, _ message: String) {
        guard let severity = severity(in: index) else { return }
        let spec = self.index.workspace.specs[index]
        findings.append(
            Finding(
                rule: rule.id, name: rule.name, pack: rule.pack, severity: severity,
                stack: spec.stack.value, environment: spec.environment.value.rawValue,
                resource: "stack/\(spec.stack.value)",
                location: SourceLocation(file: spec.path, line: position.line, column: position.column),
                message: message))
    }

    /// Reports a finding on `handle`, pointing at `position` in its spec; `path` is the
    /// network path it is about, if any.
    public mutating func report(_ handle: ResourceHandle, at position: SourcePosition, _ message: String, path: [PathHop]? = nil) {
        guard let severity = severity(in: handle.spec) else { return }
        evaluated(handle)
        let spec = index.workspace.specs[handle.spec]
        findings.append(
            Finding(
                rule: rule.id, name: rule.name, pack: rule.pack, severity: severity,
                stack: spec.stack.value, environment: spec.environment.value.rawValue,
                resource: handle.id,
                location: SourceLocation(file: spec.path, line: position.line, column: position.column),
                message: message))
        findings[findings.count - 1].path = path
    }
}

/// A check written in Swift, bound to rules by name (`builtin: NAME` in a pack).
public protocol BuiltinCheck: Sendable {
    /// The name packs use.
    var name: String { get }
    /// One line for the rule-language docs.
    var summary: String { get }
    func run(_ context: inout CheckContext)
}

/// Every built-in check.
public enum BuiltinChecks {
    public static let all: [any BuiltinCheck] = [
        SubnetOverlapCheck(),
        PeeredNetworkOverlapCheck(),
        AddressSpaceReuseCheck(),
        DataStoreReachabilityCheck(),
        TierZonesCheck(),
        SharedIdentityCheck(),
        CredentialPatternCheck(),
        ExposedHostPathCheck(),
        NonProductionPathCheck(),
        UnreachableTargetCheck(),
        IdleIngressRuleCheck(),
        MissingInTerraformCheck(),
        MissingInSpecCheck(),
        FieldDiffersCheck(),
        WaiverExpiredCheck(),
        WaiverUnusedCheck(),
    ]

    public static func named(_ name: String) -> (any BuiltinCheck)? {
        all.first { $0.name == name }
    }
}
