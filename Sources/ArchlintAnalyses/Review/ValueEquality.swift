import ArchlintModel

/// Whether two values of the model say the same thing, as a review compares them: after the
/// format's defaults (a record's left-out field reads as its default), and with every list
/// taken as a multiset, since no list of the format means anything by its order (rules,
/// statements, subnets, security groups, endpoints are all sets to the cloud).
enum ValueEquality {
    /// Absent and `null` are the same: both mean the spec gives no value.
    static func same(_ a: ModelValue?, _ b: ModelValue?) -> Bool {
        switch (present(a), present(b)) {
        case (nil, nil): return true
        case (.bool(let x)?, .bool(let y)?): return x == y
        case (.int(let x)?, .int(let y)?): return x == y
        case (.number(let x)?, .number(let y)?): return x == y
        case (.string(let x)?, .string(let y)?): return x == y
        case (.cidr(let x)?, .cidr(let y)?): return x == y
        case (.ports(let x)?, .ports(let y)?): return x == y
        case (.reference(let xKind, let x)?, .reference(let yKind, let y)?): return xKind == yKind && x == y
        case (.list(let x)?, .list(let y)?): return sameItems(x, y)
        case (.record(let x)?, .record(let y)?): return sameRecords(x, y)
        default: return false
        }
    }

    /// A record's value in `slot` with its default applied (nil: absent, no default).
    static func effective(_ record: ModelRecord, slot: Int) -> ModelValue? {
        present(record.value(record.layout.keys[slot])?.value)
    }

    /// A hash that equal values share (`same`): lists and free-form mappings hash without
    /// their order, records by their effective values.
    static func fingerprint(_ value: ModelValue?) -> Int {
        var hasher = Hasher()
        feed(value, into: &hasher)
        return hasher.finalize()
    }

    private static func present(_ value: ModelValue?) -> ModelValue? {
        if case .null? = value { return nil }
        return value
    }

    private static func sameItems(_ x: [Located<ModelValue>], _ y: [Located<ModelValue>]) -> Bool {
        guard x.count == y.count else { return false }
        // Unchanged lists are by far the most common: in order, nothing to hash.
        if zip(x, y).allSatisfy({ same($0.value, $1.value) }) { return true }
        let matching = EqualItems(base: x.map(\.value), head: y.map(\.value))
        return matching.unmatchedBase.isEmpty && matching.unmatchedHead.isEmpty
    }

    private static func sameRecords(_ x: ModelRecord, _ y: ModelRecord) -> Bool {
        guard x.layout.schema == y.layout.schema else { return false }
        if x.layout === y.layout {
            return (0..<x.layout.writtenCount).allSatisfy { same(effective(x, slot: $0), effective(y, slot: $0)) }
        }
        // Free-form mappings (an IAM condition) each have a layout of their own keys, in
        // the order written, and no defaults: the same keys with the same values.
        let xValues = x.writtenValues
        let yValues = y.writtenValues
        guard xValues.count == yValues.count else { return false }
        return xValues.allSatisfy { entry in
            yValues.contains { $0.key == entry.key && same($0.value.value, entry.value.value) }
        }
    }

    private static func feed(_ value: ModelValue?, into hasher: inout Hasher) {
        switch present(value) {
        case nil: hasher.combine(0)
        case .null?: hasher.combine(0)
        case .bool(let value)?: hasher.combine(1); hasher.combine(value)
        case .int(let value)?: hasher.combine(2); hasher.combine(value)
        case .number(let value)?: hasher.combine(3); hasher.combine(value)
        case .string(let value)?: hasher.combine(4); hasher.combine(value)
        case .cidr(let value)?: hasher.combine(5); hasher.combine(value)
        case .ports(let value)?: hasher.combine(6); hasher.combine(value)
        case .reference(let kind, let name)?: hasher.combine(7); hasher.combine(kind); hasher.combine(name)
        case .list(let items)?:
            hasher.combine(8)
            hasher.combine(items.count)
            // A sum does not depend on the order of its terms.
            hasher.combine(items.reduce(0) { $0 &+ fingerprint($1.value) })
        case .record(let record)?:
            hasher.combine(9)
            hasher.combine(record.layout.schema)
            var sum = 0
            for slot in 0..<record.layout.writtenCount {
                guard let value = effective(record, slot: slot) else { continue }
                var field = Hasher()
                field.combine(record.layout.keys[slot])
                feed(value, into: &field)
                sum &+= field.finalize()
            }
            hasher.combine(sum)
        }
    }
}

/// The items of two lists that have an equal partner on the other side, paired first (so
/// moving an item is no change); what is left over on each side, in list order.
struct EqualItems {
    private(set) var unmatchedBase: [Int] = []
    private(set) var unmatchedHead: [Int] = []

    init(base: [ModelValue], head: [ModelValue]) {
        // Base items by fingerprint, last first: each head item takes the earliest equal one
        // still free and removes it, so duplicates pair up one to one, each in constant time.
        var buckets: [Int: [Int]] = [:]
        for (index, item) in base.enumerated().reversed() { buckets[ValueEquality.fingerprint(item), default: []].append(index) }
        var taken = [Bool](repeating: false, count: base.count)
        for (index, item) in head.enumerated() {
            let fingerprint = ValueEquality.fingerprint(item)
            if let found = buckets[fingerprint]?.lastIndex(where: { ValueEquality.same(base[$0], item) }),
                let match = buckets[fingerprint]?.remove(at: found)
            {
                taken[match] = true
            } else {
                unmatchedHead.append(index)
            }
        }
        unmatchedBase = base.indices.filter { !taken[$0] }
    }
}
