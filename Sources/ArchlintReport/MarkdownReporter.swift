import ArchlintFindings

/// `--format markdown`: a summary for a pull-request comment or `$GITHUB_STEP_SUMMARY` —
/// the verdict, the totals, the findings that fail the gate, totals per stack-environment,
/// and the rest folded away — kept within `sizeLimit` so GitHub takes it as a comment.
///
/// What goes in is decided by priority, not by position on the page: the verdict and the
/// totals always; then load errors and the findings that fail the gate (errors first);
/// then the table per stack-environment, the findings below the gate (warnings before
/// info), the waived ones and, last, the diagrams, each whole or not at all. Each table
/// takes as many rows as fit in what is left; the first one cut short ends the filling.
/// A paragraph under the totals says exactly what was left out.
public struct MarkdownReporter: Sendable {
    /// GitHub refuses a pull-request comment body of more than 65,536 characters (a step
    /// summary may have 1 MiB, so one limit serves both).
    public static let commentLimit = 65_536

    /// The size GitHub's limit is checked against, counted conservatively: UTF-8 bytes.
    /// GitHub counts characters, but which kind it does not say; UTF-8 bytes are never
    /// fewer than UTF-16 code units, Unicode scalars or grapheme clusters, so a summary
    /// that fits in bytes fits however the characters are counted.
    public static func size(of text: String) -> Int { text.utf8.count }

    /// The stack-environments (`STACK/ENVIRONMENT`) that have a diagram, in byte order.
    public let diagramNames: [String]
    /// A Mermaid diagram, drawn by the caller (reporters do not see the model) only when
    /// the summary has room for it: a large estate's thousand diagrams would take seconds
    /// to draw and none would fit. Each is embedded folded, so a pull-request comment shows
    /// the picture.
    public let diagram: @Sendable (String) -> EmbeddedDiagram
    /// The most the summary may measure, by `size(of:)`.
    public let sizeLimit: Int

    public init(diagrams: [String: EmbeddedDiagram] = [:], sizeLimit: Int = MarkdownReporter.commentLimit) {
        self.init(diagramNames: Array(diagrams.keys), sizeLimit: sizeLimit) { diagrams[$0]! }
    }

    public init(diagramNames: [String], sizeLimit: Int = MarkdownReporter.commentLimit, diagram: @escaping @Sendable (String) -> EmbeddedDiagram) {
        self.diagramNames = diagramNames.sorted()
        self.diagram = diagram
        self.sizeLimit = sizeLimit
    }

    /// Room kept for the paragraph that says what was left out and the line under a cut
    /// table of gating findings: a few sentences of counts, far below this.
    static let omissionReserve = 1_024

    public func render(_ report: LintReport) -> String {
        let counts = StackTotals(report)
        var head = "## archlint\n\n"
        let gate = "`\(report.failOn?.rawValue ?? "none")`"
        switch report.exitStatus {
        case .clean: head += "✅ **Passed**: no finding at or above \(gate).\n\n"
        case .findings: head += "❌ **Failed**: \(plural(counts.total.gating, "finding", "findings")) at or above \(gate).\n\n"
        case .unusable: head += "⚠️ **Could not check everything**: \(plural(report.errors.count, "load error", "load errors")).\n\n"
        }
        head += "\(report.fileCount) spec \(report.fileCount == 1 ? "file" : "files"), \(report.resourceCount) resources. "
        head += "Findings: \(plural(counts.total.error, "error", "errors")), \(plural(counts.total.warning, "warning", "warnings")), "
        head += "\(grouped(counts.total.info)) info, \(grouped(counts.total.waived)) waived.\n\n"

        // The head is kept whatever the limit; the rest shares what is left.
        var budget = Budget(remaining: sizeLimit - Self.size(of: head) - Self.omissionReserve)
        var leftOut: [String] = []

        // Load errors and gating findings: why the run failed, so first in line.
        let loadErrors = budget.table(
            report.errors.map { error in
                "| `\(Self.cell(error.location.file))` | \(error.location.line) | \(Self.cell(error.message)) |\n"
            }, head: { _ in "### Specs that could not be loaded\n\n| file | line | error |\n|---|---:|---|\n" }, tail: "\n")
        if loadErrors.omitted > 0 { leftOut.append(plural(loadErrors.omitted, "load error", "load errors")) }

        let gating = Self.bySeverity(report.findings.filter(report.failsGate))
        let gatingTable = budget.table(gating.map { Self.row($0) }, head: { _ in "### Findings that fail the gate\n\n" + Self.tableHead }, tail: "\n")
        if gatingTable.omitted > 0 { leftOut.append(plural(gatingTable.omitted, "finding that fails the gate", "findings that fail the gate")) }

        let stackTable = budget.table(
            counts.names.map { name in
                let count = counts.byStack[name, default: Tally()]
                return "| \(Self.cell(name)) | \(count.error) | \(count.warning) | \(count.info) | \(count.waived) |\n"
            }, head: { _ in "| stack | error | warning | info | waived |\n|---|---:|---:|---:|---:|\n" }, tail: "\n")
        if stackTable.omitted > 0 { leftOut.append("the totals of \(plural(stackTable.omitted, "stack-environment", "stack-environments"))") }

        let other = Self.bySeverity(report.findings.filter { !$0.isWaived && !report.failsGate($0) })
        let otherTable = budget.foldedFindings(other, summary: "\(plural(other.count, "more finding", "more findings")) below the gate")
        if otherTable.omitted > 0 {
            let left = other.suffix(otherTable.omitted)
            var parts: [String] = []
            for severity in Severity.allCases.reversed() {
                let count = left.filter { $0.severity == severity }.count
                guard count > 0 else { continue }
                parts.append(severity == .info ? "\(grouped(count)) info findings" : plural(count, severity.rawValue, severity.rawValue + "s"))
            }
            leftOut.append(list(parts) + " below the gate")
        }

        let waived = report.findings.filter(\.isWaived)
        let waivedTable = budget.table(
            waived.map { finding in
                "| \(finding.rule) | \(Self.cell(finding.stackEnvironment)) `\(Self.cell(finding.resource))` | \(Self.cell(finding.waiver?.reason ?? "")) | \(finding.waiver?.expires ?? "") |\n"
            },
            head: { listed in
                "<details><summary>\(grouped(waived.count)) waived\(listed.map { ", \(grouped($0)) listed" } ?? "")</summary>\n\n| rule | resource | reason | until |\n|---|---|---|---|\n"
            }, tail: "\n</details>\n")
        if waivedTable.omitted > 0 { leftOut.append(plural(waivedTable.omitted, "waived finding", "waived findings")) }

        // Diagrams last, each whole or not at all: a smaller one may fit where a larger did not.
        var diagramBlocks: [String] = []
        for name in diagramNames where budget.remaining > 0 {
            let block = Self.diagramBlock(summary: "Diagram of \(Self.cell(name))", diagram(name))
            if budget.take(block) { diagramBlocks.append(block) }
        }
        let diagramsLeftOut = diagramNames.count - diagramBlocks.count
        if diagramsLeftOut > 0 { leftOut.append(plural(diagramsLeftOut, "diagram", "diagrams") + " (archlint graph draws them)") }

        // On the page: the order a reader wants, whatever the order space was given in.
        var out = head
        out += Self.omissionNote(leftOut, sizeLimit: sizeLimit, fullerReports: "`archlint check --format json` and the SARIF and JUnit reports list every finding.")
        out += stackTable.text + loadErrors.text + gatingTable.text
        if gatingTable.omitted > 0, gatingTable.listed > 0 {
            out += "…and \(plural(gatingTable.omitted, "more finding that fails", "more findings that fail")) the gate, not listed here.\n\n"
        }
        out += otherTable.text + diagramBlocks.joined() + waivedTable.text
        return out
    }

    static let tableHead = "| severity | rule | where | resource | message |\n|---|---|---|---|---|\n"

    /// A diagram folded under `summary`: a Mermaid block, or the reason it was left out.
    static func diagramBlock(summary: String, _ diagram: EmbeddedDiagram) -> String {
        switch diagram {
        case .drawn(let mermaid): "<details><summary>\(summary)</summary>\n\n```mermaid\n\(mermaid)```\n\n</details>\n\n"
        case .omitted(let reason): "<details><summary>\(summary)</summary>\n\n\(Self.cell(reason))\n\n</details>\n\n"
        }
    }

    /// The paragraph under the totals that says what `leftOut` names, and which reports have
    /// it all; empty when nothing was left out.
    static func omissionNote(_ leftOut: [String], sizeLimit: Int, fullerReports: String) -> String {
        guard !leftOut.isEmpty else { return "" }
        return "**Not listed here**, to keep this summary within \(grouped(sizeLimit)) characters: \(list(leftOut)). \(fullerReports)\n\n"
    }

    /// A finding as a row under `tableHead`; `severityNote` follows the severity (what an
    /// escalated finding was before).
    static func row(_ finding: Finding, severityNote: String = "") -> String {
        "| \(finding.severity.rawValue)\(severityNote) | \(finding.rule) | `\(Self.cell(finding.location.file)):\(finding.location.line)` | \(Self.cell(finding.stackEnvironment)) `\(Self.cell(finding.resource))` | \(Self.cell(finding.message)) |\n"
    }

    /// Most severe first; the report's order (file, line, column, rule) within a severity.
    static func bySeverity(_ findings: [Finding]) -> [Finding] {
        Severity.allCases.reversed().flatMap { severity in findings.filter { $0.severity == severity } }
    }

    /// Text safe inside a table cell: pipes escaped, line breaks flattened, HTML neutralised.
    static func cell(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "|": out += "\\|"
            case "\n", "\r": out += " "
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.append(character)
            }
        }
        return out
    }
}

/// The space left for the summary's parts, by `MarkdownReporter.size(of:)`.
struct Budget {
    var remaining: Int

    /// Takes `text` if it fits.
    mutating func take(_ text: String) -> Bool {
        let size = MarkdownReporter.size(of: text)
        guard size <= remaining else { return false }
        remaining -= size
        return true
    }

    /// A table of as many of `rows`, in order, as fit beside its `head` and `tail`; nothing
    /// at all when not even one row fits; and, when not every row fits, no room after it. `head` is given how many rows are listed when some
    /// are left out (nil when all are), so it can say so; the space kept for it is its size
    /// with every row's count, which no shorter count exceeds.
    mutating func table(_ rows: [String], head: (_ listed: Int?) -> String, tail: String) -> TableCut {
        guard !rows.isEmpty else { return TableCut(text: "", listed: 0, omitted: 0) }
        var left = remaining - max(MarkdownReporter.size(of: head(nil)), MarkdownReporter.size(of: head(rows.count))) - MarkdownReporter.size(of: tail)
        var listed = 0
        for row in rows {
            let size = MarkdownReporter.size(of: row)
            if size > left { break }
            left -= size
            listed += 1
        }
        // A table cut short closes the summary: what comes after it matters less than its
        // own missing rows, and a few rows of each later part would only look complete.
        guard listed > 0 else {
            remaining = 0
            return TableCut(text: "", listed: 0, omitted: rows.count)
        }
        let text = head(listed < rows.count ? listed : nil) + rows.prefix(listed).joined() + tail
        remaining = listed < rows.count ? 0 : remaining - MarkdownReporter.size(of: text)
        return TableCut(text: text, listed: listed, omitted: rows.count - listed)
    }
}

extension Budget {
    /// `findings` as a table folded under `summary`, which says how many are listed when
    /// not all are.
    mutating func foldedFindings(_ findings: [Finding], summary: String) -> TableCut {
        table(
            findings.map { MarkdownReporter.row($0) },
            head: { listed in
                "<details><summary>\(summary)\(listed.map { ", \(grouped($0)) listed" } ?? "")</summary>\n\n" + MarkdownReporter.tableHead
            }, tail: "\n</details>\n\n")
    }
}

/// A table as it goes on the page (empty when no row fits), and how many rows it left out.
struct TableCut {
    let text: String
    let listed: Int
    let omitted: Int
}

/// `a`, `a and b`, `a, b and c`.
func list(_ parts: [String]) -> String {
    parts.count <= 1 ? parts.joined() : parts.dropLast().joined(separator: ", ") + " and " + parts.last!
}
