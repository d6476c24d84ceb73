import ArchlintFindings
import ArchlintLoad
import Foundation

/// `check`'s findings and load errors for one file, as LSP diagnostics: the rule ID as
/// `code`, the severity mapped, the rule's page linked. A waived finding is a hint that says
/// why it is waived, so the editor shows it without calling it a problem.
enum Diagnostics {
    static func forFile(_ path: String, in snapshot: Snapshot, rulePages: RulePages) -> [JSON] {
        guard let run = snapshot.run else { return [] }
        let lines = snapshot.lines(of: path)
        var out: [JSON] = []
        for error in run.report.errors where error.location.file == path {
            var diagnostic: [String: JSON] = [
                "range": tokenRange(line: error.location.line, column: error.location.column, in: lines).json,
                "severity": .int(1),
                "code": .string("load"),
                "source": .string("archlint"),
                "message": .string(error.message),
            ]
            let related = error.related.filter { $0.location.file == path }
            if !related.isEmpty {
                diagnostic["relatedInformation"] = .array(
                    related.map { note in
                        .object([
                            "location": .object([
                                "uri": .string(snapshot.uri(of: path)),
                                "range": tokenRange(line: note.location.line, column: note.location.column, in: lines).json,
                            ]),
                            "message": .string(note.note),
                        ])
                    })
            }
            out.append(.object(diagnostic))
        }
        for finding in run.report.findings where finding.location.file == path {
            var diagnostic: [String: JSON] = [
                "range": tokenRange(line: finding.location.line, column: finding.location.column, in: lines).json,
                "severity": .int(finding.isWaived ? 4 : severity(finding.severity)),
                "code": .string(finding.rule),
                "source": .string("archlint"),
                "message": .string(finding.waiver.map { finding.message + " (waived: \($0.reason))" } ?? finding.message),
            ]
            if let page = rulePages.uri(finding.rule) {
                diagnostic["codeDescription"] = .object(["href": .string(page)])
            }
            out.append(.object(diagnostic))
        }
        return out
    }

    /// error → Error, warning → Warning, info → Information.
    static func severity(_ severity: Severity) -> Int {
        switch severity {
        case .error: 1
        case .warning: 2
        case .info: 3
        }
    }

    /// The scalar starting at archlint's position, as a range (at least one character), so
    /// the editor underlines the value the finding is about rather than one letter.
    static func tokenRange(line: Int, column: Int, in lines: LineTable) -> LSPRange {
        let start = lines.lspPosition(line: line, column: column)
        let token = Token.at(lines.line(line - 1), scalarColumn: column)
        let end = lines.lspPosition(line: line, column: column + max(1, token?.text.unicodeScalars.count ?? 1))
        return LSPRange(start: start, end: end)
    }
}

/// Where the rules' pages are: `docs/rules/<ID>.md` of archlint's repository, found by the
/// caller (beside the executable, or in the workspace). Only pages that exist are linked.
public struct RulePages: Sendable {
    public let folder: String?

    public init(folder: String?) {
        self.folder = folder
    }

    /// The first `docs/rules` found walking up from each of `starts` (absolute folders).
    public static func find(from starts: [String]) -> RulePages {
        for start in starts {
            var folder = start
            while true {
                let candidate = folder + (folder.hasSuffix("/") ? "" : "/") + "docs/rules"
                if FileManager.default.fileExists(atPath: candidate + "/SG001.md") { return RulePages(folder: candidate) }
                let parent = URL(fileURLWithPath: folder).deletingLastPathComponent().path
                if parent == folder || parent.isEmpty { break }
                folder = parent
            }
        }
        return RulePages(folder: nil)
    }

    public func uri(_ rule: String) -> String? {
        // IDs are letters and digits; anything else is not a page name.
        guard let folder, !rule.isEmpty, rule.allSatisfy({ $0.isLetter || $0.isNumber }) else { return nil }
        let path = folder + "/" + rule + ".md"
        return FileManager.default.fileExists(atPath: path) ? FileURI.from(path: path) : nil
    }
}
