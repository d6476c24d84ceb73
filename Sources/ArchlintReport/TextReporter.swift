import ArchlintFindings

/// The default output: findings like a compiler's, one per line, grouped by file with the
/// ones that fail the gate first in each file, then a summary and a verdict.
///
///     specs/phenom/development.yaml:88:9: error ENC005 listener 80 … [phenom/development load_balancer/public]
///
///     12 errors, 34 warnings, 44 info, 4 waived in 7 files (174 resources)
///     FAILED: 12 errors at or above the gate in 5 stack-environments
///
/// Waived findings are left out of the lines (they are accepted) and counted in the
/// summary. Load errors go to standard error, through `errorLines`.
public struct TextReporter: Sendable {
    /// Colour, the lowest severity shown, quiet: what the person reading wants to see.
    public var display: DisplaySettings

    public init(_ display: DisplaySettings) {
        self.display = display
    }

    public init(color: Bool = false, minimumSeverity: Severity = .info, quiet: Bool = false) {
        self.init(DisplaySettings(color: color, minimumSeverity: minimumSeverity, quiet: quiet))
    }

    public func render(_ report: LintReport) -> String {
        var out = ""
        var file: String?
        var gating: [Finding] = [], others: [Finding] = []
        func flush() {
            guard !gating.isEmpty || !others.isEmpty else { return }
            if !out.isEmpty { out += "\n" }
            for finding in gating + others { out += line(finding) + "\n" }
            gating.removeAll(keepingCapacity: true)
            others.removeAll(keepingCapacity: true)
        }
        // Findings come sorted by file, then place: one pass groups them.
        for finding in report.findings where shows(finding, in: report) {
            if finding.location.file != file {
                flush()
                file = finding.location.file
            }
            if report.failsGate(finding) { gating.append(finding) } else { others.append(finding) }
        }
        flush()
        if !out.isEmpty { out += "\n" }
        if !display.quiet { out += summary(report) + "\n" }
        out += verdict(report) + "\n"
        return out
    }

    /// Whether a finding gets a line of its own under these settings.
    public func shows(_ finding: Finding, in report: LintReport) -> Bool {
        guard !finding.isWaived else { return false }
        return display.quiet ? report.failsGate(finding) : finding.severity >= display.minimumSeverity
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

    /// The counts: findings by severity in the files that loaded, then what could not be
    /// loaded. Finding counts and load errors are named apart, so the line never says
    /// "0 errors" beside "3 errors".
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
        let failedSpecs = min(report.failedSpecCount, report.fileCount)
        if report.fileCount == 0 {
            text = "no spec file was read"
        } else if failedSpecs == 0 {
            text += " in \(counted(report.fileCount, "file")) (\(counted(report.resourceCount, "resource")))"
        } else {
            text += " in the \(report.fileCount - failedSpecs) of \(counted(report.fileCount, "file")) that loaded (\(counted(report.resourceCount, "resource")))"
        }
        if !report.errors.isEmpty {
            text += "; \(inputErrors(report))"
        }
        return text
    }

    /// The last line: whether the gate passed, and why.
    ///
    ///     FAILED: 12 errors at or above the gate in 5 stack-environments
    ///     FAILED: 3 input errors in 2 files
    ///     PASSED: no finding at or above the gate (error)
    public func verdict(_ report: LintReport) -> String {
        var reasons: [String] = []
        if !report.errors.isEmpty {
            reasons.append(inputErrors(report))
        }
        let gating = report.findings.filter(report.failsGate)
        if !gating.isEmpty, let failOn = report.failOn {
            let bySeverity = Severity.allCases.reversed().compactMap { severity -> String? in
                let count = gating.filter { $0.severity == severity }.count
                return count == 0 ? nil : counted(count, severity.rawValue)
            }
            let environments = Set(gating.map(\.stackEnvironment)).count
            let gate = failOn == .error ? "the gate" : "the gate (--fail-on \(failOn.rawValue))"
            reasons.append("\(joinedList(bySeverity)) at or above \(gate) in \(counted(environments, "stack-environment"))")
        }
        if !reasons.isEmpty {
            return paint("FAILED:", .red) + " " + reasons.joined(separator: "; ")
        }
        guard let failOn = report.failOn else { return paint("PASSED:", .green) + " the gate is off (--fail-on none)" }
        return paint("PASSED:", .green) + " no finding at or above the gate (\(failOn.rawValue))"
    }

    /// The closing line of `validate`, which runs no rules: how many files loaded.
    public func validationSummary(_ report: LintReport) -> String {
        if report.errors.isEmpty {
            return paint("VALID:", .green) + " \(counted(report.fileCount, "file")) loaded (\(counted(report.resourceCount, "resource")))"
        }
        if report.fileCount == 0 {
            return paint("INVALID:", .red) + " no spec file was read (\(counted(report.errors.count, "input error")))"
        }
        let failedSpecs = min(report.failedSpecCount, report.fileCount)
        return paint("INVALID:", .red)
            + " \(inputErrors(report));"
            + " \(report.fileCount - failedSpecs) of \(counted(report.fileCount, "spec file")) loaded (\(counted(report.resourceCount, "resource")))"
    }

    /// Errors in the inputs (specs, configuration, rule packs, baseline), apart from
    /// findings: not every one stops a file from loading (a waiver naming an unknown rule
    /// does not), so they are counted as errors in files, not as files that failed.
    private func inputErrors(_ report: LintReport) -> String {
        let files = report.failedFileCount
        return "\(counted(report.errors.count, "input error")) in \(counted(files, report.fileCount == 0 && files == 1 ? "input" : "file"))"
    }

    private func joinedList(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + items.last!
    }

    func counted(_ count: Int, _ noun: String) -> String {
        count == 1 || noun == "info" ? "\(count) \(noun)" : "\(count) \(noun)s"
    }

    enum Style: String {
        case bold = "1"
        case red = "1;31"
        case yellow = "1;33"
        case blue = "1;34"
        case green = "1;32"
    }

    private func style(_ severity: Severity) -> Style {
        switch severity {
        case .error: .red
        case .warning: .yellow
        case .info: .blue
        }
    }

    func paint(_ text: String, _ style: Style) -> String {
        display.color ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }
}

/// How findings are shown where a person reads them (text and GitHub annotations); report
/// files always hold everything (`everything`).
public struct DisplaySettings: Sendable {
    /// ANSI colour (text); the CLI turns it on only for a terminal without `NO_COLOR`.
    public var color: Bool
    /// Findings below this severity are not printed (text, github); they still count.
    public var minimumSeverity: Severity
    /// Only the verdict and the findings that fail the gate (text).
    public var quiet: Bool

    public init(color: Bool = false, minimumSeverity: Severity = .info, quiet: Bool = false) {
        self.color = color
        self.minimumSeverity = minimumSeverity
        self.quiet = quiet
    }

    public static let everything = DisplaySettings()
}
