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

        @Option(name: .customLong("fail-on"), help: "Lowest severity that fails the run: error (default), warning, info or none.")
        var failOn: FailOn?

        @Option(help: ArgumentHelp("Configuration file (default: the nearest .archlint.yml up to the repository root).", valueName: "file"))
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
        }

        func run() throws {
            let clock = RunClock()
            let today = Today.date()
            var errors: [Diagnostic] = []

            // Rules: the built-in packs, the configuration's packs, then --rules.
            var catalog = RuleCatalog.builtin()
            let configPath = noConfig ? nil : (config ?? Configuration.find(from: FileManager.default.currentDirectoryPath))
            var configuration: Configuration?
            if let configPath {
                let loaded = Configuration.load(configPath, catalog: catalog)
                configuration = loaded.configuration
                errors += loaded.errors
            }
            for folder in (configuration.map { config in config.rulePacks.map { config.resolve($0) } } ?? []) + rules {
                catalog.addFolder(folder)
            }
            errors += catalog.errors
            let activeRules = configuration?.apply(to: catalog.rules) ?? catalog.rules

            // Specs, rules, waivers.
            let loaded = inputs.load(fallback: configuration.map { config in config.specs.map { config.resolve($0) } } ?? [])
            errors += loaded.diagnostics
            let junitPath = junit ?? configuration?.resolve(configuration?.reports["junit"])
            let result = RuleEngine(rules: activeRules, recordEvaluations: format == .junit || junitPath != nil)
                .run(loaded.workspace, today: today)
            var findings = result.findings
            if let configuration {
                configuration.applyWaivers(to: &findings, today: today)
                for waiver in configuration.expiredWaivers(on: today) {
                    Console.err("\(configuration.file):\(waiver.position.line):\(waiver.position.column): note: the waiver of \(waiver.rule) on \(waiver.stack)/\(waiver.environment)/\(waiver.resource) expired on \(waiver.expires!); the finding counts again\n")
                }
            }
            let baselinePath = baseline ?? configuration?.resolve(configuration?.baseline)
            if let writeBaseline {
                // Recording a baseline accepts today's findings: the run then gates on nothing new.
                let recorded = Baseline(recording: findings)
                do {
                    try ReportFiles.write(recorded.encoded(), to: writeBaseline)
                    _ = recorded.apply(to: &findings)
                } catch {
                    errors.append(Diagnostic("cannot write baseline: \(error)", file: writeBaseline, line: 1, column: 1))
                }
            } else if let baselinePath {
                switch loadBaseline(baselinePath) {
                case .success(let accepted):
                    for entry in accepted.apply(to: &findings) {
                        Console.err("\(baselinePath): note: stale baseline entry \(entry.rule) \(entry.stack)/\(entry.environment) \(entry.resource): no longer found; remove it or re-record with --write-baseline\n")
                    }
                case .failure(let problem):
                    errors.append(problem)
                }
            }

            let gate: Severity? = failOn.map(\.severity) ?? configuration?.failOn ?? .error
            var report = LintReport(findings: findings, errors: errors, fileCount: loaded.fileCount,
                                    resourceCount: loaded.workspace.resourceCount, failOn: gate)
            report.evaluations = result.evaluations
            report.describe(rules: activeRules, workspace: loaded.workspace)

            // Reports to files (the command line's, else the configuration's), then stdout.
            let junitReporter = JUnitReporter(timestamp: clock.timestamp, hostname: clock.hostname, elapsed: clock.elapsed)
            var files: [(path: String, render: () -> String)] = []
            func target(_ option: String?, _ key: String) -> String? { option ?? configuration?.resolve(configuration?.reports[key]) }
            if let path = junitPath { files.append((path, { junitReporter.render(report) })) }
            if let path = target(sarif, "sarif") { files.append((path, { SARIFReporter().render(report) })) }
            if let path = target(nil, "json") { files.append((path, { JSONReporter.render(report) })) }
            // The Markdown summary embeds each stack's diagram, drawn from the model here.
            let markdown = {
                MarkdownReporter(diagrams: Dictionary(uniqueKeysWithValues: loaded.workspace.specs.indices.map { index in
                    let diagram = ArchitectureDiagram(spec: index, index: result.model, findings: report.findings, failsGate: report.failsGate)
                    return (diagram.title, MermaidRenderer().render(diagram))
                })).render(report)
            }
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
            // Straight out: the model, findings and reports are not torn down object by
            // object (a tenth of a large run); the system takes the memory back at once.
            // Output is already written: Console does not buffer.
            Foundation.exit(status)
        }
    }
}

/// Reads a baseline file, or the located error that says why it cannot be used.
func loadBaseline(_ path: String) -> Result<Baseline, Diagnostic> {
    guard let data = FileManager.default.contents(atPath: path) else {
        return .failure(Diagnostic("cannot read baseline file", file: path, line: 1, column: 1))
    }
    return Baseline.decode(data).mapError { Diagnostic($0.message, file: path, line: 1, column: 1) }
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
