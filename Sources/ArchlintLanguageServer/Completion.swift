import ArchlintLoad
import ArchlintModel

/// Completion from the schema (keys, enum values, booleans) and the workspace (names a
/// reference may take: the file's own stack-environment and its stack's `shared` one).
enum Completion {
    static func items(at path: String, position: LSPPosition, in snapshot: Snapshot) -> [JSON] {
        let lines = snapshot.lines(of: path)
        let (line, column) = lines.archlintPosition(position)
        // The token being typed ends at the cursor; look at the character before it.
        let context = KeyPathContext.at(line: line - 1, column: max(1, column - 1), in: lines)
        if context.onKey || context.keys.isEmpty {
            let parentKeys = context.onKey ? Array(context.keys.dropLast()) : context.keys
            guard let record = Schema.record(at: parentKeys) else { return [] }
            return record.fields.map { field in
                item(field.key, kind: 10, detail: field.summary, insert: field.key + ": ")
            }
        }
        guard let field = Schema.field(at: context.keys) else { return [] }
        return values(for: field.type, path: path, in: snapshot).map { item($0.label, kind: $0.kind, detail: $0.detail, insert: $0.label) }
    }

    private static func values(for type: FieldType, path: String, in snapshot: Snapshot) -> [(label: String, kind: Int, detail: String)] {
        switch type {
        case .bool: return [("true", 12, "boolean"), ("false", 12, "boolean")]
        case .enumeration(let values): return values.map { ($0, 20, "") }
        case .reference(let kind): return names(of: kind, path: path, in: snapshot).map { ($0, 18, kind.words) }
        case .secretReference: return names(of: .secret, path: path, in: snapshot).map { ($0, 18, "secret") }
        case .secretOrLiteral: return names(of: .secret, path: path, in: snapshot).map { ("secret:" + $0, 18, "secret") }
        case .ruleEndpoint:
            return names(of: .securityGroup, path: path, in: snapshot).map { ("sg:" + $0, 18, "security group") } + [("self", 14, "this group")]
        case .networkAddress:
            guard let workspace = snapshot.workspace else { return [] }
            return workspace.specs.flatMap { spec in spec.networks.map { ("\(spec.stackEnvironment)/\($0.name)", 18, "network") } }
        case .list(let element): return values(for: element, path: path, in: snapshot)
        default: return []
        }
    }

    /// Names of `kind` a reference from `path` resolves to, sorted.
    static func names(of kind: ResourceKind, path: String, in snapshot: Snapshot) -> [String] {
        guard let workspace = snapshot.workspace else { return [] }
        var specs: [Int] = []
        if let index = snapshot.specIndex(of: path) {
            specs = [index] + (workspace.sharedSpec(of: index).map { [$0] } ?? [])
        } else {
            // The file does not load (it is being edited): offer the names of its stack.
            let stack = snapshot.lines(of: path).lines.lazy.compactMap { line -> String? in
                line.hasPrefix("stack:") ? line.dropFirst("stack:".count).split(separator: "#").first.map { String($0).trimmed } : nil
            }.first
            specs = workspace.specs.indices.filter { workspace.specs[$0].stack.value == stack }
        }
        return Array(Set(specs.flatMap { workspace.specs[$0].commons(of: kind).map(\.name.value) })).sorted()
    }

    private static func item(_ label: String, kind: Int, detail: String, insert: String) -> JSON {
        var item: [String: JSON] = ["label": .string(label), "kind": .int(kind), "insertText": .string(insert)]
        if !detail.isEmpty { item["detail"] = .string(detail) }
        return .object(item)
    }
}

extension String {
    var trimmed: String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" || first == "\"" || first == "'" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" || last == "\"" || last == "'" || last == "\r" { text.removeLast() }
        return String(text)
    }
}
