import ArchlintFindings
import ArchlintLoad
import ArchlintModel
import ArchlintPipeline
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
                                            (ID is a rule ID, e.g. ENC005, or a name, e.g. plaintext-listener)
                archlint rules --check-examples
                                            run every example of every pack (exit 1 if one misbehaves)
                archlint rules ID --check-examples
                                            run that rule's examples only
                """
        )

        @Argument(help: "A rule ID (NET001) or name (subnet-overlap).", completion: .list(Rules.builtinIDs))
        var id: String?

        @Option(help: ArgumentHelp("A folder of additional rule packs.", valueName: "dir"), completion: .directory)
        var rules: [String] = []

        @Flag(name: .customLong("check-examples"), help: "Run every rule's examples and report those that misbehave.")
        var checkExamples = false

        @Option(
            name: .customLong("write-docs"), help: ArgumentHelp("Write one Markdown page per rule, and an index, to this folder.", valueName: "dir"),
            completion: .directory)
        var writeDocs: String?

        /// The built-in packs, read once: both the completion list below and `run` use them.
        private static let builtinCatalog = RuleCatalog.builtin()

        /// The built-in rules' IDs, which shell completion offers after `archlint rules`
        /// (a static list in the generated script: completing runs nothing).
        static var builtinIDs: [String] { builtinCatalog.rules.map(\.id) }

        func validate() throws {
            // Nothing given is ignored: --write-docs writes every page and runs nothing.
            if writeDocs != nil, id != nil {
                throw ValidationError("--write-docs writes the page of every rule; give it without a rule ID")
            }
            if writeDocs != nil, checkExamples {
                throw ValidationError("--write-docs and --check-examples are separate runs; give one")
            }
        }

        func run() throws {
            var catalog = Rules.builtinCatalog
            for folder in rules { catalog.addFolder(folder) }
            if !catalog.errors.isEmpty {
                Console.err(TextReporter(color: Console.wantsColor(standardError: true)).errorLines(catalog.errors))
                throw ExitCode(ExitStatus.decide(errors: catalog.errors.count, gatingFindings: false).rawValue)
            }
            var chosen: Rule?
            if let id {
                guard let rule = catalog.rule(idOrName: id) else {
                    var message = "no rule '\(id)'"
                    if let suggestion = catalog.suggestion(for: id) { message += "; did you mean '\(suggestion)'?" }
                    throw ValidationError(message + " (`archlint rules` lists them)")
                }
                chosen = rule
            }
            if let writeDocs {
                try FileManager.default.createDirectory(atPath: writeDocs, withIntermediateDirectories: true)
                for rule in catalog.rules {
                    try RulePage.markdown(rule).write(toFile: writeDocs + "/\(rule.id).md", atomically: true, encoding: .utf8)
                }
                try RulePage.index(catalog.packs).write(toFile: writeDocs + "/README.md", atomically: true, encoding: .utf8)
                // Announced like every file archlint writes: on standard error, from the root.
                let shown = RepositoryRoot.find(for: [writeDocs]).display(writeDocs)
                Console.err("archlint: wrote \(catalog.rules.count) rule pages and their index to \(shown)\n")
                return
            }
            if checkExamples {
                let runner = ExampleRunner(catalog: catalog, today: Today.date())
                var failures = 0, count = 0
                let checked = chosen.map { [$0] } ?? catalog.rules
                for rule in checked {
                    for example in rule.examples {
                        count += 1
                        let problems = runner.verify(example, of: rule)
                        failures += problems.isEmpty ? 0 : 1
                        for problem in problems { Console.err("\(problem.location): error: \(rule.id) example (\(example.expectation.rawValue)): \(problem.message)\n") }
                    }
                }
                Console.out("\(count) examples of \(checked.count) rule\(checked.count == 1 ? "" : "s"): \(count - failures) behave, \(failures) do not\n")
                // An example that misbehaves counts as a finding that fails the gate.
                if failures > 0 { throw ExitCode(ExitStatus.decide(errors: 0, gatingFindings: true).rawValue) }
                return
            }
            if let chosen {
                Console.out(RulePage.markdown(chosen))
                return
            }
            Console.out(catalog.rules.map { RulePage.listing($0) + "\n" }.joined())
        }
    }
}
