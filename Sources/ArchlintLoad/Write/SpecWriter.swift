import ArchlintModel

/// Writes a spec model as a spec file: block style, keys in the format's order, every value
/// the model holds and nothing else, so that loading the text gives the same model.
///
/// The writer walks the schema tables (`SpecSchema`), as the loader does, so a field added
/// to the format is written without a change here. A secret reference to one key of a JSON
/// secret (`NAME#key`) is the exception: the schema's view of the model names the secret
/// alone, so those references are taken from the typed model (`secretKeys`).
public enum SpecWriter {
    public static func write(_ spec: Spec, annotations: SpecAnnotations = SpecAnnotations()) -> String {
        // Groups that state `egress: []` (Terraform's `egress = []` removes AWS's default
        // rule): the schema's view reads an empty list as left out.
        let emptyEgress = Set(spec.securityGroups.filter { $0.writesEgress && $0.egress.isEmpty }.map(\.name))
        let context = Context(annotations: annotations, emptyEgress: emptyEgress, secretKeys: secretKeys(of: spec))
        var lines = annotations.header.map { comment($0) }
        let view = SpecSchema.spec.view(spec)
        let description = SpecSchema.spec.formatDescription
        for (key, value) in view.writtenValues {
            let field = description.fields.first { $0.key == key.text }
            lines += fieldLines(key.text, value.value, type: field?.type, nested: field?.nested, context)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// What the walk carries down: the annotations, and the groups whose egress is `[]`.
    private struct Context {
        var annotations: SpecAnnotations
        var emptyEgress: Set<String>
        /// Per resource, its secret references that name a key (`NAME#key`): by the
        /// environment variable they bind, or by the credential field's key.
        var secretKeys: [ResourceKey: [String: String]]
        /// The resource whose mapping is being written.
        var owner: ResourceKey?
    }

    private static func secretKeys(of spec: Spec) -> [ResourceKey: [String: String]] {
        var table: [ResourceKey: [String: String]] = [:]
        func keyed(_ reference: SecretReference) -> String? { reference.key.map { "\(reference.name)#\($0)" } }
        func add(_ kind: ResourceKind, _ name: String, _ field: String, _ value: Located<SecretValue>?) {
            if case .reference(let reference)? = value?.value, let text = keyed(reference) { table[ResourceKey(kind, name), default: [:]][field] = text }
        }
        for (kind, name, bindings) in spec.services.map({ (ResourceKind.service, $0.name, $0.secrets) }) + spec.functions.map({ (.function, $0.name, $0.secrets) }) {
            for binding in bindings {
                if let text = keyed(binding.secret) { table[ResourceKey(kind, name), default: [:]][binding.key.value] = text }
            }
        }
        for database in spec.databases { add(.database, database.name, "master_password", database.masterPassword) }
        for cache in spec.caches { add(.cache, cache.name, "auth_token", cache.authToken) }
        for external in spec.externals { add(.external, external.name, "credentials", external.credentials) }
        return table
    }

    // MARK: Mappings

    /// The lines of one mapping at indentation 0.
    private static func mappingLines(_ record: ModelRecord, _ description: RecordDescription?, _ context: Context) -> [String] {
        var lines: [String] = []
        let key = record.kind.flatMap { kind in record.name.map { ResourceKey(kind, $0) } }
        var context = context
        if let key { context.owner = key }
        let annotation = key.flatMap { context.annotations.resources[$0] }
        for (attribute, value) in record.writtenValues {
            let field = description?.fields.first { $0.key == attribute.text }
            lines += fieldLines(attribute.text, value.value, type: field?.type, nested: field?.nested, context)
            if attribute == .name, let annotation {
                if let address = annotation.address { lines.append("x-terraform: \(scalar(address))") }
                if !annotation.merged.isEmpty { lines.append("x-terraform-merged: \(flowList(annotation.merged.map(scalar)))") }
                lines += annotation.notes.map { comment($0) }
            }
        }
        if let key, key.kind == .securityGroup, context.emptyEgress.contains(key.name) { lines.append("egress: []") }
        return lines
    }

    private static func fieldLines(
        _ key: String, _ value: ModelValue, type: FieldType?, nested: RecordDescription?, _ context: Context
    ) -> [String] {
        let written = scalar(key)
        switch value {
        case .null:
            return []
        case .record(let record):
            return ["\(written):"] + indented(mappingLines(record, nested, context))
        case .list(let items):
            if items.isEmpty { return ["\(written): []"] }
            let records = items.compactMap { item -> ModelRecord? in
                if case .record(let record) = item.value { return record }
                return nil
            }
            guard records.count == items.count else {
                let element: FieldType?
                if case .list(let inner)? = type { element = inner } else { element = type }
                return ["\(written): \(flowList(items.map { scalarText($0.value, type: element) }))"]
            }
            if records.allSatisfy({ $0.mapEntry != nil }) {
                // `tags`, `environment`, `secrets`: a mapping whose keys the user chose.
                return ["\(written):"]
                    + indented(
                        records.map { record in
                            let entry = record.mapEntry!
                            if key == "secrets", let owner = context.owner, let keyed = context.secretKeys[owner]?[entry.key] {
                                return "\(scalar(entry.key)): \(scalar(keyed))"
                            }
                            return "\(scalar(entry.key)): \(scalarText(entry.value.value, type: type))"
                        })
            }
            var lines = ["\(written):"]
            for record in records {
                lines += listItem(mappingLines(record, nested, context))
            }
            return lines
        default:
            if case .secretOrLiteral? = type, let owner = context.owner, let keyed = context.secretKeys[owner]?[key] {
                return ["\(written): \(scalar("secret:" + keyed))"]
            }
            return ["\(written): \(scalarText(value, type: type))"]
        }
    }

    private static func indented(_ lines: [String]) -> [String] {
        lines.map { $0.isEmpty ? $0 : "  " + $0 }
    }

    /// A mapping's lines as one item of a block list.
    private static func listItem(_ lines: [String]) -> [String] {
        guard let first = lines.first else { return ["  - {}"] }
        return ["  - " + first] + lines.dropFirst().map { "    " + $0 }
    }

    private static func flowList(_ items: [String]) -> String {
        "[" + items.joined(separator: ", ") + "]"
    }

    private static func comment(_ text: String) -> String {
        text.isEmpty ? "#" : "# " + text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    // MARK: Scalars

    /// A value as the format writes it for a field of `type`: references to groups and
    /// secrets get the prefix where the field takes either a reference or a literal.
    private static func scalarText(_ value: ModelValue, type: FieldType?) -> String {
        switch value {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .int(let value): return String(value)
        case .number: return value.text
        case .string(let text): return scalar(text)
        case .cidr(let cidr): return scalar(cidr.description)
        case .ports(let ports):
            // A single port is an integer, as a spec writes it.
            if case .range(let lower, let upper) = ports, lower == upper { return String(lower) }
            return scalar(ports.description)
        case .reference(let kind, let name):
            switch (type, kind) {
            case (.ruleEndpoint?, .securityGroup): return scalar("sg:" + name)
            case (.secretOrLiteral?, .secret): return scalar("secret:" + name)
            default: return scalar(name)
            }
        case .list(let items): return flowList(items.map { scalarText($0.value, type: type) })
        case .record: return "{}"
        }
    }

    /// A string as a YAML scalar that reads back as the same string: plain when it is safe
    /// (in block and in flow context), else double-quoted.
    public static func scalar(_ text: String) -> String {
        if isPlainSafe(text) { return text }
        var quoted = "\""
        for character in text.unicodeScalars {
            switch character {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\t": quoted += "\\t"
            case "\r": quoted += "\\r"
            default:
                if character.value < 0x20 || character.value == 0x7F || (0x80...0x9F).contains(character.value)
                    || character.value == 0x2028 || character.value == 0x2029 || character.value == 0xFEFF
                {
                    let hex = String(character.value, radix: 16, uppercase: true)
                    quoted += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                } else {
                    quoted.unicodeScalars.append(character)
                }
            }
        }
        return quoted + "\""
    }

    private static func isPlainSafe(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return false }
        guard case .string = ScalarValue.resolvePlain(text) else { return false }
        if "-?:,[]{}#&*!|>'\"%@` ".unicodeScalars.contains(first) || last == " " || last == ":" { return false }
        if text.contains(": ") || text.contains(" #") || text == "<<" { return false }
        return text.unicodeScalars.allSatisfy { scalar in
            (0x20..<0x7F).contains(scalar.value) && !",[]{}\"'".unicodeScalars.contains(scalar)
        }
    }
}
