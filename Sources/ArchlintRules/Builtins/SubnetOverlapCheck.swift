import ArchlintModel

/// NET001: subnets of one network that overlap. One finding per pair, on the subnet that
/// comes later in the file, naming the other.
struct SubnetOverlapCheck: BuiltinCheck {
    let name = "subnet-overlap"
    let summary = "Pairs of overlapping subnets within each network, by a sorted sweep."

    func run(_ context: inout CheckContext) {
        for spec in context.applicableSpecs {
            let subnets = context.index.resources(of: .subnet, in: spec)
            // Group subnets by their network, keeping file order.
            var byNetwork: [String: [ResourceHandle]] = [:]
            var networkOrder: [String] = []
            for subnet in subnets {
                context.evaluated(subnet)
                let network = subnet.holder?.name ?? ""
                if byNetwork[network] == nil { networkOrder.append(network) }
                byNetwork[network, default: []].append(subnet)
            }
            for network in networkOrder {
                let members = byNetwork[network]!.filter { $0.record.cidr("cidr") != nil }
                let cidrs = members.map { $0.record.cidr("cidr")!.value }
                for (a, b) in overlappingPairs(cidrs) {
                    let (first, later) = members[a].record.position < members[b].record.position ? (a, b) : (b, a)
                    let subnet = members[later], other = members[first]
                    let cidr = subnet.record.cidr("cidr")!
                    let relation = cidrs[first] == cidrs[later] ? "is the same block as" : "overlaps"
                    context.report(subnet, at: cidr.position,
                                   "subnet '\(subnet.name)' (\(cidr.value)) \(relation) subnet '\(other.name)' (\(cidrs[first])) in network '\(network)'; give each subnet its own address range")
                }
            }
        }
    }
}
