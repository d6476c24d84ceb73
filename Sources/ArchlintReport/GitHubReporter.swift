import ArchlintFindings

/// `--format github`: GitHub Actions workflow commands, which GitHub turns into annotations
/// on the pull request's files.
///
/// GitHub shows only the first 10 annotations of each type (error, warning, notice) per
/// step, so the annotations go to what matters first: load errors, then findings that fail
/// the gate (errors, then warnings), then the rest. Every finding that gets no annotation is
/// printed as a plain log line in the text format, so nothing is missing from the log, and
/// a closing notice (kept a slot of its own) says how many were annotated.
public struct GitHubReporter: Sendable {
    /// Annotations GitHub displays per type (error, warning, notice) per step.
    public static let shownPerType = 10
    /// Findings below this severity are left out (`--severity`).
    public var minimumSeverity: Severity

    public init(minimumSeverity: Severity = .info) {
        self.minimumSeverity = minimumSeverity
    }

    private struct Entry {
        let type: String
        let location: SourceLocation
        let title: String
        let message: String
        let logLine: String
    }

    public func render(_ report: LintReport) -> String {
        let text = TextReporter()
        var loadErrors: [Entry] = [], gating: [Entry] = [], others: [Entry] = []
        for error in report.errors {
            loadErrors.append(
                Entry(
                    type: "error", location: error.location, title: "archlint: input error",
                    message: error.message, logLine: "\(error.location): error: \(error.message)"))
        }
        for finding in report.findings where !finding.isWaived && finding.severity >= minimumSeverity {
            let entry = Entry(
                type: annotationType(finding.severity), location: finding.location, title: "\(finding.rule) \(finding.name)",
                message: "\(finding.message) [\(finding.stackEnvironment) \(finding.resource)]", logLine: text.line(finding))
            if report.failsGate(finding) { gating.append(entry) } else { others.append(entry) }
        }
        // Gating errors before gating warnings; each group keeps the report's order.
        let severityRank = ["error": 0, "warning": 1, "notice": 2]
        gating = stableSorted(gating) { severityRank[$0.type]! < severityRank[$1.type]! }

        // The closing notice keeps one notice slot for itself.
        var remaining = ["error": Self.shownPerType, "warning": Self.shownPerType, "notice": Self.shownPerType - 1]
        var out = "", unannotated: [Entry] = []
        var annotated = 0
        for entry in loadErrors + gating + others {
            if remaining[entry.type]! > 0 {
                remaining[entry.type]! -= 1
                annotated += 1
                out +=
                    "::\(entry.type) file=\(property(entry.location.file)),line=\(entry.location.line),col=\(entry.location.column),title=\(property(entry.title))::\(data(entry.message))\n"
            } else {
                unannotated.append(entry)
            }
        }
        let total = annotated + unannotated.count
        if !unannotated.isEmpty {
            // In the report's order, as the text format prints them.
            unannotated.sort { $0.location < $1.location }
            out += "\(unannotated.count) more \(unannotated.count == 1 ? "problem" : "problems") (GitHub shows \(Self.shownPerType) annotations of each type per step):\n"
            for entry in unannotated { out += entry.logLine + "\n" }
        }
        if total > 0 {
            let leftOut = unannotated.isEmpty ? "" : "; the other \(unannotated.count) are listed in the log (GitHub shows \(Self.shownPerType) of each type per step)"
            out += "::notice title=archlint::annotated \(annotated) of \(total)\(leftOut). \(text.summary(report))\n"
        }
        out += text.summary(report) + "\n"
        out += text.verdict(report) + "\n"
        return out
    }

    private func annotationType(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "notice"
        }
    }

    private func stableSorted(_ entries: [Entry], by less: (Entry, Entry) -> Bool) -> [Entry] {
        entries.enumerated().sorted { a, b in
            less(a.element, b.element) || (!less(b.element, a.element) && a.offset < b.offset)
        }.map(\.element)
    }

    /// Escaping of a workflow command's message.
    private func data(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            default: out.append(character)
            }
        }
        return out
    }

    /// Escaping of a workflow command's property values, which also reserve ':' and ','.
    private func property(_ text: String) -> String {
        var out = ""
        for character in data(text) {
            switch character {
            case ":": out += "%3A"
            case ",": out += "%2C"
            default: out.append(character)
            }
        }
        return out
    }
}
