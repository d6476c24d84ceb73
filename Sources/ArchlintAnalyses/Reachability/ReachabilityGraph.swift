import ArchlintModel

/// How one hop is shown: its port.
public enum HopPort: Hashable, Sendable {
    case port(Int)
    /// An api invoking a function.
    case invoke
    /// Into a node that listens on every port, through rules that name no port explicitly.
    case all
}

/// What let a hop through: an ingress rule of the target's security group, or, for hops no
/// rule admits, the load balancer's listener or the api (its declaration or route).
public struct HopOrigin: Hashable, Sendable {
    /// The security group, load balancer or api.
    public let resource: ResourceAddress
    /// The rule, listener, route or api, in `resource`'s spec.
    public let position: SourcePosition
}

/// One edge of a path: `from` reaches `to` on `port`, allowed by `allowedBy`. Nodes are
/// indices into `ReachabilityGraph.nodes`.
public struct NetworkHop: Hashable, Sendable {
    public let from: Int
    public let to: Int
    public let port: HopPort
    public let allowedBy: HopOrigin
}

/// The traffic model of `reachability.md` over a workspace: nodes, and the indexes that let
/// a search find a node's edges without ever listing every pair of nodes.
///
/// Edges are not stored. A search asks for the edges out of the nodes it reaches, and the
/// indexes below turn that into a walk over only the rules that can admit the node (by its
/// security groups, by `self`, by its addresses) and the members of those rules' groups in
/// the networks connected to it. Building everything is one pass over resources and rules.
public struct ReachabilityGraph: Sendable {
    public let workspace: Workspace
    /// Node 0 is `internet`; then resources in spec order, kinds in the order below, file order.
    public let nodes: [NetworkNode]
    public static let internet = 0

    /// The node of each resource.
    private let nodeByAddress: [ResourceAddress: Int]

    // MARK: Security groups

    struct GroupInfo: Sendable {
        let address: ResourceAddress
        let ingress: [Int]
        let egress: [Int]
        /// No `egress` key: AWS's default, everything out.
        let egressIsOpen: Bool
    }

    enum Peer: Sendable {
        case group(Int)
        case sameGroup
        case cidr(CIDR)
        /// `sg:NAME` naming no group: it admits nothing.
        case unresolved
    }

    struct RuleInfo: Sendable {
        let rule: SecurityGroupRule
        /// The group it belongs to.
        let group: Int
        let peer: Peer
    }

    let groups: [GroupInfo]
    /// Every ingress and egress rule, in reading order (spec, then file order), so a lower
    /// index is an earlier rule.
    let rules: [RuleInfo]
    /// First group id of each spec: the group at index `i` of spec `s` is `groupBase[s] + i`.
    let groupBase: [Int]
    /// First network id of each spec, likewise.
    private let networkBase: [Int]
    /// For each network id, the networks connected to it (itself first, then peers either
    /// way, without repeats).
    let connectedNetworks: [[Int]]

    // MARK: Indexes for finding a pivot's edges

    /// TCP ingress rules whose `from` is `sg:X`, by X.
    let ingressFromGroup: [[Int]]
    /// TCP ingress rules whose `from` is `self`, by their own group.
    let selfIngress: [[Int]]
    /// TCP ingress rules from an address range, by the network their group's members sit in:
    /// a pivot asks only the networks connected to its own, so a workspace of a thousand
    /// stacks that each admit 10.0.0.0/8 costs a pivot its own stack's rules, not all of them.
    let addressIngress: [Int: AddressIngress]

    /// The TCP ingress rules from address ranges that can admit a pivot into one network.
    struct AddressIngress: Sendable {
        /// Rules from the world.
        var world: [Int] = []
        /// Rules from any other CIDR, by CIDR; and those CIDRs sorted, for finding the ones
        /// nested inside an address.
        var byBlock: [CIDR: [Int]] = [:]
        var blocks: [CIDR] = []
    }
    /// The nodes a pivot may connect to (load balancers, services, instances, databases and
    /// caches in a network, that `internet` cannot reach itself), by group and network: the
    /// lists a search walks, numbered; `targetListIndex` finds the list of a group in a network.
    let pivotTargetLists: [[Int]]
    let targetListIndex: [GroupInNetwork: Int]
    /// Network load balancers without groups that `internet` cannot reach, by network.
    let openBalancersByNetwork: [Int: [Int]]

    struct GroupInNetwork: Hashable, Sendable {
        let group: Int
        let network: Int
    }

    /// The hop from `internet` into each node, when there is one (the front doors).
    let internetHops: [NetworkHop?]
    /// What decides whether one given pair of nodes is an edge.
    let hopRules: HopRules

    /// Every resource that wears each group, with how it listens (also resources that are
    /// no node, such as a function outside any network): for rules about a group's members.
    public let wearers: [[(address: ResourceAddress, listening: Listening)]]

    public init(workspace: Workspace) {
        self.workspace = workspace
        let specs = workspace.specs

        // Groups and networks get dense ids, spec by spec.
        var groupBase: [Int] = [], networkBase: [Int] = []
        var groupCount = 0, networkCount = 0
        for spec in specs {
            groupBase.append(groupCount)
            networkBase.append(networkCount)
            groupCount += spec.securityGroups.count
            networkCount += spec.networks.count
        }
        self.groupBase = groupBase
        self.networkBase = networkBase
        func groupID(_ address: ResourceAddress) -> Int { groupBase[address.spec] + address.index }
        func networkID(_ address: ResourceAddress) -> Int { networkBase[address.spec] + address.index }

        // Networks connected by peering, both ways.
        var connected: [[Int]] = (0..<networkCount).map { [$0] }
        for (specIndex, spec) in specs.enumerated() {
            for (index, network) in spec.networks.enumerated() {
                let own = networkBase[specIndex] + index
                for peer in network.peers {
                    guard let address = workspace.resolve(peer.value) else { continue }
                    let other = networkID(address)
                    guard other != own else { continue }
                    if !connected[own].contains(other) { connected[own].append(other) }
                    if !connected[other].contains(own) { connected[other].append(own) }
                }
            }
        }
        self.connectedNetworks = connected

        // Rules, in reading order, with their peers resolved.
        var rules: [RuleInfo] = []
        var groups: [GroupInfo] = []
        groups.reserveCapacity(groupCount)
        for (specIndex, spec) in specs.enumerated() {
            for (index, group) in spec.securityGroups.enumerated() {
                let id = groupBase[specIndex] + index
                func resolved(_ rule: SecurityGroupRule) -> RuleInfo {
                    let peer: Peer
                    switch rule.peer.value {
                    case .cidr(let cidr): peer = .cidr(cidr)
                    case .sameGroup: peer = .sameGroup
                    case .securityGroup(let reference):
                        peer = workspace.resolve(reference.name, kind: .securityGroup, from: specIndex).map { .group(groupID($0)) } ?? .unresolved
                    }
                    return RuleInfo(rule: rule, group: id, peer: peer)
                }
                // Ingress and egress interleaved by position, so rule ids follow reading order.
                let ingressStart = rules.count
                rules.append(contentsOf: group.ingress.map(resolved))
                let egressStart = rules.count
                rules.append(contentsOf: group.egress.map(resolved))
                groups.append(
                    GroupInfo(
                        address: ResourceAddress(spec: specIndex, kind: .securityGroup, index: index),
                        ingress: Array(ingressStart..<egressStart), egress: Array(egressStart..<rules.count),
                        egressIsOpen: !group.writesEgress))
            }
        }
        self.rules = rules
        self.groups = groups

        var ingressFromGroup = [[Int]](repeating: [], count: groupCount)
        var selfIngress = [[Int]](repeating: [], count: groupCount)
        var addressRules = [[Int]](repeating: [], count: groupCount)
        for (groupID, group) in groups.enumerated() {
            for ruleID in group.ingress where rules[ruleID].rule.carriesTCP {
                switch rules[ruleID].peer {
                case .group(let source): ingressFromGroup[source].append(ruleID)
                case .sameGroup: selfIngress[rules[ruleID].group].append(ruleID)
                case .cidr: addressRules[groupID].append(ruleID)
                case .unresolved: break
                }
            }
        }
        self.ingressFromGroup = ingressFromGroup
        self.selfIngress = selfIngress

        // Nodes.
        var nodes: [NetworkNode] = [
            NetworkNode(
                address: nil, qualifiedName: "internet", localName: "internet", stackEnvironment: nil, listening: .nothing,
                isInternetAddressable: false, network: nil, groups: [], addresses: [], admitsEverySource: false)
        ]
        var nodeByAddress: [ResourceAddress: Int] = [:]
        var wearers = [[(address: ResourceAddress, listening: Listening)]](repeating: [], count: groupCount)
        for (specIndex, spec) in specs.enumerated() {
            let stackEnvironment = spec.stackEnvironment
            func add(_ kind: ResourceKind, count: Int) {
                for index in 0..<count {
                    let address = ResourceAddress(spec: specIndex, kind: kind, index: index)
                    guard let facts = NodeFacts(kind, at: index, in: spec) else { continue }
                    var groupIDs: [Int] = []
                    for reference in facts.securityGroups {
                        guard let group = workspace.resolve(reference.name, kind: .securityGroup, from: specIndex) else { continue }
                        let id = groupID(group)
                        if !groupIDs.contains(id) {
                            groupIDs.append(id)
                            wearers[id].append((address, facts.listening))
                        }
                    }
                    guard facts.isNode else { continue }
                    // Network: the first subnet's, else the first group's `network`.
                    let subnetReferences = facts.subnets
                    let subnets = subnetReferences.compactMap { workspace.resolve($0.name, kind: .subnet, from: specIndex) }
                    var network: ResourceAddress?
                    if let first = subnetReferences.first {
                        network = workspace.resolve(first.name, kind: .subnet, from: specIndex).map(workspace.network(holding:))
                    } else if let firstGroup = facts.securityGroups.first,
                        let group = workspace.resolve(firstGroup.name, kind: .securityGroup, from: specIndex),
                        let networkReference = workspace.resource(SecurityGroup.self, at: group).network
                    {
                        network = workspace.resolve(networkReference.name, kind: .network, from: group.spec)
                    }
                    // Addresses: the subnets' CIDRs, else the network's.
                    var addresses: [CIDR] = subnets.map { workspace.subnet(at: $0).cidr.value }
                    if subnetReferences.isEmpty, let network {
                        let value = workspace.resource(Network.self, at: network)
                        addresses = [value.cidr.value] + (value.ipv6Cidr.map { [$0.value] } ?? [])
                    }
                    let local = "\(kind.singular)/\(facts.name)"
                    nodeByAddress[address] = nodes.count
                    nodes.append(
                        NetworkNode(
                            address: address, qualifiedName: "\(stackEnvironment)/\(local)", localName: local,
                            stackEnvironment: stackEnvironment, listening: facts.listening, isInternetAddressable: facts.isInternetAddressable,
                            network: network.map(networkID), groups: groupIDs, addresses: addresses,
                            admitsEverySource: facts.admitsEverySource))
                }
            }
            add(.loadBalancer, count: spec.loadBalancers.count)
            add(.service, count: spec.services.count)
            add(.instance, count: spec.instances.count)
            add(.database, count: spec.databases.count)
            add(.cache, count: spec.caches.count)
            add(.function, count: spec.functions.count)
            add(.api, count: spec.apis.count)
        }
        self.nodes = nodes
        self.nodeByAddress = nodeByAddress
        self.wearers = wearers

        // The front doors, then the lists pivots search, which leave them out.
        var internetHops: [NetworkHop?] = []
        internetHops.reserveCapacity(nodes.count)
        let hopRules = HopRules(workspace: workspace, nodes: nodes, groups: groups, rules: rules)
        for node in nodes.indices {
            internetHops.append(hopRules.hop(from: ReachabilityGraph.internet, to: node))
        }
        self.hopRules = hopRules
        self.internetHops = internetHops

        var lists: [[Int]] = []
        var listIndex: [GroupInNetwork: Int] = [:]
        var openBalancers: [Int: [Int]] = [:]
        for (id, node) in nodes.enumerated() where node.isPivotTarget && internetHops[id] == nil {
            guard let network = node.network else { continue }
            if node.admitsEverySource { openBalancers[network, default: []].append(id) }
            for group in node.groups {
                let key = GroupInNetwork(group: group, network: network)
                if let list = listIndex[key] {
                    lists[list].append(id)
                } else {
                    listIndex[key] = lists.count
                    lists.append([id])
                }
            }
        }
        self.pivotTargetLists = lists
        self.targetListIndex = listIndex

        // Address rules by the networks where their groups have members a pivot may reach.
        var addressIngress: [Int: AddressIngress] = [:]
        for key in listIndex.keys.sorted(by: { ($0.network, $0.group) < ($1.network, $1.group) }) {
            for ruleID in addressRules[key.group] {
                guard case .cidr(let cidr) = rules[ruleID].peer else { continue }
                if cidr.isWorld {
                    addressIngress[key.network, default: AddressIngress()].world.append(ruleID)
                } else {
                    addressIngress[key.network, default: AddressIngress()].byBlock[cidr, default: []].append(ruleID)
                }
            }
        }
        for network in addressIngress.keys {
            addressIngress[network]!.blocks = addressIngress[network]!.byBlock.keys.sorted()
        }
        self.addressIngress = addressIngress
        self.openBalancersByNetwork = openBalancers
    }

    /// The node of a resource, if it is one.
    public func node(of address: ResourceAddress) -> Int? { nodeByAddress[address] }

    /// `internet`, `KIND/NAME` for a node of `stackEnvironment`, else `STACK/ENV/KIND/NAME`.
    public func name(of node: Int, in stackEnvironment: StackEnvironment?) -> String {
        let value = nodes[node]
        return value.stackEnvironment == stackEnvironment || value.isInternet ? value.localName : value.qualifiedName
    }

    /// `KIND/NAME` or `STACK/ENV/KIND/NAME` for any resource, as `name(of:in:)` writes nodes.
    public func name(of address: ResourceAddress, in stackEnvironment: StackEnvironment?) -> String {
        let common = workspace.common(at: address)
        let local = "\(address.kind.singular)/\(common.name.value)"
        let own = workspace.specs[address.spec].stackEnvironment
        return own == stackEnvironment ? local : "\(own)/\(local)"
    }

    /// The file a hop's origin is written in.
    public func file(of origin: HopOrigin) -> String { workspace.specs[origin.resource.spec].path }

    /// The hop from `from` straight to `to`, when the traffic model has that edge (also an
    /// edge a search would not take: a pivot into a front door). Not for api → function.
    public func hop(from: Int, to: Int) -> NetworkHop? {
        if from == ReachabilityGraph.internet { return internetHops[to] }
        return hopRules.hop(from: from, to: to)
    }
}

/// Why a pair of nodes is no edge, for messages: the first of the contract's conditions
/// that fails.
public enum MissingHop: Hashable, Sendable {
    /// The target listens on no port (a service without `port`).
    case listensOnNothing
    /// None of the target's groups admits the source on a port the target listens on.
    case notAdmitted
    /// The target admits the source, but the source's egress does not allow the target on
    /// any of those ports.
    case egressDenied
}

extension ReachabilityGraph {
    /// Why `from` has no edge to `to` (nil when it has one).
    public func missingHop(from: Int, to: Int) -> MissingHop? {
        if hop(from: from, to: to) != nil { return nil }
        if nodes[to].listening == .nothing { return .listensOnNothing }
        let admitted = hopRules.admission(of: from, into: to).ports
        let listened: Bool
        switch nodes[to].listening {
        case .nothing: listened = false
        case .ports(let ports): listened = ports.contains(where: admitted.contains)
        case .everyPort: listened = !admitted.isEmpty
        }
        return listened || nodes[to].admitsEverySource ? .egressDenied : .notAdmitted
    }

    /// Every resource wearing the security group at `address`, with how it listens.
    public func wearers(of group: ResourceAddress) -> [(address: ResourceAddress, listening: Listening)] {
        wearers[groupBase[group.spec] + group.index]
    }
}

/// What the graph needs of one resource of a node kind, read field by field where it lies in
/// the spec: making an `AnyResource` copied the whole resource, which was a quarter of the
/// graph's cost at 100k resources.
private struct NodeFacts {
    var listening = Listening.nothing
    var isInternetAddressable = false
    /// A network load balancer without groups: every source may connect.
    var admitsEverySource = false
    /// Whether it is a node at all (a function outside any network only wears groups).
    var isNode = true
    var securityGroups: [Reference] = []
    var subnets: [Reference] = []
    var name: String

    /// Nil for kinds that are no node and wear no group.
    init?(_ kind: ResourceKind, at index: Int, in spec: Spec) {
        switch kind {
        case .loadBalancer:
            let balancers = spec.loadBalancers
            name = balancers[index].common.name.value
            listening = ListeningPorts.loadBalancer(balancers[index])
            isInternetAddressable = balancers[index].effectiveScheme == .internetFacing
            securityGroups = balancers[index].securityGroups
            admitsEverySource = balancers[index].effectiveType == .network && securityGroups.isEmpty
            subnets = balancers[index].subnets
        case .service:
            let services = spec.services
            name = services[index].common.name.value
            listening = ListeningPorts.service(services[index])
            isInternetAddressable = services[index].publicIp.isTrue
            securityGroups = services[index].securityGroups
            subnets = services[index].subnets
        case .instance:
            let instances = spec.instances
            name = instances[index].common.name.value
            listening = .everyPort
            isInternetAddressable = instances[index].publicIp.isTrue
            securityGroups = instances[index].securityGroups
            subnets = instances[index].subnet.map { [$0] } ?? []
        case .database:
            let databases = spec.databases
            name = databases[index].common.name.value
            listening = ListeningPorts.database(databases[index])
            isInternetAddressable = databases[index].publiclyAccessible.isTrue
            securityGroups = databases[index].securityGroups
            subnets = databases[index].subnets
        case .cache:
            let caches = spec.caches
            name = caches[index].common.name.value
            listening = ListeningPorts.cache(caches[index])
            securityGroups = caches[index].securityGroups
            subnets = caches[index].subnets
        case .function:
            let functions = spec.functions
            name = functions[index].common.name.value
            securityGroups = functions[index].securityGroups
            subnets = functions[index].subnets
            isNode = !subnets.isEmpty
        case .api:
            name = spec.apis[index].common.name.value
            listening = .ports([443])
            isInternetAddressable = true
        default:
            return nil
        }
    }
}
