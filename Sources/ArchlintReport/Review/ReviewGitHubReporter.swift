import ArchlintFindings

/// `archlint diff --format github`: workflow annotations, as `check` writes them, for what
/// the change brings in — the head's load errors, then its new and escalated findings (those
/// failing the gate first) — and one notice with the counts. Unchanged findings get no
/// annotation: a pull request is not the place to reopen what the base already had.
///
///     ::error file=specs/navlab/production.yaml,line=88,col=9,title=SG001 …::security group 'db' admits … [navlab/production security_group/db]
///     ::notice title=archlint diff::annotated 1 of 1. 0 resources changed, 1 added, 0 removed; 1 new finding, 0 escalated, 2 fixed, 40 unchanged
///     FAILED: 1 new finding at or above the gate (error)
public struct ReviewGitHubReporter {
    let minimumSeverity: Severity

    public init(minimumSeverity: Severity = .info) { self.minimumSeverity = minimumSeverity }

    public func render(_ review: ReviewReport) -> String {
        let text = TextReporter()
        let report = review.headReport
        let shown = { (finding: Finding) in !finding.isWaived && finding.severity >= minimumSeverity }
        var gating: [GitHubReporter.Entry] = [], others: [GitHubReporter.Entry] = []
        let moved =
            review.newFindings.filter(shown).map { ($0, "") }
            + review.escalated.filter { shown($0.finding) }.map { ($0.finding, " (was \($0.previousSeverity.rawValue))") }
        // New and escalated together in the report's order, as `check` would list them.
        for (finding, note) in moved.sorted(by: { Finding.ordered($0.0, $1.0) }) {
            let entry = GitHubReporter.Entry(finding, text: text, note: note)
            if report.failsGate(finding) { gating.append(entry) } else { others.append(entry) }
        }
        let reporter = GitHubReporter(minimumSeverity: minimumSeverity)
        var out = reporter.annotate(
            report.errors.map(GitHubReporter.Entry.init) + GitHubReporter.bySeverity(gating) + others,
            noticeTitle: "archlint diff", summary: ReviewTextReporter.counts(review), noticeWhenEmpty: true)
        out += ReviewTextReporter(DisplaySettings()).verdict(review) + "\n"
        return out
    }
}
