/// What one run produced, in the form every reporter reads: findings and load errors,
/// already sorted, and the counts for the summary. Reporters never reorder.
public struct LintReport: Sendable {
    public private(set) var findings: [Finding]
    public private(set) var errors: [Diagnostic]
    /// Spec files found (loaded or not).
    public var fileCount: Int
    /// Spec files (of `fileCount`) that could not be loaded.
    public var failedSpecCount = 0
    /// Resources in the specs that loaded.
    public var resourceCount: Int
    /// The gate: findings at or above it that are not waived fail the run. Nil is `none`.
    public var failOn: Severity?
    /// Every rule × resource evaluated (passes included), for JUnit.
    public var evaluations: [Evaluation] = []
    /// Metadata of the rules that ran, by ID.
    public var rules: [String: RuleInfo] = [:]
    /// The specs that loaded, sorted by stack and environment.
    public var specs: [LoadedSpec] = []

    public init(
        findings: [Finding], errors: [Diagnostic], fileCount: Int, resourceCount: Int,
        failOn: Severity? = .error
    ) {
        self.findings = findings.sorted(by: Finding.ordered)
        // By place only: errors at one place keep the order they were found in.
        self.errors = errors.sorted { $0.location < $1.location }
        self.fileCount = fileCount
        self.resourceCount = resourceCount
        self.failOn = failOn
    }

    /// Findings that count: not waived, not in the baseline.
    public var activeFindings: [Finding] { findings.filter { !$0.isWaived } }

    public func count(_ severity: Severity) -> Int {
        findings.reduce(0) { $0 + ($1.severity == severity && !$1.isWaived ? 1 : 0) }
    }

    /// Files with at least one load error: specs, configuration, rule packs, baseline.
    public var failedFileCount: Int { Set(errors.map(\.location.file)).count }

    public var waivedCount: Int { findings.reduce(0) { $0 + ($1.isWaived ? 1 : 0) } }

    /// Whether a finding fails the gate.
    public func failsGate(_ finding: Finding) -> Bool {
        guard let failOn, !finding.isWaived else { return false }
        return finding.severity >= failOn
    }

    /// The verdict on what was loaded and found (2 if anything could not be loaded, else 1
    /// if an active finding reaches the gate, else 0), before any report is written.
    public var exitStatus: ExitStatus {
        ExitStatus.decide(errors: errors.count, gatingFindings: findings.contains(where: failsGate))
    }
}

/// A spec that loaded: which stack-environment it describes, and where.
public struct LoadedSpec: Hashable, Sendable {
    public var stack: String
    public var environment: String
    public var file: String

    public init(stack: String, environment: String, file: String) {
        self.stack = stack
        self.environment = environment
        self.file = file
    }

    /// `stack/environment`.
    public var name: String { "\(stack)/\(environment)" }
}
