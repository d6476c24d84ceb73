import ArchlintModel

/// What a node accepts TCP connections on.
public enum Listening: Hashable, Sendable {
    /// Nothing: a service without `port`, a function (invoked, not connected to).
    case nothing
    /// These ports, ascending, without repeats.
    case ports([Int])
    /// Every port: an instance (it may run anything), a database of an unknown engine
    /// without `port`.
    case everyPort

    func contains(_ port: Int) -> Bool {
        switch self {
        case .nothing: return false
        case .ports(let ports): return ports.contains(port)
        case .everyPort: return true
        }
    }
}

/// One node of the traffic graph: `internet`, or a resource that can send or receive
/// traffic (load balancer, service, instance, database, cache, function in a network, api).
public struct NetworkNode: Sendable {
    /// The resource; nil for `internet`.
    public let address: ResourceAddress?
    /// `internet`, or `STACK/ENV/KIND/NAME`: what ties between equally short paths are
    /// broken by, and how a node of another stack-environment is written.
    public let qualifiedName: String
    /// `internet`, or `KIND/NAME`.
    public let localName: String
    /// The stack-environment the resource belongs to; nil for `internet`.
    public let stackEnvironment: StackEnvironment?
    public let listening: Listening
    public let isInternetAddressable: Bool
    /// The node's network (an id of `ReachabilityGraph`), nil when it has none: then it is
    /// connected to nothing.
    let network: Int?
    /// Its security groups (ids of `ReachabilityGraph`), in the order written, without repeats.
    let groups: [Int]
    /// The CIDRs of its subnets, else of its network.
    let addresses: [CIDR]
    /// A network load balancer without security groups: it admits every source on its
    /// listener ports.
    let admitsEverySource: Bool

    public var kind: ResourceKind? { address?.kind }
    public var isInternet: Bool { address == nil }

    /// A service, instance or function: a node that, once reached, can open connections of
    /// its own to whatever admits it.
    public var isPivot: Bool {
        switch kind {
        case .service?, .instance?, .function?: return true
        default: return false
        }
    }

    /// A database or cache: where paths end.
    public var isDataStore: Bool { kind == .database || kind == .cache }

    /// A kind a pivot can open connections to.
    var isPivotTarget: Bool {
        switch kind {
        case .loadBalancer?, .service?, .instance?, .database?, .cache?: return true
        default: return false
        }
    }
}

/// The ports of the reachability contract, by kind.
enum ListeningPorts {
    /// `port`, else the engine's usual port (`Database.effectivePort`); every port for an
    /// engine that names none of the usual ones.
    static func database(_ database: Database) -> Listening {
        database.effectivePort.map { .ports([$0]) } ?? .everyPort
    }

    static func cache(_ cache: Cache) -> Listening { .ports([cache.effectivePort]) }

    static func service(_ service: Service) -> Listening { service.port.map { .ports([$0.value]) } ?? .nothing }

    static func loadBalancer(_ balancer: LoadBalancer) -> Listening {
        let ports = Set(balancer.listeners.map(\.port.value)).sorted()
        return ports.isEmpty ? .nothing : .ports(ports)
    }
}
