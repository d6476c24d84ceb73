import ArchlintAnalyses
import ArchlintFindings
import ArchlintLoad
import ArchlintModel
import ArchlintRules
import Foundation

/// One run of the pipeline: configuration → rule packs → load → rules → waivers → baseline →
/// the report. Nothing is printed or written here: notes, the baseline to record and the
/// reports to write come back as values, and the caller decides what to make of them. Files
/// are only read (specs, configuration, packs, baseline).
public final class LintRun {
    /// Findings sorted once, load errors, counts: what every reporter reads.
    public private(set) var report: LintReport
    /// The model the rules read, for diagrams.
    public let model: ModelIndex
    public let configuration: Configuration?
    public let workspace: Workspace
    /// The rules this run ran (configured: severities, parameters), for planning their
    /// fixes (`FixPlanner`).
    public let rules: [Rule]
    public let selection: SpecSelection
    /// The specs checked and reported (not those loaded only as context), by index.
    public let checkedSpecs: [Int]
    /// The spec files this run found (loaded or not), as printed.
    public let files: [String]
    /// Things worth saying that are not errors (stale baseline entries), in order.
    public let notes: [RunNote]
    /// The baseline to record (`recordBaseline`), for the caller to write. Until it says
    /// otherwise (`baselineNotWritten`), the report counts its findings as accepted.
    public let baselineToWrite: BaselineOutput?
    /// The report files asked for (by path, or by the configuration), in the order they are
    /// written; `render` makes each one's text.
    public let reportsToWrite: [ReportOutput]
    /// Why the configuration's reports are not written, when `configuredReports` was asked
    /// for and cannot be honoured. A refusal makes the run unusable (exit status 2).
    public let reportsRefusal: ReportsRefusal?
    public let clock: RunClock
    /// What `archlint drift` compared (nil in any other run, and when it could not compare).
    public let drift: TerraformDrift?
    /// Why drift could not compare (exit status 2); a plan that does not load is also one of
    /// the report's errors, located in the plan.
    public let driftFailure: DriftFailure?
    public var root: RepositoryRoot { selection.root }
    /// The bytes read in place of files on disk (`RunRequest.overlays`: an editor's unsaved
    /// buffers), by path as printed: what a fix made from this run must edit.
    public let overlays: [String: [UInt8]]

    /// The bytes of a spec as this run read it, by path as printed: the unsaved buffer when
    /// there is one, else the file. What a fix planned from this run's findings must edit.
    public func source(of path: String) -> [UInt8]? {
        overlays[path] ?? FileManager.default.contents(atPath: root.resolve(displayed: path)).map { [UInt8]($0) }
    }

    /// What the report is made of before the baseline is recorded, kept only while the
    /// recorded baseline is unwritten, to rebuild the report if writing it fails.
    private var beforeRecording: (findings: [Finding], errors: [Diagnostic], maxBytes: Int, documents: [String: [UInt8]])?

    public init(_ request: RunRequest) {
        let today = request.today
        clock = request.clock
        overlays = request.overlays

        // Rules: the built-in packs, the configuration's packs, then the request's.
        var catalog = request.catalog ?? RuleCatalog.builtin()
        let selection = SpecSelection(request.specs, configuration: request.configuration, workingDirectory: request.workingDirectory)
        let root = selection.root
        var configuration = selection.configuration
        var errors = selection.errors
        for folder in (configuration.map { config in config.rulePacks.map { config.resolve($0) } } ?? []) + request.rulePacks {
            catalog.addFolder(root.absolute(folder))
        }
        errors += catalog.errors.map { shown($0, root) }
        // The rules the configuration names are checked against every pack of the run.
        if configuration != nil { errors += configuration!.resolveRules(in: catalog).map { shown($0, root) } }
        // Drift's rules need a plan: a run given one runs only them (the specs' own findings
        // are `check`'s to gate), any other leaves them out.
        let activeRules = (configuration?.apply(to: catalog.rules) ?? catalog.rules).filter { DriftChecks.isDrift($0) == (request.terraform != nil) }

        // The report files: the request's paths, else (when asked) the configuration's.
        let configured =
            request.configuredReports
            ? configuration.map { config in config.reports.mapValues { config.resolve($0) } } ?? [:] : [:]
        let recordEvaluations =
            ([request.printed].compactMap { $0 }
            + ReportFormat.files.filter {
                request.reportFiles[$0] != nil || configured[$0] != nil
            }).contains { ReporterRegistry.reporter($0).needsEvaluations }

        // Specs, rules, waivers. Findings in files loaded only as context are not this run's.
        let loader = SpecLoader(limits: request.limits)
        var documents: [String: [UInt8]] = [:]
        let loaded: LoadResult
        switch request.specs {
        case .paths:
            loaded = loader.load(paths: selection.paths, root: root, exclude: selection.exclude, overlays: request.overlays)
            // Source lines of later errors come from the buffers too, not the saved files.
            documents = request.overlays
        case .documents(let given):
            loaded = loader.load(documents: given)
            documents = Dictionary(given.map { ($0.path, $0.bytes) }, uniquingKeysWith: { first, _ in first })
        }
        errors += loaded.diagnostics
        var drift: TerraformDrift?
        var driftFailure: DriftFailure?
        if let terraform = request.terraform {
            switch TerraformComparison.compare(
                terraform, with: loaded.workspace, files: loaded.fileCount, root: root, documents: documents, limits: request.limits)
            {
            case .success(let compared): drift = compared
            case .failure(let failure):
                driftFailure = failure
                if case .plan(let problem) = failure { errors.append(problem) }
            }
        }
        self.drift = drift
        self.driftFailure = driftFailure
        let result = RuleEngine(rules: activeRules, recordEvaluations: recordEvaluations, drift: drift).run(loaded.workspace, today: today)
        let contextFiles = Set(loaded.workspace.specs.filter(\.isContext).map(\.path))
        var findings = result.findings
        var evaluations = result.evaluations
        if !contextFiles.isEmpty {
            findings.removeAll { contextFiles.contains($0.location.file) }
            evaluations.removeAll { contextFiles.contains($0.location.file) }
        }
        errors += WaiverReview.review(
            &findings, model: result.model, catalog: catalog, rules: activeRules,
            configuration: configuration, today: today
        ).map { shown($0, root) }
        // Findings about the configuration's waivers are located in it, by its absolute path.
        for index in findings.indices where findings[index].location.file.hasPrefix("/") {
            findings[index].location.file = root.relative(findings[index].location.file)
        }

        // The baseline: recorded (which accepts today's findings), or applied.
        var notes: [RunNote] = []
        var baselineToWrite: BaselineOutput?
        let baselinePath = request.baseline ?? configuration?.resolve(configuration?.baseline)
        if let recordPath = request.recordBaseline {
            beforeRecording = (findings, errors, request.limits.maxFileBytes, documents)
            let recorded = Baseline(recording: findings)
            baselineToWrite = BaselineOutput(path: recordPath, text: recorded.encoded())
            _ = recorded.apply(to: &findings)
        } else if let baselinePath {
            // Read from where the request's working directory says, not the process's.
            switch loadBaseline(root.absolute(baselinePath)) {
            case .success(let accepted):
                let shownPath = root.display(baselinePath)
                notes += accepted.apply(to: &findings).map { .staleBaselineEntry($0, baseline: shownPath) }
            case .failure(let problem):
                var problem = problem
                problem.location.file = root.display(baselinePath)
                errors.append(problem)
            }
        }

        let gate: Severity? = request.failOn ?? configuration?.failOn ?? .error
        report = Self.report(
            findings: findings, errors: withSourceLines(errors, root: root, maxBytes: request.limits.maxFileBytes, documents: documents),
            evaluations: evaluations, loaded: loaded, gate: gate, rules: activeRules)
        self.model = result.model
        self.configuration = configuration
        self.workspace = loaded.workspace
        self.rules = activeRules
        self.selection = selection
        self.files = loaded.files
        self.checkedSpecs = loaded.workspace.specs.indices.filter { !loaded.workspace.specs[$0].isContext }
        self.notes = notes
        self.baselineToWrite = baselineToWrite

        // The configuration's reports describe the whole estate: written only when asked,
        // and only by a run that covers every spec the configuration selects.
        var refusal: ReportsRefusal?
        var reportPaths = configured
        if request.configuredReports {
            if let configuration {
                if configured.isEmpty {
                    refusal = .noReportsNamed(configuration: root.display(configuration.file))
                } else if selection.pathsGiven {
                    let missing = selection.configuredFiles.subtracting(loaded.files)
                    if !missing.isEmpty {
                        refusal = .partialRun(filesRead: loaded.files.count, leftOut: missing.sorted())
                        reportPaths = [:]
                    }
                }
            } else {
                refusal = .noConfiguration
            }
        }
        reportsRefusal = refusal
        reportPaths.merge(request.reportFiles) { _, requested in requested }
        reportsToWrite = ReportFormat.files.compactMap { format in reportPaths[format].map { ReportOutput(format: format, path: $0) } }
    }

    private static func report(
        findings: [Finding], errors: [Diagnostic], evaluations: [Evaluation], loaded: LoadResult,
        gate: Severity?, rules: [Rule]
    ) -> LintReport {
        var report = LintReport(
            findings: findings, errors: errors, fileCount: loaded.fileCount,
            resourceCount: loaded.workspace.resourceCount, failOn: gate)
        report.evaluations = evaluations
        report.failedSpecCount = loaded.failedFiles.count
        report.describe(rules: rules, workspace: loaded.workspace)
        return report
    }

    /// The baseline could not be written (`reason` says why): its findings are not accepted
    /// after all, and the failure is an error of the run, located at the baseline's path.
    public func baselineNotWritten(reason: String) {
        guard let baselineToWrite, let before = beforeRecording else { return }
        beforeRecording = nil
        var errors = before.errors
        errors.append(Diagnostic("cannot write baseline: \(reason)", file: root.display(baselineToWrite.path), line: 1, column: 1))
        var rebuilt = LintReport(
            findings: before.findings,
            errors: withSourceLines(errors, root: root, maxBytes: before.maxBytes, documents: before.documents),
            fileCount: report.fileCount, resourceCount: report.resourceCount, failOn: report.failOn)
        rebuilt.evaluations = report.evaluations
        rebuilt.failedSpecCount = report.failedSpecCount
        rebuilt.rules = report.rules
        rebuilt.specs = report.specs
        report = rebuilt
    }

    /// The baseline was written: nothing more is needed to rebuild the report.
    public func baselineWritten() {
        beforeRecording = nil
    }

    /// The run's exit status, once the caller has written what it was given: the one
    /// decision (`ExitStatus.decide`) over the load errors, the gate, the report files that
    /// could not be written and a refused `configuredReports`.
    public func exitStatus(failedWrites: Int = 0) -> ExitStatus {
        ExitStatus.decide(
            errors: report.errors.count + (driftFailure == nil ? 0 : 1), gatingFindings: report.findings.contains(where: report.failsGate),
            failedOutputs: failedWrites + (reportsRefusal == nil ? 0 : 1))
    }

    /// `STACK/ENVIRONMENT` of a spec, as its diagram's title names it.
    public func specTitle(_ index: Int) -> String {
        let spec = workspace.specs[index]
        return "\(spec.stack.value)/\(spec.environment.value.rawValue)"
    }

    /// Loads and validates the specs without running rules (`archlint validate`): the
    /// configuration decides which specs (and exclusions) are read, exactly as for a run.
    public static func validate(_ request: RunRequest) -> LintReport {
        loadOnly(request).report
    }

    /// Loads the specs the request selects, as `validate` does (no rules), and keeps the
    /// workspace: for commands that ask questions of the model rather than check it.
    public static func loadOnly(_ request: RunRequest) -> (report: LintReport, workspace: Workspace) {
        let selection = SpecSelection(request.specs, configuration: request.configuration, workingDirectory: request.workingDirectory)
        let loader = SpecLoader(limits: request.limits)
        let loaded: LoadResult
        switch request.specs {
        case .paths:
            loaded = loader.load(paths: selection.paths, root: selection.root, exclude: selection.exclude, overlays: request.overlays)
        case .documents(let given): loaded = loader.load(documents: given)
        }
        var report = LintReport(
            findings: [], errors: selection.errors + loaded.diagnostics, fileCount: loaded.fileCount,
            resourceCount: loaded.workspace.resourceCount)
        report.failedSpecCount = loaded.failedFiles.count
        return (report, loaded.workspace)
    }
}

/// Something a run says that is neither a finding nor an error.
public enum RunNote: Sendable, Equatable, CustomStringConvertible {
    /// A baseline entry no finding matches any more; `baseline` is the file as printed.
    case staleBaselineEntry(Baseline.Entry, baseline: String)

    /// The line as printed on standard error (without its newline).
    public var description: String {
        switch self {
        case .staleBaselineEntry(let entry, let baseline):
            "\(baseline): note: stale baseline entry \(entry.rule) \(entry.stack)/\(entry.environment) \(entry.resource): no longer found; remove it or re-record with --write-baseline"
        }
    }
}

/// A baseline file to write: where (as the request gave it) and its whole text.
public struct BaselineOutput: Sendable, Equatable {
    public let path: String
    public let text: String
}

/// A report file to write: its format and where (as given, or resolved from the
/// configuration). `LintRun.render` makes its text when the caller is ready to write it.
public struct ReportOutput: Sendable, Equatable {
    public let format: ReportFormat
    public let path: String
}

/// Why `configuredReports` was not honoured.
public enum ReportsRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    case noConfiguration
    /// The configuration (as printed) has no `reports:`.
    case noReportsNamed(configuration: String)
    /// The run read `filesRead` spec files and not these of the configuration's (as printed, sorted).
    case partialRun(filesRead: Int, leftOut: [String])

    public var description: String {
        switch self {
        case .noConfiguration:
            "--reports: no configuration file applies, so there are no configured reports to write"
        case .noReportsNamed(let configuration):
            "--reports: \(configuration) names no reports"
        case .partialRun(let filesRead, let leftOut):
            "--reports: not writing the configured reports: this run reads \(filesRead) spec files and leaves out \(leftOut.count) of the configuration's (\(leftOut.prefix(3).joined(separator: ", "))\(leftOut.count > 3 ? ", …" : "")); run archlint check --reports without paths"
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
