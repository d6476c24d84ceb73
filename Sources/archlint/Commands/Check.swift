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

        @Option(help: ArgumentHelp("Also write a JUnit XML report to this file.", valueName: "file"), completion: .file())
        var junit: String?

        @Option(help: ArgumentHelp("Also write a SARIF 2.1.0 report to this file.", valueName: "file"), completion: .file())
        var sarif: String?

        @OptionGroup var gate: GateOptions

        @Option(name: .customLong("write-baseline"), help: ArgumentHelp("Record the current findings as the baseline.", valueName: "file"),
                completion: .file())
        var writeBaseline: String?

        @Flag(help: "Also write the reports the configuration names (its reports: key), as CI does; only for a run over all the configuration's specs.")
        var reports = false

        @OptionGroup var display: DisplayOptions

        func run() throws {
            display.apply()
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
            var configured: [String: String] = [:]
            let run = LintRun(inputs: inputs, options: gate, recordEvaluations: { configuration in
                if reports, let configuration { configured = configuration.reports.mapValues { configuration.resolve($0) } }
                return format == .junit || junit != nil || configured["junit"] != nil
            }, writeBaseline: writeBaseline)
            let report = run.report, root = run.root
            var status = report.exitStatus

            // The configuration's reports describe the whole estate: written only when asked,
            // and only by a run that covers every spec the configuration selects.
            var problems: [String] = []
            if reports {
                if run.configuration == nil {
                    problems.append("--reports: no configuration file applies, so there are no configured reports to write")
                } else if configured.isEmpty {
                    problems.append("--reports: \(root.display(run.configuration!.file)) names no reports")
                } else if run.selection.pathsGiven {
                    let missing = run.selection.configuredFiles.subtracting(run.files)
                    if !missing.isEmpty {
                        problems.append("--reports: not writing the configured reports: this run reads \(run.files.count) spec files and leaves out \(missing.count) of the configuration's (\(missing.sorted().prefix(3).joined(separator: ", "))\(missing.count > 3 ? ", …" : "")); run archlint check --reports without paths")
                        configured = [:]
                    }
                }
            }

            // Reports to files (the command line's, else the configuration's), then stdout.
            // Made only when JUnit is written: its timestamp takes a DateFormatter, which
            // every other run would set up for nothing.
            lazy var junitReporter = JUnitReporter(timestamp: clock.timestamp, hostname: clock.hostname, elapsed: clock.elapsed)
            var files: [(path: String, render: () -> String)] = []
            let markdown = { DiagramEmbedding.markdownReporter(run).render(report) }
            if let path = junit ?? configured["junit"] { files.append((path, { junitReporter.render(report) })) }
            if let path = sarif ?? configured["sarif"] { files.append((path, { SARIFReporter().render(report) })) }
            if let path = configured["json"] { files.append((path, { JSONReporter.render(report) })) }
            // The Markdown summary embeds each stack's diagram, drawn from the model here.
            if let path = configured["markdown"] { files.append((path, markdown)) }
            for file in files {
                do {
                    try ReportFiles.write(file.render(), to: file.path)
                    Console.err("archlint: wrote \(root.display(file.path))\n")
                } catch let failure as ReportFiles.WriteError {
                    Console.err("\(root.display(failure.path)):1:1: error: cannot write report: \(failure.reason)\n")
                    status = ExitStatus.unusable
                } catch {
                    Console.err("\(error)\n")
                    status = ExitStatus.unusable
                }
            }
            switch format {
            case .junit: Console.out(junitReporter.render(report))
            case .sarif: Console.out(SARIFReporter().render(report))
            case .github: Console.out(GitHubReporter(minimumSeverity: display.severity).render(report))
            case .markdown: Console.out(markdown())
            case .json: Console.out(JSONReporter.render(report))
            case .text:
                Console.err(TextReporter(color: Console.wantsColor(standardError: true)).errorLines(report))
                Console.out(TextReporter(color: Console.wantsColor(), minimumSeverity: display.severity, quiet: display.quiet).render(report))
            }
            for problem in problems {
                Console.err("archlint: error: \(problem)\n")
                status = ExitStatus.unusable
            }
            return (status, run)
        }
    }
}
