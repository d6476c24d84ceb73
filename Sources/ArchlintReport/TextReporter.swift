import ArchlintFindings

/// The default output: one line per finding, like a compiler's, then a summary line.
///
///     specs/phenom/development.yaml:88:9: error ENC005 listener 80 … [phenom/development load_balancer/public]
///
/// Waived findings are left out of the lines (they are accepted) and counted in the
/// summary. Load errors go to standard error, through `errorLines`.
public struct TextReporter: Sendable {
    /// ANSI colour; the CLI turns it on only for a terminal without `NO_COLOR`.
    public var color: Bool

    public init(color: Bool = false) {
        self.color = color
    }

    public func render(_ report: LintReport) -> String {
        var out = ""
        for finding in report.findings where !finding.isWaived {
            out += line(finding) + "\n"
        }
        out += summary(report) + "\n"
        return out
    }

    public func line(_ finding: Finding) -> String {
        let location = paint("\(finding.location):", .bold)
        let severity = paint(finding.severity.rawValue, style(finding.severity))
        return "\(location) \(severity) \(finding.rule) \(finding.message) [\(finding.stackEnvironment) \(finding.resource)]"
    }

    /// Load errors: a `file:line:col: error: message` line each (editors and CI matchers
    /// parse it), then the source line with a caret under the column, when it is known.
    public func errorLines(_ report: LintReport) -> String {
        errorLines(report.errors)
    }

    /// The same for errors met outside a run (`archlint rules --rules DIR`).
    public func errorLines(_ errors: [Diagnostic]) -> String {
        errors.map { diagnostic in
            var text = "\(paint("\(diagnostic.location):", .bold)) \(paint("error:", .red)) \(diagnostic.message)\n"
            if let source = diagnostic.source {
                text += SourceExcerpt(line: diagnostic.location.line, source: source)
                    .render(gutter: { paint($0, .blue) }, caret: { paint($0, .red) })
            }
            return text
        }.joined()
    }

    public func summary(_ report: LintReport) -> String {
        var parts = [
            counted(report.count(.error), "error"),
            counted(report.count(.warning), "warning"),
            counted(report.count(.info), "info"),
        ]
        let baselined = report.findings.filter { $0.waiver?.source == .baseline }.count
        if report.waivedCount > baselined { parts.append("\(report.waivedCount - baselined) waived") }
        if baselined > 0 { parts.append("\(baselined) in baseline") }
        var text = parts.joined(separator: ", ")
            + " in \(counted(report.fileCount, "file")) (\(counted(report.resourceCount, "resource")))"
        let failed = Set(report.errors.map(\.location.file)).count
        if failed > 0 {
            text += "; \(counted(failed, "file")) could not be loaded (\(counted(report.errors.count, "error")))"
        }
        return text
    }

    private func counted(_ count: Int, _ noun: String) -> String {
        count == 1 || noun == "info" ? "\(count) \(noun)" : "\(count) \(noun)s"
    }

    private enum Style: String {
        case bold = "1"
        case red = "1;31"
        case yellow = "1;33"
        case blue = "1;34"
    }

    private func style(_ severity: Severity) -> Style {
        switch severity {
        case .error: .red
        case .warning: .yellow
        case .info: .blue
        }
    }

    private func paint(_ text: String, _ style: Style) -> String {
        color ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }
}
