import ArchlintModel

/// Whether two values of the model say the same thing, as a review compares them: after the
/// format's defaults (a record's left-out field reads as its default), and with every list
/// taken as a multiset, since no list of the format means anything by its order (rules,
/// statements, subnets, security groups, endpoints are all sets to the cloud).
enum ValueEquality {
    /// Absent and `null` are the same: both mean the spec gives no value. `a` is the base's
    /// value, `b` the head's: `reading` may read the base's references under other names.
    static func same(_ a: ModelValue?, _ b: ModelValue?, reading: ComparisonReading = .review) -> Bool {
        switch (present(a), present(b)) {
        case (nil, nil): return true
        case (.bool(let x)?, .bool(let y)?): return x == y
        case (.int(let x)?, .int(let y)?): return x == y
        case (.number(let x)?, .number(let y)?): return x == y
        case (.string(let x)?, .string(let y)?): return x == y || reading.standsFor(x, y)
        case (.cidr(let x)?, .cidr(let y)?): return x == y
        case (.ports(let x)?, .ports(let y)?): return x == y
        case (.reference(let xKind, let x)?, .reference(let yKind, let y)?): return xKind == yKind && reading.baseName(x, kind: xKind) == y
        case (.list(let x)?, .list(let y)?): return sameItems(x, y, reading: reading)
        case (.record(let x)?, .record(let y)?): return sameRecords(x, y, reading: reading)
        default: return false
        }
    }

    /// A record's value in `slot` with its default applied (nil: absent, no default).
    static func effective(_ record: ModelRecord, slot: Int) -> ModelValue? {
        present(record.value(record.layout.keys[slot])?.value)
    }

    /// A hash that equal values share (`same`): lists and free-form mappings hash without
    /// their order, records by their effective values.
    /// `reading` and `side` say how the value is read: a base value's references under the
    /// names `reading` gives them, so that values `same` pairs across the sides hash alike.
    static func fingerprint(_ value: ModelValue?, reading: ComparisonReading = .review, side: ComparisonReading.Side = .head) -> Int {
        var hasher = Hasher()
        feed(value, into: &hasher, reading: reading, side: side)
        return hasher.finalize()
    }

    private static func present(_ value: ModelValue?) -> ModelValue? {
        if case .null? = value { return nil }
        return value
    }

    private static func sameItems(_ x: [Located<ModelValue>], _ y: [Located<ModelValue>], reading: ComparisonReading) -> Bool {
        guard x.count == y.count else { return false }
        // Unchanged lists are by far the most common: in order, nothing to hash.
        if zip(x, y).allSatisfy({ same($0.value, $1.value, reading: reading) }) { return true }
        let matching = EqualItems(base: x.map(\.value), head: y.map(\.value), reading: reading)
        return matching.unmatchedBase.isEmpty && matching.unmatchedHead.isEmpty
    }

    private static func sameRecords(_ x: ModelRecord, _ y: ModelRecord, reading: ComparisonReading) -> Bool {
        guard x.layout.schema == y.layout.schema else { return false }
        if x.layout === y.layout {
            return (0..<x.layout.writtenCount).allSatisfy { same(effective(x, slot: $0), effective(y, slot: $0), reading: reading) }
        }
        // Free-form mappings (an IAM condition) each have a layout of their own keys, in
        // the order written, and no defaults: the same keys with the same values.
        let xValues = x.writtenValues
        let yValues = y.writtenValues
        guard xValues.count == yValues.count else { return false }
        return xValues.allSatisfy { entry in
            yValues.contains { $0.key == entry.key && same(entry.value.value, $0.value.value, reading: reading) }
        }
    }

    private static func feed(_ value: ModelValue?, into hasher: inout Hasher, reading: ComparisonReading, side: ComparisonReading.Side) {
        switch present(value) {
        case nil: hasher.combine(0)
        case .null?: hasher.combine(0)
        case .bool(let value)?: hasher.combine(1); hasher.combine(value)
        case .int(let value)?: hasher.combine(2); hasher.combine(value)
        case .number(let value)?: hasher.combine(3); hasher.combine(value)
        case .string(let value)?:
            hasher.combine(4)
            // A stand-in equals any string: strings then hash alike, and `same` tells them apart.
            if !reading.redactedMatchesAnyString { hasher.combine(value) }
        case .cidr(let value)?: hasher.combine(5); hasher.combine(value)
        case .ports(let value)?: hasher.combine(6); hasher.combine(value)
        case .reference(let kind, let name)?:
            hasher.combine(7)
            hasher.combine(kind)
            hasher.combine(side == .base ? reading.baseName(name, kind: kind) : name)
        case .list(let items)?:
            hasher.combine(8)
            hasher.combine(items.count)
            // A sum does not depend on the order of its terms.
            hasher.combine(items.reduce(0) { $0 &+ fingerprint($1.value, reading: reading, side: side) })
        case .record(let record)?:
            hasher.combine(9)
            hasher.combine(record.layout.schema)
            var sum = 0
            for slot in 0..<record.layout.writtenCount {
                guard let value = effective(record, slot: slot) else { continue }
                var field = Hasher()
                field.combine(record.layout.keys[slot])
                feed(value, into: &field, reading: reading, side: side)
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

    init(base: [ModelValue], head: [ModelValue], reading: ComparisonReading = .review) {
        // Base items by fingerprint, last first: each head item takes the earliest equal one
        // still free and removes it, so duplicates pair up one to one, each in constant time.
        var buckets: [Int: [Int]] = [:]
        for (index, item) in base.enumerated().reversed() {
            buckets[ValueEquality.fingerprint(item, reading: reading, side: .base), default: []].append(index)
        }
        var taken = [Bool](repeating: false, count: base.count)
        for (index, item) in head.enumerated() {
            let fingerprint = ValueEquality.fingerprint(item, reading: reading)
            if let found = buckets[fingerprint]?.lastIndex(where: { ValueEquality.same(base[$0], item, reading: reading) }),
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

/// How a comparison reads the two sides. A review (`archlint diff`) reads both sides alike;
/// drift (`archlint drift`) compares a spec (the head) with what a Terraform plan imports
/// into (the base), which differs from a spec on three counts.
struct ComparisonReading: Sendable {
    enum Side: Sendable { case base, head }

    /// Only the fields both sides write are compared: the import leaves out what is unknown
    /// until apply, and what a hand-written spec leaves out it does not claim.
    var onlyFieldsBothWrite = false
    /// The string `REDACTED` equals any string: the import writes it in place of a literal
    /// credential it will not repeat.
    var redactedMatchesAnyString = false
    /// Base names of resources matched to a head resource of another name (through
    /// `x-terraform`), by kind: a base reference to one reads as the head's name.
    var baseNames: [ResourceKind: [String: String]] = [:]

    /// As `archlint diff` compares.
    static let review = ComparisonReading()

    /// What the import writes in place of a literal credential.
    static let redacted = "REDACTED"

    func baseName(_ name: String, kind: ResourceKind) -> String {
        baseNames[kind]?[name] ?? name
    }

    /// Whether one of two different strings is the import's stand-in for the other.
    func standsFor(_ x: String, _ y: String) -> Bool {
        redactedMatchesAnyString && (x == Self.redacted || y == Self.redacted)
    }
}
