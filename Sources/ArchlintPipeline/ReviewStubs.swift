// TEMPORARY: stand-ins until the git reader and the change diagram are merged.
import ArchlintFindings
import ArchlintLoad
import ArchlintRules

enum ReviewDiagram {
    static func mermaid(changes: [ResourceChange], base: ModelIndex, head: ModelIndex) -> [String: String] { [:] }
}
