import ArchlintModel

/// One key of a mapping in the spec format: its type, whether it is required, what it
/// means, and how its value is stored in the model.
public struct Field<Record>: Sendable {
    public let key: String
    public let type: FieldType
    public let isRequired: Bool
    public let summary: String
    let store: @Sendable (inout Record, YAMLNode, inout DecodeContext) -> Void
    /// `store`, reading the value from libyaml's events (given its first one).
    let streamStore: @Sendable (inout Record, EventReader, StreamEvent, inout DecodeContext) throws(StreamFallback) -> Void
    /// The value the spec wrote, as the rule language sees it (nil: left out).
    let read: @Sendable (Record) -> (ModelValue, SourcePosition?)?
    /// The value a left-out key stands for, as the format defines it.
    let fallback: @Sendable (Record) -> ModelValue?
    /// The nested mapping's fields, when the value is one (or a list of them).
    let nested: (@Sendable () -> RecordDescription)?
    /// The references to other resources the field holds (nil: its type holds none).
    let references: ReferenceWalk<Record>?
    /// The error for a required key left out, given how the mapping is described ("rule
    /// NET001"); nil: "… is missing required key 'KEY'".
    private(set) var missingMessage: (@Sendable (String) -> String)?

    /// A field the model holds as an optional (absent when the spec leaves it out).
    /// `defaultValue` is what leaving it out means; booleans default to false.
    public init<Value>(
        _ key: String, _ path: WritableKeyPath<Record, Value?>,
        _ codec: Codec<Value>, required: Bool = false, _ summary: String,
        default defaultValue: (@Sendable (Record) -> ModelValue?)? = nil
    ) {
        self.key = key
        self.type = codec.type
        self.isRequired = required
        self.summary = summary
        self.nested = codec.nested
        let property = StoredProperty(path)
        self.store = { record, node, context in
            if let value = codec.decode(node, &context) { property.set(&record, value) }
        }
        self.streamStore = { record, reader, first, context throws(StreamFallback) in
            if let value = try codec.decode(from: reader, first, &context) { property.set(&record, value) }
        }
        self.read = { record in property.get(record).map(codec.export) }
        var references: ReferenceWalk<Record>?
        if let walk = codec.references {
            references = { (record: Record, owner: ReferenceOwner, sites: inout [ReferenceSite]) in
                if let value = property.get(record) { walk(value, owner, &sites) }
            }
        }
        self.references = references
        let type = codec.type
        self.fallback = defaultValue ?? { _ in type == .bool ? .bool(false) : nil }
    }

    /// A field the model always holds (required fields, and lists that default to empty).
    /// An empty list reads as left out, with the empty list as its default.
    public init<Value>(
        _ key: String, _ path: WritableKeyPath<Record, Value>,
        _ codec: Codec<Value>, required: Bool = false, _ summary: String
    ) {
        self.key = key
        self.type = codec.type
        self.isRequired = required
        self.summary = summary
        self.nested = codec.nested
        let property = StoredProperty(path)
        self.store = { record, node, context in
            if let value = codec.decode(node, &context) { property.set(&record, value) }
        }
        var references: ReferenceWalk<Record>?
        if let walk = codec.references {
            references = { (record: Record, owner: ReferenceOwner, sites: inout [ReferenceSite]) in
                walk(property.get(record), owner, &sites)
            }
        }
        self.references = references
        self.streamStore = { record, reader, first, context throws(StreamFallback) in
            if let value = try codec.decode(from: reader, first, &context) { property.set(&record, value) }
        }
        self.read = { record in
            let exported = codec.export(property.get(record))
            if case .list(let items) = exported.0, items.isEmpty { return nil }
            return exported
        }
        let isList: Bool
        switch codec.type {
        case .list, .stringMap, .scalarMap, .secretMap: isList = true
        default: isList = false
        }
        self.fallback = { _ in isList ? .list([]) : nil }
    }
}

extension Field {
    /// The field, with its own words for when a required key is left out (a rule's
    /// examples say what they need).
    public func whenMissing(_ message: @escaping @Sendable (_ described: String) -> String) -> Field {
        var field = self
        field.missingMessage = message
        return field
    }
}

/// How errors name a mapping of one schema: the spec format's wording unless a format
/// keeps its own (rule packs and the configuration say "the rule pack", "a waiver").
public struct RecordWording: Sendable {
    /// Ends "unknown key 'KEY' in …": "subnet", "the configuration".
    public let unknownKeyIn: String
    /// Ends "expected a mapping for …, found …": "a subnet", "rule pack".
    public let mappingFor: String
    /// The key whose value names the mapping in `missingFrom` ("name"; a rule's "id").
    /// Specs' mappings are all named by `name`, which their streaming decoder reads as it
    /// goes; other formats are decoded from nodes, where any key can name a mapping.
    public let namingKey: String
    /// Starts "… is missing required key 'KEY'", given the mapping's name (nil when it
    /// has none): "subnet 'a'", "this subnet".
    let missingFrom: @Sendable (_ name: String?) -> String

    public init(
        unknownKeyIn: String, mappingFor: String, namingKey: String = "name",
        missingFrom: @escaping @Sendable (_ name: String?) -> String
    ) {
        self.unknownKeyIn = unknownKeyIn
        self.mappingFor = mappingFor
        self.namingKey = namingKey
        self.missingFrom = missingFrom
    }

    /// The same words everywhere: "in NAME", "for NAME", "NAME is missing …".
    public init(_ name: String) {
        self.init(unknownKeyIn: name, mappingFor: name) { _ in name }
    }

    /// The spec format's words for a mapping called `name`.
    static func spec(_ name: String) -> RecordWording {
        RecordWording(unknownKeyIn: name, mappingFor: "\(article(name)) \(name)") { named in
            named.map { "\(name) '\(abbreviated($0))'" } ?? "this \(name)"
        }
    }
}

/// A value the rule language may read that no spec writes: computed from the record by
/// the format's own rules (a service's minimum task count).
public struct DerivedAttribute<Record>: Sendable {
    public let key: String
    public let summary: String
    let compute: @Sendable (Record) -> ModelValue?

    public init(_ key: String, _ summary: String, _ compute: @escaping @Sendable (Record) -> ModelValue?) {
        self.key = key
        self.summary = summary
        self.compute = compute
    }
}

/// What to say about a key that is wrong in a known way (`to` in an ingress rule), and the
/// key the user most likely meant, if it is one of the record's own.
public struct KeyHint: Sendable {
    public let advice: String
    public let meant: String?

    public init(_ advice: String, meant: String? = nil) {
        self.advice = advice
        self.meant = meant
    }
}

/// The fields of one kind of mapping (a resource kind, a nested item such as a listener,
/// or a mapping of a rule pack or of the configuration), and how to decode it strictly: unknown keys are errors with a suggestion,
/// keys starting with `x-` are ignored, required fields must be present.
public struct RecordSchema<Record: Positioned & Sendable>: Sendable {
    /// What the mapping is called in messages ("subnet", "listener").
    public let name: String
    /// The resource kind, when the mapping is a resource.
    public let kind: ResourceKind?
    public let fields: [Field<Record>]
    /// Attributes the rule language can read beyond the written fields.
    public let derived: [DerivedAttribute<Record>]
    /// Extra words for keys that are easy to get wrong in a known way.
    let hints: [String: KeyHint]
    /// How errors name the mapping.
    public private(set) var wording: RecordWording
    let make: @Sendable (SourcePosition) -> Record
    /// The record's own name, for mappings that have one (resources, NAT gateways): the
    /// references it holds are then its own in messages, else its owner's.
    let identity: (@Sendable (Record) -> String)?
    /// The fields whose types can hold references, in field order.
    private let referenceWalks: [ReferenceWalk<Record>]
    let fieldIndex: [String: Int]
    /// Field keys then derived keys, with their slots: every view shares it.
    public let layout: RecordLayout

    public init(
        _ name: String, kind: ResourceKind? = nil, wording: RecordWording? = nil, hints: [String: KeyHint] = [:],
        identity: (@Sendable (Record) -> String)? = nil,
        make: @escaping @Sendable (SourcePosition) -> Record, fields: [Field<Record>],
        derived: [DerivedAttribute<Record>] = []
    ) {
        self.name = name
        self.wording = wording ?? .spec(name)
        self.identity = identity
        self.referenceWalks = fields.compactMap(\.references)
        self.kind = kind
        self.derived = derived
        self.fields = fields
        self.hints = hints
        self.make = make
        var index: [String: Int] = [:]
        for (offset, field) in fields.enumerated() { index[field.key] = offset }
        self.fieldIndex = index
        self.layout = RecordLayout(
            schema: name, kind: kind, written: fields.map(\.key), computed: derived.map(\.key),
            holdsText: fields.map(\.type.mayHoldText))
    }

    /// The schema without its types: names, keys, types, what is required, what each key
    /// means, and the nested mappings — for the JSON Schema and other descriptions.
    public var formatDescription: RecordDescription {
        RecordDescription(
            name: name, kind: kind,
            fields: fields.map {
                FieldDescription(key: $0.key, type: $0.type, isRequired: $0.isRequired, summary: $0.summary, nested: $0.nested?())
            }, derivedKeys: derived.map(\.key))
    }

    /// The schema with other words for its errors: one mapping of a map whose keys the
    /// user chooses ("parameter 'max_days'", "rule NET004").
    public func worded(_ wording: RecordWording) -> RecordSchema {
        var schema = self
        schema.wording = wording
        return schema
    }

    /// Decodes a whole document whose top is a mapping of this schema; the errors are in
    /// the order found, as many as a file keeps (`DecodeContext.reportedErrors`).
    public func decodeDocument(_ root: YAMLNode) -> (record: Record?, errors: [YAMLError]) {
        var context = DecodeContext()
        let record = decode(root, &context)
        return (record, context.reportedErrors)
    }

    /// Whether any field's type can hold a reference to another resource.
    var refersToResources: Bool { !referenceWalks.isEmpty }

    /// Appends every reference `record` holds, field by field in the schema's order (the
    /// order they are written in, for each mapping), made by `owner` unless the record is
    /// named itself.
    func collectReferences(in record: Record, owner: ReferenceOwner, into sites: inout [ReferenceSite]) {
        let owner = identity.map { ReferenceOwner(schema: name, name: $0(record)) } ?? owner
        for walk in referenceWalks { walk(record, owner, &sites) }
    }

    public func field(_ key: String) -> Field<Record>? {
        fieldIndex[key].map { fields[$0] }
    }

    func position(_ record: Record) -> SourcePosition { record.position }

    /// `record` as the rule language sees it: slot by slot, a field's value (or default),
    /// then the computed attributes.
    public func view(_ record: Record) -> ModelRecord {
        let fields = self.fields
        let derived = self.derived
        let position = record.position
        return ModelRecord(
            layout: layout, position: position,
            written: { slot in
                guard let (value, at) = fields[slot].read(record) else { return nil }
                return Located(value, at: at ?? position)
            },
            fallback: { slot in
                slot < fields.count ? fields[slot].fallback(record) : derived[slot - fields.count].compute(record)
            })
    }

    /// Decodes one mapping of this schema, as a codec of another format's field does.
    public func decode(_ node: YAMLNode, _ context: inout DecodeContext) -> Record? {
        guard case .mapping(let pairs) = node.content else {
            context.error("expected a mapping for \(wording.mappingFor), found \(node.kindDescription)", at: node.position)
            return nil
        }
        var record = make(node.position)
        // What notes about aliases and merge keys inside this mapping name.
        let here = RecordInContext(schema: name, kind: kind, pairs: pairs, namingKey: wording.namingKey)
        let (outerRecord, outerResource) = (context.record, context.resource)
        context.record = here
        if kind != nil {
            context.resource = here
            context.resourceDecoded(here)
        }
        defer { (context.record, context.resource) = (outerRecord, outerResource) }
        var present = [Bool](repeating: false, count: fields.count)
        // Required keys an unknown key was taken for (`port:` for `ports`): the did-you-mean
        // already tells the user, so "missing 'ports'" would be a second error for one mistake.
        var misspelled: Set<String> = []
        for pair in pairs {
            decodePair(pair, into: &record, present: &present, misspelled: &misspelled, &context)
        }
        reportMissing(present: present, misspelled: misspelled, in: describe(pairs), at: node.position, &context)
        return record
    }

    /// Decodes one key and its value into `record`, given as a pair of nodes (the tree
    /// path, and the streaming path for a value the composer built or a merged pair).
    func decodePair(
        _ pair: YAMLPair, into record: inout Record, present: inout [Bool], misspelled: inout Set<String>,
        _ context: inout DecodeContext
    ) {
        let key = pair.key.scalar?.text ?? ""
        if key.hasPrefix("x-") { return }
        guard let index = fieldIndex[key] else {
            let (message, suggestion) = unknownKeyMessage(key)
            if let suggestion { misspelled.insert(suggestion) }
            if let use = pair.key.use {
                context.through(use, [pair.key]) { $0.error(message, at: pair.key.position) }
            } else {
                context.error(message, at: pair.key.position)
            }
            return
        }
        // A null value (`key:`, `key: ~`) is the same as leaving the key out.
        if pair.value.isNull { return }
        present[index] = true
        // A pair merged in (`<<: *defaults`) or a value that is an alias was written
        // elsewhere; errors and findings on it also name this place.
        if let use = pair.key.use {
            context.through(use, [pair.key, pair.value]) { fields[index].store(&record, pair.value, &$0) }
        } else if let use = pair.value.use {
            // Only the value came from the anchor; the key is written here.
            context.through(use, [pair.value]) { fields[index].store(&record, pair.value, &$0) }
        } else {
            fields[index].store(&record, pair.value, &context)
        }
    }

    /// Required keys left out, after the mapping's pairs (`described`: "subnet 'a'").
    func reportMissing(
        present: [Bool], misspelled: Set<String>, in described: @autoclosure () -> String,
        at position: SourcePosition, _ context: inout DecodeContext
    ) {
        for (index, field) in fields.enumerated() where field.isRequired && !present[index] && !misspelled.contains(field.key) {
            let message = field.missingMessage?(described()) ?? "\(described()) is missing required key '\(field.key)'"
            context.error(message, at: position)
        }
    }

    /// The error for an unknown key, and the field it suggests instead, if any.
    func unknownKeyMessage(_ key: String) -> (message: String, suggestion: String?) {
        var message = "unknown key '\(abbreviated(key))' in \(wording.unknownKeyIn)"
        if let hint = hints[key] {
            message += "; \(hint.advice)"
            return (message, hint.meant)
        } else if let suggestion = closestMatch(to: key, in: fields.map(\.key)) {
            message += "; did you mean '\(suggestion)'?"
            return (message, suggestion)
        } else {
            message += "; expected one of: \(fields.map(\.key).joined(separator: ", "))"
        }
        return (message, nil)
    }

    /// "subnet 'app-a'" when the mapping has a name, else "this subnet".
    private func describe(_ pairs: [YAMLPair]) -> String {
        describe(named: pairs.first(where: { $0.key.scalar?.text == wording.namingKey })?.value)
    }

    /// "subnet 'app-a'" when `nameValue` (the value of the mapping's naming key) is a
    /// non-empty scalar, else "this subnet".
    func describe(named nameValue: YAMLNode?) -> String {
        if let nameValue, !nameValue.isNull, let name = nameValue.scalar?.text, !name.isEmpty {
            return wording.missingFrom(name)
        }
        return wording.missingFrom(nil)
    }
}

func article(_ word: String) -> String {
    guard let first = word.first else { return "a" }
    return "aeiou".contains(first) ? "an" : "a"
}
