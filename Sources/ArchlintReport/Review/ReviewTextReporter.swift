import ArchlintFindings

/// `archlint diff`'s default output: a summary line per stack-environment, each resource
/// change, then the new, escalated and fixed findings in `check`'s line form, and the verdict.
///
///     navlab/production: +0 ~1 -0 resources; 1 new finding, 0 fixed
///     ~ security_group/db ingress[1]: (none) → {ports: 5432, from: 0.0.0.0/0} specs/navlab/production.yaml:88:9
///
///     new:
///     specs/navlab/production.yaml:88:9: error SG001 … [navlab/production security_group/db]
///
///     FAILED: 1 new finding at or above the gate (error)
public struct ReviewTextReporter: Sendable {
    let lines: TextReporter

    public init(_ display: DisplaySettings) {
        lines = TextReporter(display)
    }

    public func render(_ review: ReviewReport) -> String {
        var out = ""
        let display = lines.display
        if !display.quiet {
            for totals in review.totals { out += Self.summary(totals) + "\n" }
            var stackEnvironment: String?
            for change in review.changes {
                if change.stackEnvironment != stackEnvironment {
                    if !out.isEmpty { out += "\n" }
                    stackEnvironment = change.stackEnvironment
                    out += "\(change.stackEnvironment):\n"
                }
                out += Self.describe(change).map { "\($0)\n" }.joined()
            }
        }
        let shown = { (finding: Finding) in
            !finding.isWaived && (display.quiet ? review.headReport.failsGate(finding) : finding.severity >= display.minimumSeverity)
        }
        let new = review.newFindings.filter(shown)
        if !new.isEmpty {
            out += (out.isEmpty ? "" : "\n") + "new findings:\n"
            for finding in new { out += lines.line(finding) + "\n" }
        }
        let escalated = review.escalated.filter { shown($0.finding) }
        if !escalated.isEmpty {
            out += (out.isEmpty ? "" : "\n") + "escalated findings:\n"
            for entry in escalated { out += lines.line(entry.finding) + " (was \(entry.previousSeverity.rawValue))\n" }
        }
        let fixed = display.quiet ? [] : review.fixed.filter { !$0.isWaived && $0.severity >= display.minimumSeverity }
        if !fixed.isEmpty {
            out += (out.isEmpty ? "" : "\n") + "fixed findings:\n"
            for finding in fixed { out += lines.line(finding) + "\n" }
        }
        if !out.isEmpty { out += "\n" }
        if !display.quiet { out += Self.counts(review) + "\n" }
        out += verdict(review) + "\n"
        return out
    }

    /// `navlab/production: +0 ~1 -0 resources; 1 new finding, 0 fixed`
    public static func summary(_ totals: ReviewTotals) -> String {
        var text = "\(totals.stackEnvironment): +\(totals.added) ~\(totals.changed) -\(totals.removed) resources; "
        text += counted(totals.newFindings, "new finding")
        if totals.escalated > 0 { text += ", \(totals.escalated) escalated" }
        text += ", \(totals.fixed) fixed"
        return text
    }

    /// The lines of one change: `+ KIND/NAME FILE:LINE:COL`, `- …`, or one `~` line per field.
    public static func describe(_ change: ResourceChange) -> [String] {
        switch change.change {
        case .added: return ["+ \(change.resource) \(change.location)"]
        case .removed: return ["- \(change.resource) (was at \(change.location))"]
        case .changed:
            return change.fields.map { field in
                "~ \(change.resource) \(field.path): \(field.old ?? "(none)") → \(field.new ?? "(none)") \(field.location)"
            }
        }
    }

    /// Every count in one line: resources, findings, and what the base could not load.
    static func counts(_ review: ReviewReport) -> String {
        let changes = review.changes
        let added = changes.filter { $0.change == .added }.count
        let removed = changes.filter { $0.change == .removed }.count
        var text =
            "\(counted(changes.count - added - removed, "resource")) changed, \(added) added, \(removed) removed; "
            + "\(counted(review.newFindings.count, "new finding")), \(review.escalated.count) escalated, \(review.fixed.count) fixed, \(review.unchanged.count) unchanged"
        if !review.baseErrors.isEmpty { text += "; the base has \(counted(review.baseErrors.count, "load error"))" }
        return text
    }

    /// `FAILED: 1 new finding at or above the gate (error)`, the head's input errors, or PASSED.
    public func verdict(_ review: ReviewReport) -> String {
        let reasons = Self.failures(review)
        if !reasons.isEmpty { return lines.paint("FAILED: " + reasons.joined(separator: "; "), .red) }
        return lines.paint("PASSED: " + Self.passing(review), .green)
    }

    /// Why the review fails — the head's input errors, the new and escalated findings at the
    /// gate — unpainted, for every format's verdict; empty when it passes.
    static func failures(_ review: ReviewReport) -> [String] {
        let report = review.headReport
        var reasons: [String] = []
        if !report.errors.isEmpty {
            reasons.append("\(counted(report.errors.count, "input error")) in the head")
        }
        let gating = review.gatingFindings
        if !gating.isEmpty, let failOn = report.failOn {
            let escalated = Set(review.escalated.map(\.finding)).intersection(gating).count
            var text = "\(counted(gating.count - escalated, "new finding"))"
            if escalated > 0 { text += " and \(escalated) escalated" }
            reasons.append("\(text) at or above the gate (\(failOn.rawValue))")
        }
        return reasons
    }

    /// Why a review that does not fail passes: `no new finding at or above the gate (error)`.
    static func passing(_ review: ReviewReport) -> String {
        review.headReport.failOn.map { "no new finding at or above the gate (\($0.rawValue))" } ?? "gate is off (--fail-on none)"
    }
}

func counted(_ count: Int, _ noun: String) -> String {
    count == 1 ? "1 \(noun)" : "\(count) \(noun)s"
}
