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
        ResourceKind.specLists.reduce(0) { $0 + $1.count(self) } + networks.reduce(0) { $0 + $1.subnets.count }
    }

    /// The common part (name, position, waivers) of every resource of one kind, in file order.
    public func commons(of kind: ResourceKind) -> [ResourceCommon] {
        guard let list = kind.specList else { return networks.flatMap { $0.subnets.map(\.common) } }
        return list.commons(self)
    }
}
