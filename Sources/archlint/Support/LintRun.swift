import ArchlintFindings
import ArchlintLoad
import ArchlintModel
import ArchlintReport
import ArchlintRules
import ArgumentParser
import Foundation

/// Which configuration file applies: `--config FILE`, none (`--no-config`), or the nearest
/// `.archlint.yml` found from the specs' folder (then the working directory) up to the
/// repository root.
struct ConfigOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Configuration file (default: the nearest .archlint.yml above the specs, up to the repository root).", valueName: "file"),
            completion: .file(extensions: ["yml", "yaml"]))
    var config: String?

    @Flag(name: .customLong("no-config"), help: "Ignore any configuration file.")
    var noConfig = false

    func validate() throws {
        if config != nil, noConfig {
            throw ValidationError("--config and --no-config contradict each other; give one")
        }
    }
}

/// What decides which rules run and what fails the gate. `check`, `report` and `graph` take
/// the same options, so a page or a diagram judges the specs exactly as the CI gate does.
struct GateOptions: ParsableArguments {
    @Option(name: .customLong("fail-on"), help: "Lowest severity that fails the run: error (default), warning, info or none.")
    var failOn: FailOn?

    @OptionGroup var configFile: ConfigOptions

    @Option(help: ArgumentHelp("A folder of additional rule packs (repeatable).", valueName: "dir"), completion: .directory)
    var rules: [String] = []

    @Option(help: ArgumentHelp("Findings recorded in this file do not fail the run.", valueName: "file"), completion: .file())
    var baseline: String?
}

/// The specs a run reads and the configuration that applies to them, decided together: the
/// configuration is found from the specs' folder, and without paths its `specs` are the
/// inputs. Every path the run prints is relative to `root`.
struct SpecSelection {
    let root: RepositoryRoot
    let configuration: Configuration?
    /// Errors of the configuration file, paths as printed.
    let errors: [Diagnostic]
    /// Spec paths to load, as the user (or the configuration) gave them.
    let paths: [String]
    let exclude: [PathPattern]
    /// Whether the command line named its own paths (not the configuration's).
    let pathsGiven: Bool

    init(inputs: SpecInputs, config: ConfigOptions) {
        let workingDirectory = RepositoryRoot.currentDirectory()
        var configPath: String?
        if let explicit = config.config {
            // Absolute, so that its errors and findings print relative to the root.
            configPath = RepositoryRoot(path: workingDirectory, workingDirectory: workingDirectory).absolute(explicit)
        } else if !config.noConfig {
            // From the first spec path's folder (so a run from /tmp on /repo/specs finds the
            // repository's file), then from the working directory.
            if let first = inputs.paths.first {
                let probe = RepositoryRoot(path: workingDirectory, workingDirectory: workingDirectory)
                let absolute = probe.absolute(first)
                var isFolder: ObjCBool = false
                let folder = FileManager.default.fileExists(atPath: absolute, isDirectory: &isFolder) && isFolder.boolValue
                    ? absolute : URL(fileURLWithPath: absolute).deletingLastPathComponent().path
                configPath = Configuration.find(from: folder)
            }
            configPath = configPath ?? Configuration.find(from: workingDirectory)
        }
        var configuration: Configuration?
        var configErrors: [Diagnostic] = []
        if let configPath {
            let loaded = Configuration.load(configPath)
            configuration = loaded.configuration
            configErrors = loaded.errors
        }
        pathsGiven = !inputs.paths.isEmpty
        let configured = configuration.map { config in config.specs.map { config.resolve($0) } } ?? []
        paths = pathsGiven ? inputs.paths : !configured.isEmpty ? configured : ["specs"]
        root = RepositoryRoot.find(for: paths, workingDirectory: workingDirectory)
        exclude = (inputs.exclude + (configuration?.exclude ?? [])).map(PathPattern.init)
        self.configuration = configuration
        errors = configErrors.map { [root] in shown($0, root) }
    }

    /// The spec files the configuration selects, as printed (without reading them).
    var configuredFiles: Set<String> {
        guard let configuration else { return [] }
        let configured = configuration.specs.map { configuration.resolve($0) }
        return Set(SpecLoader.discover(paths: configured.isEmpty ? ["specs"] : configured, root: root, exclude: exclude))
    }
}

/// `errors` with the source line attached to those made without one (errors found after
/// loading, such as a waiver naming an unknown rule), so every error in text output shows
/// its line and caret. Each such file is read once; a file too large to have loaded is not.
func withSourceLines(_ errors: [Diagnostic], root: RepositoryRoot, maxBytes: Int) -> [Diagnostic] {
    var result = errors
    let files = Set(errors.filter { $0.source == nil && $0.location.line > 0 }.map(\.location.file))
    for file in files.sorted() {
        let path = root.resolve(displayed: file)
        guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size <= maxBytes,
              let data = FileManager.default.contents(atPath: path) else { continue }
        result = Diagnostic.attachingSourceLines(result, file: file, bytes: [UInt8](data))
    }
    return result
}

/// A diagnostic about a file the run named by an absolute path (configuration, rule pack,
/// baseline), with that path as every output prints it.
func shown(_ diagnostic: Diagnostic, _ root: RepositoryRoot) -> Diagnostic {
    guard diagnostic.location.file.hasPrefix("/") else { return diagnostic }
    var diagnostic = diagnostic
    diagnostic.location.file = root.relative(diagnostic.location.file)
    return diagnostic
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
    let selection: SpecSelection
    /// The specs checked and reported (not those loaded only as context), by index.
    let checkedSpecs: [Int]
    /// The spec files this run found (loaded or not), as printed.
    let files: [String]
    var root: RepositoryRoot { selection.root }

    /// - Parameters:
    ///   - recordEvaluations: whether to keep every rule-by-resource evaluation (JUnit needs
    ///     them), asked once the configuration is known.
    ///   - writeBaseline: record today's findings there instead of applying a baseline.
    init(inputs: SpecInputs, options: GateOptions, recordEvaluations: (Configuration?) -> Bool = { _ in false },
         writeBaseline: String? = nil) {
        let today = Today.date()

        // Rules: the built-in packs, the configuration's packs, then --rules.
        var catalog = RuleCatalog.builtin()
        let selection = SpecSelection(inputs: inputs, config: options.configFile)
        let root = selection.root
        var configuration = selection.configuration
        var errors = selection.errors
        for folder in (configuration.map { config in config.rulePacks.map { config.resolve($0) } } ?? []) + options.rules {
            catalog.addFolder(root.absolute(folder))
        }
        errors += catalog.errors.map { shown($0, root) }
        // The rules the configuration names are checked against every pack of the run.
        if configuration != nil { errors += configuration!.resolveRules(in: catalog).map { shown($0, root) } }
        let activeRules = configuration?.apply(to: catalog.rules) ?? catalog.rules

        // Specs, rules, waivers. Findings in files loaded only as context are not this run's.
        let loaded = SpecLoader(limits: inputs.limits).load(paths: selection.paths, root: root, exclude: selection.exclude)
        errors += loaded.diagnostics
        let result = RuleEngine(rules: activeRules, recordEvaluations: recordEvaluations(configuration))
            .run(loaded.workspace, today: today)
        let contextFiles = Set(loaded.workspace.specs.filter(\.isContext).map(\.path))
        var findings = result.findings
        var evaluations = result.evaluations
        if !contextFiles.isEmpty {
            findings.removeAll { contextFiles.contains($0.location.file) }
            evaluations.removeAll { contextFiles.contains($0.location.file) }
        }
        errors += WaiverReview.review(&findings, model: result.model, catalog: catalog, rules: activeRules,
                                      configuration: configuration, today: today).map { shown($0, root) }
        // Findings about the configuration's waivers are located in it, by its absolute path.
        for index in findings.indices where findings[index].location.file.hasPrefix("/") {
            findings[index].location.file = root.relative(findings[index].location.file)
        }

        // The baseline: recorded (which accepts today's findings), or applied.
        let baselinePath = options.baseline ?? configuration?.resolve(configuration?.baseline)
        if let writeBaseline {
            let recorded = Baseline(recording: findings)
            do {
                try ReportFiles.write(recorded.encoded(), to: writeBaseline)
                Console.err("archlint: wrote \(root.display(writeBaseline))\n")
                _ = recorded.apply(to: &findings)
            } catch {
                errors.append(Diagnostic("cannot write baseline: \(error)", file: root.display(writeBaseline), line: 1, column: 1))
            }
        } else if let baselinePath {
            switch loadBaseline(baselinePath) {
            case .success(let accepted):
                for entry in accepted.apply(to: &findings) {
                    Console.err("\(root.display(baselinePath)): note: stale baseline entry \(entry.rule) \(entry.stack)/\(entry.environment) \(entry.resource): no longer found; remove it or re-record with --write-baseline\n")
                }
            case .failure(let problem):
                var problem = problem
                problem.location.file = root.display(baselinePath)
                errors.append(problem)
            }
        }

        errors = withSourceLines(errors, root: root, maxBytes: inputs.limits.maxFileBytes)
        let gate: Severity? = options.failOn.map(\.severity) ?? configuration?.failOn ?? .error
        var report = LintReport(findings: findings, errors: errors, fileCount: loaded.fileCount,
                                resourceCount: loaded.workspace.resourceCount, failOn: gate)
        report.evaluations = evaluations
        report.failedSpecCount = loaded.failedFiles.count
        report.describe(rules: activeRules, workspace: loaded.workspace)
        self.report = report
        self.model = result.model
        self.configuration = configuration
        self.workspace = loaded.workspace
        self.selection = selection
        self.files = loaded.files
        self.checkedSpecs = loaded.workspace.specs.indices.filter { !loaded.workspace.specs[$0].isContext }
    }
}

/// Reads a baseline file, or the located error that says why it cannot be used.
func loadBaseline(_ path: String) -> Result<Baseline, Diagnostic> {
    guard let data = FileManager.default.contents(atPath: path) else {
        return .failure(Diagnostic("cannot read baseline file", file: path, line: 1, column: 1))
    }
    return Baseline.decode(data).mapError { Diagnostic($0.message, file: path, line: 1, column: 1) }
}
