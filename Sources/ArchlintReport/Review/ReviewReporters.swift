import ArchlintFindings

/// `archlint diff`'s renderers, one per report format: the same identifiers as `check`'s
/// (`ReportFormat`), describing a `ReviewReport` instead of a `LintReport`.
public enum ReviewReporters {
    /// The review in `format`, for standard output (shown as `display` says) or a file.
    /// `timestamp`, `hostname` and `elapsed` are JUnit's, as for `check`.
    public static func render(
        _ review: ReviewReport, as format: ReportFormat, display: DisplaySettings = .everything,
        timestamp: String = "1970-01-01T00:00:00", hostname: String = "localhost", elapsed: Double = 0
    ) -> String {
        switch format {
        case .text: ReviewTextReporter(display).render(review)
        case .json: ReviewJSONReporter.render(review)
        case .markdown: ReviewMarkdownReporter().render(review)
        case .github: ReviewGitHubReporter(minimumSeverity: display.minimumSeverity).render(review)
        case .sarif: ReviewSARIFReporter().render(review)
        case .junit: ReviewJUnitReporter(timestamp: timestamp, hostname: hostname, elapsed: elapsed).render(review)
        }
    }

    /// Whether the head's load errors go to standard error beside the format (text leaves
    /// them out of its body; the others carry them).
    public static func errorsOnStandardError(_ format: ReportFormat) -> Bool { format == .text }
}
