import ArchlintModel

/// A set of TCP ports as a union of closed ranges, for working out which ports a hop can
/// carry: what the target's rules admit, what the source's egress allows, what a rule with
/// explicit `ports` names. A hop involves a handful of rules, so a plain list of ranges is
/// enough; nothing here grows with the size of the model.
struct PortSet: Sendable {
    private(set) var ranges: [ClosedRange<Int>] = []

    static let every = PortSet(ranges: [PortRange.validPorts])
    static let empty = PortSet(ranges: [])

    var isEmpty: Bool { ranges.isEmpty }

    mutating func insert(_ range: ClosedRange<Int>) { ranges.append(range) }

    func contains(_ port: Int) -> Bool { ranges.contains { $0.contains(port) } }

    /// The lowest port in all of `sets` at once, if any. The lowest point of an intersection
    /// of unions of ranges is the lower bound of one of the ranges, so those are the only
    /// candidates.
    static func lowestCommonPort(_ sets: [PortSet]) -> Int? {
        var best: Int?
        for set in sets {
            for range in set.ranges where best.map({ range.lowerBound < $0 }) ?? true {
                let port = range.lowerBound
                if sets.allSatisfy({ $0.contains(port) }) { best = port }
            }
        }
        return best
    }

    /// Whether some port lies in every one of `sets`.
    static func intersect(_ sets: [PortSet]) -> Bool { lowestCommonPort(sets) != nil }
}

extension SecurityGroupRule {
    /// Whether the rule carries TCP: `tcp` (the default), or `all` protocols.
    var carriesTCP: Bool {
        switch effectiveProtocol {
        case .tcp, .all: return true
        case .udp, .icmp: return false
        }
    }

    /// The TCP ports the rule carries: every port for `protocol: all` (as AWS does, whatever
    /// `ports` says), else its `ports`; nothing for UDP or ICMP.
    var tcpPorts: ClosedRange<Int>? {
        switch effectiveProtocol {
        case .all: return PortRange.validPorts
        case .tcp: return ports.value.bounds
        case .udp, .icmp: return nil
        }
    }

    /// The ports the rule names explicitly (a TCP rule whose `ports` is not `all`): what
    /// picks the port shown for a hop into a node that listens on every port.
    var explicitTCPPorts: ClosedRange<Int>? {
        guard effectiveProtocol == .tcp, case .range(let lower, let upper) = ports.value else { return nil }
        return lower...upper
    }
}

extension CIDR {
    /// `0.0.0.0/0` or `::/0`: the whole internet.
    var isWorld: Bool { prefixLength == 0 }

    /// The block of `prefixLength` bits that holds this one (`prefixLength` at most this
    /// block's own).
    func ancestor(prefixLength: Int) -> CIDR {
        let bits = family == .v4 ? 32 : 128
        let hostBits = bits - prefixLength
        let mask: UInt128 = hostBits >= 128 ? .max : (hostBits <= 0 ? 0 : (UInt128(1) << hostBits) &- 1)
        return CIDR(family: family, address: address & ~mask, prefixLength: prefixLength)
    }
}
