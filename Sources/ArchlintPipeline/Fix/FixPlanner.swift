import ArchlintFindings
import ArchlintLoad
import ArchlintModel
import ArchlintRules

/// The edits that fix one finding.
public struct FindingFix: Sendable, Hashable {
    public let rule: String
    /// `KIND/NAME`, as the finding names it.
    public let resource: String
    /// Where the finding is (its file as the finding gives it).
    public let location: SourceLocation
    /// What the fix does, in words: `set encrypted: true`.
    public let title: String
    /// Byte-exact edits of the finding's file (none when another fix's identical edit
    /// already does the work).
    public let edits: [TextEdit]

    public init(rule: String, resource: String, location: SourceLocation, title: String, edits: [TextEdit]) {
        self.rule = rule
        self.resource = resource
        self.location = location
        self.title = title
        self.edits = edits
    }
}

/// A finding whose rule has an autofix that was not applied, and why.
public struct SkippedFix: Sendable, Hashable {
    public let rule: String
    public let resource: String
    public let location: SourceLocation
    public let reason: String
}

/// One file's edits, and its text before and after them.
public struct FileFix: Sendable, Hashable {
    /// As the findings give it (relative to the repository root in a run over paths).
    public let path: String
    public let original: [UInt8]
    public let fixed: [UInt8]
    /// In file order.
    public let edits: [TextEdit]
}

/// What fixing a set of findings changes: each finding fixed, each skipped, and each file
/// that changes (sorted by path).
public struct FixPlan: Sendable {
    public var fixes: [FindingFix] = []
    public var skipped: [SkippedFix] = []
    public var files: [FileFix] = []

    public init() {}
}

/// Plans the autofixes (`autofix:` of a rule's pack entry) of findings as text edits. It
/// reads files only through `read` and writes nothing, so `archlint check --fix`, its
/// `--diff` and a language server's code actions share it.
public enum FixPlanner {
    /// Plans fixes for `findings` (the caller chooses which: `check --fix` passes the
    /// unwaived, unbaselined findings of the checked specs) with the autofixes of `rules`.
    /// `read` gives a file's bytes by the path the finding names (nil: unreadable).
    /// Findings of rules without an autofix are left out; those of rules whose autofix is
    /// `none`, or whose edit is refused, are listed as skipped with the reason.
    public static func plan(for findings: [Finding], rules: [Rule], read: (String) -> [UInt8]?) -> FixPlan {
        let rulesByID = Dictionary(rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var plan = FixPlan()
        var byFile: [String: [(Finding, Rule, [AutofixAssignment])]] = [:]
        for finding in findings.sorted(by: Finding.ordered) {
            guard let rule = rulesByID[finding.rule], let autofix = rule.autofix else { continue }
            switch autofix {
            case .none(let reason):
                plan.skipped.append(skip(finding, "no automatic fix: \(reason)"))
            case .set(let assignments):
                byFile[finding.location.file, default: []].append((finding, rule, assignments))
            }
        }
        for path in byFile.keys.sorted() {
            let entries = byFile[path]!
            guard let bytes = read(path) else {
                plan.skipped += entries.map { skip($0.0, "cannot read the file") }
                continue
            }
            guard let document = EditableDocument(bytes) else {
                plan.skipped += entries.map { skip($0.0, "the file does not parse as YAML") }
                continue
            }
            var accepted = AcceptedEdits()
            var fixes: [FindingFix] = []
            for (finding, rule, assignments) in entries {
                switch fix(finding, rule: rule, assignments: assignments, in: document) {
                case .failure(let refusal):
                    plan.skipped.append(skip(finding, refusal.reason))
                case .success(let (title, edits)):
                    // An edit another fix already makes is shared; one that overlaps a
                    // different edit would make the two fixes fight, so the later waits
                    // for the next run.
                    let fresh = edits.filter { !accepted.contains($0) }
                    if fresh.contains(where: accepted.overlaps) {
                        plan.skipped.append(skip(finding, "another fix changes the same text; run --fix again"))
                        continue
                    }
                    for edit in fresh { accepted.insert(edit) }
                    fixes.append(FindingFix(rule: finding.rule, resource: finding.resource, location: finding.location, title: title, edits: fresh))
                }
            }
            guard !accepted.edits.isEmpty else {
                plan.fixes += fixes
                continue
            }
            guard let fixed = EditableDocument.apply(accepted.edits, to: bytes), EditableDocument(fixed) != nil else {
                plan.skipped += fixes.map { SkippedFix(rule: $0.rule, resource: $0.resource, location: $0.location, reason: "the fixed file would not parse") }
                continue
            }
            plan.fixes += fixes
            plan.files.append(FileFix(path: path, original: bytes, fixed: fixed, edits: accepted.edits))
        }
        plan.skipped.sort { ($0.location, $0.rule, $0.resource) < ($1.location, $1.rule, $1.resource) }
        plan.fixes.sort { ($0.location, $0.rule, $0.resource) < ($1.location, $1.rule, $1.resource) }
        return plan
    }

    /// The edits of one finding's fix, and its title.
    static func fix(
        _ finding: Finding, rule: Rule, assignments: [AutofixAssignment], in document: EditableDocument
    ) -> Result<(String, [TextEdit]), EditRefusal> {
        let position = SourcePosition(line: finding.location.line, column: finding.location.column)
        guard let mapping = document.mapping(at: position, preferring: assignments.first?.key) else {
            return .failure(EditRefusal("no mapping written at the finding's position (it comes through an alias or a merge key)"))
        }
        var edits: [TextEdit] = []
        var parts: [String] = []
        for assignment in assignments {
            guard let value = assignment.value.resolved(for: rule) else {
                return .failure(EditRefusal("parameter of the fix is not a single value"))
            }
            let text = yamlText(value)
            switch document.set(assignment.key, to: text, in: mapping) {
            case .failure(let refusal): return .failure(refusal)
            case .success(let edit?): edits.append(edit)
            case .success(nil): break
            }
            parts.append("\(assignment.key): \(text)")
        }
        guard !edits.isEmpty else { return .failure(EditRefusal("the fix's values are already written; the finding has another cause")) }
        return .success(("set " + parts.joined(separator: ", "), edits))
    }

    /// The YAML text of a resolved value.
    static func yamlText(_ value: AutofixValue) -> String {
        switch value {
        case .bool(let flag): return String(flag)
        case .int(let number): return String(number)
        case .string(let text): return SpecWriter.scalar(text)  // plain when it reads back the same, else quoted
        case .parameter(let name): return name
        }
    }

    static func overlaps(_ a: TextEdit, _ b: TextEdit) -> Bool {
        if a.length == 0 && b.length == 0 { return false }
        // An insertion where a replacement starts counts as overlapping it: which goes
        // first would be a guess.
        if a.length == 0 { return a.offset >= b.offset && a.offset < b.offset + b.length }
        if b.length == 0 { return b.offset >= a.offset && b.offset < a.offset + a.length }
        return a.offset < b.offset + b.length && b.offset < a.offset + a.length
    }

    /// The edits accepted for one file, kept in offset order so that whether a new edit is
    /// already there, or overlaps one, is a binary search and a look at its neighbours, not a
    /// scan: a generated spec can have thousands of fixable findings.
    struct AcceptedEdits {
        private(set) var edits: [TextEdit] = []
        private var known: Set<TextEdit> = []

        func contains(_ edit: TextEdit) -> Bool { known.contains(edit) }

        /// The first index whose edit starts at or after `offset`.
        private func firstIndex(from offset: Int) -> Int {
            var low = 0, high = edits.count
            while low < high {
                let middle = (low + high) / 2
                if edits[middle].offset < offset { low = middle + 1 } else { high = middle }
            }
            return low
        }

        /// Whether `edit` overlaps an accepted edit. Accepted replacements never overlap one
        /// another, so only the one just before can reach into `edit`; after it, only those
        /// starting before `edit` ends.
        func overlaps(_ edit: TextEdit) -> Bool {
            let index = firstIndex(from: edit.offset)
            var before = index - 1
            // Insertions take no room: the nearest replacement before is the one to ask.
            while before >= 0, edits[before].length == 0 { before -= 1 }
            if before >= 0, FixPlanner.overlaps(edits[before], edit) { return true }
            var after = index
            while after < edits.count, edits[after].offset <= edit.offset + edit.length {
                if FixPlanner.overlaps(edits[after], edit) { return true }
                after += 1
            }
            return false
        }

        mutating func insert(_ edit: TextEdit) {
            guard known.insert(edit).inserted else { return }
            // After edits at the same offset: the order they were accepted in is kept.
            edits.insert(edit, at: firstIndex(from: edit.offset + 1))
        }
    }

    static func skip(_ finding: Finding, _ reason: String) -> SkippedFix {
        SkippedFix(rule: finding.rule, resource: finding.resource, location: finding.location, reason: reason)
    }
}
