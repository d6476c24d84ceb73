/// The kinds of thing a spec describes, named as findings name them (`KIND/NAME`).
public enum ResourceKind: String, CaseIterable, Hashable, Sendable, Comparable {
    case network, subnet
    case securityGroup = "security_group"
    case loadBalancer = "load_balancer"
    case cluster, service, database, cache, bucket, secret, role, user, function, api
    case userPool = "user_pool"
    case instance
    case logGroup = "log_group"
    case queue, topic, registry, frontend
    case dnsZone = "dns_zone"
    case external

    /// The singular name used in findings and messages (`security_group`).
    public var singular: String { rawValue }

    /// The kind in words, for messages ("security group").
    public var words: String { rawValue.split(separator: "_").joined(separator: " ") }

    public static func < (a: ResourceKind, b: ResourceKind) -> Bool { a.rawValue < b.rawValue }

    /// The kind's place in `allCases`: tables by kind are arrays indexed by it, found without
    /// hashing (a hot path: every view and every typed read by address looks a kind up).
    @inline(__always)
    public var ordinal: Int {
        switch self {
        case .network: return 0
        case .subnet: return 1
        case .securityGroup: return 2
        case .loadBalancer: return 3
        case .cluster: return 4
        case .service: return 5
        case .database: return 6
        case .cache: return 7
        case .bucket: return 8
        case .secret: return 9
        case .role: return 10
        case .user: return 11
        case .function: return 12
        case .api: return 13
        case .userPool: return 14
        case .instance: return 15
        case .logGroup: return 16
        case .queue: return 17
        case .topic: return 18
        case .registry: return 19
        case .frontend: return 20
        case .dnsZone: return 21
        case .external: return 22
        }
    }
}

/// The environments a spec can describe.
public enum Environment: String, CaseIterable, Hashable, Sendable, Comparable {
    case development, staging, production, shared

    /// `shared` resources serve production too, so rules judge them as production.
    public var judgedAs: Environment { self == .shared ? .production : self }

    public static func < (a: Environment, b: Environment) -> Bool {
        a.rawValue < b.rawValue
    }
}

/// A stack in one environment: what one spec file describes.
public struct StackEnvironment: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var stack: String
    public var environment: Environment

    public init(stack: String, environment: Environment) {
        self.stack = stack
        self.environment = environment
    }

    public static func < (a: StackEnvironment, b: StackEnvironment) -> Bool {
        (a.stack, a.environment.rawValue) < (b.stack, b.environment.rawValue)
    }

    public var description: String { "\(stack)/\(environment.rawValue)" }
}

/// A plain reference to another resource by name, where it is written.
public struct Reference: Hashable, Sendable {
    public var name: String
    public var position: SourcePosition

    public init(_ name: String, at position: SourcePosition) {
        self.name = name
        self.position = position
    }
}

/// A reference to a secret, optionally to one key of a JSON secret (`NAME#key`).
public struct SecretReference: Hashable, Sendable {
    public var name: String
    public var key: String?
    public var position: SourcePosition

    public init(name: String, key: String?, at position: SourcePosition) {
        self.name = name
        self.key = key
        self.position = position
    }
}

/// A credential field's value: a `secret:` reference, or a literal written into the spec
/// (which the secrets rules report, never repeating it).
public enum SecretValue: Hashable, Sendable {
    case reference(SecretReference)
    case literal(String)
}

/// A network of any stack, named as `STACK/ENVIRONMENT/NETWORK`.
public struct NetworkAddress: Hashable, Sendable, CustomStringConvertible {
    public var stackEnvironment: StackEnvironment
    public var network: String

    public init(stack: String, environment: Environment, network: String) {
        self.stackEnvironment = StackEnvironment(stack: stack, environment: environment)
        self.network = network
    }

    public var description: String { "\(stackEnvironment)/\(network)" }
}

/// A calendar day, as waivers' `expires` give it (`YYYY-MM-DD`).
public struct CalendarDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    /// Returns nil unless the parts name a real day of the Gregorian calendar.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1 else { return nil }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard day <= lengths[month - 1] else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD`.
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public var description: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
}

/// A finding a resource's owners accept for now, with the reason and an end date.
public struct Waiver: Hashable, Sendable {
    public var position = SourcePosition.start
    public var rule = Located("", at: .start)
    public var reason = Located("", at: .start)
    public var expires: Located<CalendarDate>?

    public init() {}
}

/// A `tags` entry.
public struct Tag: Hashable, Sendable {
    public var key: Located<String>
    public var value: Located<String>

    public init(key: Located<String>, value: Located<String>) {
        self.key = key
        self.value = value
    }
}

/// What every resource (and subnet) carries besides its own fields.
public struct ResourceCommon: Hashable, Sendable {
    /// Where the resource's mapping starts; findings about the resource as a whole point here.
    public var position = SourcePosition.start
    public var name = Located("", at: .start)
    public var description: Located<String>?
    public var tags: [Tag] = []
    public var waivers: [Waiver] = []

    public init() {}
}

/// A resource of any kind: named, located, waivable.
public protocol Resource: Hashable, Sendable {
    static var kind: ResourceKind { get }
    var common: ResourceCommon { get set }
    /// `\Self.common` formed on the concrete type (see `CommonProperty.swift`).
    static var commonProperty: WritableKeyPath<Self, ResourceCommon> & Sendable { get }
    init()
}

extension Resource {
    public var name: String { common.name.value }
    public var position: SourcePosition { common.position }
    /// `KIND/NAME`, as findings identify resources.
    public var id: String { "\(Self.kind.singular)/\(common.name.value)" }
}

/// Reads a protective or exposing boolean: absent means false, as the format defines.
extension Optional where Wrapped == Located<Bool> {
    public var isTrue: Bool { self?.value ?? false }
}
