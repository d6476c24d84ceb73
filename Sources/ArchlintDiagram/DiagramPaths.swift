import ArchlintFindings
import ArchlintModel

/// Thick red edges: the hops of the network paths that REACH001 and REACH002 findings carry
/// (docs/design: reachability, "How a path is shown").
extension DiagramBuilder {
    /// Each hop of each finding's path becomes a path edge, in finding order then hop order.
    /// A hop along a traffic edge already drawn restyles that edge instead of adding a second
    /// arrow beside it: the traffic edge's label already names the port (both come from the
    /// same ingress rules), and two parallel arrows would read as two connections. A hop
    /// that no traffic edge draws (the engine sees more than the diagram's per-group view)
    /// is added, labelled with its port.
    mutating func drawPaths(of findings: [Finding]) {
        for finding in findings {
            for hop in finding.path ?? [] {
                guard let from = pathNode(hop.from), let to = pathNode(hop.to) else { continue }
                let key = EdgeKey(from: from, to: to, isDependency: false)
                if edgeIndex[key] == nil {
                    edgeIndex[key] = edges.count
                    edges.append(.init(from: from, to: to, label: hop.port.description, isDependency: false))
                }
                edges[edgeIndex[key]!].isPath = true
            }
        }
    }

    /// The box of a path node: `internet`, `KIND/NAME` of this stack-environment, or
    /// `STACK/ENV/KIND/NAME` of another one. A node of another stack-environment is drawn
    /// as an outside node, as `nodeID` draws shared resources: titled with its kind, name
    /// and environment (and its stack when that is not this one), and keyed alike so the
    /// same resource is one node whichever way it was reached. nil for a node that names
    /// nothing loaded (the path is then drawn without that hop).
    mutating func pathNode(_ text: String) -> String? {
        if text == "internet" { return internet() }
        if let id = nodeIDs[text] { return id }
        let parts = text.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 4, let kind = ResourceKind(rawValue: parts[2]),
            let other = workspace.specs.firstIndex(where: { $0.stack.value == parts[0] && $0.environment.value.rawValue == parts[1] })
        else { return nil }
        let here = workspace.specs[spec].stack.value
        let place = parts[0] == here ? parts[1] : "\(parts[0])/\(parts[1])"
        return external("\(other)/\(kind.singular)/\(parts[3])", title: "\(kind.words) \(parts[3]) (\(place))")
    }
}
