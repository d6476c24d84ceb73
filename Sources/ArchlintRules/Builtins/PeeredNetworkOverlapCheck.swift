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
            for network in context.index.resources(of: .network, in: spec) {
                context.evaluated(network)
                let ranges = ownRanges(network.record)
                for peer in network.record.items("peers") {
                    guard let address = parseAddress(peer.value.text),
                          let target = workspace.resolve(address),
                          let other = context.index.handle(for: ResourceKey(spec: target.spec, kind: .network, name: address.network)) else { continue }
                    let overlaps = ranges.flatMap { mine in
                        ownRanges(other.record).filter { $0.family == mine.family && $0.overlaps(mine) }.map { (mine, $0) }
                    }
                    guard let (mine, theirs) = overlaps.first else { continue }
                    context.report(network, at: peer.position,
                                   "network '\(network.name)' (\(mine)) peers with \(address) (\(theirs)), and their address ranges overlap; traffic between them cannot be routed — renumber one of them")
                }
            }
        }
    }

    private func ownRanges(_ record: ModelRecord) -> [CIDR] {
        [record.cidr("cidr")?.value, record.cidr("ipv6_cidr")?.value].compactMap { $0 }
    }

    private func parseAddress(_ text: String) -> NetworkAddress? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, let environment = Environment(rawValue: parts[1]) else { return nil }
        return NetworkAddress(stack: parts[0], environment: environment, network: parts[2])
    }
}
