import ArchlintModel
import ArchlintReport
import ArchlintRules
import ArgumentParser
import Foundation

extension Archlint {
    struct Rules: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List every rule, or show one rule in full.",
            discussion: """
                archlint rules              one line per rule: ID, name, pack, severity, what it checks
                archlint rules ID           the rule's page: what, why, how to fix, examples, parameters
                archlint rules --check-examples
                                            run every example of every pack (exit 1 if one misbehaves)
                """
        )

        @Argument(help: "A rule ID, e.g. NET001.", completion: .list(Rules.builtinIDs))
        var id: String?

        @Option(help: ArgumentHelp("A folder of additional rule packs.", valueName: "dir"), completion: .directory)
        var rules: [String] = []

        @Flag(name: .customLong("check-examples"), help: "Run every rule's examples and report those that misbehave.")
        var checkExamples = false

        @Option(name: .customLong("write-docs"), help: ArgumentHelp("Write one Markdown page per rule, and an index, to this folder.", valueName: "dir"),
                completion: .directory)
        var writeDocs: String?

        /// The built-in packs, read once: both the completion list below and `run` use them.
        private static let builtinCatalog = RuleCatalog.builtin()

        /// The built-in rules' IDs, which shell completion offers after `archlint rules`
        /// (a static list in the generated script: completing runs nothing).
        static var builtinIDs: [String] { builtinCatalog.rules.map(\.id) }

        func run() throws {
            var catalog = Rules.builtinCatalog
            for folder in rules { catalog.addFolder(folder) }
            if !catalog.errors.isEmpty {
                Console.err(TextReporter(color: Console.wantsColor(standardError: true)).errorLines(catalog.errors))
                throw ExitCode(ExitStatus.unusable)
            }
            if let writeDocs {
                try FileManager.default.createDirectory(atPath: writeDocs, withIntermediateDirectories: true)
                for rule in catalog.rules {
                    try RulePage.markdown(rule).write(toFile: writeDocs + "/\(rule.id).md", atomically: true, encoding: .utf8)
                }
                try RulePage.index(catalog.packs).write(toFile: writeDocs + "/README.md", atomically: true, encoding: .utf8)
                Console.out("wrote \(catalog.rules.count) rule pages to \(writeDocs)\n")
                return
            }
            if checkExamples {
                let runner = ExampleRunner(catalog: catalog, today: Today.date())
                var failures = 0, count = 0
                for rule in catalog.rules {
                    for example in rule.examples {
                        count += 1
                        let problems = runner.verify(example, of: rule)
                        failures += problems.isEmpty ? 0 : 1
                        for problem in problems { Console.err("\(example.source): error: \(rule.id) example (\(example.expectation.rawValue)): \(problem)\n") }
                    }
                }
                Console.out("\(count) examples of \(catalog.rules.count) rules: \(count - failures) behave, \(failures) do not\n")
                if failures > 0 { throw ExitCode(ExitStatus.findings) }
                return
            }
            if let id {
                guard let rule = catalog.rule(id) else {
                    throw ValidationError("no rule '\(id)'; `archlint rules` lists them")
                }
                Console.out(RulePage.markdown(rule))
                return
            }
            Console.out(catalog.rules.map { RulePage.listing($0) + "\n" }.joined())
        }
    }
}

/// The day waivers are judged against: today (UTC), or `ARCHLINT_TODAY=YYYY-MM-DD` for
/// reproducible runs.
enum Today {
    static func date() -> CalendarDate {
        if let text = ProcessInfo.processInfo.environment["ARCHLINT_TODAY"], let date = CalendarDate(iso: text) { return date }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: Date())
        return CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }
}
