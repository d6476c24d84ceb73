import ArchlintModel

/// NET003: a network that peers with a network whose addresses overlap its own; peering
/// (or transit, or VPN) cannot route between overlapping ranges. The finding sits on each
/// network that declares such a peer, at the peer entry.
struct PeeredNetworkOverlapCheck: BuiltinCheck {
    let name = "peered-network-overlap"
    let summary = "Networks whose declared peers overlap their address ranges."

    func run(_ context: inout CheckContext) {
        let workspace = context.index.workspace
        for spec in context.applicableSpecs {
            for handle in context.index.resources(of: .network, in: spec) {
                context.evaluated(handle)
                let network = workspace.resource(Network.self, at: handle.address)
                let ranges = ownRanges(network)
                for peer in network.peers {
                    guard let target = workspace.resolve(peer.value) else { continue }
                    let theirRanges = ownRanges(workspace.resource(Network.self, at: target))
                    let overlaps = ranges.flatMap { mine in
                        theirRanges.filter { $0.family == mine.family && $0.overlaps(mine) }.map { (mine, $0) }
                    }
                    guard let (mine, theirs) = overlaps.first else { continue }
                    context.report(
                        handle, at: peer.position,
                        "network '\(handle.name)' (\(mine)) peers with \(peer.value) (\(theirs)), and their address ranges overlap; traffic between them cannot be routed — renumber one of them"
                    )
                }
            }
        }
    }

    private func ownRanges(_ network: Network) -> [CIDR] {
        [network.cidr.value, network.ipv6Cidr?.value].compactMap { $0 }
    }
}
