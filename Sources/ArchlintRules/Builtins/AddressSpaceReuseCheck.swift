import ArchlintModel

/// NET004: a network whose addresses overlap a network of another stack or environment
/// that it is not peered with (in either direction). Harmless today; it rules out peering
/// them tomorrow. One finding per network, listing the others.
struct AddressSpaceReuseCheck: BuiltinCheck {
    let name = "address-space-reuse"
    let summary = "Networks of different stack-environments that overlap without peering, by one sorted sweep over all networks."

    func run(_ context: inout CheckContext) {
        let index = context.index
        var networks: [ResourceHandle] = []
        var blocks: [CIDR] = []
        var owners: [Int] = []
        for handles in index.resources {
            for network in handles where network.kind == .network {
                networks.append(network)
                for key in ["cidr", "ipv6_cidr"] {
                    if let cidr = network.record.cidr(key) {
                        blocks.append(cidr.value)
                        owners.append(networks.count - 1)
                    }
                }
            }
        }
        var others: [Int: Set<Int>] = [:]
        for (a, b) in overlappingPairs(blocks) {
            let x = owners[a], y = owners[b]
            guard networks[x].spec != networks[y].spec, !peered(networks[x], networks[y]), !peered(networks[y], networks[x]) else { continue }
            others[x, default: []].insert(y)
            others[y, default: []].insert(x)
        }
        for (offset, network) in networks.enumerated() where context.severity(in: network.spec) != nil {
            context.evaluated(network)
            guard let overlapping = others[offset], !overlapping.isEmpty else { continue }
            let names = overlapping.map { address(networks[$0]) }.sorted()
            let cidr = network.record.cidr("cidr")
            context.report(network, at: cidr?.position ?? network.record.position,
                           "network '\(network.name)' (\(cidr.map { "\($0.value)" } ?? "")) overlaps \(inWords(names)) without peering; overlapping ranges can never be peered later — consider distinct ranges per stack and environment")
        }
    }

    private func address(_ network: ResourceHandle) -> String {
        "\(network.stackEnvironment)/\(network.name)"
    }

    private func peered(_ a: ResourceHandle, _ b: ResourceHandle) -> Bool {
        let target = "\(b.stackEnvironment)/\(b.name)"
        return a.record.items("peers").contains { $0.value.text == target }
    }
}
