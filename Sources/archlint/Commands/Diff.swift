import ArchlintFindings
import ArchlintPipeline
import ArchlintReport
import ArgumentParser
import Foundation

extension Archlint {
    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Review a change: what it does to the architecture, and the findings it adds or fixes.",
            discussion: """
                Both sides are checked whole (cross-file rules and network paths included) with the same configuration and packs, then compared: resources by stack, environment, kind and name, field by field after the format's defaults; findings by rule, stack, environment, resource and occurrence (not by line). Only new or escalated findings at or above the gate fail: a ratchet.

                  archlint diff --base origin/main              specs at origin/main vs the working tree (nothing is checked out)
                  archlint diff --base origin/main --merge-base  vs the merge base: what the pull request adds
                  archlint diff old-specs/ specs/                two folders, no git needed

                Load errors in the base are notes: a broken base must not block its fix.

                Exit status:
                  0  no new or escalated finding at or above --fail-on that is not waived or in the baseline
                  1  a new or escalated finding fails the gate
                  2  the head could not be loaded, the base revision cannot be read, a report could not be written, or the command line is wrong
                """
        )

        @OptionGroup var inputs: SpecInputs

        @Option(help: ArgumentHelp("Compare with the specs at this git revision (read from git; the working tree is not touched).", valueName: "rev"))
        var base: String?

        @Flag(name: .customLong("merge-base"), help: "Compare with the merge base of --base and HEAD: what the branch adds, not what the base gained since.")
        var mergeBase = false

        @Option(help: "What goes to standard output: \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
        var format: ReportFormat = .text

        @Option(help: ArgumentHelp("Also write a JUnit XML report of the head's checks to this file.", valueName: "file"), completion: .file())
        var junit: String?

        @Option(help: ArgumentHelp("Also write a SARIF 2.1.0 report (with baselineState) to this file.", valueName: "file"), completion: .file())
        var sarif: String?

        @OptionGroup var gate: GateOptions

        @OptionGroup var display: DisplayOptions

        func validate() throws {
            if base == nil {
                if mergeBase { throw ValidationError("--merge-base needs --base REV") }
                guard inputs.paths.count == 2 else {
                    throw ValidationError("give --base REV [PATH…], or two paths to compare: archlint diff OLD NEW")
                }
            }
        }

        func run() throws {
            display.apply()
            let (status, run) = review()
            withExtendedLifetime(run) { Foundation.exit(status.rawValue) }
        }

        private func review() -> (ExitStatus, ReviewRun) {
            var request = RunRequest(inputs: inputs, gate: gate)
            request.printed = format
            let reviewBase: ReviewBase
            if let base {
                reviewBase = .revision(base, mergeBase: mergeBase)
            } else {
                reviewBase = .paths([inputs.paths[0]])
                request.specs = .paths([inputs.paths[1]], exclude: inputs.exclude)
            }
            // So the head's run keeps what these reports need (JUnit: every check, passes too).
            request.reportFiles = [.junit: junit, .sarif: sarif].compactMapValues { $0 }
            let run = ReviewRun(base: reviewBase, head: request)
            if let failure = run.failure {
                if failure.location.file.isEmpty {
                    Console.err("archlint: error: \(failure.message)\n")
                } else {
                    Console.err(TextReporter(color: Console.wantsColor(standardError: true)).errorLines([failure]))
                }
                return (run.exitStatus(), run)
            }
            for note in run.baseNotes { Console.err(note + "\n") }
            let clock = run.clock
            func render(_ format: ReportFormat, display: DisplaySettings = .everything) -> String {
                ReviewReporters.render(
                    run.review, as: format, display: display, timestamp: clock.timestamp, hostname: clock.hostname, elapsed: clock.elapsed)
            }
            let files = [(ReportFormat.junit, junit), (.sarif, sarif)].compactMap { format, path in path.map { ($0, { render(format) }) } }
            let failedWrites = writeReports(files, root: run.root)
            if ReviewReporters.errorsOnStandardError(format) {
                Console.err(TextReporter(color: Console.wantsColor(standardError: true)).errorLines(run.review.headReport))
            }
            Console.out(
                render(format, display: DisplaySettings(color: Console.wantsColor(), minimumSeverity: display.severity, quiet: display.quiet)))
            return (run.exitStatus(failedWrites: failedWrites), run)
        }
    }
}
