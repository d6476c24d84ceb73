import ArchlintFindings
import ArchlintLoad
import ArchlintModel
import ArchlintReport
import ArchlintRules
import ArgumentParser
import Foundation

/// What decides which rules run and what fails the gate. `check`, `report` and `graph` take
/// the same options, so a page or a diagram judges the specs exactly as the CI gate does.
struct GateOptions: ParsableArguments {
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

    func validate() throws {
        if config != nil, noConfig {
            throw ValidationError("--config and --no-config contradict each other; give one")
        }
    }
}

/// One run of the pipeline: configuration → rule packs → load → rules → waivers → baseline →
/// the report. Nothing is printed or written here except the notes on stale baseline entries
/// (standard error); the commands decide what to make of the result.
final class LintRun {
    let report: LintReport
    /// The model the rules read, for diagrams.
    let model: ModelIndex
    let configuration: Configuration?
    let workspace: Workspace

    /// - Parameters:
    ///   - recordEvaluations: whether to keep every rule-by-resource evaluation (JUnit needs
    ///     them), asked once the configuration is known.
    ///   - writeBaseline: record today's findings there instead of applying a baseline.
    init(inputs: SpecInputs, options: GateOptions, recordEvaluations: (Configuration?) -> Bool = { _ in false },
         writeBaseline: String? = nil) {
        let today = Today.date()
        var errors: [Diagnostic] = []

        // Rules: the built-in packs, the configuration's packs, then --rules.
        var catalog = RuleCatalog.builtin()
        let configPath = options.noConfig ? nil : (options.config ?? Configuration.find(from: FileManager.default.currentDirectoryPath))
        var configuration: Configuration?
        if let configPath {
            let loaded = Configuration.load(configPath)
            configuration = loaded.configuration
            errors += loaded.errors
        }
        for folder in (configuration.map { config in config.rulePacks.map { config.resolve($0) } } ?? []) + options.rules {
            catalog.addFolder(folder)
        }
        errors += catalog.errors
        // The rules the configuration names are checked against every pack of the run.
        if configuration != nil { errors += configuration!.resolveRules(in: catalog) }
        let activeRules = configuration?.apply(to: catalog.rules) ?? catalog.rules

        // Specs, rules, waivers.
        let loaded = inputs.load(fallback: configuration.map { config in config.specs.map { config.resolve($0) } } ?? [])
        errors += loaded.diagnostics
        let result = RuleEngine(rules: activeRules, recordEvaluations: recordEvaluations(configuration))
            .run(loaded.workspace, today: today)
        var findings = result.findings
        errors += WaiverReview.review(&findings, model: result.model, catalog: catalog, rules: activeRules,
                                      configuration: configuration, today: today)

        // The baseline: recorded (which accepts today's findings), or applied.
        let baselinePath = options.baseline ?? configuration?.resolve(configuration?.baseline)
        if let writeBaseline {
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

        let gate: Severity? = options.failOn.map(\.severity) ?? configuration?.failOn ?? .error
        var report = LintReport(findings: findings, errors: errors, fileCount: loaded.fileCount,
                                resourceCount: loaded.workspace.resourceCount, failOn: gate)
        report.evaluations = result.evaluations
        report.describe(rules: activeRules, workspace: loaded.workspace)
        self.report = report
        self.model = result.model
        self.configuration = configuration
        self.workspace = loaded.workspace
    }
}

/// Reads a baseline file, or the located error that says why it cannot be used.
func loadBaseline(_ path: String) -> Result<Baseline, Diagnostic> {
    guard let data = FileManager.default.contents(atPath: path) else {
        return .failure(Diagnostic("cannot read baseline file", file: path, line: 1, column: 1))
    }
    return Baseline.decode(data).mapError { Diagnostic($0.message, file: path, line: 1, column: 1) }
}
