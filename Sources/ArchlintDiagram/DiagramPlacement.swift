import ArchlintModel

/// Where boxes go: each resource in the tier of the network its first subnet is in (zones
/// noted), the rest among the managed services; then the nested groups the renderers draw.
extension DiagramBuilder {
    /// Puts a resource in the tier of its first subnet, or among the managed services.
    mutating func place(_ id: String, _ resource: AnyResource) {
        let subnets = resource.placementSubnets.compactMap { workspace.resolve($0.name, kind: .subnet, from: spec) }
        guard let first = subnets.first else {
            managed.append(id)
            return
        }
        // Networks are matched by name: a subnet of the shared environment places the
        // resource in this spec's network of the same name, if there is one.
        let network = networkName(holding: first)
        let tier = workspace.subnet(at: first).tier.value
        placed[network, default: [:]][tier, default: []].append(id)
        var own: Set<String> = []
        for address in subnets where networkName(holding: address) == network {
            let subnet = workspace.subnet(at: address)
            if subnet.tier.value == tier { own.insert(subnet.zone.value) }
        }
        zones[network, default: [:]][tier, default: []].formUnion(own)
        resourceZones[id] = own
    }

    private func networkName(holding subnet: ResourceAddress) -> String {
        workspace.resource(Network.self, at: workspace.network(holding: subnet)).name
    }

    /// Networks (each with its tiers, zones named), then the services outside them.
    func groups() -> [ArchitectureDiagram.Group] {
        var result: [ArchitectureDiagram.Group] = []
        // Once, not per network: a spec of many networks would otherwise scan every node for each.
        let markedNodes = Set(nodes.lazy.filter { $0.status != .clean }.map(\.id))
        for (offset, network) in workspace.specs[spec].networks.enumerated() {
            let tiers = placed[network.name] ?? [:]
            // Tiers from the edge inwards: public, private, database.
            let inner = SubnetTier.allCases.filter { tiers[$0] != nil }
            let tierGroups = inner.enumerated().map { tierOffset, tier in
                let tierZones = (zones[network.name]?[tier] ?? []).sorted()
                let members = tiers[tier] ?? []
                // Where a tier spans zones, a resource confined to one of them sits in that
                // zone's box: a single-zone resource is what one zone's outage takes down.
                var spanning: [String] = []
                var confined: [String: [String]] = [:]
                for id in members {
                    if tierZones.count > 1, let zones = resourceZones[id], zones.count == 1 {
                        confined[zones.first!, default: []].append(id)
                    } else {
                        spanning.append(id)
                    }
                }
                let zoneGroups = tierZones.filter { confined[$0] != nil }.enumerated().map { zoneOffset, zone in
                    ArchitectureDiagram.Group(id: "g\(offset)_\(tierOffset)_\(zoneOffset)", label: "zone \(zone) only", nodes: confined[zone]!, groups: [])
                }
                let zoneList = tierZones.joined(separator: ", ")
                return ArchitectureDiagram.Group(
                    id: "g\(offset)_\(tierOffset)", label: zoneList.isEmpty ? "\(tier.rawValue) subnets" : "\(tier.rawValue) subnets · \(zoneList)",
                    nodes: spanning, groups: zoneGroups)
            }
            // The network's own box is drawn only to carry its findings; its range goes in the label.
            let networkNode = networkNodes[network.name]!
            let marked = markedNodes.contains(networkNode)
            result.append(.init(id: "g\(offset)", label: "network \(network.name) · \(network.cidr.value)", nodes: marked ? [networkNode] : [], groups: tierGroups))
        }
        if !managed.isEmpty {
            result.append(.init(id: "managed", label: "managed services (outside the networks)", nodes: managed, groups: []))
        }
        return result
    }
}
