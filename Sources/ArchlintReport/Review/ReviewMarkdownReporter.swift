import ArchlintFindings

/// Placeholder until the Markdown review report is written.
public struct ReviewMarkdownReporter {
    public init() {}
    public func render(_ review: ReviewReport) -> String { "" }
}
