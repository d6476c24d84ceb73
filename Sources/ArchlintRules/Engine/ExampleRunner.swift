import ArchlintFindings
import ArchlintLoad
import ArchlintModel

/// Runs a rule's examples: an example that fires must produce findings of the rule on
/// exactly the lines marked `# FIRES`; one that passes must produce none. Used by the test
/// suite for every built-in rule, and by `archlint rules --check-examples` for any pack.
public struct ExampleRunner: Sendable {
    public let catalog: RuleCatalog
    public let today: CalendarDate

    public init(catalog: RuleCatalog, today: CalendarDate) {
        self.catalog = catalog
        self.today = today
    }

    /// The header an example gets when it does not write its own.
    static let header = "archlint: 1\nstack: example\nenvironment: production\n"

    /// Problems with `example` of `rule`, as sentences; empty when it behaves.
    public func verify(_ example: RuleExample, of rule: Rule) -> [String] {
        var documents: [(path: String, bytes: [UInt8])] = []
        var marked = Set<String>()
        for file in example.files {
            var text = file.text
            var shift = 0
            if !text.split(separator: "\n").contains(where: { $0.hasPrefix("archlint:") }) {
                text = ExampleRunner.header + text
                shift = 3
            }
            for (offset, line) in file.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.contains(RuleExample.marker) {
                marked.insert("\(file.name):\(offset + 1 + shift)")
            }
            documents.append((file.name, Array(text.utf8)))
        }
        let loaded = SpecLoader().load(documents: documents)
        if !loaded.diagnostics.isEmpty {
            return loaded.diagnostics.map { "the example does not load: \($0)" }
        }
        let result = RuleEngine(rules: catalog.rules).run(loaded.workspace, today: today)
        let findings = result.findings.filter { $0.rule == rule.id }
        let found = Set(findings.map { "\($0.location.file):\($0.location.line)" })
        var problems: [String] = []
        switch example.expectation {
        case .passes:
            problems += findings.map { "expected no finding, got \($0.location): \($0.message)" }
        case .fires:
            for line in marked.subtracting(found).sorted() { problems.append("expected a finding at \(line) (marked \(RuleExample.marker)), got none there") }
            for finding in findings where !marked.contains("\(finding.location.file):\(finding.location.line)") {
                problems.append("unexpected finding at \(finding.location): \(finding.message)")
            }
        }
        return problems
    }
}
