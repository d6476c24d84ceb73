import ArchlintFindings

/// Placeholder until the SARIF review report is written.
public struct ReviewSARIFReporter {
    public init() {}
    public func render(_ review: ReviewReport) -> String { "" }
}
