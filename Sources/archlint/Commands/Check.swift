import ArchlintDiagram
import ArchlintFindings
import ArchlintLoad
import ArchlintReport
import ArchlintRules
import ArgumentParser
import Foundation

extension Archlint {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load the specs, check them with the rule packs, report, and gate.",
            discussion: ExitStatus.table
        )

        @OptionGroup var inputs: SpecInputs

        @Option(help: "What goes to standard output: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
        var format: OutputFormat = .text

        @Option(help: ArgumentHelp("Also write a JUnit XML report to this file.", valueName: "file"))
        var junit: String?

        @Option(help: ArgumentHelp("Also write a SARIF 2.1.0 report to this file.", valueName: "file"))
        var sarif: String?

        @OptionGroup var gate: GateOptions

        @Option(name: .customLong("write-baseline"), help: ArgumentHelp("Record the current findings as the baseline.", valueName: "file"))
        var writeBaseline: String?

        func run() throws {
            let (status, run) = checkAndReport()
            // Straight out: the model, findings and reports are not torn down object by
            // object (a tenth of a large run); the system takes the memory back at once.
            // Output is already written: Console does not buffer. The exit is kept out of
            // `checkAndReport`: with it inline, Swift 6.3's optimizer released the report
            // before its last use (a use-after-free in release builds only).
            withExtendedLifetime(run) { Foundation.exit(status) }
        }

        /// Runs the pipeline, writes the reports and prints the chosen format; returns the
        /// exit status and the run (so its model is not torn down before the exit).
        private func checkAndReport() -> (Int32, LintRun) {
            let clock = RunClock()
            var junitPath: String?
            let run = LintRun(inputs: inputs, options: gate, recordEvaluations: { configuration in
                junitPath = junit ?? configuration?.resolve(configuration?.reports["junit"])
                return format == .junit || junitPath != nil
            }, writeBaseline: writeBaseline)
            let report = run.report, configuration = run.configuration

            // Reports to files (the command line's, else the configuration's), then stdout.
            let junitReporter = JUnitReporter(timestamp: clock.timestamp, hostname: clock.hostname, elapsed: clock.elapsed)
            var files: [(path: String, render: () -> String)] = []
            func target(_ option: String?, _ key: String) -> String? { option ?? configuration?.resolve(configuration?.reports[key]) }
            if let path = junitPath { files.append((path, { junitReporter.render(report) })) }
            if let path = target(sarif, "sarif") { files.append((path, { SARIFReporter().render(report) })) }
            if let path = target(nil, "json") { files.append((path, { JSONReporter.render(report) })) }
            // The Markdown summary embeds each stack's diagram, drawn from the model here.
            let markdown = { DiagramEmbedding.markdownReporter(run).render(report) }
            if let path = target(nil, "markdown") { files.append((path, markdown)) }
            var status = report.exitStatus
            for file in files {
                do {
                    try ReportFiles.write(file.render(), to: file.path)
                } catch {
                    Console.err("\(error)\n")
                    status = ExitStatus.unusable
                }
            }
            switch format {
            case .junit: Console.out(junitReporter.render(report))
            case .sarif: Console.out(SARIFReporter().render(report))
            case .github: Console.out(GitHubReporter().render(report))
            case .markdown: Console.out(markdown())
            case .text, .json: emit(report, format: format)
            }
            return (status, run)
        }
    }
}

/// Prints `report` in `format`: JSON alone on standard output; text findings on standard
/// output and load errors on standard error.
func emit(_ report: LintReport, format: OutputFormat) {
    switch format {
    case .json:
        Console.out(JSONReporter.render(report))
    default:
        Console.err(TextReporter(color: Console.wantsColor(standardError: true)).errorLines(report))
        Console.out(TextReporter(color: Console.wantsColor()).render(report))
    }
}
