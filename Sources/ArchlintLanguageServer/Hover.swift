import ArchlintFindings
import ArchlintLoad
import ArchlintModel

/// What hovering shows: on a finding, its rule (summary, rationale, fix, page); on a key,
/// the field's description from the schema the loader decodes with.
enum Hover {
    static func contents(at path: String, position: LSPPosition, in snapshot: Snapshot, rulePages: RulePages) -> String? {
        let lines = snapshot.lines(of: path)
        let (line, column) = lines.archlintPosition(position)
        var parts: [String] = []
        if let run = snapshot.run {
            var shown = Set<String>()
            for finding in run.report.findings where finding.location.file == path && finding.location.line == line {
                let range = Diagnostics.tokenRange(line: line, column: finding.location.column, in: lines)
                guard range.start.character <= position.character, position.character <= range.end.character else { continue }
                guard shown.insert(finding.rule).inserted else { continue }
                parts.append(describe(finding, rule: run.report.rules[finding.rule], page: rulePages.uri(finding.rule)))
            }
            for error in run.report.errors where error.location.file == path && error.location.line == line {
                let range = Diagnostics.tokenRange(line: line, column: error.location.column, in: lines)
                guard range.start.character <= position.character, position.character <= range.end.character else { continue }
                parts.append("**load error**: " + error.message)
            }
        }
        if parts.isEmpty, let field = field(at: line, column: column, in: lines), !field.summary.isEmpty {
            parts.append("`\(field.key)` — \(field.summary)" + typeNote(field.type))
        }
        return parts.isEmpty ? nil : parts.joined(separator: "\n\n---\n\n")
    }

    static func describe(_ finding: Finding, rule: RuleInfo?, page: String?) -> String {
        var text = "**\(finding.rule)** `\(finding.name)` (\(finding.pack), \(finding.severity.rawValue))"
        if let rule {
            text += "\n\n" + rule.summary
            if !rule.rationale.isEmpty { text += "\n\n**Why:** " + rule.rationale }
            if !rule.fix.isEmpty { text += "\n\n**Fix:** " + rule.fix }
        }
        if let waiver = finding.waiver { text += "\n\n*Waived:* " + waiver.reason }
        if let page { text += "\n\n[\(finding.rule) documentation](\(page))" }
        return text
    }

    /// The schema's field for the key the cursor is on (or in the value of).
    static func field(at line: Int, column: Int, in lines: LineTable) -> FieldDescription? {
        let context = KeyPathContext.at(line: line - 1, column: column, in: lines)
        return Schema.field(at: context.keys)
    }

    private static func typeNote(_ type: FieldType) -> String {
        switch type {
        case .enumeration(let values): return "\n\nOne of: " + values.map { "`\($0)`" }.joined(separator: ", ")
        case .reference(let kind): return "\n\nThe name of a \(kind.words)."
        case .list(.reference(let kind)): return "\n\nNames of \(kind.words)s."
        default: return ""
        }
    }
}

/// The spec format's fields, as the loader describes them.
enum Schema {
    static let root = SpecSchema.formatDescription

    /// The record whose fields are the keys under `keys` (the top level for none).
    static func record(at keys: [String]) -> RecordDescription? {
        var record = root
        for key in keys {
            guard let field = record.fields.first(where: { $0.key == key }), let nested = field.nested else { return nil }
            record = nested
        }
        return record
    }

    static func field(at keys: [String]) -> FieldDescription? {
        guard let last = keys.last, let parent = record(at: Array(keys.dropLast())) else { return nil }
        return parent.fields.first { $0.key == last }
    }
}
