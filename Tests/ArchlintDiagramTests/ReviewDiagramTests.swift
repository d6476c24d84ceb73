import ArchlintDiagram
import ArchlintFindings
import ArchlintLoad
import ArchlintModel
import ArchlintRules
import Testing

/// The model of one spec file, `shop/production`, from its text.
private func model(_ body: String) -> ModelIndex {
    let text = "archlint: 1\nstack: shop\nenvironment: production\n" + body
    let loaded = SpecLoader().load(documents: [("specs/shop/production.yaml", Array(text.utf8))])
    #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics)")
    return ModelIndex(workspace: loaded.workspace)
}

private func change(_ resource: String, _ kind: ResourceChange.Kind) -> ResourceChange {
    ResourceChange(
        stack: "shop", environment: "production", resource: resource, change: kind,
        location: SourceLocation(file: "specs/shop/production.yaml", line: 4, column: 5))
}

/// The id of the node whose label starts with `title` (`n3["bucket site"]` → `n3`).
private func node(_ title: String, in text: String) -> String? {
    for line in text.split(separator: "\n") {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        for opening in ["[\"", "([\""] {
            if let range = trimmed.range(of: opening + title), range.lowerBound > trimmed.startIndex {
                let id = String(trimmed[..<range.lowerBound])
                if id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) { return id }
            }
        }
    }
    return nil
}

@Suite("The change diagram of archlint diff")
struct ReviewDiagramTests {
    let base = model(
        """
        buckets:
          - {name: site}
          - {name: archive}
        queues:
          - {name: jobs}
        functions:
          - {name: archiver, runtime: nodejs20.x, triggers: ["sqs:jobs"]}
        """)
    let head = model(
        """
        buckets:
          - {name: site, versioning: true}
          - {name: uploads}
        queues:
          - {name: jobs}
        """)

    @Test("added green, changed amber, removed (from the base) dashed red, with a legend saying so")
    func styles() throws {
        let charts = ReviewDiagram.mermaid(
            changes: [
                change("bucket/uploads", .added), change("bucket/site", .changed), change("bucket/archive", .removed), change("function/archiver", .removed),
            ], base: base, head: head)
        #expect(Array(charts.keys) == ["shop/production"])
        let text = try #require(charts["shop/production"])
        #expect(text.hasPrefix("flowchart LR\n"))
        let uploads = try #require(node("bucket uploads", in: text), "\(text)")
        let site = try #require(node("bucket site", in: text), "\(text)")
        let archive = try #require(node("bucket archive", in: text), "the removed bucket is drawn from the base: \(text)")
        let jobs = try #require(node("queue jobs", in: text), "\(text)")
        #expect(text.contains("  classDef added fill:#dcfce7,stroke:#15803d"))
        #expect(text.contains("  classDef changed fill:#fff4ce,stroke:#b7791f"))
        #expect(text.contains("  classDef removed fill:#fde2e2,stroke:#c62828,stroke-width:2px,stroke-dasharray:5 5"))
        #expect(text.contains("  class \(uploads),legend0 added\n"))
        #expect(text.contains("  class \(site),legend1 changed\n"))
        let archiver = try #require(node("function archiver", in: text), "\(text)")
        #expect(text.contains("  class \(archive),\(archiver),legend2 removed\n"))
        // The removed function's arrow from the queue, as the base had it, dashed red.
        let links = text.split(separator: "\n").filter { $0.contains("-->") || $0.contains("-.->") }
        let arrow = try #require(links.firstIndex { $0.hasPrefix("  \(jobs) ") && $0.hasSuffix(" \(archiver)") }, "\(text)")
        #expect(text.contains("  linkStyle \(arrow) stroke:#c62828,stroke-dasharray:5 5\n"))
        #expect(text.contains("legend0[\"added\"]") && text.contains("legend1[\"changed\"]") && text.contains("legend2[\"removed (dashed)\"]"))
        // The unchanged queue is drawn, unstyled; the findings' legend is not there.
        #expect(!text.contains("class \(jobs)") && !text.contains("fails the gate"))
    }

    @Test("a stack-environment without changes gets no chart; one the head no longer has is drawn from the base")
    func sides() throws {
        #expect(ReviewDiagram.mermaid(changes: [], base: base, head: head).isEmpty)
        let empty = ModelIndex(workspace: SpecLoader().load(documents: []).workspace)
        let charts = ReviewDiagram.mermaid(changes: [change("bucket/site", .removed), change("bucket/archive", .removed)], base: base, head: empty)
        let text = try #require(charts["shop/production"])
        let site = try #require(node("bucket site", in: text), "\(text)")
        let archive = try #require(node("bucket archive", in: text), "\(text)")
        #expect(text.contains("  class \(site),\(archive),legend2 removed\n") || text.contains("  class \(archive),\(site),legend2 removed\n"))
    }

    @Test("a change too large for Mermaid on GitHub becomes a one-box chart saying so")
    func tooLarge() throws {
        let many = model("buckets:\n" + (0..<700).map { "  - {name: b\($0)}\n" }.joined())
        let charts = ReviewDiagram.mermaid(changes: [change("bucket/b1", .added)], base: base, head: many)
        let text = try #require(charts["shop/production"])
        #expect(text.hasPrefix("flowchart LR\n  note[\"shop/production has 70"), "\(text)")
        #expect(text.contains("too many to draw legibly") && text.split(separator: "\n").count == 2)
    }
}
