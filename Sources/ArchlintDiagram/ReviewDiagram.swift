import ArchlintFindings
import ArchlintRules

/// What `archlint diff` draws for each changed stack-environment: the head's diagram of that
/// spec (as `archlint graph` draws it, without findings' colours) with the added resources
/// green, the changed ones amber, and the removed ones — taken from the base's diagram, the
/// head no longer has them — dashed red, with their arrows, where the base had them.
public enum ReviewDiagram {
    // Amber and red as the findings' diagrams draw warnings and gating findings; green of the same lightness.
    static let added = MermaidHighlight(
        className: "added", style: "fill:#dcfce7,stroke:#15803d,stroke-width:2px,color:#000", legend: "added", nodes: [])
    static let changed = MermaidHighlight(
        className: "changed", style: "fill:\(DiagramStyle.warningFill),stroke:\(DiagramStyle.warningStroke),stroke-width:2px,color:#000",
        legend: "changed", nodes: [])
    static let removed = MermaidHighlight(
        className: "removed",
        style: "fill:\(DiagramStyle.gatingFill),stroke:\(DiagramStyle.gatingStroke),stroke-width:2px,stroke-dasharray:5 5,color:#000",
        legend: "removed (dashed)", nodes: [], linkStyle: "stroke:\(DiagramStyle.gatingStroke),stroke-dasharray:5 5")

    /// Mermaid text per stack-environment (`STACK/ENVIRONMENT`) with a resource change. One
    /// Mermaid on GitHub or GitLab would refuse (too many arrows or characters) becomes a
    /// one-box chart saying so, so the page never shows an error box.
    public static func mermaid(changes: [ResourceChange], base: ModelIndex, head: ModelIndex) -> [String: String] {
        var charts: [String: String] = [:]
        for (name, changes) in Dictionary(grouping: changes, by: \.stackEnvironment) {
            let (stack, environment) = (changes[0].stack, changes[0].environment)
            charts[name] = chart(
                changes, base: spec(stack, environment, in: base).map { (base, $0) }, head: spec(stack, environment, in: head).map { (head, $0) })
        }
        return charts
    }

    /// The chart of one stack-environment's changes. Drawn from the head, or from the base
    /// when the head no longer has the spec (then everything in it was removed).
    private static func chart(_ changes: [ResourceChange], base: (ModelIndex, Int)?, head: (ModelIndex, Int)?) -> String {
        func drawn(_ side: (index: ModelIndex, spec: Int)) -> ArchitectureDiagram {
            ArchitectureDiagram(spec: side.spec, index: side.index, findings: [], failsGate: { _ in false })
        }
        let of = { (kind: ResourceChange.Kind) in changes.filter { $0.change == kind }.map(\.resource) }
        var diagram: ArchitectureDiagram
        var removedNodes: [String]
        if let head {
            diagram = drawn(head)
            removedNodes = base.map { diagram.graft(of(.removed), from: drawn($0)) } ?? []
        } else if let base {
            diagram = drawn(base)
            removedNodes = of(.removed).compactMap { diagram.resourceNodes[$0] }
        } else {
            return note("\(changes[0].stackEnvironment) is in neither side's model")
        }
        if let reason = diagram.tooLargeToDraw { return note(reason) }
        let highlights = [
            highlight(added, of(.added).compactMap { diagram.resourceNodes[$0] }),
            highlight(changed, of(.changed).compactMap { diagram.resourceNodes[$0] }),
            highlight(removed, removedNodes),
        ]
        let text = MermaidRenderer().render(diagram, highlights: highlights)
        if let reason = diagram.tooLargeForMermaid(text) { return note(reason) }
        return text
    }

    private static func highlight(_ kind: MermaidHighlight, _ nodes: [String]) -> MermaidHighlight {
        MermaidHighlight(className: kind.className, style: kind.style, legend: kind.legend, nodes: nodes, linkStyle: kind.linkStyle)
    }

    /// A chart of one box saying why there is no picture.
    private static func note(_ text: String) -> String {
        "flowchart LR\n  note[\"\(MermaidRenderer().escape(text))\"]\n"
    }

    /// The index of the spec of `stack` and `environment` in `index`'s workspace.
    private static func spec(_ stack: String, _ environment: String, in index: ModelIndex) -> Int? {
        index.workspace.specs.firstIndex { $0.stack.value == stack && $0.environment.value.rawValue == environment }
    }
}

extension ArchitectureDiagram {
    /// Adds the boxes of `resources` (`KIND/NAME`) from `base`, the same spec's diagram as it
    /// was, each in the group of the same name if this diagram has one (else outside every
    /// group), with the base's arrows between them and the boxes both diagrams have (matched
    /// by title: ids differ between diagrams). Returns the new boxes' ids.
    mutating func graft(_ resources: [String], from base: ArchitectureDiagram) -> [String] {
        let baseNodes = Dictionary(base.nodes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let ownByTitle = Dictionary(nodes.map { ($0.title, $0.id) }, uniquingKeysWith: { first, _ in first })
        var grafted: [String: String] = [:]
        for resource in resources {
            guard let baseID = base.resourceNodes[resource], let node = baseNodes[baseID], grafted[baseID] == nil else { continue }
            // `removed_` cannot collide with the builder's ids (`n`, `net_`, `x` and digits).
            let id = "removed_\(grafted.count)"
            grafted[baseID] = id
            nodes.append(Node(id: id, title: node.title, details: node.details, status: .clean, isExternal: node.isExternal))
            resourceNodes[resource] = id
            if let path = Self.groupPath(of: baseID, in: base.groups), Self.insert(id, at: path, into: &groups) { continue }
            looseNodes.append(id)
        }
        let existing = Set(edges.map { "\($0.from)\u{0}\($0.to)" })
        for edge in base.edges where grafted[edge.from] != nil || grafted[edge.to] != nil {
            let ends = [edge.from, edge.to].map { grafted[$0] ?? baseNodes[$0].flatMap { ownByTitle[$0.title] } }
            guard let from = ends[0], let to = ends[1], !existing.contains("\(from)\u{0}\(to)") else { continue }
            edges.append(Edge(from: from, to: to, label: edge.label, isDependency: edge.isDependency))
        }
        return resources.compactMap { base.resourceNodes[$0].flatMap { grafted[$0] } }
    }

    /// The labels of the groups holding `node`, outermost first.
    private static func groupPath(of node: String, in groups: [Group]) -> [String]? {
        for group in groups {
            if group.nodes.contains(node) { return [group.label] }
            if let inner = groupPath(of: node, in: group.groups) { return [group.label] + inner }
        }
        return nil
    }

    /// Puts `node` in the group reached by following `path`'s labels; false when there is none.
    private static func insert(_ node: String, at path: [String], into groups: inout [Group]) -> Bool {
        guard let label = path.first, let position = groups.firstIndex(where: { $0.label == label }) else { return false }
        if path.count == 1 {
            groups[position].nodes.append(node)
            return true
        }
        return insert(node, at: Array(path.dropFirst()), into: &groups[position].groups)
    }
}
