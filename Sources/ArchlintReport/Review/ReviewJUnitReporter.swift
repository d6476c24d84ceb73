import ArchlintFindings

/// Placeholder until the JUnit review report is written.
public struct ReviewJUnitReporter {
    let timestamp: String
    let hostname: String
    let elapsed: Double
    public init(timestamp: String, hostname: String, elapsed: Double) {
        self.timestamp = timestamp
        self.hostname = hostname
        self.elapsed = elapsed
    }
    public func render(_ review: ReviewReport) -> String { "" }
}
