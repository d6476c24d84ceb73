import ArchlintFindings
import ArchlintModel

extension DiagramBuilder {
    /// Colours and rule IDs from the findings on drawn resources, and on the undrawn
    /// resources whose findings show on drawn ones (`carriers`).
    mutating func mark(_ findings: [Finding], failsGate: (Finding) -> Bool) {
        var rules: [String: [String]] = [:]
        let nodePositions = Dictionary(uniqueKeysWithValues: nodes.enumerated().map { ($1.id, $0) })
        for finding in findings {
            let status: ArchitectureDiagram.Status = failsGate(finding) ? .gating : (finding.severity >= .warning ? .warning : .clean)
            for id in nodeIDs[finding.resource].map({ [$0] }) ?? carriers[finding.resource] ?? [] {
                guard let position = nodePositions[id] else { continue }
                nodes[position].status = max(nodes[position].status, status)
                if status != .clean, !(rules[id] ?? []).contains(finding.rule) { rules[id, default: []].append(finding.rule) }
            }
        }
        for (id, ids) in rules {
            if let position = nodePositions[id] { nodes[position].details.append(ids.sorted().joined(separator: " ")) }
        }
    }
}
