import ArchlintFindings
import ArchlintLoad
import ArchlintModel
import ArchlintPipeline

/// A fix the editor may offer for a finding: its title, the finding it fixes, and the edits,
/// by file as printed (relative to the repository root).
public struct CodeAction: Sendable {
    public var title: String
    public var finding: Finding
    public var isPreferred: Bool
    public var edits: [String: [TextEdit]]

    public init(title: String, finding: Finding, isPreferred: Bool = false, edits: [String: [TextEdit]]) {
        self.title = title
        self.finding = finding
        self.isPreferred = isPreferred
        self.edits = edits
    }
}

/// Where fixes come from. The server knows nothing of how a fix is made: `check --fix`'s
/// engine (`FixCodeActions`) plugs in here, and the server offers what it returns.
public protocol CodeActionSource: Sendable {
    /// The actions for `findings` (those under the editor's cursor or selection), made from
    /// the run that found them: its model, and the unsaved buffers it read (`run.overlays`,
    /// which take the place of the files on disk).
    func actions(for findings: [Finding], in run: LintRun) -> [CodeAction]
}

extension CodeAction {
    /// The action as LSP's `CodeAction`, its edits as a `WorkspaceEdit`.
    func json(in snapshot: Snapshot, diagnostics: [JSON]) -> JSON {
        var changes: [String: JSON] = [:]
        for (path, edits) in edits {
            let lines = snapshot.lines(of: path)
            changes[snapshot.uri(of: path)] = .array(
                edits.map { edit in
                    .object([
                        "range": LSPRange(
                            start: lines.lspPosition(line: edit.start.line, column: edit.start.column),
                            end: lines.lspPosition(line: edit.end.line, column: edit.end.column)
                        ).json,
                        "newText": .string(edit.replacement),
                    ])
                })
        }
        var action: [String: JSON] = [
            "title": .string(title), "kind": .string("quickfix"), "edit": .object(["changes": .object(changes)]),
        ]
        if isPreferred { action["isPreferred"] = .bool(true) }
        if !diagnostics.isEmpty { action["diagnostics"] = .array(diagnostics) }
        return .object(action)
    }
}

/// `check --fix`'s fixes as code actions: the same planner, over the editor's unsaved buffers
/// where the run read them, so an action offered is exactly the edit `--fix` would write.
public struct FixCodeActions: CodeActionSource {
    public init() {}

    public func actions(for findings: [Finding], in run: LintRun) -> [CodeAction] {
        let plan = FixPlanner.plan(for: findings, rules: run.rules, read: run.source(of:))
        // The planner gives back one fix per finding it could fix, in its own order; the finding
        // is found again by rule, resource and place.
        return plan.fixes.compactMap { fix in
            guard
                let finding = findings.first(where: {
                    $0.rule == fix.rule && $0.location == fix.location && $0.resource == fix.resource
                })
            else { return nil }
            return CodeAction(
                title: "archlint: \(fix.title) (\(fix.rule))", finding: finding, isPreferred: true,
                edits: [fix.location.file: fix.edits])
        }
    }
}
