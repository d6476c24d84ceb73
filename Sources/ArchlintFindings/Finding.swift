/// How much a finding matters. Ordered, so that `--fail-on` can compare.
public enum Severity: String, CaseIterable, Comparable, Sendable, Codable {
    case info
    case warning
    case error

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// Where an accepted finding's acceptance comes from.
public enum WaiverSource: String, Sendable, Codable {
    /// A `waivers:` entry on the resource in its spec.
    case spec
    /// A waiver in the configuration file.
    case config
    /// A finding recorded in the baseline file.
    case baseline
}

/// Why a finding does not count against the gate.
public struct WaiverNote: Hashable, Sendable {
    public var reason: String
    /// `YYYY-MM-DD`, or nil when the waiver does not expire (baseline entries).
    public var expires: String?
    public var source: WaiverSource

    public init(reason: String, expires: String?, source: WaiverSource) {
        self.reason = reason
        self.expires = expires
        self.source = source
    }
}

/// One problem a rule found in one resource.
public struct Finding: Hashable, Sendable {
    /// Rule ID, e.g. `NET001`.
    public var rule: String
    /// Rule name, e.g. `subnet-overlap`.
    public var name: String
    /// Pack the rule belongs to, e.g. `network`.
    public var pack: String
    public var severity: Severity
    public var stack: String
    public var environment: String
    /// `KIND/NAME` with KIND singular (`subnet/app-b`), or `stack/STACK`.
    public var resource: String
    public var location: SourceLocation
    /// What is wrong, with which values, and what to do. Never a secret's value.
    public var message: String
    public var waiver: WaiverNote?
    /// Where the value the finding is about was used, when it was written under an anchor
    /// and used elsewhere (SARIF's related locations).
    public var related: [RelatedLocation] = []

    public init(
        rule: String, name: String, pack: String, severity: Severity, stack: String,
        environment: String, resource: String, location: SourceLocation, message: String,
        waiver: WaiverNote? = nil
    ) {
        self.rule = rule
        self.name = name
        self.pack = pack
        self.severity = severity
        self.stack = stack
        self.environment = environment
        self.resource = resource
        self.location = location
        self.message = message
        self.waiver = waiver
    }

    public var isWaived: Bool { waiver != nil }

    /// `stack/environment`, as suites and messages name them.
    public var stackEnvironment: String { "\(stack)/\(environment)" }

    /// The one order every output uses: file, line, column, rule (then the rest, so that
    /// equal positions still sort the same way every run).
    public static func ordered(_ a: Finding, _ b: Finding) -> Bool {
        (a.location, a.rule, a.resource, a.message) < (b.location, b.rule, b.resource, b.message)
    }
}

/// archlint's release, reported by `--version`, in JSON (`"archlint"`) and in reports.
public enum ArchlintVersion {
    public static let current = "1.0.0"
}
