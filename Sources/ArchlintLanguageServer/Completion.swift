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
        var names: Set<String> = []
        var specs: [Int] = []
        if let workspace = snapshot.workspace, let index = snapshot.specIndex(of: path) {
            specs = [index] + (workspace.sharedSpec(of: index).map { [$0] } ?? [])
        } else {
            // The file does not load (it is being edited): its own names from its text, and
            // those of its stack's other files.
            let lines = snapshot.lines(of: path)
            names.formUnion(declaredNames(of: kind, in: lines))
            let stack = lines.lines.lazy.compactMap { line -> String? in
                line.hasPrefix("stack:") ? line.dropFirst("stack:".count).split(separator: "#").first.map { String($0).trimmed } : nil
            }.first
            if let workspace = snapshot.workspace {
                specs = workspace.specs.indices.filter { workspace.specs[$0].stack.value == stack && workspace.specs[$0].path != path }
            }
        }
        if let workspace = snapshot.workspace {
            names.formUnion(specs.flatMap { workspace.specs[$0].commons(of: kind).map(\.name.value) })
        }
        return names.sorted()
    }

    /// Names declared for `kind` in a text that may not parse: every `name:` whose key path
    /// is the kind's list (`security_groups` → `name`; subnets inside networks).
    static func declaredNames(of kind: ResourceKind, in lines: LineTable) -> [String] {
        declarations(of: kind, in: lines).map(\.name)
    }

    /// The same names with where their values start (1-based line and scalar column).
    static func declarations(of kind: ResourceKind, in lines: LineTable) -> [(name: String, position: SourcePosition)] {
        guard let listKey = kind == .subnet ? "subnets" : kind.specList?.key else { return [] }
        let wanted = kind == .subnet ? ["networks", "subnets", "name"] : [listKey, "name"]
        var found: [(name: String, position: SourcePosition)] = []
        for (index, line) in lines.lines.enumerated() where line.contains("name:") {
            let scalars = Array(line.unicodeScalars)
            var position = 0
            while position + 5 <= scalars.count {
                defer { position += 1 }
                guard String(String.UnicodeScalarView(scalars[position..<position + 5])) == "name:" else { continue }
                var value = position + 5
                while value < scalars.count, scalars[value] == " " { value += 1 }
                guard let token = Token.at(line, scalarColumn: value + 1) else { continue }
                if KeyPathContext.at(line: index, column: value + 1, in: lines).keys == wanted {
                    found.append((token.text.trimmed, SourcePosition(line: index + 1, column: token.column)))
                }
            }
        }
        return found
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
