import ArchlintModel

/// NET001: subnets of one network that overlap. One finding per pair, on the subnet that
/// comes later in the file, naming the other.
struct SubnetOverlapCheck: BuiltinCheck {
    let name = "subnet-overlap"
    let summary = "Pairs of overlapping subnets within each network, by a sorted sweep."

    func run(_ context: inout CheckContext) {
        let workspace = context.index.workspace
        for spec in context.applicableSpecs {
            let handles = context.index.resources(of: .subnet, in: spec)
            for handle in handles { context.evaluated(handle) }
            // Subnets come network by network, in file order: each network's are one run.
            var members: [(handle: ResourceHandle, subnet: Subnet)] = []
            var network: ResourceAddress?
            for handle in handles {
                let holder = workspace.network(holding: handle.address)
                if holder != network {
                    report(members, &context)
                    members = []
                    network = holder
                }
                members.append((handle, workspace.subnet(at: handle.address)))
            }
            report(members, &context)
        }
    }

    /// The overlapping pairs among the subnets of one network.
    private func report(_ members: [(handle: ResourceHandle, subnet: Subnet)], _ context: inout CheckContext) {
        guard let first = members.first else { return }
        let network = context.index.workspace.resource(Network.self, at: context.index.workspace.network(holding: first.handle.address))
        let cidrs = members.map(\.subnet.cidr.value)
        for (a, b) in overlappingPairs(cidrs) {
            let (earlier, later) = members[a].subnet.position < members[b].subnet.position ? (a, b) : (b, a)
            let subnet = members[later], other = members[earlier]
            let relation = cidrs[earlier] == cidrs[later] ? "is the same block as" : "overlaps"
            context.report(
                subnet.handle, at: subnet.subnet.cidr.position,
                "subnet '\(subnet.handle.name)' (\(subnet.subnet.cidr.value)) \(relation) subnet '\(other.handle.name)' (\(cidrs[earlier])) in network '\(network.name)'; give each subnet its own address range"
            )
        }
    }
}
