import ArchlintDiagram
import ArchlintFindings
import ArchlintPipeline
import ArchlintReport
import ArchlintRules
import ArgumentParser
import Foundation

extension Archlint {
    struct Graph: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Draw the architecture of one stack-environment (or all), findings marked.",
            discussion: """
                Networks hold their subnet tiers (zones named; single-zone resources in a zone box) and what runs in them; managed services sit beside them, the internet, external services and public DNS outside. Solid arrows are traffic that may flow: listeners, security-group rules on the ports a resource listens on, API routes, triggers. Dashed arrows are dependencies: secrets read, IAM access, DNS records, peering. Thick red arrows are the hops of the network paths of REACH001 and REACH002 findings. Resources whose findings fail the gate are red, with warnings amber, with the rule IDs in the label. docs/output.md (Diagrams) says exactly what is drawn.

                  archlint graph specs/ --stack navlab --environment production --format dot | dot -Tsvg > navlab.svg

                Several stack-environments make one diagram (one valid Mermaid flowchart or DOT graph) with a box for each. Findings are judged as check judges them (.archlint.yml, --rules, --baseline, --fail-on), but a diagram is not a gate: findings do not change the exit status.

                Exit status:
                  0  drawn
                  2  a spec, configuration or rule pack could not be loaded, or no spec matches --stack/--environment
                """
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
            let run = LintRun(RunRequest(inputs: inputs, gate: gate))
            let report = run.report
            Console.err(TextReporter(color: Console.wantsColor(standardError: true)).errorLines(report))
            let chosen = run.checkedSpecs.filter { index in
                let spec = run.workspace.specs[index]
                return (stack == nil || spec.stack.value == stack) && (environment == nil || spec.environment.value.rawValue == environment)
            }
            if chosen.isEmpty {
                Console.err("archlint: no loaded spec matches\(stack.map { " --stack \($0)" } ?? "")\(environment.map { " --environment \($0)" } ?? "")\n")
                // Nothing to draw: the command could not do what was asked.
                throw ExitCode(ExitStatus.decide(errors: report.errors.count, gatingFindings: false, failedOutputs: 1).rawValue)
            }
            let diagrams = chosen.map { index in
                ArchitectureDiagram(spec: index, index: run.model, findings: report.findings, failsGate: report.failsGate)
            }
            switch format {
            case .mermaid: Console.out(MermaidRenderer().render(diagrams))
            case .dot: Console.out(DOTRenderer().render(diagrams))
            }
            // A diagram is not a gate: findings do not change the status, unusable input does.
            throw ExitCode(ExitStatus.decide(errors: report.errors.count, gatingFindings: false).rawValue)
        }
    }

    enum DiagramFormat: String, ExpressibleByArgument, CaseIterable {
        case mermaid, dot
    }
}
