import Foundation
import Testing

/// Writes a synthetic estate with the benchmark's generator into `folder`.
private func generateEstate(resources: Int, files: Int, into folder: String) throws {
    let run = try runProcess(
        URL(fileURLWithPath: "/usr/bin/env"),
        ["python3", packageRoot + "/Benchmarks/generate.py", "--resources", "\(resources)", "--files", "\(files)", folder])
    try #require(run.status == 0, "generate.py: \(run.stderr)")
}

/// Findings depend on the date (expired waivers): fixed, as the generator's documentation says.
private let today = ["ARCHLINT_TODAY": "2026-11-23"]

@Suite("reports of large estates")
struct LargeEstateTests {
    @Test("the Markdown summary of 10,000 resources fits a pull-request comment and keeps the verdict, totals and gating findings")
    func markdownOfTenThousand() throws {
        let scratch = try Scratch([:])
        try generateEstate(resources: 10_000, files: 100, into: scratch.path + "/estate")
        let run = try archlint(["check", "--no-config", "estate", "--format", "markdown"], in: scratch.path, environment: today)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.utf8.count <= 65_536, "\(run.stdout.utf8.count) bytes")
        #expect(run.stdout.contains("❌ **Failed**: ") && run.stdout.contains(" findings at or above `error`."))
        #expect(run.stdout.contains("100 spec files, 10000 resources. Findings: "))
        #expect(run.stdout.contains("### Findings that fail the gate"))
        #expect(run.stdout.contains("**Not listed here**, to keep this summary within 65,536 characters: "))
    }

    @Test("report: at most 50 diagrams, the rest named in a note; progress on standard error only for long runs or on request")
    func htmlReport() throws {
        let scratch = try Scratch([
            // A Graphviz stand-in: fast, and the same whether or not Graphviz is installed.
            "bin/dot": "#!/bin/sh\ncat >/dev/null\necho '<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>'\n"
        ])
        #expect(chmod(scratch.path + "/bin/dot", 0o755) == 0)
        try generateEstate(resources: 3_000, files: 60, into: scratch.path + "/estate")
        var environment = today
        environment["PATH"] = scratch.path + "/bin:/usr/bin:/bin"
        let quiet = try archlint(["report", "--no-config", "estate", "--html", "page.html"], in: scratch.path, environment: environment)
        #expect(quiet.status == 1)
        #expect(quiet.stderr == "archlint: wrote page.html\n", "a short run into a file prints no progress")
        #expect(quiet.stdout.contains("in 60 files (3000 resources)\nFAILED: "))
        let page = try String(contentsOfFile: scratch.path + "/page.html", encoding: .utf8)
        #expect(page.components(separatedBy: "<figure ").count - 1 == 50)
        #expect(page.contains("10 more stack-environments are not drawn here: the page draws at most 50"))
        #expect(page.contains(" hidden><td"), "findings beyond the first page are hidden")

        environment["ARCHLINT_PROGRESS"] = "always"
        let told = try archlint(["report", "--no-config", "estate", "--html", "page.html"], in: scratch.path, environment: environment)
        #expect(told.stdout == quiet.stdout)
        let lines = told.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 4, "\(told.stderr)")
        #expect(lines.first?.hasPrefix("archlint: checked 60 files (3000 resources): ") == true)
        #expect(lines.dropFirst().first == "archlint: drawing 50 diagrams with Graphviz…")
        #expect(lines[2].hasPrefix("archlint: writing page.html ("))
        #expect(lines.last == "archlint: wrote page.html")
    }

    @Test("graph of several stack-environments is one valid document in each format, ids namespaced")
    func severalStacks() throws {
        let dot = try archlint(["graph", "specs", "--format", "dot"])
        #expect(dot.status == 0, "\(dot.stderr)")
        #expect(dot.stdout.components(separatedBy: "digraph ").count - 1 == 1)
        for offset in 0..<7 { #expect(dot.stdout.contains("subgraph \"cluster_d\(offset)\" {")) }
        #expect(dot.stdout.contains("label=\"navlab/production\""))
        let graphviz = URL(fileURLWithPath: "/usr/bin/dot")
        if FileManager.default.isExecutableFile(atPath: graphviz.path) {
            let scratch = try Scratch(["all.dot": dot.stdout])
            let svg = try runProcess(graphviz, ["-Tsvg", "all.dot", "-o", "all.svg"], in: scratch.path)
            #expect(svg.status == 0 && svg.stderr.isEmpty, "Graphviz: \(svg.stderr)")
        }

        let mermaid = try archlint(["graph", "specs"])
        #expect(mermaid.status == 0, "\(mermaid.stderr)")
        let lines = mermaid.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines.filter { $0.hasPrefix("flowchart") }.count == 1 && lines.first == "flowchart LR")
        #expect(lines.contains("%% archlint: 7 stack-environments") && lines.contains("%% archlint: navlab/production"))
        // Each node is declared once: the same resource id in two stacks would merge them.
        let declared = lines.compactMap { line -> String? in
            guard let match = line.wholeMatch(of: #/([A-Za-z][A-Za-z0-9_]*)\(?\[".*/#) else { return nil }
            return line.hasPrefix("subgraph ") ? nil : String(match.output.1)
        }
        #expect(declared.count == Set(declared).count, "a node id declared twice")
        #expect(declared.allSatisfy { $0.hasPrefix("legend") || $0.wholeMatch(of: #/d[0-6]_.+/#) != nil })
        let opened = lines.filter { $0.hasPrefix("subgraph ") }.count, closed = lines.filter { $0 == "end" }.count
        #expect(opened == closed)

        // One stack-environment is drawn as before: no surrounding box, ids as they were.
        let one = try archlint(["graph", "specs", "--stack", "utm", "--format", "dot"]).stdout
        #expect(one.hasPrefix("digraph \"utm/development\" {") && !one.contains("cluster_d0"))
    }
}
