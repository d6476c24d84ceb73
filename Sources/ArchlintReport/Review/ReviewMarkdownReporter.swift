import ArchlintFindings

/// `archlint diff --format markdown`, for `$GITHUB_STEP_SUMMARY` or a pull-request comment:
/// the verdict and the counts, a table per stack-environment of what changed, the new and
/// escalated findings, each resource change, a Mermaid diagram of each changed
/// stack-environment (added green, changed amber, removed dashed red), and the fixed
/// findings folded.
///
/// Kept within GitHub's comment limit as `check`'s summary is (`MarkdownReporter`, whose
/// budget, cells and rows this shares): the verdict and counts always; then, by priority,
/// the head's load errors, the new findings, the escalated ones, the totals, the changes,
/// the fixed findings, the base's load errors and, last, the diagrams, each whole or not at
/// all. A paragraph under the counts says what was left out.
public struct ReviewMarkdownReporter {
    /// The most the summary may measure, by `MarkdownReporter.size(of:)`.
    let sizeLimit: Int

    public init() { self.init(sizeLimit: MarkdownReporter.commentLimit) }

    init(sizeLimit: Int) { self.sizeLimit = sizeLimit }

    /// Longest old or new value shown in the table of changes: a whole list of rules would
    /// make the row unreadable; the JSON output has it in full.
    static let valueLimit = 120

    public func render(_ review: ReviewReport) -> String {
        let report = review.headReport
        var head = "## archlint diff\n\n"
        let failures = ReviewTextReporter.failures(review)
        if failures.isEmpty {
            head += "✅ **Passed**: \(ReviewTextReporter.passing(review)).\n\n"
        } else {
            head += "❌ **Failed**: \(failures.joined(separator: "; ")).\n\n"
        }
        head += "Comparing \(side(review.base)) with \(side(review.head)): \(ReviewTextReporter.counts(review)).\n\n"

        // The head is kept whatever the limit; the rest shares what is left.
        var budget = Budget(remaining: sizeLimit - MarkdownReporter.size(of: head) - MarkdownReporter.omissionReserve)
        var leftOut: [String] = []

        let loadErrors = budget.table(
            report.errors.map(errorRow), head: { _ in "### Specs of the head that could not be loaded\n\n" + Self.errorHead }, tail: "\n")
        if loadErrors.omitted > 0 { leftOut.append(plural(loadErrors.omitted, "load error", "load errors")) }

        // Gating findings first in each table: they are why the diff fails.
        let shown = { (finding: Finding) in !finding.isWaived }
        let new = Self.gatingFirst(review.newFindings.filter(shown), report)
        let newTable = budget.table(
            new.map { MarkdownReporter.row($0) },
            head: { listed in "### New findings\(listed.map { " (\(grouped($0)) of \(grouped(new.count)) listed)" } ?? "")\n\n" + MarkdownReporter.tableHead },
            tail: "\n")
        if newTable.omitted > 0 { leftOut.append(plural(newTable.omitted, "new finding", "new findings")) }

        let previous = Dictionary(review.escalated.map { ($0.finding, $0.previousSeverity) }, uniquingKeysWith: { first, _ in first })
        let escalated = Self.gatingFirst(review.escalated.map(\.finding).filter(shown), report)
        let escalatedTable = budget.table(
            escalated.map { MarkdownReporter.row($0, severityNote: " (was \(previous[$0]?.rawValue ?? "?"))") },
            head: { listed in
                "### Escalated findings\(listed.map { " (\(grouped($0)) of \(grouped(escalated.count)) listed)" } ?? "")\n\n" + MarkdownReporter.tableHead
            }, tail: "\n")
        if escalatedTable.omitted > 0 { leftOut.append(plural(escalatedTable.omitted, "escalated finding", "escalated findings")) }

        let totals = review.totals
        let totalsTable = budget.table(
            totals.map { totals in
                "| \(MarkdownReporter.cell(totals.stackEnvironment)) | \(totals.added) | \(totals.changed) | \(totals.removed) | \(totals.newFindings) | \(totals.escalated) | \(totals.fixed) |\n"
            }, head: { _ in "| stack | added | changed | removed | new findings | escalated | fixed |\n|---|---:|---:|---:|---:|---:|---:|\n" },
            tail: "\n")
        if totalsTable.omitted > 0 { leftOut.append("the totals of \(plural(totalsTable.omitted, "stack-environment", "stack-environments"))") }

        let changeRows = review.changes.flatMap(changeRows)
        let changesTable = budget.table(
            changeRows,
            head: { listed in
                "### Changes\(listed.map { " (\(grouped($0)) of \(grouped(changeRows.count)) rows listed)" } ?? "")\n\n"
                    + "| stack | change | resource | field | before | after | where |\n|---|---|---|---|---|---|---|\n"
            }, tail: "\n")
        if changesTable.omitted > 0 { leftOut.append(plural(changesTable.omitted, "row of changes", "rows of changes")) }

        let fixed = Self.gatingFirst(review.fixed.filter(shown), report)
        let fixedTable = budget.foldedFindings(fixed, summary: plural(fixed.count, "fixed finding", "fixed findings"))
        if fixedTable.omitted > 0 { leftOut.append(plural(fixedTable.omitted, "fixed finding", "fixed findings")) }

        let baseErrors = budget.table(
            review.baseErrors.map(errorRow),
            head: { _ in
                "<details><summary>The base has \(plural(review.baseErrors.count, "load error", "load errors")); it was compared as far as it loaded</summary>\n\n"
                    + Self.errorHead
            }, tail: "\n</details>\n\n")
        if baseErrors.omitted > 0 { leftOut.append(plural(baseErrors.omitted, "load error of the base", "load errors of the base")) }

        // Diagrams last, each whole or not at all: a smaller one may fit where a larger did not.
        let diagramNames = review.diagrams.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var diagramBlocks: [String] = []
        for name in diagramNames where budget.remaining > 0 {
            let block = MarkdownReporter.diagramBlock(summary: "Diagram of the change to \(MarkdownReporter.cell(name))", .drawn(review.diagrams[name]!))
            if budget.take(block) { diagramBlocks.append(block) }
        }
        let diagramsLeftOut = diagramNames.count - diagramBlocks.count
        if diagramsLeftOut > 0 { leftOut.append(plural(diagramsLeftOut, "diagram", "diagrams")) }

        // On the page: the order a reader wants, whatever the order space was given in.
        var out = head
        out += MarkdownReporter.omissionNote(leftOut, sizeLimit: sizeLimit, fullerReports: "`archlint diff --format json` lists every change and finding.")
        out += totalsTable.text + loadErrors.text + newTable.text + escalatedTable.text + changesTable.text
        out += diagramBlocks.joined() + fixedTable.text + baseErrors.text
        return out
    }

    private static let errorHead = "| file | line | error |\n|---|---:|---|\n"

    private func errorRow(_ error: Diagnostic) -> String {
        "| `\(MarkdownReporter.cell(error.location.file))` | \(error.location.line) | \(MarkdownReporter.cell(error.message)) |\n"
    }

    /// `` `main` (`0123abc`) ``, or the folder's name.
    private func side(_ side: ReviewSide) -> String {
        "`\(MarkdownReporter.cell(side.name))`" + (side.commit.map { " (`\($0.prefix(12))`)" } ?? "")
    }

    /// The findings failing the gate first (errors before warnings), then the rest by severity.
    private static func gatingFirst(_ findings: [Finding], _ report: LintReport) -> [Finding] {
        MarkdownReporter.bySeverity(findings.filter(report.failsGate)) + MarkdownReporter.bySeverity(findings.filter { !report.failsGate($0) })
    }

    /// One row per added or removed resource, one per field of a changed one.
    private func changeRows(_ change: ResourceChange) -> [String] {
        let stack = MarkdownReporter.cell(change.stackEnvironment), resource = "`\(MarkdownReporter.cell(change.resource))`"
        func place(_ location: SourceLocation) -> String { "`\(MarkdownReporter.cell(location.file)):\(location.line)`" }
        switch change.change {
        case .added: return ["| \(stack) | 🟩 added | \(resource) | | | | \(place(change.location)) |\n"]
        case .removed: return ["| \(stack) | 🟥 removed | \(resource) | | | | was at \(place(change.location)) |\n"]
        case .changed:
            return change.fields.map { field in
                "| \(stack) | 🟧 changed | \(resource) | `\(MarkdownReporter.cell(field.path))` | \(value(field.old)) | \(value(field.new)) | \(place(field.location)) |\n"
            }
        }
    }

    private func value(_ text: String?) -> String {
        guard let text else { return "*(none)*" }
        let shown = text.count > Self.valueLimit ? String(text.prefix(Self.valueLimit - 1)) + "…" : text
        return MarkdownReporter.cell(shown)
    }
}
