import ArchlintModel

extension ModelRecord {
    /// A CIDR attribute, with where it is written.
    public func cidr(_ key: String) -> Located<CIDR>? {
        guard let value = value(key), case .cidr(let cidr) = value.value else { return nil }
        return Located(cidr, at: value.position)
    }

    public func string(_ key: String) -> String? {
        guard let value = value(key) else { return nil }
        switch value.value {
        case .string(let text): return text
        case .null: return nil
        default: return value.value.text
        }
    }

    public func int(_ key: String) -> Int? {
        if case .int(let number)? = value(key)?.value { return number }
        return nil
    }

    public func isTrue(_ key: String) -> Bool {
        if case .bool(true)? = value(key)?.value { return true }
        return false
    }

    /// The items of a list attribute (empty when left out).
    public func items(_ key: String) -> [Located<ModelValue>] {
        if case .list(let items)? = value(key)?.value { return items }
        return []
    }

    /// The records of a list attribute.
    public func records(_ key: String) -> [ModelRecord] {
        items(key).compactMap { item in
            if case .record(let record) = item.value { return record }
            return nil
        }
    }

    /// The names a list of references gives, with where each is written.
    public func references(_ key: String) -> [Located<String>] {
        items(key).compactMap { item in
            if case .reference(_, let name) = item.value { return Located(name, at: item.position) }
            return nil
        }
    }
}

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
