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

    /// One annotation to write: its type (error, warning, notice), where, its title and
    /// message, and the line printed in the log instead when GitHub's quota is spent.
    struct Entry {
        let type: String
        let location: SourceLocation
        let title: String
        let message: String
        let logLine: String

        init(type: String, location: SourceLocation, title: String, message: String, logLine: String) {
            self.type = type
            self.location = location
            self.title = title
            self.message = message
            self.logLine = logLine
        }

        /// A load error, always an error annotation.
        init(_ error: Diagnostic) {
            self.init(
                type: "error", location: error.location, title: "archlint: input error",
                message: error.message, logLine: "\(error.location): error: \(error.message)")
        }

        /// A finding, annotated as its severity; `note` follows its message (diff says
        /// what a finding was before).
        init(_ finding: Finding, text: TextReporter, note: String = "") {
            self.init(
                type: GitHubReporter.annotationType(finding.severity), location: finding.location, title: "\(finding.rule) \(finding.name)",
                message: "\(finding.message) [\(finding.stackEnvironment) \(finding.resource)]\(note)", logLine: text.line(finding) + note)
        }
    }

    public func render(_ report: LintReport) -> String {
        let text = TextReporter()
        let loadErrors = report.errors.map(Entry.init)
        var gating: [Entry] = [], others: [Entry] = []
        for finding in report.findings where !finding.isWaived && finding.severity >= minimumSeverity {
            let entry = Entry(finding, text: text)
            if report.failsGate(finding) { gating.append(entry) } else { others.append(entry) }
        }
        var out = annotate(loadErrors + Self.bySeverity(gating) + others, noticeTitle: "archlint", summary: text.summary(report), noticeWhenEmpty: false)
        out += text.summary(report) + "\n"
        out += text.verdict(report) + "\n"
        return out
    }

    /// Gating errors before gating warnings; each group keeps the report's order.
    static func bySeverity(_ entries: [Entry]) -> [Entry] {
        let severityRank = ["error": 0, "warning": 1, "notice": 2]
        return stableSorted(entries) { severityRank[$0.type]! < severityRank[$1.type]! }
    }

    /// The workflow commands for `entries`, most important first, within GitHub's quota per
    /// type; the rest as log lines; then the closing notice titled `noticeTitle` that says
    /// how many were annotated, followed by `summary` (written even for no entries when
    /// `noticeWhenEmpty`).
    func annotate(_ entries: [Entry], noticeTitle: String, summary: String, noticeWhenEmpty: Bool) -> String {
        // The closing notice keeps one notice slot for itself.
        var remaining = ["error": Self.shownPerType, "warning": Self.shownPerType, "notice": Self.shownPerType - 1]
        var out = "", unannotated: [Entry] = []
        var annotated = 0
        for entry in entries {
            if remaining[entry.type]! > 0 {
                remaining[entry.type]! -= 1
                annotated += 1
                out += command(entry.type, entry.location, title: entry.title, message: entry.message)
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
        if total > 0 || noticeWhenEmpty {
            let leftOut = unannotated.isEmpty ? "" : "; the other \(unannotated.count) are listed in the log (GitHub shows \(Self.shownPerType) of each type per step)"
            out += "::notice title=\(property(noticeTitle))::annotated \(annotated) of \(total)\(leftOut). \(summary)\n"
        }
        return out
    }

    /// One workflow command: `::error file=…,line=…,col=…,title=…::message`.
    private func command(_ type: String, _ location: SourceLocation, title: String, message: String) -> String {
        "::\(type) file=\(property(location.file)),line=\(location.line),col=\(location.column),title=\(property(title))::\(data(message))\n"
    }

    static func annotationType(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "notice"
        }
    }

    private static func stableSorted(_ entries: [Entry], by less: (Entry, Entry) -> Bool) -> [Entry] {
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
