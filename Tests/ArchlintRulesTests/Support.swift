import ArchlintFindings
import ArchlintLoad
import ArchlintModel
@testable import ArchlintRules
import Testing

/// A pack made of one rule, written inline.
func pack(_ yaml: String) -> RuleCatalog {
    var catalog = RuleCatalog()
    catalog.add(Array(yaml.utf8), file: "test-pack.yaml")
    return catalog
}

/// A one-rule pack around `check` (indented as a rule's `check:` value or `builtin:` line).
func rule(id: String = "TST001", severity: String = "error", parameters: String = "", _ check: String) -> String {
    """
    pack: test
    rules:
      - id: \(id)
        name: test-rule
        severity: \(severity)
        summary: s
        rationale: r
        fix: f
    \(parameters.isEmpty ? "" : "    parameters:\n" + parameters.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n") + "\n")\(check.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
        examples:
          fires: ["x # FIRES"]
          passes: ["x"]
    """
}

/// Loads specs from texts and runs `catalog` over them; findings as `file:line: RULE resource`.
func findings(_ catalog: RuleCatalog, _ files: [String: String], today: CalendarDate = CalendarDate(year: 2026, month: 6, day: 1)!) -> [String] {
    #expect(catalog.errors.isEmpty, "\(catalog.errors)")
    let loaded = SpecLoader().load(documents: files.sorted { $0.key < $1.key }.map { ($0.key, Array($0.value.utf8)) })
    #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics)")
    let result = RuleEngine(rules: catalog.rules).run(loaded.workspace, today: today)
    return result.findings.map { "\($0.location.file):\($0.location.line): \($0.rule) \($0.resource)\($0.isWaived ? " waived" : "")" }
}

/// Full findings, for message checks.
func fullFindings(_ catalog: RuleCatalog, _ files: [String: String]) -> [Finding] {
    let loaded = SpecLoader().load(documents: files.sorted { $0.key < $1.key }.map { ($0.key, Array($0.value.utf8)) })
    return RuleEngine(rules: catalog.rules).run(loaded.workspace, today: CalendarDate(year: 2026, month: 6, day: 1)!).findings
}

func spec(_ environment: String, stack: String = "demo", _ body: String) -> String {
    "archlint: 1\nstack: \(stack)\nenvironment: \(environment)\n" + body
}

/// A production spec of stack `stack`.
func spec(stack: String = "demo", _ body: String) -> String {
    spec("production", stack: stack, body)
}
