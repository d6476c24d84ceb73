import ArchlintModel

/// One key of a mapping in the spec format: its type, whether it is required, what it
/// means, and how its value is stored in the model.
public struct Field<Record>: Sendable {
    public let key: String
    public let type: FieldType
    public let isRequired: Bool
    public let summary: String
    let store: @Sendable (inout Record, YAMLNode, inout DecodeContext) -> Void

    /// A field the model holds as an optional (absent when the spec leaves it out).
    public init<Value>(_ key: String, _ path: WritableKeyPath<Record, Value?> & Sendable,
                       _ codec: Codec<Value>, required: Bool = false, _ summary: String) {
        self.key = key
        self.type = codec.type
        self.isRequired = required
        self.summary = summary
        self.store = { record, node, context in
            if let value = codec.decode(node, &context) { record[keyPath: path] = value }
        }
    }

    /// A field the model always holds (required fields, and lists that default to empty).
    public init<Value>(_ key: String, _ path: WritableKeyPath<Record, Value> & Sendable,
                       _ codec: Codec<Value>, required: Bool = false, _ summary: String) {
        self.key = key
        self.type = codec.type
        self.isRequired = required
        self.summary = summary
        self.store = { record, node, context in
            if let value = codec.decode(node, &context) { record[keyPath: path] = value }
        }
    }
}

/// The fields of one kind of mapping (a resource kind, or a nested item such as a
/// listener), and how to decode it strictly: unknown keys are errors with a suggestion,
/// keys starting with `x-` are ignored, required fields must be present.
public struct RecordSchema<Record>: Sendable {
    /// What the mapping is called in messages ("subnet", "listener").
    public let name: String
    public let fields: [Field<Record>]
    /// Extra words for keys that are easy to get wrong in a known way.
    let hints: [String: String]
    let make: @Sendable (SourcePosition) -> Record
    private let fieldIndex: [String: Int]

    public init(_ name: String, hints: [String: String] = [:],
                make: @escaping @Sendable (SourcePosition) -> Record, fields: [Field<Record>]) {
        self.name = name
        self.fields = fields
        self.hints = hints
        self.make = make
        var index: [String: Int] = [:]
        for (offset, field) in fields.enumerated() { index[field.key] = offset }
        self.fieldIndex = index
    }

    public func field(_ key: String) -> Field<Record>? {
        fieldIndex[key].map { fields[$0] }
    }

    func decode(_ node: YAMLNode, _ context: inout DecodeContext) -> Record? {
        guard case .mapping(let pairs) = node.content else {
            context.error("expected a mapping for \(article(name)) \(name), found \(node.kindDescription)", at: node.position)
            return nil
        }
        var record = make(node.position)
        var present = [Bool](repeating: false, count: fields.count)
        for pair in pairs {
            let key = pair.key.scalar?.text ?? ""
            if key.hasPrefix("x-") { continue }
            guard let index = fieldIndex[key] else {
                context.error(unknownKeyMessage(key), at: pair.key.position)
                continue
            }
            // A null value (`key:`, `key: ~`) is the same as leaving the key out.
            if pair.value.isNull { continue }
            present[index] = true
            fields[index].store(&record, pair.value, &context)
        }
        for (index, field) in fields.enumerated() where field.isRequired && !present[index] {
            context.error("\(describe(pairs)) is missing required key '\(field.key)'", at: node.position)
        }
        return record
    }

    private func unknownKeyMessage(_ key: String) -> String {
        var message = "unknown key '\(key)' in \(name)"
        if let hint = hints[key] {
            message += "; \(hint)"
        } else if let suggestion = closestMatch(to: key, in: fields.map(\.key)) {
            message += "; did you mean '\(suggestion)'?"
        } else {
            message += "; expected one of: \(fields.map(\.key).joined(separator: ", "))"
        }
        return message
    }

    /// "subnet 'app-a'" when the mapping has a name, else "this subnet".
    private func describe(_ pairs: [YAMLPair]) -> String {
        if let pair = pairs.first(where: { $0.key.scalar?.text == "name" }), let name = pair.value.scalar?.text, !name.isEmpty {
            return "\(self.name) '\(name)'"
        }
        return "this \(name)"
    }
}

func article(_ word: String) -> String {
    guard let first = word.first else { return "a" }
    return "aeiou".contains(first) ? "an" : "a"
}
