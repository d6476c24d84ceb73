import ArchlintModel

/// Whether one pair of nodes is an edge, on which port, and what allowed it: the
/// "Edges" and "Paths" sections of `reachability.md` for a single pair. Only the rules of
/// the two nodes' own groups are read, so one call costs the size of those groups.
struct HopRules: Sendable {
    let workspace: Workspace
    let nodes: [NetworkNode]
    let groups: [ReachabilityGraph.GroupInfo]
    let rules: [ReachabilityGraph.RuleInfo]

    /// The ports `target`'s groups admit from `source`, those named explicitly, and the
    /// admitting rules (ids, so in reading order).
    struct Admission {
        var ports = PortSet.empty
        var explicit = PortSet.empty
        var rules: [Int] = []
    }

    func admission(of source: Int, into target: Int) -> Admission {
        var admission = Admission()
        for group in nodes[target].groups {
            for ruleID in groups[group].ingress {
                let info = rules[ruleID]
                guard let ports = info.rule.tcpPorts, matches(info, source, isIngress: true) else { continue }
                admission.ports.insert(ports)
                if let explicit = info.rule.explicitTCPPorts { admission.explicit.insert(explicit) }
                admission.rules.append(ruleID)
            }
        }
        admission.rules.sort()
        return admission
    }

    /// The ports `source`'s egress allows towards `target` (and those named explicitly); nil
    /// when its egress is AWS's default (no groups, or a group without an `egress` key).
    func egress(of source: Int, towards target: Int) -> (ports: PortSet, explicit: PortSet)? {
        let from = nodes[source]
        if from.isInternet || from.groups.isEmpty || from.groups.contains(where: { groups[$0].egressIsOpen }) { return nil }
        var ports = PortSet.empty, explicit = PortSet.empty
        for group in from.groups {
            for ruleID in groups[group].egress {
                let info = rules[ruleID]
                guard let range = info.rule.tcpPorts, matches(info, target, isIngress: false) else { continue }
                ports.insert(range)
                if let named = info.rule.explicitTCPPorts { explicit.insert(named) }
            }
        }
        return (ports, explicit)
    }

    /// Whether the rule's other side is `other`: for an ingress rule, `other` is the source
    /// (B admits A); for an egress rule, the destination (A's egress allows B).
    private func matches(_ info: ReachabilityGraph.RuleInfo, _ other: Int, isIngress: Bool) -> Bool {
        let node = nodes[other]
        switch info.peer {
        case .cidr(let cidr):
            if cidr.isWorld { return true }
            return node.addresses.contains { cidr.overlaps($0) }
        case .group(let group): return !node.isInternet && node.groups.contains(group)
        case .sameGroup: return !node.isInternet && node.groups.contains(info.group)
        case .unresolved: return false
        }
    }

    /// The hop from `source` to `target`, if the traffic model has that edge. Which pairs
    /// are candidates at all (a load balancer only to its targets, a pivot only within
    /// connected networks, front doors) is the search's business; this decides the pair.
    func hop(from source: Int, to target: Int) -> NetworkHop? {
        guard source != target, let targetAddress = nodes[target].address else { return nil }
        let into = nodes[target]
        if source == ReachabilityGraph.internet { return hopFromInternet(into: target) }
        switch targetAddress.kind {
        case .api, .function: return nil  // reached only from internet, and by invocation
        default: break
        }
        let egress = egress(of: source, towards: target)
        if into.admitsEverySource {
            // A network load balancer without groups: every source, on its listener ports.
            guard case .ports(let ports) = into.listening else { return nil }
            guard let port = ports.first(where: { egress?.ports.contains($0) ?? true }) else { return nil }
            return listenerHop(from: source, to: target, port: port)
        }
        let admission = admission(of: source, into: target)
        if admission.rules.isEmpty { return nil }
        let carried = [admission.ports] + (egress.map { [$0.ports] } ?? [])
        let port: HopPort
        switch into.listening {
        case .nothing:
            return nil
        case .ports(let ports):
            guard let chosen = ports.first(where: { port in carried.allSatisfy { $0.contains(port) } }) else { return nil }
            port = .port(chosen)
        case .everyPort:
            var explicit = admission.explicit
            for range in egress?.explicit.ranges ?? [] { explicit.insert(range) }
            if let chosen = PortSet.lowestCommonPort(carried + [explicit]) {
                port = .port(chosen)
            } else if PortSet.intersect(carried) {
                port = .all
            } else {
                return nil
            }
        }
        // The first admitting rule (reading order) that carries the chosen port.
        let ruleID = admission.rules.first { ruleID in
            guard let ports = rules[ruleID].rule.tcpPorts else { return false }
            switch port {
            case .port(let value): return ports.contains(value)
            case .all, .invoke:
                var own = PortSet.empty
                own.insert(ports)
                return PortSet.intersect([own] + carried)
            }
        }
        guard let ruleID else { return nil }
        let info = rules[ruleID]
        return NetworkHop(
            from: source, to: target, port: port,
            allowedBy: HopOrigin(resource: groups[info.group].address, position: info.rule.position))
    }

    /// From `internet`: an internet-addressable target listening on a port that one of its
    /// groups admits from the world (an api on 443; a network load balancer without groups
    /// on its listeners).
    private func hopFromInternet(into target: Int) -> NetworkHop? {
        let into = nodes[target]
        guard into.isInternetAddressable, let address = into.address else { return nil }
        if address.kind == .api {
            let api = workspace.resource(Api.self, at: address)
            return NetworkHop(
                from: ReachabilityGraph.internet, to: target, port: .port(443),
                allowedBy: HopOrigin(resource: address, position: api.common.position))
        }
        if into.admitsEverySource {
            guard case .ports(let ports) = into.listening, let port = ports.first else { return nil }
            return listenerHop(from: ReachabilityGraph.internet, to: target, port: port)
        }
        // `hop(from:to:)`'s general case does the rest: the world matches only world rules
        // (the internet has no groups and no addresses), and nothing limits its egress.
        return generalHop(from: ReachabilityGraph.internet, to: target)
    }

    private func generalHop(from source: Int, to target: Int) -> NetworkHop? {
        let admission = admission(of: source, into: target)
        if admission.rules.isEmpty { return nil }
        let port: HopPort
        switch nodes[target].listening {
        case .nothing: return nil
        case .ports(let ports):
            guard let chosen = ports.first(where: admission.ports.contains) else { return nil }
            port = .port(chosen)
        case .everyPort:
            port = PortSet.lowestCommonPort([admission.ports, admission.explicit]).map { .port($0) } ?? .all
        }
        let ruleID = admission.rules.first { ruleID in
            guard let ports = rules[ruleID].rule.tcpPorts else { return false }
            if case .port(let value) = port { return ports.contains(value) }
            return true
        }
        guard let ruleID else { return nil }
        let info = rules[ruleID]
        return NetworkHop(
            from: source, to: target, port: port,
            allowedBy: HopOrigin(resource: groups[info.group].address, position: info.rule.position))
    }

    /// A hop into a network load balancer without groups, allowed by its first listener on `port`.
    private func listenerHop(from source: Int, to target: Int, port: Int) -> NetworkHop? {
        guard let address = nodes[target].address else { return nil }
        let balancer = workspace.resource(LoadBalancer.self, at: address)
        guard let listener = balancer.listeners.first(where: { $0.port.value == port }) else { return nil }
        return NetworkHop(from: source, to: target, port: .port(port), allowedBy: HopOrigin(resource: address, position: listener.position))
    }
}
