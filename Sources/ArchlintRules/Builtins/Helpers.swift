import ArchlintModel

/// "a, b and c".
func inWords(_ items: [String]) -> String {
    switch items.count {
    case 0: return ""
    case 1: return items[0]
    default: return items.dropLast().joined(separator: ", ") + " and " + items.last!
    }
}

/// Overlapping pairs among `cidrs` by a sorted sweep. CIDR blocks either nest or are
/// disjoint, so the blocks still open when one starts are exactly those that contain it:
/// the cost is the sort plus the size of the answer, not all pairs.
func overlappingPairs(_ cidrs: [CIDR]) -> [(Int, Int)] {
    let order = cidrs.indices.sorted { a, b in
        let x = cidrs[a], y = cidrs[b]
        if x.family != y.family { return x.family == .v4 }
        if x.address != y.address { return x.address < y.address }
        if x.prefixLength != y.prefixLength { return x.prefixLength < y.prefixLength }
        return a < b
    }
    var open: [Int] = []
    var pairs: [(Int, Int)] = []
    for index in order {
        let block = cidrs[index]
        while let last = open.last, !(cidrs[last].family == block.family && cidrs[last].contains(block)) {
            open.removeLast()
        }
        for other in open { pairs.append((other, index)) }
        open.append(index)
    }
    return pairs
}
