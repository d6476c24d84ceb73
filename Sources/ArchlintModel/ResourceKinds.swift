/// The one table of the kinds a spec lists at its top level: for each, the `Spec` list that
/// holds it, the key that lists it in a spec file, and how to read one typed. `Spec`'s
/// counts, the name indexes, typed access by address, the schema's top-level keys (which
/// add each kind's record schema, in `ArchlintLoad`), the JSON Schema and the rule
/// language's views all derive from it, so adding a kind is its struct, its `ResourceKind`
/// case, its `Spec` list, its `AnyResource` case, one entry here and its record schema.
extension ResourceKind {
    /// Every kind with a list of its own, in the format's order (the order of a spec's
    /// top-level keys, of reference walking and of the rule language's resources).
    /// Subnets are not here: they live inside their networks.
    public static let specLists: [SpecList] = [
        SpecList(Network.self, key: "networks", AnyResource.network),
        SpecList(SecurityGroup.self, key: "security_groups", AnyResource.securityGroup),
        SpecList(LoadBalancer.self, key: "load_balancers", AnyResource.loadBalancer),
        SpecList(Cluster.self, key: "clusters", AnyResource.cluster),
        SpecList(Service.self, key: "services", AnyResource.service),
        SpecList(Database.self, key: "databases", AnyResource.database),
        SpecList(Cache.self, key: "caches", AnyResource.cache),
        SpecList(Bucket.self, key: "buckets", AnyResource.bucket),
        SpecList(Secret.self, key: "secrets", AnyResource.secret),
        SpecList(Role.self, key: "roles", AnyResource.role),
        SpecList(User.self, key: "users", AnyResource.user),
        SpecList(Function.self, key: "functions", AnyResource.function),
        SpecList(Api.self, key: "apis", AnyResource.api),
        SpecList(UserPool.self, key: "user_pools", AnyResource.userPool),
        SpecList(Instance.self, key: "instances", AnyResource.instance),
        SpecList(LogGroup.self, key: "log_groups", AnyResource.logGroup),
        SpecList(Queue.self, key: "queues", AnyResource.queue),
        SpecList(Topic.self, key: "topics", AnyResource.topic),
        SpecList(Registry.self, key: "registries", AnyResource.registry),
        SpecList(Frontend.self, key: "frontends", AnyResource.frontend),
        SpecList(DnsZone.self, key: "dns_zones", AnyResource.dnsZone),
        SpecList(External.self, key: "externals", AnyResource.external),
    ]

    /// `specLists` by kind's ordinal, built once: typed access by address looks kinds up here.
    private static let specListByKind: [SpecList?] = ResourceKind.allCases.map { kind in specLists.first { $0.kind == kind } }

    /// The table's entry for this kind; nil for subnets, which live inside networks.
    public var specList: SpecList? { Self.specListByKind[ordinal] }

    /// The top-level key that lists resources of this kind (`security_groups`); subnets
    /// have none, they live inside networks.
    public var listKey: String? { specList?.key }
}

/// One kind's list in a `Spec`, with its type erased so that code handling every kind
/// (counts, name indexes, typed access by address) walks the table rather than a switch.
public struct SpecList: Sendable {
    public let kind: ResourceKind
    /// The key that lists resources of this kind in a spec file (`security_groups`).
    public let key: String
    /// The resource type, to check the table against (`KindTableTests`).
    public let type: any TopLevelResource.Type
    /// How many resources of this kind the spec lists.
    public let count: @Sendable (Spec) -> Int
    /// The common part (name, position, tags, waivers) of each, in file order.
    public let commons: @Sendable (Spec) -> [ResourceCommon]
    /// The common part of the one at an index, without copying the rest of it.
    public let common: @Sendable (Spec, Int) -> ResourceCommon
    /// The one at an index, typed.
    public let resource: @Sendable (Spec, Int) -> AnyResource

    init<R: TopLevelResource>(_ type: R.Type, key: String, _ wrap: @escaping @Sendable (R) -> AnyResource) {
        let list = R.specList
        self.kind = R.kind
        self.key = key
        self.type = type
        self.count = { $0[keyPath: list].count }
        self.commons = { $0[keyPath: list].map(\.common) }
        // Through the buffer's address: subscripting the array copied the whole resource
        // (every field retained and released) to read its common part.
        self.common = { spec, index in spec[keyPath: list].withUnsafeBufferPointer { $0[index].common } }
        self.resource = { wrap($0[keyPath: list][$1]) }
    }
}
