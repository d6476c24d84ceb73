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

        @Flag(
            help:
                "Apply the rules' automatic fixes (autofix: in their packs) to the checked specs in place, keeping comments and formatting; print what changed, then check again."
        )
        var fix = false

        @Flag(help: "With --fix: print the fixes as a unified diff on standard output and change nothing.")
        var diff = false

        @OptionGroup var display: DisplayOptions

        func validate() throws {
            if diff && !fix { throw ValidationError("--diff shows what --fix would change; give it with --fix") }
        }

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
            if fix, let outcome = fixFirst(request) { return outcome }
            let run = LintRun(request)
            let status = run.writeAndPrint(format, display: display)
            if let refusal = run.reportsRefusal {
                Console.err("archlint: error: \(refusal)\n")
            }
            return (status, run)
        }

        /// `--fix`: plans the fixes of the findings a plain check reports (unwaived, not in
        /// the baseline, in the checked specs) and applies them, or with `--diff` prints
        /// them. Returns the outcome when the command is done (`--diff`, or a fix that could
        /// not be written); nil to go on with the check of the fixed specs.
        private func fixFirst(_ request: RunRequest) -> (ExitStatus, LintRun)? {
            // Planned from a run that writes nothing and records no baseline.
            var planning = request
            planning.recordBaseline = nil
            planning.reportFiles = [:]
            planning.configuredReports = false
            planning.printed = nil
            let run = LintRun(planning)
            let root = run.root
            let plan = FixPlanner.plan(for: run.report.findings.filter { $0.waiver == nil }, rules: run.rules, read: run.source(of:))
            let verb = diff ? "would fix" : "fixed"
            for fix in plan.fixes {
                Console.err("\(fix.location.file):\(fix.location.line): \(verb) \(fix.rule) \(fix.resource) — \(fix.title)\n")
            }
            for skipped in plan.skipped {
                Console.err("\(skipped.location.file):\(skipped.location.line): skipped \(skipped.rule) \(skipped.resource) — \(skipped.reason)\n")
            }
            let summary = "\(plan.fixes.count) finding\(plan.fixes.count == 1 ? "" : "s") in \(plan.files.count) file\(plan.files.count == 1 ? "" : "s")"
            if diff {
                Console.out(UnifiedDiff.render(plan))
                Console.err("archlint: would fix \(summary); nothing changed (--diff)\n")
                return (run.exitStatus(), run)
            }
            do {
                try FixFiles.write(plan.files.map { ($0, root.resolve(displayed: $0.path)) })
            } catch {
                Console.err("\(error)\n")
                Console.err("archlint: fixed nothing: every spec is as it was\n")
                return (.unusable, run)
            }
            Console.err("archlint: fixed \(summary)\n")
            return nil
        }
    }
}
