/// Colours shared by both formats: red for findings that fail the gate, amber for
/// warnings, and the same legend.
enum DiagramStyle {
    static let gatingFill = "#fde2e2", gatingStroke = "#c62828"
    static let warningFill = "#fff4ce", warningStroke = "#b7791f"
    static let externalFill = "#eef2f7"
    static let legend: [(status: ArchitectureDiagram.Status, text: String)] = [
        (.gating, "fails the gate (rule IDs shown)"),
        (.warning, "warnings"),
        (.clean, "no finding"),
    ]
}

/// Mermaid `flowchart` text, as GitHub and GitLab render in Markdown. Node ids are
/// generated (letters, digits, `_`); every label is quoted with Mermaid's entity codes for
/// the characters its grammar reserves.
public struct MermaidRenderer {
    public init() {}

    public func render(_ diagram: ArchitectureDiagram) -> String {
        var lines = ["flowchart LR", "  %% archlint: \(comment(diagram.title))"]
        let nodes = Dictionary(uniqueKeysWithValues: diagram.nodes.map { ($0.id, $0) })
        for id in diagram.looseNodes { if let node = nodes[id] { lines.append("  " + statement(node)) } }
        for top in diagram.groups { group(top, indent: "  ", into: &lines, nodes: nodes) }
        for edge in diagram.edges {
            let arrow = edge.isDependency ? "-.->" : "-->"
            lines.append(edge.label.isEmpty ? "  \(edge.from) \(arrow) \(edge.to)" : "  \(edge.from) \(arrow)|\"\(escape(edge.label))\"| \(edge.to)")
        }
        lines.append("  subgraph legend[\"Legend\"]")
        for (offset, entry) in DiagramStyle.legend.enumerated() {
            lines.append("    legend\(offset)[\"\(escape(entry.text))\"]")
        }
        lines.append("  end")
        lines.append("  classDef gating fill:\(DiagramStyle.gatingFill),stroke:\(DiagramStyle.gatingStroke),stroke-width:2px,color:#000")
        lines.append("  classDef warning fill:\(DiagramStyle.warningFill),stroke:\(DiagramStyle.warningStroke),stroke-width:2px,color:#000")
        lines.append("  classDef external fill:\(DiagramStyle.externalFill),stroke:#888,color:#000")
        let gating = diagram.nodes.filter { $0.status == .gating }.map(\.id) + ["legend0"]
        let warning = diagram.nodes.filter { $0.status == .warning }.map(\.id) + ["legend1"]
        // An outside node with findings (an external service) takes the finding's colour.
        let external = diagram.nodes.filter { $0.isExternal && $0.status == .clean }.map(\.id)
        lines.append("  class \(gating.joined(separator: ",")) gating")
        lines.append("  class \(warning.joined(separator: ",")) warning")
        if !external.isEmpty { lines.append("  class \(external.joined(separator: ",")) external") }
        return lines.joined(separator: "\n") + "\n"
    }

    private func group(_ group: ArchitectureDiagram.Group, indent: String, into lines: inout [String], nodes: [String: ArchitectureDiagram.Node]) {
        lines.append(indent + "subgraph \(group.id)[\"\(escape(group.label))\"]")
        lines.append(indent + "  direction TB")
        for id in group.nodes {
            if let node = nodes[id] { lines.append(indent + "  " + statement(node)) }
        }
        for inner in group.groups { self.group(inner, indent: indent + "  ", into: &lines, nodes: nodes) }
        lines.append(indent + "end")
    }

    private func statement(_ node: ArchitectureDiagram.Node) -> String {
        let text = ([node.title] + node.details.filter { !$0.isEmpty }).map(escape).joined(separator: "<br/>")
        return node.isExternal ? "\(node.id)([\"\(text)\"])" : "\(node.id)[\"\(text)\"]"
    }

    /// Text inside a quoted Mermaid label: `"` and the characters Mermaid treats as markup
    /// become entity codes (`#quot;`, `#35;` …); control characters become spaces.
    func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "#quot;"
            case "#": out += "#35;"
            case "<": out += "#lt;"
            case ">": out += "#gt;"
            case "&": out += "#amp;"
            case "`": out += "#96;"
            // An edge label sits between `|` marks: keep a name's own `|` from ending it.
            case "|": out += "#124;"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: out += " "
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A `%%` comment holds anything but a line break.
    private func comment(_ text: String) -> String {
        String(text.unicodeScalars.map { $0.value < 0x20 ? " " : Character($0) })
    }
}

/// Graphviz DOT, for images (`dot -Tsvg`). Every identifier and label is a quoted string
/// with `"` and `\` escaped.
public struct DOTRenderer {
    public init() {}

    public func render(_ diagram: ArchitectureDiagram) -> String {
        var lines = [
            "digraph \(quote(diagram.title)) {",
            "  graph [rankdir=LR, compound=true, fontname=\"Helvetica\", fontsize=12, labelloc=t, label=\(quote("archlint: " + diagram.title)), nodesep=0.3, ranksep=0.8];",
            "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", fontname=\"Helvetica\", fontsize=11];",
            "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#555555\"];",
        ]
        let nodes = Dictionary(uniqueKeysWithValues: diagram.nodes.map { ($0.id, $0) })
        for id in diagram.looseNodes { if let node = nodes[id] { lines.append("  " + statement(node)) } }
        for group in diagram.groups { append(group, indent: "  ", into: &lines, nodes: nodes) }
        for edge in diagram.edges {
            var attributes: [String] = []
            if !edge.label.isEmpty { attributes.append("label=\(quote(edge.label))") }
            if edge.isDependency { attributes.append("style=dashed") }
            lines.append("  \(quote(edge.from)) -> \(quote(edge.to))" + (attributes.isEmpty ? ";" : " [\(attributes.joined(separator: ", "))];"))
        }
        lines.append("  subgraph \"cluster_legend\" {")
        lines.append("    label=\"Legend\"; style=\"rounded,dashed\"; color=\"#999999\";")
        for (offset, entry) in DiagramStyle.legend.enumerated() {
            lines.append("    \(quote("legend\(offset)")) [label=\(quote(entry.text))\(colours(entry.status, external: false))];")
        }
        lines.append("  }")
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    private func append(_ group: ArchitectureDiagram.Group, indent: String, into lines: inout [String], nodes: [String: ArchitectureDiagram.Node]) {
        lines.append(indent + "subgraph \(quote("cluster_" + group.id)) {")
        lines.append(indent + "  label=\(quote(group.label)); style=\"rounded\"; color=\"#8899aa\";")
        for id in group.nodes { if let node = nodes[id] { lines.append(indent + "  " + statement(node)) } }
        for inner in group.groups { append(inner, indent: indent + "  ", into: &lines, nodes: nodes) }
        lines.append(indent + "}")
    }

    private func statement(_ node: ArchitectureDiagram.Node) -> String {
        let label = ([node.title] + node.details.filter { !$0.isEmpty }).joined(separator: "\n")
        return "\(quote(node.id)) [label=\(quote(label))\(node.isExternal ? ", shape=ellipse" : "")\(colours(node.status, external: node.isExternal))];"
    }

    private func colours(_ status: ArchitectureDiagram.Status, external: Bool) -> String {
        switch status {
        case .gating: return ", fillcolor=\"\(DiagramStyle.gatingFill)\", color=\"\(DiagramStyle.gatingStroke)\", penwidth=2"
        case .warning: return ", fillcolor=\"\(DiagramStyle.warningFill)\", color=\"\(DiagramStyle.warningStroke)\", penwidth=2"
        case .clean: return external ? ", fillcolor=\"\(DiagramStyle.externalFill)\"" : ""
        }
    }

    /// A DOT quoted string: `\` and `"` escaped, line breaks as `\n`, other control
    /// characters dropped.
    func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
