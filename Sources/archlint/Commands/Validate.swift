import ArchlintFindings
import ArchlintLoad
import ArchlintReport
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

        @Option(help: "What goes to standard output: text or json.")
        var format: OutputFormat = .text

        func validate() throws {
            guard [.text, .json].contains(format) else {
                throw ValidationError("validate prints text or json, not \(format.rawValue)")
            }
        }

        func run() throws {
            let loaded = inputs.load()
            let report = LintReport(findings: [], errors: loaded.diagnostics, fileCount: loaded.fileCount,
                                    resourceCount: loaded.workspace.resourceCount)
            emit(report, format: format)
            throw ExitCode(report.exitStatus)
        }
    }
}
