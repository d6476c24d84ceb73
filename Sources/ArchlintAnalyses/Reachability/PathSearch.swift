import ArchlintModel

/// Shortest paths from a set of sources, found breadth-first: every node reached, with the
/// hop it was reached by. Among equally short paths the one kept is the least when paths
/// are compared node by node (each node written `STACK/ENV/KIND/NAME`), as the contract
/// asks: the nodes of each layer are ranked by (their parent's rank, their own name) and
/// expanded in rank order, so the first parent to reach a node is the parent of its least
/// path.
public struct PathTree: Sendable {
    public let graph: ReachabilityGraph
    /// The hop each node was first reached by; nil for sources and unreached nodes.
    private let reachedBy: [NetworkHop?]
    private let isSource: [Bool]

    /// Searches from `sources`. `firstHop` filters the hops out of the sources (REACH001
    /// wants paths whose first hop enters a service or an instance).
    public init(graph: ReachabilityGraph, sources: [Int], firstHop: ((NetworkHop) -> Bool)? = nil) {
        self.graph = graph
        var search = EdgeWalk(graph: graph)
        var reachedBy = [NetworkHop?](repeating: nil, count: graph.nodes.count)
        var isSource = [Bool](repeating: false, count: graph.nodes.count)
        var layer = sources.filter { source in
            defer { isSource[source] = true }
            return !isSource[source]
        }
        layer.sort { graph.nodes[$0].qualifiedName < graph.nodes[$1].qualifiedName }
        for node in layer { search.visited[node] = true }
        var rank = [Int](repeating: 0, count: graph.nodes.count)
        for (position, node) in layer.enumerated() { rank[node] = position }
        var nextRank = layer.count
        var isFirstLayer = true
        while !layer.isEmpty {
            // A hop the filter turns down leaves its target unreached, so what a rule offered
            // a source is not yet offered to every pivot of the source's network.
            search.remembersOfferedRules = !(isFirstLayer && firstHop != nil)
            var next: [Int] = []
            for node in layer {
                for hop in search.edges(from: node) where !search.visited[hop.to] {
                    if isFirstLayer, let firstHop, !firstHop(hop) { continue }
                    search.visited[hop.to] = true
                    reachedBy[hop.to] = hop
                    next.append(hop.to)
                }
            }
            next.sort { a, b in
                let parentA = rank[reachedBy[a]!.from], parentB = rank[reachedBy[b]!.from]
                if parentA != parentB { return parentA < parentB }
                return graph.nodes[a].qualifiedName < graph.nodes[b].qualifiedName
            }
            for node in next {
                rank[node] = nextRank
                nextRank += 1
            }
            layer = next
            isFirstLayer = false
        }
        self.reachedBy = reachedBy
        self.isSource = isSource
    }

    /// The shortest path to `node`, first hop first; nil when it is not reached (or is a source).
    public func path(to node: Int) -> [NetworkHop]? {
        guard var hop = reachedBy[node] else { return nil }
        var hops = [hop]
        while let previous = reachedBy[hop.from] {
            hops.append(previous)
            hop = previous
        }
        return hops.reversed()
    }
}

/// The edges out of nodes, for one search: each node reached at most once. Pivots find
/// their candidates through the graph's indexes (rules that admit their groups, `self`,
/// their addresses, the world), and the member lists of those rules' groups are pruned of
/// nodes already reached as the search goes, so a group worn by thousands is walked about
/// once, not once per member.
struct EdgeWalk {
    let graph: ReachabilityGraph
    var visited: [Bool]
    /// The graph's member lists, pruned as nodes are reached.
    private var pending: [[Int]]
    private var pendingOpenBalancers: [Int: [Int]]
    /// A rule that admitted one pivot of a network with open egress has offered every
    /// member of its group that pivots of that network can reach: a second pivot of the
    /// same network with open egress finds nothing new through it.
    private var doneRuleNetworks = Set<RuleInNetwork>()
    /// Whether to record rules in `doneRuleNetworks` (not while a caller may turn hops down).
    var remembersOfferedRules = true
    /// The expansion in which each node was last tried, so a pair is judged once per expansion.
    private var triedIn: [Int]
    private var expansion = 0

    private struct RuleInNetwork: Hashable {
        let rule: Int
        let network: Int
    }

    init(graph: ReachabilityGraph) {
        self.graph = graph
        visited = [Bool](repeating: false, count: graph.nodes.count)
        pending = graph.pivotTargetLists
        pendingOpenBalancers = graph.openBalancersByNetwork
        triedIn = [Int](repeating: -1, count: graph.nodes.count)
    }

    /// The edges from `node` to nodes not yet reached, each target once. The caller marks
    /// the targets it takes as visited.
    mutating func edges(from node: Int) -> [NetworkHop] {
        expansion += 1
        var found: [NetworkHop] = []
        let source = graph.nodes[node]
        if source.isInternet {
            for target in graph.nodes.indices where !visited[target] {
                if let hop = graph.internetHops[target] { found.append(hop) }
            }
            return found
        }
        guard let address = source.address else { return found }
        switch address.kind {
        case .loadBalancer:
            // Only to the services it forwards to; no network test.
            for target in forwardTargets(of: address) where !visited[target] {
                if let hop = graph.hopRules.hop(from: node, to: target) { found.append(hop) }
            }
        case .api:
            // An invocation of each routed function in a network; no group or network test.
            let api = graph.workspace.resource(Api.self, at: address)
            for route in api.routes {
                guard let reference = route.function,
                    let function = graph.workspace.resolve(reference.name, kind: .function, from: address.spec),
                    let target = graph.node(of: function), !visited[target], triedIn[target] != expansion
                else { continue }
                triedIn[target] = expansion
                found.append(NetworkHop(from: node, to: target, port: .invoke, allowedBy: HopOrigin(resource: address, position: route.position)))
            }
        case .service, .instance, .function:
            pivotEdges(from: node, into: &found)
        default:
            break  // databases and caches are never sources
        }
        return found
    }

    /// The services a load balancer forwards to, in listener order, without repeats.
    private func forwardTargets(of address: ResourceAddress) -> [Int] {
        let balancer = graph.workspace.resource(LoadBalancer.self, at: address)
        var targets: [Int] = []
        for listener in balancer.listeners {
            for reference in [listener.forward] + listener.routes.map(\.service) {
                guard let reference, let service = graph.workspace.resolve(reference.name, kind: .service, from: address.spec),
                    let target = graph.node(of: service), !targets.contains(target)
                else { continue }
                targets.append(target)
            }
        }
        return targets
    }

    private mutating func pivotEdges(from node: Int, into found: inout [NetworkHop]) {
        let source = graph.nodes[node]
        guard let network = source.network else { return }  // in no network: connected to nothing
        let egressIsOpen = graph.hopRules.egress(of: node, towards: node) == nil
        var candidateRules: [Int] = []
        for group in source.groups {
            candidateRules += graph.ingressFromGroup[group]
            candidateRules += graph.selfIngress[group]
        }
        var addressRules: [Int] = []
        for reachable in graph.connectedNetworks[network] {
            guard let index = graph.addressIngress[reachable] else { continue }
            addressRules += index.world
            addressRules += cidrRules(overlapping: source.addresses, in: index)
        }
        if graph.connectedNetworks[network].count > 1 {
            // A rule whose group has members in two connected networks is listed by both.
            addressRules = Array(Set(addressRules)).sorted()
        }
        candidateRules += addressRules
        for ruleID in candidateRules {
            if egressIsOpen {
                let key = RuleInNetwork(rule: ruleID, network: network)
                if doneRuleNetworks.contains(key) { continue }
                if remembersOfferedRules { doneRuleNetworks.insert(key) }
            }
            let group = graph.rules[ruleID].group
            for reachable in graph.connectedNetworks[network] {
                guard let list = graph.targetListIndex[ReachabilityGraph.GroupInNetwork(group: group, network: reachable)] else { continue }
                walk(list: list, from: node, into: &found)
            }
        }
        for reachable in graph.connectedNetworks[network] {
            guard var balancers = pendingOpenBalancers.removeValue(forKey: reachable) else { continue }
            walk(&balancers, from: node, into: &found)
            pendingOpenBalancers[reachable] = balancers
        }
    }

    private mutating func walk(list: Int, from node: Int, into found: inout [NetworkHop]) {
        var members = pending[list]
        pending[list] = []  // keeps the array uniquely referenced while it is pruned
        walk(&members, from: node, into: &found)
        pending[list] = members
    }

    /// Adds the hop from `node` to each member of `list` not yet reached (nor tried in this
    /// expansion), and drops the members already reached from the list.
    private mutating func walk(_ list: inout [Int], from node: Int, into found: inout [NetworkHop]) {
        var kept = 0
        for index in list.indices {
            let target = list[index]
            if visited[target] { continue }
            list[kept] = target
            kept += 1
            if target != node && triedIn[target] != expansion {
                triedIn[target] = expansion
                if let hop = graph.hopRules.hop(from: node, to: target) { found.append(hop) }
            }
        }
        list.removeLast(list.count - kept)
    }

    /// Ingress rules from a CIDR (not the world) overlapping one of `addresses`. Blocks either
    /// nest or are disjoint: those holding an address are found by its prefixes, those inside
    /// it as a run of the sorted blocks.
    private func cidrRules(overlapping addresses: [CIDR], in index: ReachabilityGraph.AddressIngress) -> [Int] {
        guard !index.blocks.isEmpty else { return [] }
        var found: [Int] = []
        var seen = Set<CIDR>()
        for address in addresses {
            for length in 1...max(1, address.prefixLength) where length <= address.prefixLength {
                let block = address.ancestor(prefixLength: length)
                if let rules = index.byBlock[block], seen.insert(block).inserted { found += rules }
            }
            let blocks = index.blocks
            var low = 0, high = blocks.count
            while low < high {
                let middle = (low + high) / 2
                if blocks[middle] < address { low = middle + 1 } else { high = middle }
            }
            var position = low
            while position < blocks.count, address.contains(blocks[position]) {
                if seen.insert(blocks[position]).inserted { found += index.byBlock[blocks[position]] ?? [] }
                position += 1
            }
        }
        return found.sorted()
    }
}
