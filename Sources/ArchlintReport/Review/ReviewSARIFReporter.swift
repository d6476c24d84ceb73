import ArchlintFindings

/// `archlint diff --format sarif`: the head's run as `check` writes it, each result with its
/// `baselineState` against the base — `new`, `updated` (escalated) or `unchanged` — plus the
/// fixed findings as `absent` results located in the base, so code scanning closes them.
public struct ReviewSARIFReporter {
    public init() {}

    public func render(_ review: ReviewReport) -> String {
        let report = review.headReport
        let new = Set(review.newFindings), escalated = Set(review.escalated.map(\.finding)), unchanged = Set(review.unchanged)
        var builder = SARIF.ResultBuilder(report)
        var results = report.findings.map { finding in
            // A finding the comparison did not judge (none should be) gets no state rather than a wrong one.
            let state: String? =
                new.contains(finding) ? "new" : escalated.contains(finding) ? "updated" : unchanged.contains(finding) ? "unchanged" : nil
            return builder.result(finding, baselineState: state)
        }
        results += fixedResults(review, builder: &builder)
        return SARIFReporter.encode(SARIFReporter().log(report, results: results))
    }

    /// The fixed findings as `absent` results, fingerprinted as the base's SARIF had them.
    /// Findings are matched by occurrence: a rule's first k findings on a resource in the head
    /// match the base's first k, so the fixed ones of a key are the base's occurrences after
    /// the head's count of that key.
    private func fixedResults(_ review: ReviewReport, builder: inout SARIF.ResultBuilder) -> [SARIF.Result] {
        var next = Dictionary(review.headReport.findings.map { (SARIF.ResultBuilder.fingerprintKey($0), 1) }, uniquingKeysWith: +)
        return review.fixed.sorted(by: Finding.ordered).map { finding in
            let key = SARIF.ResultBuilder.fingerprintKey(finding)
            let occurrence = next[key, default: 0]
            next[key] = occurrence + 1
            return builder.result(finding, baselineState: "absent", occurrence: occurrence)
        }
    }
}
