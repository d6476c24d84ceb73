import ArchlintAnalyses
import ArchlintDiagram
import ArchlintFindings
import ArchlintLoad
import ArchlintModel
import ArchlintRules
import Dispatch
import Foundation

/// What `archlint diff` compares the head with.
public enum ReviewBase: Sendable {
    /// The specs below the head's paths as they were at a git revision (`--base REV`), or at
    /// its merge base with HEAD (`--merge-base`).
    case revision(String, mergeBase: Bool)
    /// Spec files and folders on disk (`archlint diff OLD NEW`).
    case paths([String])
    /// Specs held in memory (tests), named as `side` says.
    case documents(ReviewSide, [(path: String, bytes: [UInt8])])
}

/// One review: the base and the head each go through the whole of `check`'s pipeline (same
/// configuration, same packs, waivers and baseline applied), in parallel; then their models
/// are compared resource by resource and their findings by the line-free key. Nothing is
/// printed or written here.
public final class ReviewRun {
    public let review: ReviewReport
    public let head: LintRun
    /// Nil when the base could not be read at all (`failure` says why).
    public let base: LintRun?
    /// Why the review could not be made (a revision git does not have, say): exit 2, and
    /// no report is written.
    public let failure: Diagnostic?
    public var root: RepositoryRoot { head.root }
    public var clock: RunClock { head.clock }

    /// `head` is the run `check` would make of the head; `base` says where the other side is.
    public init(base choice: ReviewBase, head request: RunRequest) {
        var request = request
        // Both sides are judged by the head's configuration and packs: a pull request that
        // changes the rules is reviewed by its own rules on both sides.
        let selection = SpecSelection(request.specs, configuration: request.configuration, workingDirectory: request.workingDirectory)
        if case .nearest = request.configuration {
            request.configuration = selection.configuration.map { .file($0.file) } ?? .none
        }
        if request.catalog == nil { request.catalog = RuleCatalog.builtin() }
        // JUnit lists every check of the head; the base's passes are never shown.
        var baseRequest = request
        baseRequest.recordBaseline = nil
        baseRequest.reportFiles = [:]
        baseRequest.configuredReports = false
        baseRequest.printed = .json

        let baseSide: ReviewSide
        var failure: Diagnostic?
        var baseReadNotes: [Diagnostic] = []
        switch choice {
        case .paths(let paths):
            baseSide = ReviewSide(name: paths.joined(separator: " "))
            baseRequest.specs = .paths(paths)
        case .documents(let side, let documents):
            baseSide = side
            baseRequest.specs = .documents(documents)
            baseRequest.workingDirectory = selection.root.path
        case .revision(let revision, let mergeBase):
            var exclude: [String] = []
            if case .paths(_, let excluded) = request.specs { exclude = excluded }
            let configured = selection.configuration?.exclude ?? []
            switch GitSnapshot.read(
                revision: revision, mergeBase: mergeBase, paths: selection.paths,
                exclude: (exclude + configured).map(PathPattern.init), limits: request.limits,
                workingDirectory: request.workingDirectory)
            {
            case .success(let snapshot):
                baseSide = ReviewSide(name: revision, commit: snapshot.commit)
                baseRequest.specs = .documents(snapshot.documents)
                // A path with no spec at the revision (the change that adds `specs/`) is a
                // note about the base, like its load errors.
                baseReadNotes = snapshot.diagnostics
                // Documents are named relative to the repository root, as the head's files print.
                baseRequest.workingDirectory = selection.root.path
            case .failure(let error):
                baseSide = ReviewSide(name: revision)
                // Located at the path git could not read, when there is one; else the file is
                // left empty and the message stands alone.
                failure = Diagnostic(error.message, file: error.path.map(selection.root.display) ?? "", line: 1, column: 1)
            }
        }

        // Base and head in parallel: each is a whole run.
        let runs = RunPair()
        let baseRequestToRun = failure == nil ? baseRequest : nil
        let headRequest = request
        DispatchQueue.concurrentPerform(iterations: 2) { side in
            if side == 0 {
                runs.head = LintRun(headRequest)
            } else if let baseRequestToRun {
                runs.base = LintRun(baseRequestToRun)
            }
        }
        let head = runs.head!
        self.head = head
        self.base = runs.base
        self.failure = failure

        let headSide = ReviewSide(name: choice.isRevision ? "working tree" : selection.paths.joined(separator: " "))
        guard let base = runs.base else {
            review = ReviewReport(
                base: baseSide, head: headSide, changes: [], newFindings: [], escalated: [], fixed: [], unchanged: [],
                headReport: head.report)
            return
        }
        let findings = FindingComparison(base: base.report.findings, head: head.report.findings)
        let changes = ModelDiff.changes(from: base.workspace, to: head.workspace)
        review = ReviewReport(
            base: baseSide, head: headSide, changes: changes, newFindings: findings.new, escalated: findings.escalated,
            fixed: findings.fixed, unchanged: findings.unchanged, headReport: head.report, baseErrors: baseReadNotes + base.report.errors,
            diagrams: ReviewDiagram.mermaid(changes: changes, base: base.model, head: head.model))
    }

    /// The exit status once the caller has written what it was asked to: 2 when the review
    /// could not be made or the head did not load, 1 when a new or escalated finding reaches
    /// the gate, else 0.
    public func exitStatus(failedWrites: Int = 0) -> ExitStatus {
        if failure != nil { return .unusable }
        return ExitStatus.decide(
            errors: review.headReport.errors.count, gatingFindings: !review.gatingFindings.isEmpty, failedOutputs: failedWrites)
    }

    /// The base's load errors as notes (`FILE:LINE:COL: note: in the base (REV): …`): they
    /// never stop the review, a broken base must not block its fix.
    public var baseNotes: [String] {
        review.baseErrors.map { "\($0.location): note: in the base (\(review.base.name)): \($0.message)" }
    }
}

extension ReviewBase {
    var isRevision: Bool {
        if case .revision = self { return true }
        return false
    }
}

/// The two runs, filled from the two sides of `concurrentPerform`: each slot is written by
/// one iteration only and read after both end.
private final class RunPair: @unchecked Sendable {
    var head: LintRun?
    var base: LintRun?
}
