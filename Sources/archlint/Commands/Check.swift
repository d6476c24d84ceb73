import ArchlintFindings
import ArchlintPipeline
import ArchlintReport
import ArgumentParser
import Foundation

extension Archlint {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load the specs, check them with the rule packs, report, and gate.",
            discussion: ExitStatus.table
        )

        @OptionGroup var inputs: SpecInputs

        @Option(help: "What goes to standard output: \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
        var format: ReportFormat = .text

        @Option(help: ArgumentHelp("Also write a JUnit XML report to this file.", valueName: "file"), completion: .file())
        var junit: String?

        @Option(help: ArgumentHelp("Also write a SARIF 2.1.0 report to this file.", valueName: "file"), completion: .file())
        var sarif: String?

        @OptionGroup var gate: GateOptions

        @Option(
            name: .customLong("write-baseline"), help: ArgumentHelp("Record the current findings as the baseline.", valueName: "file"),
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
            withExtendedLifetime(run) { Foundation.exit(status.rawValue) }
        }

        /// Runs the pipeline, writes what it returns (the baseline, the reports) and prints
        /// the chosen format; returns the exit status and the run (so its model is not torn
        /// down before the exit).
        private func checkAndReport() -> (ExitStatus, LintRun) {
            var request = RunRequest(inputs: inputs, gate: gate)
            request.recordBaseline = writeBaseline
            request.reportFiles = [.junit: junit, .sarif: sarif].compactMapValues { $0 }
            request.configuredReports = reports
            request.printed = format
            let run = LintRun(request)
            let status = run.writeAndPrint(format, display: display)
            if let refusal = run.reportsRefusal {
                Console.err("archlint: error: \(refusal)\n")
            }
            return (status, run)
        }
    }
}
