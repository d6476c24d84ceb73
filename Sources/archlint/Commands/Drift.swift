import ArchlintFindings
import ArchlintModel
import ArchlintPipeline
import ArchlintReport
import ArgumentParser
import Foundation

extension Archlint {
    struct Drift: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare the spec of a stack-environment with a Terraform plan, and gate on their drift.",
            discussion: """
                The plan (the JSON of `terraform show -json`) is imported in memory as `archlint import terraform` would write it, then compared with the spec of --stack/--environment (its shared environment loaded for references). A spec resource and an imported one are the same when the spec's x-terraform names its address, else when kind and name match; only fields both sides write are compared, and a REDACTED value equals any literal.

                Only the drift pack runs (DRIFT001 missing-in-terraform, DRIFT002 missing-in-spec, DRIFT003 field-differs): archlint check gates the specs' own findings. Its findings are waived, baselined, gated and reported exactly as check's.

                  archlint drift specs/ --terraform plan.json --stack shop --environment production

                Exit status:
                  0  no drift finding at or above --fail-on that is not waived or in the baseline
                  1  at least one such finding
                  2  the plan or a spec could not be loaded, no spec is of --stack/--environment, a report could not be written, or the command line is wrong
                """
        )

        @OptionGroup var inputs: SpecInputs

        @Option(help: ArgumentHelp("The JSON of `terraform show -json` (a saved plan, or a state).", valueName: "plan.json"), completion: .file(extensions: ["json"]))
        var terraform: String

        @Option(help: ArgumentHelp("The stack whose spec the plan describes.", valueName: "stack"))
        var stack: String

        @Option(help: ArgumentHelp("The environment whose spec the plan describes: development, staging, production or shared.", valueName: "environment"))
        var environment: String

        @Option(help: "What goes to standard output: \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
        var format: ReportFormat = .text

        @Option(help: ArgumentHelp("Also write a JUnit XML report to this file.", valueName: "file"), completion: .file())
        var junit: String?

        @Option(help: ArgumentHelp("Also write a SARIF 2.1.0 report to this file.", valueName: "file"), completion: .file())
        var sarif: String?

        @OptionGroup var gate: GateOptions

        @Option(
            name: .customLong("write-baseline"), help: ArgumentHelp("Record the current drift findings as the baseline.", valueName: "file"),
            completion: .file())
        var writeBaseline: String?

        @OptionGroup var display: DisplayOptions

        func validate() throws {
            guard Environment(rawValue: environment) != nil else {
                throw ValidationError("--environment must be one of \(Environment.allCases.map(\.rawValue).joined(separator: ", ")), not '\(environment)'")
            }
        }

        func run() throws {
            display.apply()
            let (status, run) = compareAndReport()
            // As `check`: straight out, the run kept alive until the exit.
            withExtendedLifetime(run) { Foundation.exit(status.rawValue) }
        }

        /// Runs `check`'s pipeline with the plan, writes what it returns and prints the chosen
        /// format; returns the exit status and the run.
        private func compareAndReport() -> (ExitStatus, LintRun) {
            var request = RunRequest(inputs: inputs, gate: gate)
            request.terraform = TerraformInput(
                plan: .file(terraform), stackEnvironment: StackEnvironment(stack: stack, environment: Environment(rawValue: environment)!))
            request.recordBaseline = writeBaseline
            request.reportFiles = [.junit: junit, .sarif: sarif].compactMapValues { $0 }
            request.printed = format
            let run = LintRun(request)

            // Nothing to compare with: no report would say anything true about drift.
            if let failure = run.driftFailure, case .noSpec = failure {
                Console.err(TextReporter(color: Console.wantsColor(standardError: true)).errorLines(run.report))
                Console.err("archlint: error: \(failure.message)\n")
                return (run.exitStatus(), run)
            }
            return (run.writeAndPrint(format, display: display), run)
        }
    }
}
