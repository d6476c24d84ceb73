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
                (config != nil, "--config"),
            ]
            if let (_, option) = unavailable.first(where: \.0) {
                throw ValidationError(NotYetAvailable(option: option).description)
            }
        }

        func run() throws {
            let clock = RunClock()
            var catalog = RuleCatalog.builtin()
            for folder in rules { catalog.addFolder(folder) }
            let loaded = inputs.load()
            let result = RuleEngine(rules: catalog.rules).run(loaded.workspace, today: Today.date())
            var findings = result.findings
            var errors = catalog.errors + loaded.diagnostics
            if let writeBaseline {
                // Recording a baseline accepts today's findings: the run then gates on nothing new.
                let recorded = Baseline(recording: findings)
                do {
                    try ReportFiles.write(recorded.encoded(), to: writeBaseline)
                    _ = recorded.apply(to: &findings)
                } catch {
                    errors.append(Diagnostic("cannot write baseline: \(error)", file: writeBaseline, line: 1, column: 1))
                }
            } else if let baseline {
                switch loadBaseline(baseline) {
                case .success(let accepted):
                    for entry in accepted.apply(to: &findings) {
                        Console.err("\(baseline): note: stale baseline entry \(entry.rule) \(entry.stack)/\(entry.environment) \(entry.resource): no longer found; remove it or re-record with --write-baseline\n")
                    }
                case .failure(let problem):
                    errors.append(problem)
                }
            }
            var report = LintReport(findings: findings, errors: errors,
                                    fileCount: loaded.fileCount, resourceCount: loaded.workspace.resourceCount,
                                    failOn: failOn.severity)
            report.evaluations = result.evaluations
            report.rules = Dictionary(catalog.rules.map {
                ($0.id, RuleInfo(id: $0.id, name: $0.name, pack: $0.pack, summary: $0.summary, fix: $0.fix,
                                 rationale: $0.rationale, severity: $0.severity.highest))
            }, uniquingKeysWith: { first, _ in first })
            report.specs = loaded.workspace.specs.map {
                LoadedSpec(stack: $0.stack.value, environment: $0.environment.value.rawValue, file: $0.path)
            }
            let junitReporter = JUnitReporter(timestamp: clock.timestamp, hostname: clock.hostname, elapsed: clock.elapsed)
            var status = report.exitStatus
            if let junit {
                do {
                    try ReportFiles.write(junitReporter.render(report), to: junit)
                } catch {
                    Console.err("\(error)\n")
                    status = ExitStatus.unusable
                }
            }
            if let sarif {
                do {
                    try ReportFiles.write(SARIFReporter().render(report), to: sarif)
                } catch {
                    Console.err("\(error)\n")
                    status = ExitStatus.unusable
                }
            }
            if format == .junit {
                Console.out(junitReporter.render(report))
            } else if format == .sarif {
                Console.out(SARIFReporter().render(report))
            } else if format == .github {
                Console.out(GitHubReporter().render(report))
            } else if format == .markdown {
                Console.out(MarkdownReporter().render(report))
            } else {
                emit(report, format: format)
            }
            throw ExitCode(status)
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
