/// Typed access to the resources a `ResourceAddress` names: the one way code after loading
/// (built-in checks, diagrams, and the reachability, diff and import code to come) reads a
/// resource's fields. Reads go straight to the `Spec`'s arrays — no view, no copy of the
/// model, no field named by a string — so a misspelt field is a compile error.
///
///     let database = workspace.resource(Database.self, at: address)   // one known kind
///     switch workspace.resource(at: address) { case .cache(let cache): … }   // any kind

/// A resource kept in a list of its own at the top of a spec (every kind but subnets,
/// which live inside their networks: see `Workspace.subnet(at:)`). Each conforming type has
/// its entry in `ResourceKind.specLists`.
public protocol TopLevelResource: Resource {
    /// The spec's list of resources of this kind, in file order: what a
    /// `ResourceAddress`'s `index` counts.
    static var specList: WritableKeyPath<Spec, [Self]> & Sendable { get }
}

extension TopLevelResource {
    /// The spec's resources of this kind, in file order.
    public static func all(in spec: Spec) -> [Self] { spec[keyPath: specList] }
}

extension Network: TopLevelResource { public static var specList: WritableKeyPath<Spec, [Network]> & Sendable { \Spec.networks } }
extension SecurityGroup: TopLevelResource { public static var specList: WritableKeyPath<Spec, [SecurityGroup]> & Sendable { \Spec.securityGroups } }
extension LoadBalancer: TopLevelResource { public static var specList: WritableKeyPath<Spec, [LoadBalancer]> & Sendable { \Spec.loadBalancers } }
extension Cluster: TopLevelResource { public static var specList: WritableKeyPath<Spec, [Cluster]> & Sendable { \Spec.clusters } }
extension Service: TopLevelResource { public static var specList: WritableKeyPath<Spec, [Service]> & Sendable { \Spec.services } }
extension Database: TopLevelResource { public static var specList: WritableKeyPath<Spec, [Database]> & Sendable { \Spec.databases } }
extension Cache: TopLevelResource { public static var specList: WritableKeyPath<Spec, [Cache]> & Sendable { \Spec.caches } }
extension Bucket: TopLevelResource { public static var specList: WritableKeyPath<Spec, [Bucket]> & Sendable { \Spec.buckets } }
extension Secret: TopLevelResource { public static var specList: WritableKeyPath<Spec, [Secret]> & Sendable { \Spec.secrets } }
extension Role: TopLevelResource { public static var specList: WritableKeyPath<Spec, [Role]> & Sendable { \Spec.roles } }
extension User: TopLevelResource { public static var specList: WritableKeyPath<Spec, [User]> & Sendable { \Spec.users } }
extension Function: TopLevelResource { public static var specList: WritableKeyPath<Spec, [Function]> & Sendable { \Spec.functions } }
extension Api: TopLevelResource { public static var specList: WritableKeyPath<Spec, [Api]> & Sendable { \Spec.apis } }
extension UserPool: TopLevelResource { public static var specList: WritableKeyPath<Spec, [UserPool]> & Sendable { \Spec.userPools } }
extension Instance: TopLevelResource { public static var specList: WritableKeyPath<Spec, [Instance]> & Sendable { \Spec.instances } }
extension LogGroup: TopLevelResource { public static var specList: WritableKeyPath<Spec, [LogGroup]> & Sendable { \Spec.logGroups } }
extension Queue: TopLevelResource { public static var specList: WritableKeyPath<Spec, [Queue]> & Sendable { \Spec.queues } }
extension Topic: TopLevelResource { public static var specList: WritableKeyPath<Spec, [Topic]> & Sendable { \Spec.topics } }
extension Registry: TopLevelResource { public static var specList: WritableKeyPath<Spec, [Registry]> & Sendable { \Spec.registries } }
extension Frontend: TopLevelResource { public static var specList: WritableKeyPath<Spec, [Frontend]> & Sendable { \Spec.frontends } }
extension DnsZone: TopLevelResource { public static var specList: WritableKeyPath<Spec, [DnsZone]> & Sendable { \Spec.dnsZones } }
extension External: TopLevelResource { public static var specList: WritableKeyPath<Spec, [External]> & Sendable { \Spec.externals } }

/// A resource of any kind, with its typed value: for code that handles several kinds
/// (a diagram's boxes, a diff), matched exhaustively, so a new kind is a compile error
/// wherever it must be handled.
public enum AnyResource: Hashable, Sendable {
    case network(Network)
    case subnet(Subnet)
    case securityGroup(SecurityGroup)
    case loadBalancer(LoadBalancer)
    case cluster(Cluster)
    case service(Service)
    case database(Database)
    case cache(Cache)
    case bucket(Bucket)
    case secret(Secret)
    case role(Role)
    case user(User)
    case function(Function)
    case api(Api)
    case userPool(UserPool)
    case instance(Instance)
    case logGroup(LogGroup)
    case queue(Queue)
    case topic(Topic)
    case registry(Registry)
    case frontend(Frontend)
    case dnsZone(DnsZone)
    case external(External)

    public var kind: ResourceKind {
        switch self {
        case .network: return .network
        case .subnet: return .subnet
        case .securityGroup: return .securityGroup
        case .loadBalancer: return .loadBalancer
        case .cluster: return .cluster
        case .service: return .service
        case .database: return .database
        case .cache: return .cache
        case .bucket: return .bucket
        case .secret: return .secret
        case .role: return .role
        case .user: return .user
        case .function: return .function
        case .api: return .api
        case .userPool: return .userPool
        case .instance: return .instance
        case .logGroup: return .logGroup
        case .queue: return .queue
        case .topic: return .topic
        case .registry: return .registry
        case .frontend: return .frontend
        case .dnsZone: return .dnsZone
        case .external: return .external
        }
    }

    /// Name, position, tags and waivers.
    public var common: ResourceCommon {
        switch self {
        case .network(let resource): return resource.common
        case .subnet(let resource): return resource.common
        case .securityGroup(let resource): return resource.common
        case .loadBalancer(let resource): return resource.common
        case .cluster(let resource): return resource.common
        case .service(let resource): return resource.common
        case .database(let resource): return resource.common
        case .cache(let resource): return resource.common
        case .bucket(let resource): return resource.common
        case .secret(let resource): return resource.common
        case .role(let resource): return resource.common
        case .user(let resource): return resource.common
        case .function(let resource): return resource.common
        case .api(let resource): return resource.common
        case .userPool(let resource): return resource.common
        case .instance(let resource): return resource.common
        case .logGroup(let resource): return resource.common
        case .queue(let resource): return resource.common
        case .topic(let resource): return resource.common
        case .registry(let resource): return resource.common
        case .frontend(let resource): return resource.common
        case .dnsZone(let resource): return resource.common
        case .external(let resource): return resource.common
        }
    }

    /// The security groups attached to it, in the order written (none for kinds that take
    /// no security groups).
    public var securityGroups: [Reference] {
        switch self {
        case .loadBalancer(let resource): return resource.securityGroups
        case .service(let resource): return resource.securityGroups
        case .function(let resource): return resource.securityGroups
        case .instance(let resource): return resource.securityGroups
        case .database(let resource): return resource.securityGroups
        case .cache(let resource): return resource.securityGroups
        default: return []
        }
    }

    /// The subnets it is placed in: its `subnets` list, or an instance's one `subnet`.
    public var placementSubnets: [Reference] {
        switch self {
        case .loadBalancer(let resource): return resource.subnets
        case .service(let resource): return resource.subnets
        case .function(let resource): return resource.subnets
        case .database(let resource): return resource.subnets
        case .cache(let resource): return resource.subnets
        case .instance(let resource): return resource.subnet.map { [$0] } ?? []
        default: return []
        }
    }

    /// The roles it runs with, in the order the format lists them: a service's task role
    /// then its execution role; a function's or an instance's role.
    public var roles: [Reference] {
        switch self {
        case .service(let resource): return [resource.taskRole, resource.executionRole].compactMap { $0 }
        case .function(let resource): return resource.role.map { [$0] } ?? []
        case .instance(let resource): return resource.role.map { [$0] } ?? []
        default: return []
        }
    }

    /// The role its own code runs as, whose permissions are what it can reach: a service's
    /// task role (not its execution role, which only the container runtime uses), a
    /// function's or an instance's role.
    public var codeRole: Reference? {
        switch self {
        case .service(let resource): return resource.taskRole
        case .function(let resource): return resource.role
        case .instance(let resource): return resource.role
        default: return nil
        }
    }

    /// Every secret it refers to, in field order (repeats kept): secret environment
    /// variables, and `secret:NAME` credentials (a database's master password, a cache's
    /// auth token, an external service's credentials).
    public var secretReferences: [SecretReference] {
        func reference(_ value: Located<SecretValue>?) -> [SecretReference] {
            if case .reference(let secret)? = value?.value { return [secret] }
            return []
        }
        switch self {
        case .service(let resource): return resource.secrets.map(\.secret)
        case .function(let resource): return resource.secrets.map(\.secret)
        case .database(let resource): return reference(resource.masterPassword)
        case .cache(let resource): return reference(resource.authToken)
        case .external(let resource): return reference(resource.credentials)
        default: return []
        }
    }
}

extension Workspace {
    /// The resource of type `R` at `address`. The address must name a resource of that kind
    /// (a programming error otherwise).
    public func resource<R: TopLevelResource>(_: R.Type, at address: ResourceAddress) -> R {
        precondition(address.kind == R.kind, "a \(address.kind.words) address read as a \(R.kind.words)")
        return R.all(in: specs[address.spec])[address.index]
    }

    /// The subnet at `address` (subnets are numbered across the networks of their spec).
    public func subnet(at address: ResourceAddress) -> Subnet {
        precondition(address.kind == .subnet, "a \(address.kind.words) address read as a subnet")
        let index = indices[address.spec]
        let network = index.subnetNetwork[address.index]
        return specs[address.spec].networks[network].subnets[address.index - index.firstSubnet[network]]
    }

    /// The network that holds the subnet at `address`.
    public func network(holding subnet: ResourceAddress) -> ResourceAddress {
        precondition(subnet.kind == .subnet, "a \(subnet.kind.words) address has no network")
        return ResourceAddress(spec: subnet.spec, kind: .network, index: indices[subnet.spec].subnetNetwork[subnet.index])
    }

    /// The resource at `address`, of whatever kind it is.
    public func resource(at address: ResourceAddress) -> AnyResource {
        guard let list = address.kind.specList else { return .subnet(subnet(at: address)) }
        return list.resource(specs[address.spec], address.index)
    }

    /// The name, position, tags and waivers of the resource at `address`, without copying
    /// the rest of it.
    public func common(at address: ResourceAddress) -> ResourceCommon {
        guard let list = address.kind.specList else { return subnet(at: address).common }
        return list.common(specs[address.spec], address.index)
    }
}
