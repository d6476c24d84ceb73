// TEMPORARY: stand-ins until the git reader and the change diagram are merged.
import ArchlintFindings
import ArchlintLoad
import ArchlintRules

struct GitSnapshot {
    let commit: String
    let documents: [(path: String, bytes: [UInt8])]
}

struct GitRevisionError: Error {
    let message: String
    let path: String?
}

enum GitRevision {
    static func read(
        revision: String, mergeBase: Bool, paths: [String], exclude: [PathPattern], limits: LoadLimits, workingDirectory: String
    ) -> Result<GitSnapshot, GitRevisionError> {
        .failure(GitRevisionError(message: "not yet", path: nil))
    }
}

enum ReviewDiagram {
    static func mermaid(changes: [ResourceChange], base: ModelIndex, head: ModelIndex) -> [String: String] { [:] }
}
