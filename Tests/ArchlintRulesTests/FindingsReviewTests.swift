import ArchlintLoad
import ArchlintModel
@testable import ArchlintRules
import Foundation
import Testing

@Suite("docs/findings.md")
struct FindingsReviewTests {
    /// `stack/environment RULE kind/name @line` of each row of the review.
    private func reviewed() throws -> [String] {
        let text = try String(contentsOfFile: packageRoot + "/docs/findings.md", encoding: .utf8)
        var section = ""
        var rows: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## "), let dash = line.range(of: " — ") {
                section = String(line[dash.upperBound...]).trimmingCharacters(in: .whitespaces)
            } else if line.hasPrefix("| `") {
                let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
                guard cells.count >= 2 else { continue }
                rows.append("\(section) \(cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))) @\(cells[1])")
            }
        }
        return rows.sorted()
    }

    @Test("reviews exactly the findings `archlint check specs/` reports")
    func matchesOutput() throws {
        let loaded = SpecLoader().load(paths: [packageRoot + "/specs"])
        #expect(loaded.diagnostics.isEmpty)
        // A fixed day, before the shipped waivers expire (2027-05-20): the review describes
        // the specs, not the calendar, and must not change when the clock does.
        let today = CalendarDate(year: 2026, month: 12, day: 1)!
        let result = RuleEngine(rules: RuleCatalog.builtin().rules).run(loaded.workspace, today: today)
        let actual = result.findings.map { "\($0.stack)/\($0.environment) \($0.rule) \($0.resource) @\($0.location.line)" }.sorted()
        let review = try reviewed()
        #expect(Set(actual).subtracting(review).sorted() == [], "findings missing from docs/findings.md")
        #expect(Set(review).subtracting(actual).sorted() == [], "docs/findings.md lists findings archlint no longer reports")
        #expect(review.count == actual.count)
    }
}
