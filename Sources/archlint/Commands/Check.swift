import ArchlintFindings
import ArchlintLoad
import ArchlintReport
import ArchlintRules
import ArgumentParser

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

        @Option(name: .customLong("fail-on"), help: "Lowest severity that fails the run: error, warning, info or none.")
        var failOn: FailOn = .error

        @Option(help: ArgumentHelp("Configuration file (default: .archlint.yml if present).", valueName: "file"))
        var config: String?

        @Flag(name: .customLong("no-config"), help: "Ignore any configuration file.")
        var noConfig = false

        @Option(help: ArgumentHelp("A folder of additional rule packs (repeatable).", valueName: "dir"))
        var rules: [String] = []

        @Option(help: ArgumentHelp("Findings recorded in this file do not fail the run.", valueName: "file"))
        var baseline: String?

        @Option(name: .customLong("write-baseline"), help: ArgumentHelp("Record the current findings as the baseline.", valueName: "file"))
        var writeBaseline: String?

        func validate() throws {
            if config != nil, noConfig {
                throw ValidationError("--config and --no-config contradict each other; give one")
            }
            let unavailable: [(Bool, String)] = [
                (![.text, .json].contains(format), "--format \(format.rawValue)"),
                (junit != nil, "--junit"),
                (sarif != nil, "--sarif"),
                (config != nil, "--config"),
                (baseline != nil, "--baseline"),
                (writeBaseline != nil, "--write-baseline"),
            ]
            if let (_, option) = unavailable.first(where: \.0) {
                throw ValidationError(NotYetAvailable(option: option).description)
            }
        }

        func run() throws {
            var catalog = RuleCatalog.builtin()
            for folder in rules { catalog.addFolder(folder) }
            let loaded = inputs.load()
            let result = RuleEngine(rules: catalog.rules).run(loaded.workspace, today: Today.date())
            let report = LintReport(findings: result.findings, errors: catalog.errors + loaded.diagnostics,
                                    fileCount: loaded.fileCount, resourceCount: loaded.workspace.resourceCount,
                                    failOn: failOn.severity)
            emit(report, format: format)
            throw ExitCode(report.exitStatus)
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
