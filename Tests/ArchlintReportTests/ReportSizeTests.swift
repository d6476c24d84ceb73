import Foundation
@testable import ArchlintFindings
@testable import ArchlintReport
import Testing

/// A report of a large estate: `stacks` stack-environments, each with the given numbers of
/// findings per severity and waived ones; messages carry multi-byte text (`é`, `→`) so that
/// counting characters instead of bytes would overshoot the limit.
private func estate(stacks: Int, errors: Int, warnings: Int, infos: Int, waived: Int) -> LintReport {
    var findings: [Finding] = []
    for stack in 0..<stacks {
        let name = "svc-\(String(format: "%04d", stack))"
        var line = 1
        func add(_ severity: Severity, _ count: Int, waived: Bool = false) {
            for number in 0..<count {
                line += 1
                findings.append(
                    Finding(
                        rule: "TST00\(number % 10)", name: "t", pack: "p", severity: severity, stack: name, environment: "production",
                        resource: "bucket/\(name)-\(severity.rawValue)-\(number)",
                        location: SourceLocation(file: "specs/\(name)/production.yaml", line: line, column: 3),
                        message: "bucket '\(name)-\(number)' is not encrypted → set encryption (é) and try again",
                        waiver: waived ? WaiverNote(reason: "accepted → until the migration", expires: "2099-01-01", source: .spec) : nil))
            }
        }
        add(.error, errors)
        add(.warning, warnings)
        add(.info, infos)
        add(.error, waived, waived: true)
    }
    var report = LintReport(findings: findings, errors: [], fileCount: stacks, resourceCount: stacks * 100)
    report.specs = (0..<stacks).map { LoadedSpec(stack: "svc-\(String(format: "%04d", $0))", environment: "production", file: "specs/x.yaml") }
    return report
}

private func rows(_ text: String, severity: String) -> Int {
    text.split(separator: "\n").filter { $0.hasPrefix("| \(severity) |") }.count
}

@Suite("Markdown summary within GitHub's comment limit")
struct MarkdownSizeTests {
    @Test("a large estate stays within 65,536 bytes, keeps verdict, totals and gating findings, and says what it left out")
    func largeEstate() {
        let report = estate(stacks: 1_000, errors: 3, warnings: 4, infos: 2, waived: 1)
        let text = MarkdownReporter().render(report)
        #expect(text.utf8.count <= MarkdownReporter.commentLimit, "\(text.utf8.count) bytes")
        #expect(text.utf8.count > MarkdownReporter.commentLimit - 2 * MarkdownReporter.omissionReserve, "the space should be used")
        #expect(text.contains("❌ **Failed**: 3,000 findings at or above `error`."))
        #expect(text.contains("Findings: 3,000 errors, 4,000 warnings, 2,000 info, 1,000 waived."))
        let listed = rows(text, severity: "error")
        #expect(listed > 100)
        #expect(
            text.contains(
                "**Not listed here**, to keep this summary within 65,536 characters: \(grouped(3_000 - listed)) findings that fail the gate, the totals of 1,000 stack-environments, 4,000 warnings and 2,000 info findings below the gate and 1,000 waived findings."
            ))
        #expect(text.contains("…and \(grouped(3_000 - listed)) more findings that fail the gate, not listed here."))
        // Once the gating findings are cut, nothing of lower priority takes the space left.
        #expect(rows(text, severity: "warning") == 0 && !text.contains("| stack |"))
    }

    @Test("everything that fits is listed with no note; a tight limit keeps gating findings before stacks, warnings before info")
    func priorities() {
        let report = estate(stacks: 3, errors: 2, warnings: 30, infos: 30, waived: 2)
        let full = MarkdownReporter(sizeLimit: 1_000_000).render(report)
        #expect(!full.contains("Not listed here"))
        #expect(rows(full, severity: "error") == 6 && rows(full, severity: "warning") == 90 && rows(full, severity: "info") == 90)
        #expect(full.contains("<details><summary>180 more findings below the gate</summary>"))

        // Room for the gating findings, the stack table and some of the warnings.
        let withoutInfo = full.components(separatedBy: "\n| info |")[0]
        let limit = withoutInfo.utf8.count - 2_000 + MarkdownReporter.omissionReserve
        let cut = MarkdownReporter(sizeLimit: limit).render(report)
        #expect(cut.utf8.count <= limit)
        #expect(rows(cut, severity: "error") == 6 && cut.contains("| svc-0002/production | 2 | 30 | 30 | 2 |"))
        let warnings = rows(cut, severity: "warning")
        #expect(warnings > 0 && warnings < 90 && rows(cut, severity: "info") == 0)
        #expect(cut.contains("<details><summary>180 more findings below the gate, \(warnings) listed</summary>"))
        #expect(
            cut.contains(
                "Not listed here**, to keep this summary within \(grouped(limit)) characters: \(90 - warnings) warnings and 90 info findings below the gate and 6 waived findings.")
        )
    }

    @Test("when not even one gating finding fits, the verdict and totals still stand and the note counts them all")
    func nothingFits() {
        let text = MarkdownReporter(sizeLimit: 100).render(estate(stacks: 2, errors: 1, warnings: 0, infos: 0, waived: 0))
        #expect(text.contains("❌ **Failed**: 2 findings") && text.contains("Findings: 2 errors, 0 warnings, 0 info, 0 waived."))
        #expect(text.contains("2 findings that fail the gate and the totals of 2 stack-environments."))
        #expect(!text.contains("### Findings that fail the gate"))
    }

    @Test("diagrams come last, whole or not at all, and are not drawn when there is no room")
    func diagrams() {
        let huge = String(repeating: "  a --> b\n", count: 8_000)
        let report = estate(stacks: 1, errors: 1, warnings: 1, infos: 0, waived: 0)
        let text = MarkdownReporter(diagramNames: ["svc-0000/production", "z/production"]) { name in
            name == "z/production" ? .drawn("flowchart LR\n  c --> d\n") : .drawn("flowchart LR\n" + huge)
        }.render(report)
        #expect(!text.contains("a --> b") && text.contains("```mermaid\nflowchart LR\n  c --> d\n```"))
        #expect(text.contains("Not listed here**, to keep this summary within 65,536 characters: 1 diagram (archlint graph draws them)."))

        // A cut table ends the filling: the diagrams are not even drawn.
        let drawn = DrawCount()
        _ = MarkdownReporter(diagramNames: ["a/production"], sizeLimit: 1_500) { _ in
            drawn.add()
            return .drawn("flowchart LR\n")
        }.render(estate(stacks: 1, errors: 40, warnings: 0, infos: 0, waived: 0))
        #expect(drawn.count == 0)
    }

    @Test("grouped counts are the same in every locale")
    func groupedCounts() {
        #expect(grouped(0) == "0" && grouped(999) == "999" && grouped(1_000) == "1,000" && grouped(1_234_567) == "1,234,567")
    }
}

/// Counts calls from a `@Sendable` closure.
private final class DrawCount: @unchecked Sendable {
    private let lock = NSLock()
    private var calls = 0
    var count: Int { lock.withLock { calls } }
    func add() { lock.withLock { calls += 1 } }
}

@Suite("HTML report of a large estate")
struct HTMLSizeTests {
    @Test("findings beyond the first page are in the page but hidden; the pager shows only when needed; many stacks fold")
    func paging() {
        let report = estate(stacks: 30, errors: 2, warnings: 2, infos: 0, waived: 0)
        let page = HTMLReporter(diagrams: [:]).render(report)
        let rows = page.components(separatedBy: "<tr data-severity=").count - 1
        let hidden = page.components(separatedBy: " hidden><td").count - 1
        #expect(rows == 120 && hidden == 120 - HTMLReporter.pageSize)
        #expect(page.contains("<div class=\"pager\" id=\"pager\"><button"))
        #expect(page.contains("<details class=\"stacks\"><summary>30 stack-environments, 30 failing the gate</summary>"))
        // A stack without a diagram gets a card that links nowhere.
        #expect(!page.contains("href=\"#diagram-") && page.contains("<div class=\"card failing\"><strong>svc-0000/production</strong>"))

        let small = HTMLReporter(diagrams: ["svc-0000/production": .drawn("<svg/>")]).render(estate(stacks: 1, errors: 1, warnings: 0, infos: 0, waived: 0))
        #expect(!small.contains(" hidden><td") && small.contains("<div class=\"pager\" id=\"pager\" hidden>"))
        #expect(!small.contains("<details class=\"stacks\">") && small.contains("<a class=\"card failing\" href=\"#diagram-svc-0000-production\">"))
    }
}
