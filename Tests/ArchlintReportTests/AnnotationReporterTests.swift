import Foundation
@testable import ArchlintFindings
@testable import ArchlintReport
import Testing

private func finding(_ severity: Severity, line: Int, message: String = "m", waived: Bool = false) -> Finding {
    Finding(
        rule: "SG001", name: "admin-port-open-to-world", pack: "security-groups", severity: severity, stack: "shop",
        environment: "production", resource: "security_group/ops",
        location: SourceLocation(file: "specs/shop,prod.yaml", line: line, column: 7), message: message,
        waiver: waived ? WaiverNote(reason: "r|x", expires: "2027-01-01", source: .spec) : nil)
}

@Suite("GitHub annotations")
struct GitHubReporterTests {
    @Test("workflow commands with escaped properties and data")
    func commands() {
        let report = LintReport(
            findings: [finding(.error, line: 3, message: "50% of ports\nopen"), finding(.info, line: 4)],
            errors: [], fileCount: 1, resourceCount: 1)
        let lines = GitHubReporter().render(report).split(separator: "\n")
        #expect(lines[0] == "::error file=specs/shop%2Cprod.yaml,line=3,col=7,title=SG001 admin-port-open-to-world::50%25 of ports%0Aopen [shop/production security_group/ops]")
        #expect(lines[1].hasPrefix("::notice file=specs/shop%2Cprod.yaml,line=4,col=7,"))
    }

    @Test("10 annotations of each type, gating findings first; every other finding is a plain log line; waived ones are not shown")
    func limit() {
        let findings = (1...13).map { finding(.warning, line: $0) } + [finding(.error, line: 99), finding(.error, line: 100, waived: true)]
        let text = GitHubReporter().render(LintReport(findings: findings, errors: [], fileCount: 1, resourceCount: 1))
        #expect(text.components(separatedBy: "::warning ").count - 1 == 10)
        #expect(text.components(separatedBy: "::error ").count - 1 == 1)
        let plain = text.split(separator: "\n").filter { $0.hasPrefix("specs/shop,prod.yaml:") }
        #expect(plain.map { $0.prefix(28) } == ["specs/shop,prod.yaml:11:7: w", "specs/shop,prod.yaml:12:7: w", "specs/shop,prod.yaml:13:7: w"])
        #expect(text.contains("::notice title=archlint::annotated 11 of 14; the other 3 are listed in the log"))
        #expect(!text.contains(":100:") && !text.contains("line=100"))
    }

    @Test("every finding that fails the gate appears: errors annotated first, the rest as log lines")
    func gatingFirst() {
        // 12 gating errors and 12 gating warnings (fail-on warning), infos in between.
        let findings =
            (1...12).map { finding(.info, line: $0) } + (21...32).map { finding(.warning, line: $0) }
            + (41...52).map { finding(.error, line: $0) }
        let text = GitHubReporter().render(LintReport(findings: findings, errors: [], fileCount: 1, resourceCount: 1, failOn: .warning))
        for line in 21...52 where line <= 32 || line >= 41 {
            #expect(text.contains("line=\(line),") || text.contains("specs/shop,prod.yaml:\(line):7:"), "line \(line) missing")
        }
        #expect(text.components(separatedBy: "::error ").count - 1 == 10)
        #expect(text.components(separatedBy: "::warning ").count - 1 == 10)
        // Nine notices for findings, one kept for the closing notice.
        #expect(text.components(separatedBy: "::notice file=").count - 1 == 9)
        #expect(text.contains("::notice title=archlint::annotated 29 of 36; the other 7 are listed in the log"))
        #expect(text.hasSuffix("FAILED: 12 errors and 12 warnings at or above the gate (--fail-on warning) in 1 stack-environment\n"))
    }

    @Test("--severity leaves findings below it out of the annotations and the log")
    func severityFilter() {
        let report = LintReport(
            findings: [finding(.error, line: 1), finding(.warning, line: 2), finding(.info, line: 3)],
            errors: [], fileCount: 1, resourceCount: 1)
        let text = GitHubReporter(minimumSeverity: .warning).render(report)
        #expect(text.contains("line=1,") && text.contains("line=2,") && !text.contains("line=3,") && !text.contains(":3:7:"))
    }
}

@Suite("Markdown summary")
struct MarkdownReporterTests {
    @Test("verdict, totals per stack, gating findings, folded rest, waived with reasons; cells escaped")
    func summary() {
        var report = LintReport(
            findings: [finding(.error, line: 3, message: "a | b <script>"), finding(.info, line: 4), finding(.error, line: 5, waived: true)],
            errors: [], fileCount: 1, resourceCount: 2)
        report.specs = [LoadedSpec(stack: "shop", environment: "production", file: "specs/shop.yaml")]
        let text = MarkdownReporter().render(report)
        #expect(text.contains("❌ **Failed**: 1 finding at or above `error`."))
        #expect(text.contains("| shop/production | 1 | 0 | 1 | 1 |"))
        #expect(text.contains("### Findings that fail the gate"))
        #expect(text.contains("a \\| b &lt;script&gt;"))
        #expect(text.contains("<details><summary>1 more finding below the gate</summary>"))
        #expect(text.contains("| SG001 | shop/production `security_group/ops` | r\\|x | 2027-01-01 |"))
    }

    @Test("each stack's diagram is embedded folded, as a mermaid block, in stack order; one left out says why")
    func diagrams() {
        let text = MarkdownReporter(diagrams: [
            "shop/production": .drawn("flowchart LR\n  a --> b\n"), "api/staging": .drawn("flowchart LR\n"),
            "big/production": .omitted(reason: "big/production has 900 boxes | too many"),
        ])
        .render(LintReport(findings: [], errors: [], fileCount: 2, resourceCount: 2))
        #expect(text.contains("<details><summary>Diagram of big/production</summary>\n\nbig/production has 900 boxes \\| too many\n\n</details>"))
        let api = text.range(of: "<details><summary>Diagram of api/staging</summary>\n\n```mermaid\nflowchart LR\n```\n\n</details>")
        let shop = text.range(of: "<details><summary>Diagram of shop/production</summary>\n\n```mermaid\nflowchart LR\n  a --> b\n```")
        #expect(api != nil && shop != nil)
        #expect(api!.lowerBound < shop!.lowerBound)
    }

    @Test("a clean run passes")
    func clean() {
        #expect(MarkdownReporter().render(LintReport(findings: [], errors: [], fileCount: 1, resourceCount: 1)).contains("✅ **Passed**"))
    }
}

@Suite("HTML report")
struct HTMLReporterTests {
    @Test("one self-contained page: escaped text, no external resources, diagrams inline, a note without Graphviz")
    func page() throws {
        let hostile = Finding(
            rule: "TST001", name: "t", pack: "p<ack>", severity: .error, stack: "s", environment: "production",
            resource: "bucket/<script>alert(1)</script>", location: SourceLocation(file: "specs/\"x\".yaml", line: 3, column: 1),
            message: "a & b <img src=x onerror=alert(1)> 'c'")
        var report = LintReport(findings: [hostile], errors: [], fileCount: 1, resourceCount: 1)
        report.rules = ["TST001": RuleInfo(id: "TST001", name: "test", pack: "p<ack>", summary: "sum<b>", fix: "fix & more", rationale: "why")]
        let page = HTMLReporter(diagrams: [
            "s/production": .drawn("<svg xmlns=\"http://www.w3.org/2000/svg\"><g/></svg>"),
            "t/production": .omitted(reason: "t/production has <700> boxes"),
        ]).render(report)
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(!page.contains("<script>alert"))
        #expect(!page.contains("<img"))
        #expect(page.contains("a &amp; b &lt;img src=x onerror=alert(1)&gt; &#39;c&#39;"))
        // Names may break after each slash (<wbr>), and only there.
        #expect(page.contains("bucket/<wbr>&lt;script&gt;alert(1)&lt;/<wbr>script&gt;"))
        #expect(page.contains("<svg xmlns=\"http://www.w3.org/2000/svg\"><g/></svg>"))
        #expect(page.contains("<figcaption>t/production</figcaption><p class=\"note\">t/production has &lt;700&gt; boxes</p>"))
        // Nothing fetched from elsewhere: no src or href leaving the page, no stylesheet links.
        #expect(!page.contains("src=\"http"))
        #expect(!page.contains("href=\"http"))
        #expect(!page.contains("<link"))
        #expect(page.components(separatedBy: "<script>").count == 2, "only the page's own script")
        let without = HTMLReporter(diagrams: [:], diagramNote: "Graphviz (dot) is not installed").render(report)
        #expect(without.contains("<p class=\"note\">Graphviz (dot) is not installed</p>"))
    }
}
