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
    /// The network path the finding is about, first hop first (REACH001 and REACH002 of the
    /// `reachability` pack); nil for every other finding.
    public var path: [PathHop]?

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

/// One hop of a network path: `from` reaches `to` on `port`, allowed by `allowedBy`.
/// Nodes are written `internet`, `KIND/NAME` within the finding's stack-environment, or
/// `STACK/ENV/KIND/NAME` otherwise.
public struct PathHop: Hashable, Sendable {
    public enum Port: Hashable, Sendable, CustomStringConvertible {
        case number(Int)
        /// An api invoking a function.
        case invoke
        /// Into a node listening on every port, through rules that name no port.
        case all

        public var description: String {
            switch self {
            case .number(let port): return String(port)
            case .invoke: return "invoke"
            case .all: return "all"
            }
        }
    }

    public var from: String
    public var to: String
    public var port: Port
    /// The ingress rule, listener, route or api that let the hop through: the resource
    /// that holds it (`security_group/NAME`, …, named as nodes are) and where it is written.
    public var allowedBy: PathOrigin

    public init(from: String, to: String, port: Port, allowedBy: PathOrigin) {
        self.from = from
        self.to = to
        self.port = port
        self.allowedBy = allowedBy
    }

    /// `→PORT TO`, as a path is written in messages.
    public var text: String { "→\(port) \(to)" }
}

/// What let one hop through, and where it is written.
public struct PathOrigin: Hashable, Sendable {
    public var resource: String
    public var location: SourceLocation

    public init(resource: String, location: SourceLocation) {
        self.resource = resource
        self.location = location
    }
}

extension Array where Element == PathHop {
    /// `internet →22 instance/bastion →5432 database/main`.
    public var text: String {
        guard let first else { return "" }
        return ([first.from] + map(\.text)).joined(separator: " ")
    }
}

/// archlint's release, reported by `--version`, in JSON (`"archlint"`) and in reports.
public enum ArchlintVersion {
    public static let current = "1.0.0"
}
