import ArchlintFindings
import ArchlintLoad
import ArchlintModel

/// The fields that differ between one mapping in the base and the same mapping in the head,
/// walked through the format's description of the mapping (its keys in schema order, their
/// types, the nested mappings), each with its path, old and new value as a spec writes them,
/// and where the new value is in the head.
///
/// Paths: `key`, `key.nested` inside a single nested mapping, `key[INDEX].nested` inside an
/// item of a list, `key.NAME` for an entry of a map whose keys the user chooses (`tags`,
/// `environment`, `secrets`). An INDEX is the item's place in the head's list, so the path
/// points at what the reviewer sees in the new file; only an item the head no longer has
/// is numbered by its place in the base's list.
struct RecordComparison {
    /// The head spec's path: every change is located in the head.
    let file: String
    /// How the sides are read: alike for a review; drift's way for a spec and an import.
    let reading: ComparisonReading
    private(set) var changes: [FieldChange] = []

    init(file: String, reading: ComparisonReading = .review) {
        self.file = file
        self.reading = reading
    }

    /// Compares every key either side wrote, with defaults applied on both sides, so
    /// `encrypted: false` and leaving `encrypted` out are the same. Computed attributes
    /// (slots past the written ones) are not fields. Fields whose items are resources of
    /// their own (a network's subnets, a spec's resource lists) are compared as those
    /// resources, not here.
    mutating func compare(_ base: ModelRecord, _ head: ModelRecord, as description: RecordDescription, path: String = "") {
        let keys = head.layout.keys
        for slot in description.fields.indices where description.fields[slot].nested?.kind == nil {
            let key = keys[slot]
            let baseWritten = base.written(key)
            let headWritten = head.written(key)
            guard baseWritten != nil || headWritten != nil else { continue }
            if reading.onlyFieldsBothWrite, baseWritten == nil || headWritten == nil { continue }
            let old = baseWritten ?? base.value(key)
            let new = headWritten ?? head.value(key)
            // Most fields are unchanged: decided before a path is spelled out.
            if ValueEquality.same(old?.value, new?.value, reading: reading) { continue }
            compare(old, new, as: description.fields[slot], path: path + key.text, container: head.position)
        }
    }

    /// Two values of a field that differ. `container`: where the head's mapping holding the
    /// value starts, the location of a value the head leaves out.
    private mutating func compare(
        _ old: Located<ModelValue>?, _ new: Located<ModelValue>?, as field: FieldDescription, path: String,
        container: SourcePosition
    ) {
        switch (old?.value, new?.value) {
        case (.record(let base)?, .record(let head)?):
            if let nested = field.nested {
                compare(base, head, as: nested, path: path + ".")
                return
            }
        case (.list(let base)?, .list(let head)?):
            if field.type.mapEntryType != nil {
                compareEntries(base, head, as: field, path: path, container: container)
                return
            }
            if case .list(.record) = field.type, let nested = field.nested {
                compareItems(base, head, as: nested, path: path, container: container)
                return
            }
        default: break
        }
        // Scalars, free-form mappings, a mapping one side leaves out, and lists of scalars.
        // Those lists (subnets, security groups, endpoints, actions) are sets to the cloud,
        // so only a different membership gets here (`ValueEquality`); the whole list shows,
        // as the head now writes it, which reads better than items added and removed.
        report(path, old?.value, new?.value, as: field.type, nested: field.nested, at: new?.position ?? container)
    }

    /// Items of a list of mappings. Equal items pair first, wherever they are: reordering is
    /// no change. Of the rest, items named by a `name` key pair by name (a name only on one
    /// side is an item added or removed, as a renamed resource is); unnamed items (security
    /// group rules, policy statements, listeners) pair up in list order and show the fields
    /// that differ. Left-over head items are added whole, left-over base items removed whole.
    private mutating func compareItems(
        _ base: [Located<ModelValue>], _ head: [Located<ModelValue>], as item: RecordDescription, path: String,
        container: SourcePosition
    ) {
        let equal = EqualItems(base: base.map(\.value), head: head.map(\.value), reading: reading)
        var pairs: [(base: Int, head: Int)] = []
        var added: [Int] = []
        var removed: [Int] = []
        if let nameSlot = item.fields.firstIndex(where: { $0.key == AttributeKey.name.text }) {
            var byName: [String: [Int]] = [:]
            for index in equal.unmatchedBase.reversed() { byName[itemName(base[index].value, slot: nameSlot), default: []].append(index) }
            for index in equal.unmatchedHead {
                if let match = byName[itemName(head[index].value, slot: nameSlot)]?.popLast() {
                    pairs.append((match, index))
                } else {
                    added.append(index)
                }
            }
            removed = byName.values.flatMap { $0 }.sorted()
        } else {
            let paired = min(equal.unmatchedBase.count, equal.unmatchedHead.count)
            pairs = (0..<paired).map { (equal.unmatchedBase[$0], equal.unmatchedHead[$0]) }
            added = Array(equal.unmatchedHead.dropFirst(paired))
            removed = Array(equal.unmatchedBase.dropFirst(paired))
        }

        // In list order: changed and added items at their head index, then removed items at
        // their base index (a removal sorts after anything the head has at that index).
        enum Outcome {
            case changed(base: Int, head: Int), added(Int), removed(Int)
        }
        var outcomes = pairs.map { Outcome.changed(base: $0.base, head: $0.head) } + added.map(Outcome.added) + removed.map(Outcome.removed)
        func order(_ outcome: Outcome) -> (Int, Int) {
            switch outcome {
            case .changed(_, let head), .added(let head): return (head, 0)
            case .removed(let base): return (base, 1)
            }
        }
        outcomes.sort { order($0) < order($1) }
        for outcome in outcomes {
            switch outcome {
            case .changed(let baseIndex, let headIndex):
                guard case .record(let old) = base[baseIndex].value, case .record(let new) = head[headIndex].value else { continue }
                compare(old, new, as: item, path: "\(path)[\(headIndex)].")
            case .added(let index):
                report("\(path)[\(index)]", nil, head[index].value, as: .record(item.name), nested: item, at: head[index].position)
            case .removed(let index):
                report("\(path)[\(index)]", base[index].value, nil, as: .record(item.name), nested: item, at: container)
            }
        }
    }

    /// Entries of a map whose keys the user chooses, matched by key: order means nothing.
    private mutating func compareEntries(
        _ base: [Located<ModelValue>], _ head: [Located<ModelValue>], as field: FieldDescription, path: String,
        container: SourcePosition
    ) {
        guard let valueType = field.type.mapEntryType else { return }
        var baseValues: [String: ModelValue] = [:]
        var baseOrder: [String] = []
        for item in base {
            guard case .record(let record) = item.value, let entry = record.mapEntry else { continue }
            if baseValues.updateValue(entry.value.value, forKey: entry.key) == nil { baseOrder.append(entry.key) }
        }
        var headKeys = Set<String>()
        for item in head {
            guard case .record(let record) = item.value, let entry = record.mapEntry else { continue }
            headKeys.insert(entry.key)
            let old = baseValues[entry.key]
            // Each entry is a field of its own: one side's extra tags are not stated by the other.
            if reading.onlyFieldsBothWrite, old == nil { continue }
            if !ValueEquality.same(old, entry.value.value, reading: reading) {
                report(path + "." + entry.key, old, entry.value.value, as: valueType, at: entry.value.position)
            }
        }
        for key in baseOrder where !headKeys.contains(key) && !reading.onlyFieldsBothWrite {
            report(path + "." + key, baseValues[key], nil, as: valueType, at: container)
        }
    }

    /// The `name` of a list item, as the key items of its list are matched by.
    private func itemName(_ value: ModelValue, slot: Int) -> String {
        guard case .record(let record) = value else { return "" }
        return record.value(record.layout.keys[slot])?.value.text ?? ""
    }

    private mutating func report(
        _ path: String, _ old: ModelValue?, _ new: ModelValue?, as type: FieldType, nested: RecordDescription? = nil,
        at position: SourcePosition
    ) {
        changes.append(
            FieldChange(
                path: path,
                old: old.flatMap { $0.isNull ? nil : SpecText.render($0, as: type, nested: nested, name: reading.baseName) },
                new: new.flatMap { $0.isNull ? nil : SpecText.render($0, as: type, nested: nested) },
                location: SourceLocation(file: file, line: position.line, column: position.column)))
    }
}
