import ArchlintDiagram
import ArchlintFindings
import ArchlintPipeline
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
                A large estate gets at most 50 diagrams (failing stacks first) and findings
                in pages of 100; progress goes to standard error when it is a terminal or the
                specs hold 10,000 resources or more (ARCHLINT_PROGRESS=always|never overrides).
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
            let run = LintRun(RunRequest(inputs: inputs, gate: gate))
            let report = run.report
            let progress = Progress(resources: report.resourceCount)
            progress.say("checked \(report.fileCount) \(report.fileCount == 1 ? "file" : "files") (\(report.resourceCount) resources): \(report.findings.count) findings")

            let (diagrams, note) = DiagramEmbedding.svg(run, progress: progress)

            Console.err(TextReporter(color: Console.wantsColor(standardError: true)).errorLines(report))
            do {
                let page = HTMLReporter(diagrams: diagrams, diagramNote: note).render(report)
                progress.say("writing \(run.root.display(html)) (\(page.utf8.count / 1_000) kB)…")
                try ReportFiles.write(page, to: html)
            } catch let failure as ReportFiles.WriteError {
                Console.err("\(run.root.display(failure.path)):1:1: error: cannot write report: \(failure.reason)\n")
                throw ExitCode(run.exitStatus(failedWrites: 1).rawValue)
            } catch {
                Console.err("\(error)\n")
                throw ExitCode(run.exitStatus(failedWrites: 1).rawValue)
            }
            let text = TextReporter(color: Console.wantsColor())
            Console.err("archlint: wrote \(run.root.display(html))\n")
            Console.out(text.summary(report) + "\n" + text.verdict(report) + "\n")
            throw ExitCode(run.exitStatus().rawValue)
        }
    }
}
