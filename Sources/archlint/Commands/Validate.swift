import ArchlintFindings
import ArchlintPipeline
import ArchlintLoad
import ArchlintReport
import ArchlintRules
import ArgumentParser

extension Archlint {
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load and validate the specs (syntax, types, references) without running rules.",
            discussion: """
                Exit status:
                  0  every spec loaded
                  2  a spec could not be loaded, or the command line is wrong
                """
        )

        @OptionGroup var inputs: SpecInputs

        @OptionGroup var configFile: ConfigOptions

        @Option(help: "What goes to standard output: text or json.")
        var format: ReportFormat = .text

        func validate() throws {
            guard [.text, .json].contains(format) else {
                throw ValidationError("validate prints text or json, not \(format.rawValue)")
            }
        }

        func run() throws {
            // The configuration decides which specs (and exclusions) a bare `validate` reads,
            // exactly as for check.
            let report = LintRun.validate(
                RunRequest(
                    specs: .paths(inputs.paths, exclude: inputs.exclude), today: Today.date(),
                    clock: .fromEnvironment(), limits: inputs.limits, configuration: configFile.choice))
            if format == .json {
                Console.out(JSONReporter.render(report))
            } else {
                let text = TextReporter(color: Console.wantsColor(standardError: true))
                Console.err(text.errorLines(report))
                Console.out(TextReporter(color: Console.wantsColor()).validationSummary(report) + "\n")
            }
            throw ExitCode(report.exitStatus.rawValue)
        }
    }
}
