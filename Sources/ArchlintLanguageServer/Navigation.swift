import ArchlintLoad
import ArchlintModel

/// Where a name is declared or used, in a file of the workspace.
struct NamedPlace: Hashable {
    var path: String
    var position: SourcePosition
    /// The name as written (for the range's length).
    var text: String
}

/// Definitions and references, read from the model through its types: every reference a
/// spec makes (`ReferenceSite`: plain names, `sg:`, `secret:`, subnets, roles, services, the
/// `shared` fallback through `Workspace.resolve`) and every network peer.
enum Navigation {
    /// One resolved use of a name: where it is written and what it names.
    struct Use {
        var place: NamedPlace
        var target: ResourceAddress
    }

    /// Every reference in the workspace, resolved.
    static func uses(in workspace: Workspace) -> [Use] {
        var uses: [Use] = []
        for (index, spec) in workspace.specs.enumerated() {
            for site in spec.referenceSites {
                guard let target = workspace.resolve(site.reference.name, kind: site.kind, from: index) else { continue }
                uses.append(Use(place: NamedPlace(path: spec.path, position: site.reference.position, text: site.reference.name), target: target))
            }
            for network in spec.networks {
                for peer in network.peers {
                    guard let target = workspace.resolve(peer.value) else { continue }
                    uses.append(Use(place: NamedPlace(path: spec.path, position: peer.position, text: peer.value.description), target: target))
                }
            }
        }
        return uses
    }

    /// Where a resource's `name:` value is written.
    static func declaration(_ address: ResourceAddress, in workspace: Workspace) -> NamedPlace {
        let spec = workspace.specs[address.spec]
        let common = spec.commons(of: address.kind)[address.index]
        return NamedPlace(path: spec.path, position: common.name.position, text: common.name.value)
    }

    /// The resource the cursor names: a reference, or a declaration's name.
    static func target(at path: String, line: Int, column: Int, in snapshot: Snapshot) -> ResourceAddress? {
        guard let workspace = snapshot.workspace else { return nil }
        let lines = snapshot.lines(of: path)
        guard let token = Token.at(lines.line(line - 1), scalarColumn: column) else { return nil }
        // A name's position is where its scalar starts (`sg:` and quotes included), which is
        // where the token under the cursor starts.
        func covers(_ place: NamedPlace) -> Bool {
            place.path == path && place.position.line == line && place.position.column == token.column
        }
        if let use = uses(in: workspace).first(where: { covers($0.place) }) { return use.target }
        guard let specIndex = snapshot.specIndex(of: path) else { return nil }
        for kind in ResourceKind.allCases {
            for (index, common) in workspace.specs[specIndex].commons(of: kind).enumerated()
            where common.name.position.line == line && covers(NamedPlace(path: path, position: common.name.position, text: common.name.value)) {
                return ResourceAddress(spec: specIndex, kind: kind, index: index)
            }
        }
        return nil
    }

    static func references(to target: ResourceAddress, in workspace: Workspace, includeDeclaration: Bool) -> [NamedPlace] {
        var places = uses(in: workspace).filter { $0.target == target }.map(\.place)
        if includeDeclaration { places.insert(declaration(target, in: workspace), at: 0) }
        return places
    }

    static func location(_ place: NamedPlace, in snapshot: Snapshot) -> JSON {
        let lines = snapshot.lines(of: place.path)
        let start = lines.lspPosition(line: place.position.line, column: place.position.column)
        let token = Token.at(lines.line(place.position.line - 1), scalarColumn: place.position.column)
        let end = lines.lspPosition(line: place.position.line, column: place.position.column + max(1, token?.text.unicodeScalars.count ?? 1))
        return .object(["uri": .string(snapshot.uri(of: place.path)), "range": LSPRange(start: start, end: end).json])
    }

    /// Definition read from the text, for a buffer that does not load (it is being edited):
    /// the reference under the cursor by its field's type in the schema, declared in the
    /// buffer itself, else in the other files of its stack (its `shared` environment).
    static func declarationFromText(at path: String, line: Int, column: Int, in snapshot: Snapshot) -> NamedPlace? {
        let lines = snapshot.lines(of: path)
        let context = KeyPathContext.at(line: line - 1, column: column, in: lines)
        guard !context.onKey, let token = context.token, let field = Schema.field(at: context.keys) else { return nil }
        var type = field.type
        if case .list(let element) = type { type = element }
        let kind: ResourceKind, name: String
        switch type {
        case .reference(let referenced): (kind, name) = (referenced, token.text.trimmed)
        case .ruleEndpoint where token.text.hasPrefix("sg:"): (kind, name) = (.securityGroup, String(token.text.dropFirst(3)))
        case .secretReference: (kind, name) = (.secret, String(token.text.trimmed.split(separator: "#").first ?? ""))
        case .secretOrLiteral where token.text.hasPrefix("secret:"):
            (kind, name) = (.secret, String(token.text.dropFirst(7).split(separator: "#").first ?? ""))
        default: return nil
        }
        if let own = Completion.declarations(of: kind, in: lines).first(where: { $0.name == name }) {
            return NamedPlace(path: path, position: own.position, text: name)
        }
        guard let workspace = snapshot.workspace else { return nil }
        let stack = lines.lines.lazy.compactMap { line -> String? in
            line.hasPrefix("stack:") ? line.dropFirst("stack:".count).split(separator: "#").first.map { String($0).trimmed } : nil
        }.first
        // The stack's `shared` environment first: that is where a name not in the file resolves.
        let candidates = workspace.specs.indices.filter { workspace.specs[$0].stack.value == stack && workspace.specs[$0].path != path }
            .sorted { (workspace.specs[$0].environment.value == .shared ? 0 : 1) < (workspace.specs[$1].environment.value == .shared ? 0 : 1) }
        for spec in candidates {
            if let index = workspace.indices[spec].index(of: name, kind: kind) {
                return declaration(ResourceAddress(spec: spec, kind: kind, index: index), in: workspace)
            }
        }
        return nil
    }
}
