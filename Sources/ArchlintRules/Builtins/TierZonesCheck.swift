import ArchlintModel

/// HA001: a network tier whose subnets all sit in one zone; losing that zone takes the
/// whole tier down. One finding per tier, at the tier's first subnet.
struct TierZonesCheck: BuiltinCheck {
    let name = "tier-zones"
    let summary = "Per network and tier, the number of distinct zones its subnets lie in."

    func run(_ context: inout CheckContext) {
        for spec in context.applicableSpecs {
            for network in context.index.resources(of: .network, in: spec) {
                context.evaluated(network)
                var tiers: [String] = []
                var subnetsByTier: [String: [ModelRecord]] = [:]
                for subnet in network.record.records("subnets") {
                    let tier = subnet.string("tier") ?? ""
                    if subnetsByTier[tier] == nil { tiers.append(tier) }
                    subnetsByTier[tier, default: []].append(subnet)
                }
                for tier in tiers {
                    let subnets = subnetsByTier[tier]!
                    let zones = Set(subnets.compactMap { $0.string("zone") })
                    guard zones.count < 2 else { continue }
                    let names = subnets.compactMap(\.name).map { "'\($0)'" }
                    context.report(network, at: subnets[0].position,
                                   "the \(tier) tier of network '\(network.name)' lies in one zone (\(zones.sorted().first ?? "none")): \(subnets.count == 1 ? "subnet" : "subnets") \(inWords(names)); add a \(tier) subnet in a second zone")
                }
            }
        }
    }
}
