@testable import ArchlintFindings
@testable import ArchlintReport
import Foundation
import PropertyBased
import Testing

/// Pieces that break naive reporters: quotes, markup, CDATA ends, control characters,
/// emoji, right-to-left text, table pipes, workflow-command separators.
private let fragments = [
    "\"", "'", "<", ">", "&", "]]>", "<![CDATA[", "\u{0}", "\u{1}", "\u{7}", "\u{1B}[31m", "\u{7F}", "\t", "\n", "\r\n",
    "😀", "👩‍👩‍👧", "مرحبا", "\u{202E}", "עברית", "|", "::", "%", ",", "\\", "/", "{", "}", "$x", "\u{FFFE}", "\u{FEFF}",
    "name", " ", "subnet/app-b", "—", "é", "𝔘",
]

/// Arbitrary text built from those pieces and random scalars.
private func nastyText() -> Generator<String, some SendableSequenceType> {
    zip(Gen.int(in: 0...(fragments.count + 20)), Gen.uint32()).array(of: 0...10).map { picks in
        picks.map { pick, random -> String in
            if pick < fragments.count { return fragments[pick] }
            return Unicode.Scalar(random % 0x10FFFF).map { String($0) } ?? "?"
        }.joined()
    }
}

private func report(_ name: String, _ message: String, _ reason: String) -> LintReport {
    let findings = [
        Finding(
            rule: "TST001", name: name, pack: name, severity: .error, stack: "s", environment: "production",
            resource: "bucket/\(name)", location: SourceLocation(file: "specs/\(name).yaml", line: 3, column: 1), message: message),
        Finding(
            rule: "TST002", name: name, pack: "p", severity: .info, stack: "s", environment: "production",
            resource: "bucket/b", location: SourceLocation(file: "specs/a.yaml", line: 4, column: 2), message: message,
            waiver: WaiverNote(reason: reason, expires: "2027-01-01", source: .config)),
        Finding(
            rule: "TST003", name: "n", pack: "p", severity: .warning, stack: "s", environment: "production",
            resource: "bucket/c", location: SourceLocation(file: "specs/a.yaml", line: 5, column: 2), message: message),
    ]
    var report = LintReport(
        findings: findings, errors: [Diagnostic(message, file: "specs/\(name).yml", line: 1, column: 1)],
        fileCount: 2, resourceCount: 3)
    report.specs = [LoadedSpec(stack: "s", environment: "production", file: "specs/a.yaml")]
    report.rules = ["TST001": RuleInfo(id: "TST001", name: name, pack: name, summary: message, fix: reason, rationale: message)]
    return report
}

@Suite("Reports stay well-formed whatever the text")
struct WellFormedReportTests {
    @Test("JUnit validates, JSON and SARIF parse and keep the text, Markdown tables keep their shape")
    func wellFormed() async {
        await propertyCheck(count: 150, input: nastyText(), nastyText(), nastyText()) { name, message, reason in
            let input = report(name.isEmpty ? "x" : name, message, reason)
            let junit = JUnitReporter(timestamp: "2026-11-23T10:15:00", hostname: "h", elapsed: 0).render(input)
            #expect(junitSchema.problems(junit) == nil, "JUnit invalid for \(message.debugDescription)")

            let json = JSONReporter.render(input)
            let parsed = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
            let messages = (parsed?["findings"] as? [[String: Any]])?.compactMap { $0["message"] as? String }
            #expect(messages == input.findings.map(\.message), "JSON lost text for \(message.debugDescription)")

            let sarif = SARIFReporter().render(input)
            #expect((try? JSONSerialization.jsonObject(with: Data(sarif.utf8))) != nil, "SARIF does not parse")

            let markdown = MarkdownReporter().render(input)
            for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) where line.hasPrefix("| error | TST001") {
                // Five cells: escaped pipes and flattened line breaks keep the row intact.
                let cells = line.replacingOccurrences(of: "\\|", with: "").split(separator: "|", omittingEmptySubsequences: false)
                #expect(cells.count == 7, "Markdown row broken: \(line)")
            }

            for annotation in GitHubReporter().render(input).split(separator: "\n") where annotation.hasPrefix("::") {
                // A workflow command is one line; its properties hold no raw ',' or ':' of the data.
                let properties = annotation.dropFirst(2).prefix { $0 != ":" }
                #expect(properties.split(separator: ",").allSatisfy { $0.contains("=") || !$0.contains(" ") })
            }
        }
    }
}
