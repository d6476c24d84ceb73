/// One spec file: one stack in one environment, fully typed.
public struct Spec: Hashable, Sendable {
    /// The path as every output prints it: relative to the repository root, normalised.
    public var path: String
    /// Loaded only so that the files being checked can resolve references into it (a stack's
    /// `shared` environment beside a file checked alone): its resources resolve, but it is
    /// not itself checked or reported.
    public var isContext = false
    public var position = SourcePosition.start
    public var formatVersion = Located(1, at: .start)
    public var stack = Located("", at: .start)
    public var environment = Located(Environment.development, at: .start)
    public var region: Located<String>?
    public var account: Located<String>?
    public var description: Located<String>?
    public var owner: Located<String>?

    public var networks: [Network] = []
    public var securityGroups: [SecurityGroup] = []
    public var loadBalancers: [LoadBalancer] = []
    public var clusters: [Cluster] = []
    public var services: [Service] = []
    public var databases: [Database] = []
    public var caches: [Cache] = []
    public var buckets: [Bucket] = []
    public var secrets: [Secret] = []
    public var roles: [Role] = []
    public var users: [User] = []
    public var functions: [Function] = []
    public var apis: [Api] = []
    public var userPools: [UserPool] = []
    public var instances: [Instance] = []
    public var logGroups: [LogGroup] = []
    public var queues: [Queue] = []
    public var topics: [Topic] = []
    public var registries: [Registry] = []
    public var frontends: [Frontend] = []
    public var dnsZones: [DnsZone] = []
    public var externals: [External] = []

    /// Values written under an anchor and used elsewhere, for locating findings on them.
    /// Empty for a file without aliases or merge keys.
    public var valueUses: [ValueUse] = []

    public init(path: String) {
        self.path = path
    }

    public var stackEnvironment: StackEnvironment {
        StackEnvironment(stack: stack.value, environment: environment.value)
    }

    /// Every resource the file declares, subnets included.
    public var resourceCount: Int {
        isContext ? 0 : declaredResourceCount
    }

    /// Every resource the file declares, whether or not it is checked.
    public var declaredResourceCount: Int {
        networks.count + networks.reduce(0) { $0 + $1.subnets.count } + securityGroups.count
            + loadBalancers.count + clusters.count + services.count + databases.count + caches.count
            + buckets.count + secrets.count + roles.count + users.count + functions.count + apis.count
            + userPools.count + instances.count + logGroups.count + queues.count + topics.count
            + registries.count + frontends.count + dnsZones.count + externals.count
    }

    /// The common part (name, position, waivers) of every resource of one kind, in file order.
    public func commons(of kind: ResourceKind) -> [ResourceCommon] {
        switch kind {
        case .network: return networks.map(\.common)
        case .subnet: return networks.flatMap { $0.subnets.map(\.common) }
        case .securityGroup: return securityGroups.map(\.common)
        case .loadBalancer: return loadBalancers.map(\.common)
        case .cluster: return clusters.map(\.common)
        case .service: return services.map(\.common)
        case .database: return databases.map(\.common)
        case .cache: return caches.map(\.common)
        case .bucket: return buckets.map(\.common)
        case .secret: return secrets.map(\.common)
        case .role: return roles.map(\.common)
        case .user: return users.map(\.common)
        case .function: return functions.map(\.common)
        case .api: return apis.map(\.common)
        case .userPool: return userPools.map(\.common)
        case .instance: return instances.map(\.common)
        case .logGroup: return logGroups.map(\.common)
        case .queue: return queues.map(\.common)
        case .topic: return topics.map(\.common)
        case .registry: return registries.map(\.common)
        case .frontend: return frontends.map(\.common)
        case .dnsZone: return dnsZones.map(\.common)
        case .external: return externals.map(\.common)
        }
    }
}
