import ArchlintDiagram
import ArchlintFindings
import ArchlintReport
import ArchlintRules
import ArgumentParser
import Foundation

extension Archlint {
    struct Graph: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Draw the architecture of one stack-environment (or all), findings marked.",
            discussion: """
                Networks hold their subnet tiers (with their zones) and what runs in them; managed
                services sit outside. Arrows are what may talk to what: listeners, security-group
                rules, API routes; dashed arrows are secrets read and peering. Resources whose
                findings fail the gate are red, with warnings amber, with the rule IDs in the label.
                  archlint graph specs/ --stack navlab --environment production --format dot | dot -Tsvg > navlab.svg
                Several stack-environments print one diagram each, one after another. Findings
                are judged as check judges them (.archlint.yml, --rules, --baseline, --fail-on).
                """ + "\n\n" + ExitStatus.table
        )

        @OptionGroup var inputs: SpecInputs

        @OptionGroup var gate: GateOptions

        @Option(help: "mermaid (for Markdown on GitHub and GitLab) or dot (Graphviz).")
        var format: DiagramFormat = .mermaid

        @Option(help: "Only this stack.")
        var stack: String?

        @Option(help: "Only this environment.")
        var environment: String?

        func run() throws {
            let run = LintRun(inputs: inputs, options: gate)
            let report = run.report
            Console.err(TextReporter(color: Console.wantsColor(standardError: true)).errorLines(report))
            let chosen = run.workspace.specs.indices.filter { index in
                let spec = run.workspace.specs[index]
                return (stack == nil || spec.stack.value == stack) && (environment == nil || spec.environment.value.rawValue == environment)
            }
            if chosen.isEmpty {
                Console.err("archlint: no loaded spec matches\(stack.map { " --stack \($0)" } ?? "")\(environment.map { " --environment \($0)" } ?? "")\n")
                throw ExitCode(ExitStatus.unusable)
            }
            var text = ""
            for index in chosen {
                let diagram = ArchitectureDiagram(spec: index, index: run.model, findings: report.findings, failsGate: report.failsGate)
                switch format {
                case .mermaid: text += (text.isEmpty ? "" : "\n") + MermaidRenderer().render(diagram)
                case .dot: text += DOTRenderer().render(diagram)
                }
            }
            Console.out(text)
            // A diagram is not a gate: findings do not change the status, unusable input does.
            throw ExitCode(report.errors.isEmpty ? ExitStatus.clean : ExitStatus.unusable)
        }
    }

    enum DiagramFormat: String, ExpressibleByArgument, CaseIterable {
        case mermaid, dot
    }
}
