import ArchlintModel

/// HA001: a network tier whose subnets all sit in one zone; losing that zone takes the
/// whole tier down. One finding per tier, at the tier's first subnet.
struct TierZonesCheck: BuiltinCheck {
    let name = "tier-zones"
    let summary = "Per network and tier, the number of distinct zones its subnets lie in."

    func run(_ context: inout CheckContext) {
        let workspace = context.index.workspace
        for spec in context.applicableSpecs {
            for handle in context.index.resources(of: .network, in: spec) {
                context.evaluated(handle)
                let network = workspace.resource(Network.self, at: handle.address)
                // Tiers in the order their first subnet is written.
                var tiers: [SubnetTier] = []
                var subnetsByTier: [SubnetTier: [Subnet]] = [:]
                for subnet in network.subnets {
                    let tier = subnet.tier.value
                    if subnetsByTier[tier] == nil { tiers.append(tier) }
                    subnetsByTier[tier, default: []].append(subnet)
                }
                for tier in tiers {
                    let subnets = subnetsByTier[tier]!
                    let zones = Set(subnets.map(\.zone.value))
                    guard zones.count < 2 else { continue }
                    let names = subnets.map { "'\($0.name)'" }
                    context.report(
                        handle, at: subnets[0].position,
                        "the \(tier.rawValue) tier of network '\(handle.name)' lies in one zone (\(zones.sorted().first ?? "none")): \(subnets.count == 1 ? "subnet" : "subnets") \(inWords(names)); add a \(tier.rawValue) subnet in a second zone"
                    )
                }
            }
        }
    }
}
