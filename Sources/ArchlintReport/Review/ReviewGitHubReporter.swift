import ArchlintFindings

/// Placeholder until the GitHub review annotations are written.
public struct ReviewGitHubReporter {
    let minimumSeverity: Severity
    public init(minimumSeverity: Severity = .info) { self.minimumSeverity = minimumSeverity }
    public func render(_ review: ReviewReport) -> String { "" }
}
