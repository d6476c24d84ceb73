import ArchlintLoad
import ArchlintModel

/// A value of the model written back the way a spec author writes it, for a review's old
/// and new values: references by name (with `sg:` or `secret:` where the field also takes
/// literals), ports as `5432` or `8000-8100`, mappings and lists in flow style with keys in
/// schema order and only the keys written (`{ports: 5432, from: 0.0.0.0/0}`).
enum SpecText {
    /// What stands in for a credential written as a literal: a review repeats it no more
    /// than the secrets rules' findings do. Two different literals still count as a change.
    static let literalCredential = "(a literal value)"

    /// `value`, read as a field of `type`; `nested` describes its mappings, if it holds any.
    /// `name` gives the name a reference is written with (drift writes the plan's references
    /// under the spec's names of the resources they name).
    static func render(
        _ value: ModelValue, as type: FieldType, nested: RecordDescription? = nil,
        name: (String, ResourceKind) -> String = { name, _ in name }
    ) -> String {
        switch value {
        case .null: return "null"
        case .bool, .int, .number, .cidr, .ports: return value.text
        case .string(let text): return type == .secretOrLiteral ? literalCredential : scalar(text)
        case .reference(let kind, let written):
            let shown = name(written, kind)
            switch type {
            case .ruleEndpoint: return "sg:" + shown
            case .secretOrLiteral: return "secret:" + shown
            default: return shown
            }
        case .list(let items):
            if let entryType = type.mapEntryType {
                return "{" + items.compactMap { mapEntry($0.value, as: entryType, name: name) }.joined(separator: ", ") + "}"
            }
            let elementType: FieldType
            if case .list(let element) = type { elementType = element } else { elementType = .freeform }
            return "[" + items.map { render($0.value, as: elementType, nested: nested, name: name) }.joined(separator: ", ") + "]"
        case .record(let record):
            guard let nested, nested.fields.count == record.layout.writtenCount else { return freeform(record) }
            var parts: [String] = []
            for (slot, field) in nested.fields.enumerated() {
                guard let written = record.written(record.layout.keys[slot]) else { continue }
                parts.append(field.key + ": " + render(written.value, as: field.type, nested: field.nested, name: name))
            }
            return "{" + parts.joined(separator: ", ") + "}"
        }
    }

    /// `KEY: VALUE` of a map whose keys the user chooses (`tags`, `environment`, `secrets`).
    private static func mapEntry(_ value: ModelValue, as type: FieldType, name: (String, ResourceKind) -> String) -> String? {
        guard case .record(let record) = value, let entry = record.mapEntry else { return nil }
        return scalar(entry.key) + ": " + render(entry.value.value, as: type, name: name)
    }

    /// A mapping kept as written (an IAM condition): its keys in the order written.
    private static func freeform(_ record: ModelRecord) -> String {
        let parts = record.writtenValues.map { scalar($0.key.text) + ": " + render($0.value.value, as: .freeform) }
        return "{" + parts.joined(separator: ", ") + "}"
    }

    /// A string as a plain scalar when YAML reads it back unchanged inside a flow mapping,
    /// else double-quoted.
    static func scalar(_ text: String) -> String {
        guard needsQuotes(text) else { return text }
        var quoted = "\""
        for character in text.unicodeScalars {
            switch character {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\t": quoted += "\\t"
            default: quoted.unicodeScalars.append(character)
            }
        }
        return quoted + "\""
    }

    private static func needsQuotes(_ text: String) -> Bool {
        guard let first = text.first, let last = text.last else { return true }
        if first == " " || last == " " { return true }
        // Characters that start something else in YAML (`*` an alias, `&` an anchor, …).
        if "#&*!|>'\"%@`,[]{}".contains(first) { return true }
        if "-?:".contains(first), text.count == 1 || text.dropFirst().first == " " { return true }
        if text.contains(": ") || text.contains(" #") || last == ":" { return true }
        // Flow indicators would end the value inside `{…}` or `[…]`.
        return text.contains { ",[]{}\n\t\"\\".contains($0) }
    }
}

extension FieldType {
    /// For a `{name: value}` map, the type of its values; nil for any other type.
    var mapEntryType: FieldType? {
        switch self {
        case .stringMap, .scalarMap: return .string
        case .secretMap: return .secretReference
        default: return nil
        }
    }
}
