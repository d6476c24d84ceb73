import ArchlintModel

/// NET004: a network whose addresses overlap a network of another stack or environment
/// that it is not peered with (in either direction). Harmless today; it rules out peering
/// them tomorrow. One finding per network, listing the others.
struct AddressSpaceReuseCheck: BuiltinCheck {
    let name = "address-space-reuse"
    let summary = "Networks of different stack-environments that overlap without peering, by one sorted sweep over all networks."

    func run(_ context: inout CheckContext) {
        let index = context.index
        let workspace = index.workspace
        var handles: [ResourceHandle] = []
        var networks: [Network] = []
        var blocks: [CIDR] = []
        var owners: [Int] = []
        for specHandles in index.resources {
            for handle in specHandles where handle.kind == .network {
                let network = workspace.resource(Network.self, at: handle.address)
                handles.append(handle)
                networks.append(network)
                for cidr in [network.cidr, network.ipv6Cidr].compactMap({ $0 }) {
                    blocks.append(cidr.value)
                    owners.append(networks.count - 1)
                }
            }
        }
        var others: [Int: Set<Int>] = [:]
        for (a, b) in overlappingPairs(blocks) {
            let x = owners[a], y = owners[b]
            guard handles[x].spec != handles[y].spec,
                !peered(networks[x], with: handles[y]), !peered(networks[y], with: handles[x])
            else { continue }
            others[x, default: []].insert(y)
            others[y, default: []].insert(x)
        }
        for (offset, handle) in handles.enumerated() where context.severity(in: handle.spec) != nil {
            context.evaluated(handle)
            guard let overlapping = others[offset], !overlapping.isEmpty else { continue }
            let names = overlapping.map { address(of: handles[$0]).description }.sorted()
            let cidr = networks[offset].cidr
            context.report(
                handle, at: cidr.position,
                "network '\(handle.name)' (\(cidr.value)) overlaps \(inWords(names)) without peering; overlapping ranges can never be peered later — consider distinct ranges per stack and environment"
            )
        }
    }

    private func address(of network: ResourceHandle) -> NetworkAddress {
        NetworkAddress(stack: network.stackEnvironment.stack, environment: network.stackEnvironment.environment, network: network.name)
    }

    /// Whether `network` declares `other` among its peers.
    private func peered(_ network: Network, with other: ResourceHandle) -> Bool {
        let target = address(of: other)
        return network.peers.contains { $0.value == target }
    }
}
