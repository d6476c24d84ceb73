/// Colours shared by both formats: red for findings that fail the gate, amber for
/// warnings, and the same legend.
enum DiagramStyle {
    static let gatingFill = "#fde2e2", gatingStroke = "#c62828"
    static let warningFill = "#fff4ce", warningStroke = "#b7791f"
    static let externalFill = "#eef2f7"
    /// The hops of a reachability path (REACH001/REACH002): red like a gating finding, and
    /// thicker than every other line so the path reads at a glance.
    static let pathStroke = "red", pathWidth = 3
    /// Two lines in DOT (the legend box stays narrow); Mermaid's escaping makes the break a space.
    static let pathLegend = "reachability path\n(REACH001, REACH002)"
    static let legend: [(status: ArchitectureDiagram.Status, text: String)] = [
        (.gating, "fails the gate (rule IDs shown)"),
        (.warning, "warnings"),
        (.clean, "no finding"),
    ]
}

/// Nodes a caller colours over the findings' colours — a change diagram's added, changed
/// and removed resources — with the legend entry that says what the colour means.
public struct MermaidHighlight: Sendable {
    /// The `classDef` name (letters only).
    public let className: String
    /// The `classDef`'s style (`fill:#…,stroke:#…`).
    public let style: String
    public let legend: String
    /// Node ids of the diagram.
    public let nodes: [String]
    /// When set, the style of every link to or from these nodes (a removed resource's links).
    public let linkStyle: String?

    public init(className: String, style: String, legend: String, nodes: [String], linkStyle: String? = nil) {
        self.className = className
        self.style = style
        self.legend = legend
        self.nodes = nodes
        self.linkStyle = linkStyle
    }
}

/// Mermaid `flowchart` text, as GitHub and GitLab render in Markdown. Node ids are
/// generated (letters, digits, `_`); every label is quoted with Mermaid's entity codes for
/// the characters its grammar reserves.
public struct MermaidRenderer {
    public init() {}

    public func render(_ diagram: ArchitectureDiagram) -> String {
        render([diagram])
    }

    /// One flowchart, however many stack-environments: Mermaid has no way to put several
    /// diagrams in one block, so several become one box each (`subgraph d0`, `d1`, …) with
    /// their ids prefixed alike (`d0_n3`) so they cannot collide, and one legend. A single
    /// one is drawn without the surrounding box.
    public func render(_ diagrams: [ArchitectureDiagram]) -> String {
        render(diagrams, highlights: [])
    }

    /// One diagram with `highlights` coloured, whose legend replaces the findings' (a diagram
    /// drawn to show something else than findings would explain colours it does not use).
    public func render(_ diagram: ArchitectureDiagram, highlights: [MermaidHighlight]) -> String {
        render([diagram], highlights: highlights)
    }

    private func render(_ diagrams: [ArchitectureDiagram], highlights: [MermaidHighlight]) -> String {
        var lines = ["flowchart LR"]
        let boxed = diagrams.count > 1
        if boxed { lines.append("  %% archlint: \(diagrams.count) stack-environments") }
        var edgeLines: [String] = [], gating: [String] = [], warning: [String] = [], external: [String] = []
        // `linkStyle` names links by their position among all links of the chart.
        var pathLinks: [Int] = []
        var linkEnds: [(from: String, to: String)] = []
        for (offset, diagram) in diagrams.enumerated() {
            let prefix = boxed ? "d\(offset)_" : ""
            let indent = boxed ? "    " : "  "
            if boxed {
                lines.append("  subgraph d\(offset)[\"\(escape(diagram.title))\"]")
            }
            lines.append(indent + "%% archlint: \(comment(diagram.title))")
            let nodes = Dictionary(uniqueKeysWithValues: diagram.nodes.map { ($0.id, $0) })
            for id in diagram.looseNodes { if let node = nodes[id] { lines.append(indent + statement(node, prefix: prefix)) } }
            for top in diagram.groups { group(top, indent: indent, prefix: prefix, into: &lines, nodes: nodes) }
            if boxed { lines.append("  end") }
            for edge in diagram.edges {
                let arrow = edge.isDependency ? "-.->" : "-->"
                let from = prefix + edge.from, to = prefix + edge.to
                if edge.isPath { pathLinks.append(edgeLines.count) }
                linkEnds.append((from, to))
                edgeLines.append(edge.label.isEmpty ? "  \(from) \(arrow) \(to)" : "  \(from) \(arrow)|\"\(escape(edge.label))\"| \(to)")
            }
            gating += diagram.nodes.filter { $0.status == .gating }.map { prefix + $0.id }
            warning += diagram.nodes.filter { $0.status == .warning }.map { prefix + $0.id }
            // An outside node with findings (an external service) takes the finding's colour.
            external += diagram.nodes.filter { $0.isExternal && $0.status == .clean }.map { prefix + $0.id }
        }
        lines += edgeLines
        lines.append("  subgraph legend[\"Legend\"]")
        let legend = highlights.isEmpty ? DiagramStyle.legend.map(\.text) : highlights.map(\.legend)
        for (offset, text) in legend.enumerated() {
            lines.append("    legend\(offset)[\"\(escape(text))\"]")
        }
        if !pathLinks.isEmpty {
            // The red arrow is explained only where one is drawn; its link comes after every
            // diagram's, so the indexes above stay as they are.
            lines.append("    legendPathFrom[\" \"]")
            lines.append("    legendPathTo[\" \"]")
            lines.append("    legendPathFrom -->|\"\(escape(DiagramStyle.pathLegend))\"| legendPathTo")
            pathLinks.append(edgeLines.count)
        }
        lines.append("  end")
        if !pathLinks.isEmpty {
            // After every link: Mermaid refuses a `linkStyle` index it has not seen yet.
            let style = "stroke:\(DiagramStyle.pathStroke),stroke-width:\(DiagramStyle.pathWidth)px,color:\(DiagramStyle.pathStroke)"
            lines.append("  linkStyle \(pathLinks.map(String.init).joined(separator: ",")) \(style)")
        }
        for highlight in highlights {
            guard let style = highlight.linkStyle else { continue }
            let nodes = Set(highlight.nodes)
            let links = linkEnds.indices.filter { nodes.contains(linkEnds[$0].from) || nodes.contains(linkEnds[$0].to) }
            if !links.isEmpty { lines.append("  linkStyle \(links.map(String.init).joined(separator: ",")) \(style)") }
        }
        lines.append("  classDef gating fill:\(DiagramStyle.gatingFill),stroke:\(DiagramStyle.gatingStroke),stroke-width:2px,color:#000")
        lines.append("  classDef warning fill:\(DiagramStyle.warningFill),stroke:\(DiagramStyle.warningStroke),stroke-width:2px,color:#000")
        lines.append("  classDef external fill:\(DiagramStyle.externalFill),stroke:#888,color:#000")
        if highlights.isEmpty {
            lines.append("  class \((gating + ["legend0"]).joined(separator: ",")) gating")
            lines.append("  class \((warning + ["legend1"]).joined(separator: ",")) warning")
        } else {
            // The findings' colours have no legend entry here: a class line names nodes only.
            if !gating.isEmpty { lines.append("  class \(gating.joined(separator: ",")) gating") }
            if !warning.isEmpty { lines.append("  class \(warning.joined(separator: ",")) warning") }
        }
        if !external.isEmpty { lines.append("  class \(external.joined(separator: ",")) external") }
        // After the findings' classes, so a highlighted node shows the highlight.
        for (offset, highlight) in highlights.enumerated() {
            lines.append("  classDef \(highlight.className) \(highlight.style)")
            lines.append("  class \((highlight.nodes + ["legend\(offset)"]).joined(separator: ",")) \(highlight.className)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func group(_ group: ArchitectureDiagram.Group, indent: String, prefix: String, into lines: inout [String], nodes: [String: ArchitectureDiagram.Node]) {
        lines.append(indent + "subgraph \(prefix + group.id)[\"\(escape(group.label))\"]")
        lines.append(indent + "  direction TB")
        for id in group.nodes {
            if let node = nodes[id] { lines.append(indent + "  " + statement(node, prefix: prefix)) }
        }
        for inner in group.groups { self.group(inner, indent: indent + "  ", prefix: prefix, into: &lines, nodes: nodes) }
        lines.append(indent + "end")
    }

    private func statement(_ node: ArchitectureDiagram.Node, prefix: String) -> String {
        let text = ([node.title] + node.details.filter { !$0.isEmpty }).map(escape).joined(separator: "<br/>")
        return node.isExternal ? "\(prefix + node.id)([\"\(text)\"])" : "\(prefix + node.id)[\"\(text)\"]"
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
        render([diagram])
    }

    /// One `digraph`, however many stack-environments: `dot` reads only the first graph of
    /// a stream into one picture, so several become one cluster each (`cluster_d0`, …),
    /// their ids prefixed alike (`d0_n3`) so they cannot collide, with one legend. A single
    /// one is drawn without the surrounding cluster.
    public func render(_ diagrams: [ArchitectureDiagram]) -> String {
        let boxed = diagrams.count > 1
        let title = boxed ? "archlint" : diagrams.first?.title ?? "archlint"
        let caption = boxed ? "archlint: \(diagrams.count) stack-environments" : "archlint: " + title
        var lines = [
            "digraph \(quote(title)) {",
            // newrank: dot's default ranking fails ("trouble in init_rank") on clusters
            // nested three deep with edges between them, as several stacks make.
            "  graph [\(boxed ? "newrank=true, " : "")rankdir=LR, compound=true, fontname=\"Helvetica\", fontsize=12, labelloc=t, label=\(quote(caption)), nodesep=0.3, ranksep=0.8];",
            "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", fontname=\"Helvetica\", fontsize=11];",
            "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#555555\"];",
        ]
        var edgeLines: [String] = []
        for (offset, diagram) in diagrams.enumerated() {
            let prefix = boxed ? "d\(offset)_" : ""
            let indent = boxed ? "    " : "  "
            if boxed {
                lines.append("  subgraph \(quote("cluster_d\(offset)")) {")
                lines.append("    label=\(quote(diagram.title)); style=\"rounded,bold\"; color=\"#445566\";")
            }
            let nodes = Dictionary(uniqueKeysWithValues: diagram.nodes.map { ($0.id, $0) })
            for id in diagram.looseNodes { if let node = nodes[id] { lines.append(indent + statement(node, prefix: prefix)) } }
            for group in diagram.groups { append(group, indent: indent, prefix: prefix, into: &lines, nodes: nodes) }
            if boxed { lines.append("  }") }
            for edge in diagram.edges {
                var attributes: [String] = []
                if !edge.label.isEmpty { attributes.append("label=\(quote(edge.label))") }
                if edge.isDependency { attributes.append("style=dashed") }
                if edge.isPath { attributes += pathAttributes }
                edgeLines.append("  \(quote(prefix + edge.from)) -> \(quote(prefix + edge.to))" + (attributes.isEmpty ? ";" : " [\(attributes.joined(separator: ", "))];"))
            }
        }
        lines += edgeLines
        lines.append("  subgraph \"cluster_legend\" {")
        lines.append("    label=\"Legend\"; style=\"rounded,dashed\"; color=\"#999999\";")
        for (offset, entry) in DiagramStyle.legend.enumerated() {
            lines.append("    \(quote("legend\(offset)")) [label=\(quote(entry.text))\(colours(entry.status, external: false))];")
        }
        if diagrams.contains(where: { $0.edges.contains(where: \.isPath) }) {
            lines.append("    \"legendPathFrom\" [label=\"\", shape=point, width=0.08, color=\(quote(DiagramStyle.pathStroke))];")
            // The text is the arrow's head, not its label: constraint=false keeps the arrow
            // inside the legend's column instead of reaching to the graph's next rank, and a
            // label on such an edge is drawn across it.
            let text = quote(DiagramStyle.pathLegend)
            lines.append("    \"legendPathTo\" [label=\(text), shape=plaintext, style=\"\", fontcolor=\(quote(DiagramStyle.pathStroke))];")
            let attributes = ["constraint=false"] + pathAttributes
            lines.append("    \"legendPathFrom\" -> \"legendPathTo\" [\(attributes.joined(separator: ", "))];")
        }
        lines.append("  }")
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    private func append(_ group: ArchitectureDiagram.Group, indent: String, prefix: String, into lines: inout [String], nodes: [String: ArchitectureDiagram.Node]) {
        lines.append(indent + "subgraph \(quote("cluster_" + prefix + group.id)) {")
        lines.append(indent + "  label=\(quote(group.label)); style=\"rounded\"; color=\"#8899aa\";")
        for id in group.nodes { if let node = nodes[id] { lines.append(indent + "  " + statement(node, prefix: prefix)) } }
        for inner in group.groups { append(inner, indent: indent + "  ", prefix: prefix, into: &lines, nodes: nodes) }
        lines.append(indent + "}")
    }

    private func statement(_ node: ArchitectureDiagram.Node, prefix: String) -> String {
        let label = ([node.title] + node.details.filter { !$0.isEmpty }).joined(separator: "\n")
        return "\(quote(prefix + node.id)) [label=\(quote(label))\(node.isExternal ? ", shape=ellipse" : "")\(colours(node.status, external: node.isExternal))];"
    }

    /// How a path hop is drawn, after the edge's other attributes.
    private var pathAttributes: [String] {
        ["color=\(quote(DiagramStyle.pathStroke))", "fontcolor=\(quote(DiagramStyle.pathStroke))", "penwidth=\(DiagramStyle.pathWidth)"]
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
