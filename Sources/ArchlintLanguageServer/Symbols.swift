import ArchlintLoad
import ArchlintModel

/// The outline of a spec: each top-level list of resources, with its resources (a network
/// with its subnets). Read from the buffer alone, so the outline follows unsaved edits as
/// long as the file's shape is valid.
enum Symbols {
    static func outline(of path: String, in snapshot: Snapshot) -> [JSON] {
        let spec: Spec
        if let index = snapshot.specIndex(of: path) {
            spec = snapshot.workspace!.specs[index]
        } else {
            let text = snapshot.lines(of: path).lines.joined(separator: "\n")
            guard let decoded = SpecLoader().decode(Array(text.utf8), path: path).spec else {
                return outlineFromText(snapshot.lines(of: path))
            }
            spec = decoded
        }
        let lines = snapshot.lines(of: path)
        func range(_ position: SourcePosition) -> JSON { Diagnostics.tokenRange(line: position.line, column: position.column, in: lines).json }
        func symbol(_ common: ResourceCommon, kind: Int, detail: String, children: [JSON] = []) -> JSON {
            var symbol: [String: JSON] = [
                "name": .string(common.name.value.isEmpty ? "(unnamed)" : common.name.value), "kind": .int(kind), "detail": .string(detail),
                "range": range(common.position), "selectionRange": range(common.name.position),
            ]
            if !children.isEmpty { symbol["children"] = .array(children) }
            return .object(symbol)
        }
        var out: [JSON] = []
        for list in ResourceKind.specLists {
            let commons = list.commons(spec)
            guard let first = commons.first else { continue }
            let children: [JSON] = commons.enumerated().map { index, common in
                if list.kind == .network {
                    let subnets = spec.networks[index].subnets.map { symbol($0.common, kind: 2, detail: "subnet") }
                    return symbol(common, kind: 3, detail: list.kind.words, children: subnets)
                }
                return symbol(common, kind: 5, detail: list.kind.words)
            }
            // The list's own key is a line above its first item; the item's position stands in.
            out.append(
                .object([
                    "name": .string(list.key), "kind": .int(18), "range": range(first.position), "selectionRange": range(first.position),
                    "children": .array(children),
                ]))
        }
        return out
    }

    /// The outline of a buffer that does not decode: the names its text declares, by kind.
    private static func outlineFromText(_ lines: LineTable) -> [JSON] {
        func range(_ position: SourcePosition) -> JSON { Diagnostics.tokenRange(line: position.line, column: position.column, in: lines).json }
        var out: [JSON] = []
        for list in ResourceKind.specLists {
            let declared = Completion.declarations(of: list.kind, in: lines)
            guard let first = declared.first else { continue }
            let children: [JSON] = declared.map { name, position in
                .object([
                    "name": .string(name.isEmpty ? "(unnamed)" : name), "kind": .int(list.kind == .network ? 3 : 5),
                    "detail": .string(list.kind.words), "range": range(position), "selectionRange": range(position),
                ])
            }
            out.append(
                .object([
                    "name": .string(list.key), "kind": .int(18), "range": range(first.position), "selectionRange": range(first.position),
                    "children": .array(children),
                ]))
        }
        return out
    }
}
