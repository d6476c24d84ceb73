import ArchlintDiagram
import ArchlintFindings
import ArchlintReport

/// A format's renderer and what it needs from a run.
public struct Reporter {
    public let format: ReportFormat
    /// Whether it lists every rule × resource evaluated, passes included (JUnit): the run
    /// then records them, which it otherwise skips.
    public let needsEvaluations: Bool
    /// Whether the load errors go to standard error beside it because its body leaves them
    /// out (text); the other formats carry them.
    public let errorsOnStandardError: Bool
    /// The whole text, from the run (the report; the model for diagrams; the clock).
    let render: (LintRun, DisplaySettings) -> String
}

/// Every report format's renderer, by identifier: `--format`'s values, the configuration's
/// `reports:` keys and what `check` prints and writes all come from `ReportFormat` and this
/// table. A new format is added to `ReportFormat` and here; the switches over it (this one,
/// the fuzz target's checks) are exhaustive, so the compiler names any other place to decide.
/// The HTML page is not here: it is never chosen by identifier, only made by `archlint
/// report`, with Graphviz's diagrams.
public enum ReporterRegistry {
    public static func reporter(_ format: ReportFormat) -> Reporter {
        switch format {
        case .text:
            Reporter(format: format, needsEvaluations: false, errorsOnStandardError: true) { run, display in
                TextReporter(display).render(run.report)
            }
        case .json:
            Reporter(format: format, needsEvaluations: false, errorsOnStandardError: false) { run, _ in
                JSONReporter.render(run.report)
            }
        case .junit:
            Reporter(format: format, needsEvaluations: true, errorsOnStandardError: false) { run, _ in
                JUnitReporter(timestamp: run.clock.timestamp, hostname: run.clock.hostname, elapsed: run.clock.elapsed).render(run.report)
            }
        case .sarif:
            Reporter(format: format, needsEvaluations: false, errorsOnStandardError: false) { run, _ in
                SARIFReporter().render(run.report)
            }
        case .github:
            Reporter(format: format, needsEvaluations: false, errorsOnStandardError: false) { run, display in
                GitHubReporter(minimumSeverity: display.minimumSeverity).render(run.report)
            }
        case .markdown:
            // The summary embeds each stack-environment's diagram, drawn from the run's model.
            Reporter(format: format, needsEvaluations: false, errorsOnStandardError: false) { run, _ in
                run.markdownReporter().render(run.report)
            }
        }
    }

    /// Every reporter, in `--format`'s order.
    public static var all: [Reporter] { ReportFormat.allCases.map(reporter) }
}

extension LintRun {
    /// The run in `format`, for standard output (shown as `display` says) or a file
    /// (`.everything`).
    public func render(_ format: ReportFormat, display: DisplaySettings = .everything) -> String {
        ReporterRegistry.reporter(format).render(self, display)
    }

    /// A report file's text.
    public func render(_ output: ReportOutput) -> String {
        render(output.format)
    }

    /// The Markdown summary with each stack-environment's Mermaid diagram, drawn only when
    /// the summary has room for it. A diagram Mermaid would refuse on GitHub (too many edges
    /// or characters) is replaced by a note, so the comment never shows an error box.
    func markdownReporter() -> MarkdownReporter {
        let specs = Dictionary(checkedSpecs.map { (specTitle($0), $0) }, uniquingKeysWith: { first, _ in first })
        let model = model, report = report
        return MarkdownReporter(diagramNames: Array(specs.keys)) { name in
            let diagram = ArchitectureDiagram(spec: specs[name]!, index: model, findings: report.findings, failsGate: report.failsGate)
            if let reason = diagram.tooLargeToDraw { return .omitted(reason: reason) }
            let text = MermaidRenderer().render(diagram)
            if let reason = diagram.tooLargeForMermaid(text) { return .omitted(reason: reason) }
            return .drawn(text)
        }
    }
}
