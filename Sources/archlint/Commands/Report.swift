import ArchlintDiagram
import ArchlintFindings
import ArchlintReport
import ArchlintRules
import ArgumentParser
import Foundation

extension Archlint {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a self-contained HTML report: summary, findings, rules, diagrams.",
            discussion: """
                One file, no network: open it in a browser or attach it to a CI run.
                Diagrams are drawn by Graphviz (`dot` on PATH); without it the page says so.
                  archlint report specs/ --html reports/index.html
                The rules, waivers, baseline and gate are check's: .archlint.yml, --rules,
                --baseline and --fail-on mean the same here.

                """ + ExitStatus.table
        )

        @OptionGroup var inputs: SpecInputs

        @Option(help: ArgumentHelp("Where to write the page.", valueName: "file"), completion: .file())
        var html: String

        @OptionGroup var gate: GateOptions

        @Option(help: ArgumentHelp("Colour: auto, always or never.", valueName: "when"))
        var color: ColorChoice = .auto

        func run() throws {
            Console.colorChoice = color
            let run = LintRun(inputs: inputs, options: gate)
            let report = run.report

            let (diagrams, note) = DiagramEmbedding.svg(run)

            Console.err(TextReporter(color: Console.wantsColor(standardError: true)).errorLines(report))
            do {
                try ReportFiles.write(HTMLReporter(diagrams: diagrams, diagramNote: note).render(report), to: html)
            } catch let failure as ReportFiles.WriteError {
                Console.err("\(run.root.display(failure.path)):1:1: error: cannot write report: \(failure.reason)\n")
                throw ExitCode(ExitStatus.unusable)
            } catch {
                Console.err("\(error)\n")
                throw ExitCode(ExitStatus.unusable)
            }
            let text = TextReporter(color: Console.wantsColor())
            Console.err("archlint: wrote \(run.root.display(html))\n")
            Console.out(text.summary(report) + "\n" + text.verdict(report) + "\n")
            throw ExitCode(report.exitStatus)
        }
    }
}
