import ArchlintAnalyses
import ArchlintFindings
import ArchlintModel
import ArchlintPipeline
import ArchlintReport
import ArchlintRules
import ArgumentParser

extension Archlint {
    struct Paths: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the shortest network path from the internet (or a resource) to a resource.",
            discussion: """
                Traffic follows the model the reachability rules use (docs/output.md, Network paths): listeners, security-group rules, network peering, load balancer targets and API routes. A path is printed with the port of each hop and the rule, listener or route that allowed it (file:line:column, relative to the repository root).

                  archlint paths specs --to database/dev-db --stack navlab --environment development
                  internet →22 instance/dev-bastion →5432 database/dev-db

                --from any lists every node that reaches the target, each with its shortest path, fewest hops first, then by name (one search per candidate source). Nodes of another stack-environment than the target's are written STACK/ENV/KIND/NAME. mermaid and dot draw the hops as thick red arrows.

                Exit status:
                  0  a path was printed, or there is none (a question, not a gate)
                  2  a spec or configuration could not be loaded, the target or source is unknown or ambiguous, or the command line is wrong
                """
        )

        @OptionGroup var inputs: SpecInputs

        @OptionGroup var configFile: ConfigOptions

        @Option(help: ArgumentHelp("The resource the paths lead to.", valueName: "kind/name"))
        var to: String

        @Option(help: ArgumentHelp("Where the paths start: internet (the default), a resource, or any (every node that reaches the target).", valueName: "source"))
        var from: String = "internet"

        @Option(help: "The target's stack, when its kind/name exists in several.")
        var stack: String?

        @Option(help: "The target's environment, when its kind/name exists in several.")
        var environment: String?

        @Option(help: "What goes to standard output: text, json, mermaid or dot.")
        var format: PathsFormat = .text

        func validate() throws {
            for (option, value) in [("--to", to), ("--from", from)] where value != "internet" && value != "any" {
                guard NodeName(value) != nil else {
                    throw ValidationError("\(option) '\(value)' is not KIND/NAME (e.g. database/main)")
                }
            }
            if to == "internet" || to == "any" { throw ValidationError("--to names a resource as KIND/NAME, not '\(to)'") }
        }

        func run() throws {
            let (report, workspace) = LintRun.loadOnly(
                RunRequest(
                    specs: .paths(inputs.paths, exclude: inputs.exclude), today: Today.date(),
                    clock: .fromEnvironment(), limits: inputs.limits, configuration: configFile.choice))
            Console.err(TextReporter(color: Console.wantsColor(standardError: true)).errorLines(report))
            let graph = ReachabilityGraph(workspace: workspace)

            let target = try resolve(to, in: graph, preferring: nil, option: "--to")
            let targetPlace = graph.nodes[target].stackEnvironment
            let sources: [Int]
            switch from {
            case "internet": sources = [ReachabilityGraph.internet]
            case "any":
                // No reverse search exists in the engine: one breadth-first search per node
                // that can start traffic (each linear in resources plus rules).
                sources = graph.nodes.indices.filter { $0 != target && !graph.nodes[$0].isDataStore }
            default: sources = [try resolve(from, in: graph, preferring: targetPlace, option: "--from")]
            }

            var found: [(source: Int, hops: [NetworkHop])] = []
            for source in sources {
                if let hops = PathTree(graph: graph, sources: [source]).path(to: target) { found.append((source, hops)) }
            }
            found.sort { a, b in
                if a.hops.count != b.hops.count { return a.hops.count < b.hops.count }
                return graph.nodes[a.source].qualifiedName < graph.nodes[b.source].qualifiedName
            }
            guard let targetPlace else { throw ExitCode(ExitStatus.unusable.rawValue) }  // a resolved target is a resource
            let shown = PathsAnswer(
                target: graph.name(of: target, in: targetPlace), place: targetPlace,
                from: from == "any" || from == "internet" ? from : graph.name(of: sources[0], in: targetPlace),
                paths: found.map { (graph.name(of: $0.source, in: targetPlace), findingPath($0.hops, in: graph, from: targetPlace)) })
            switch format {
            case .text: Console.out(shown.text)
            case .json: Console.out(shown.json)
            case .mermaid: Console.out(shown.mermaid)
            case .dot: Console.out(shown.dot)
            }
            // A question, not a gate: only unusable input changes the status.
            throw ExitCode(ExitStatus.decide(errors: report.errors.count, gatingFindings: false).rawValue)
        }

        /// The node named `KIND/NAME`, among those of `--stack`/`--environment` (for `--to`) or,
        /// for a source named in several stack-environments, the one of `preferring`.
        private func resolve(_ value: String, in graph: ReachabilityGraph, preferring: StackEnvironment?, option: String) throws -> Int {
            var candidates = graph.nodes.indices.filter { graph.nodes[$0].localName == value }
            if option == "--to" {
                candidates = candidates.filter { node in
                    guard let place = graph.nodes[node].stackEnvironment else { return false }
                    return (stack == nil || place.stack == stack) && (environment == nil || place.environment.rawValue == environment)
                }
            } else if candidates.count > 1, let preferring {
                let local = candidates.filter { graph.nodes[$0].stackEnvironment == preferring }
                if local.count == 1 { candidates = local }
            }
            if candidates.count == 1 { return candidates[0] }
            if candidates.isEmpty {
                let scope = option == "--to" ? "\(stack.map { " in stack \($0)" } ?? "")\(environment.map { " in environment \($0)" } ?? "")" : ""
                Console.err(
                    "archlint: \(option) \(value): no such node in the loaded specs\(scope) (nodes are load balancers, services, instances, databases, caches, functions in a network and apis)\n"
                )
            } else {
                let names = candidates.map { graph.nodes[$0].qualifiedName }.sorted().joined(separator: ", ")
                Console.err("archlint: \(option) \(value) is ambiguous: \(names); pick one with --stack and --environment\n")
            }
            throw ExitCode(ExitStatus.unusable.rawValue)
        }
    }

    enum PathsFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json, mermaid, dot
    }
}

/// `KIND/NAME` as `--to` and `--from` take it: a kind archlint knows and a name.
private struct NodeName {
    init?(_ value: String) {
        let parts = value.split(separator: "/", maxSplits: 1)
        guard parts.count == 2, ResourceKind(rawValue: String(parts[0])) != nil, !parts[1].isEmpty else { return nil }
    }
}

/// What `paths` found, named as findings name nodes (relative to the target's
/// stack-environment), in each output format.
private struct PathsAnswer {
    let target: String
    let place: StackEnvironment
    let from: String
    let paths: [(source: String, hops: [PathHop])]

    /// Each path on one line, then each hop with what allowed it and where.
    var text: String {
        guard !paths.isEmpty else {
            if from == "any" { return "nothing reaches \(target) (\(place))\n" }
            return "no path from \(from) to \(target) (\(place))\n"
        }
        var lines: [String] = []
        for path in paths {
            lines.append(path.hops.text)
            for hop in path.hops {
                let at = hop.allowedBy.location
                lines.append("  \(hop.text): allowed by \(hop.allowedBy.resource) at \(at.file):\(at.line):\(at.column)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    var json: String {
        let value = JSONValue.object([
            "target": .string(target),
            "stack": .string(place.stack),
            "environment": .string(place.environment.rawValue),
            "from": .string(from),
            "paths": .array(
                paths.map { path in
                    .object(["source": .string(path.source), "hops": .array(path.hops.map(JSONReporter.hop))])
                }),
        ])
        return value.rendered()
    }

    /// The nodes on the paths in the order first met, so identifiers are stable.
    private var nodes: [String] {
        var seen: [String] = []
        for path in paths {
            for name in [path.hops.first?.from].compactMap({ $0 }) + path.hops.map(\.to) where !seen.contains(name) { seen.append(name) }
        }
        if seen.isEmpty { seen.append(target) }
        return seen
    }

    /// The hops of every path, each drawn once.
    private var hops: [PathHop] {
        var seen = Set<String>()
        return paths.flatMap(\.hops).filter { seen.insert("\($0.from) \($0.to) \($0.port)").inserted }
    }

    /// A small flowchart of just the paths, hops as thick red arrows labelled with the port.
    var mermaid: String {
        let ids = Dictionary(uniqueKeysWithValues: nodes.enumerated().map { ($1, "n\($0)") })
        var lines = ["flowchart LR"]
        for (index, name) in nodes.enumerated() { lines.append("  n\(index)[\"\(name.replacingOccurrences(of: "\"", with: "#quot;"))\"]") }
        let drawn = hops
        for hop in drawn { lines.append("  \(ids[hop.from]!) ==>|\(hop.port)| \(ids[hop.to]!)") }
        if !drawn.isEmpty {
            lines.append("  linkStyle \(drawn.indices.map(String.init).joined(separator: ",")) stroke:#d32f2f,stroke-width:4px")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The same graph for Graphviz.
    var dot: String {
        func quoted(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
        let ids = Dictionary(uniqueKeysWithValues: nodes.enumerated().map { ($1, "n\($0)") })
        var lines = ["digraph paths {", "  rankdir=LR;", "  node [shape=box];"]
        for (index, name) in nodes.enumerated() { lines.append("  n\(index) [label=\(quoted(name))];") }
        for hop in hops {
            lines.append("  \(ids[hop.from]!) -> \(ids[hop.to]!) [label=\(quoted(hop.port.description)), color=\"#d32f2f\", penwidth=3];")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }
}
