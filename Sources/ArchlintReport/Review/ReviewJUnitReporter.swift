import ArchlintFindings

/// `archlint diff --junit`: the head's checks laid out as `check`'s JUnit (one suite per
/// stack-environment, one case per rule × resource), judged as the ratchet judges them: only
/// a new or escalated finding at the gate fails its case. An unchanged finding, even at the
/// gate, leaves its case passing and is listed in the suite's `system-out`, marked as such,
/// so the dashboard is red exactly when the diff's exit status is.
public struct ReviewJUnitReporter {
    let timestamp: String
    let hostname: String
    let elapsed: Double

    public init(timestamp: String, hostname: String, elapsed: Double) {
        self.timestamp = timestamp
        self.hostname = hostname
        self.elapsed = elapsed
    }

    public func render(_ review: ReviewReport) -> String {
        let gating = Set(review.gatingFindings)
        let previous = Dictionary(review.escalated.map { ($0.finding, $0.previousSeverity) }, uniquingKeysWith: { first, _ in first })
        let new = Set(review.newFindings)
        let text = TextReporter()
        let judgement = JUnitReporter.Judgement(fails: gating.contains) { finding in
            let line = text.line(finding)
            if new.contains(finding) { return line + " (new)" }
            if let severity = previous[finding] { return line + " (escalated from \(severity.rawValue))" }
            return line + " (unchanged: the base has it too)"
        }
        return JUnitReporter(timestamp: timestamp, hostname: hostname, elapsed: elapsed).render(review.headReport, judgement)
    }
}
