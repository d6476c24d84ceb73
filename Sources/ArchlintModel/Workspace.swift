/// Where a named resource lives: which spec, and its position in that spec's list of its
/// kind. Subnets are numbered across all networks of the spec, in file order.
public struct ResourceAddress: Hashable, Sendable {
    public var spec: Int
    public var kind: ResourceKind
    public var index: Int

    public init(spec: Int, kind: ResourceKind, index: Int) {
        self.spec = spec
        self.kind = kind
        self.index = index
    }
}

/// Names of one spec's resources, by kind, built once so that references resolve in
/// constant time.
public struct SpecIndex: Sendable {
    /// The first resource of each name, per kind.
    public private(set) var names: [ResourceKind: [String: Int]] = [:]
    /// For each subnet (numbered across networks), the network that holds it.
    public private(set) var subnetNetwork: [Int] = []
    /// For each network, the number of its first subnet: subnet `n` is item
    /// `n - firstSubnet[subnetNetwork[n]]` of its network's list.
    public private(set) var firstSubnet: [Int] = []

    /// A name declared twice within its kind: where, and where it was first declared.
    public struct Duplicate: Hashable, Sendable {
        public var kind: ResourceKind
        public var name: String
        public var position: SourcePosition
        public var first: SourcePosition
    }

    public private(set) var duplicates: [Duplicate] = []

    public init(_ spec: Spec) {
        for kind in ResourceKind.allCases {
            var table: [String: Int] = [:]
            let commons = spec.commons(of: kind)
            table.reserveCapacity(commons.count)
            for (index, common) in commons.enumerated() {
                if let first = table[common.name.value] {
                    duplicates.append(
                        Duplicate(
                            kind: kind, name: common.name.value,
                            position: common.name.position,
                            first: commons[first].name.position))
                } else {
                    table[common.name.value] = index
                }
            }
            names[kind] = table
        }
        for (networkIndex, network) in spec.networks.enumerated() {
            firstSubnet.append(subnetNetwork.count)
            subnetNetwork.append(contentsOf: repeatElement(networkIndex, count: network.subnets.count))
        }
    }

    public func index(of name: String, kind: ResourceKind) -> Int? {
        names[kind]?[name]
    }
}

/// Every spec that loaded, sorted by path, with indices for following references within
/// a stack-environment, into the stack's `shared` environment, and across stacks.
public struct Workspace: Sendable {
    public let specs: [Spec]
    public let indices: [SpecIndex]
    private let specByStackEnvironment: [StackEnvironment: Int]

    /// `specs` must already have unique stack-environments (the loader ensures it).
    public init(specs: [Spec]) {
        self.specs = specs
        self.indices = specs.map(SpecIndex.init)
        var table: [StackEnvironment: Int] = [:]
        for (index, spec) in specs.enumerated() where table[spec.stackEnvironment] == nil {
            table[spec.stackEnvironment] = index
        }
        specByStackEnvironment = table
    }

    public func spec(for stackEnvironment: StackEnvironment) -> Int? {
        specByStackEnvironment[stackEnvironment]
    }

    /// The spec holding the `shared` environment of `spec`'s stack, if it is a different one.
    public func sharedSpec(of spec: Int) -> Int? {
        let own = specs[spec].stackEnvironment
        guard own.environment != .shared else { return nil }
        return specByStackEnvironment[StackEnvironment(stack: own.stack, environment: .shared)]
    }

    /// Resolves a plain reference made from `spec`: first in the same stack-environment,
    /// then in the stack's `shared` environment, as the spec format defines.
    public func resolve(_ name: String, kind: ResourceKind, from spec: Int) -> ResourceAddress? {
        if let index = indices[spec].index(of: name, kind: kind) {
            return ResourceAddress(spec: spec, kind: kind, index: index)
        }
        if let shared = sharedSpec(of: spec), let index = indices[shared].index(of: name, kind: kind) {
            return ResourceAddress(spec: shared, kind: kind, index: index)
        }
        return nil
    }

    /// Resolves `STACK/ENVIRONMENT/NETWORK`.
    public func resolve(_ address: NetworkAddress) -> ResourceAddress? {
        guard let spec = specByStackEnvironment[address.stackEnvironment],
            let index = indices[spec].index(of: address.network, kind: .network)
        else { return nil }
        return ResourceAddress(spec: spec, kind: .network, index: index)
    }

    /// Total resources across all specs.
    public var resourceCount: Int { specs.reduce(0) { $0 + $1.resourceCount } }
}
