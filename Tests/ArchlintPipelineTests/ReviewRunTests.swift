import ArchlintFindings
import ArchlintLoad
import ArchlintModel
import ArchlintPipeline
import Foundation
import Testing

/// The repository's shipped specs, as documents named as `check` prints them.
private let shippedSpecs: [(path: String, bytes: [UInt8])] = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let files = SpecLoader.discover(paths: ["specs"], root: RepositoryRoot(path: root.path, workingDirectory: root.path))
    return files.map { ($0, [UInt8](FileManager.default.contents(atPath: root.path + "/" + $0)!)) }
}()

/// `documents` with `text` inserted after the first line holding `after` in `file`.
private func inserting(_ text: String, after: String, in file: String, _ documents: [(path: String, bytes: [UInt8])]) -> [(
    path: String, bytes: [UInt8]
)] {
    documents.map { document in
        guard document.path == file else { return document }
        var lines = String(decoding: document.bytes, as: UTF8.self).components(separatedBy: "\n")
        let index = lines.firstIndex { $0.contains(after) }!
        lines.insert(text, at: index + 1)
        return (document.path, Array(lines.joined(separator: "\n").utf8))
    }
}

private func review(base: [(path: String, bytes: [UInt8])], head: [(path: String, bytes: [UInt8])]) -> ReviewRun {
    let request = RunRequest(
        specs: .documents(head), today: CalendarDate(iso: "2026-06-01")!, clock: .fixed(epoch: 1_767_225_600), configuration: .none)
    return ReviewRun(base: .documents(ReviewSide(name: "base"), base), head: request)
}

@Suite("archlint diff: the review of two versions of the specs")
struct ReviewRunTests {
    @Test("No change: nothing new, nothing fixed, exit 0, although the specs have findings that fail the gate")
    func noChangeIsClean() {
        let run = review(base: shippedSpecs, head: shippedSpecs)
        #expect(run.review.headReport.findings.contains(where: run.review.headReport.failsGate))
        #expect(run.review.newFindings.isEmpty)
        #expect(run.review.fixed.isEmpty)
        #expect(run.review.escalated.isEmpty)
        #expect(run.review.unchanged.count == run.review.headReport.findings.count)
        #expect(run.exitStatus() == .clean)
    }

    @Test("A group opened to the world and flow logs turned on: SG001 new, NET007 fixed, no old finding new, exit 1")
    func openedGroupAndFlowLogs() {
        var head = inserting("      - {ports: 5432, from: 0.0.0.0/0}", after: "{ports: 5432, from: sg:api}", in: "specs/navlab/production.yaml", shippedSpecs)
        head = inserting("    flow_logs: true", after: "name: classla-vpc", in: "specs/classla/production.yaml", head)
        // Lines below the edits moved: matching must not depend on them.
        let run = review(base: shippedSpecs, head: head)
        let new = run.review.newFindings
        #expect(new.contains { $0.rule == "SG001" && $0.resource == "security_group/db" && $0.stack == "navlab" })
        #expect(new.allSatisfy { $0.stack == "navlab" && $0.environment == "production" && $0.location.line == 54 })
        #expect(run.review.fixed.map { "\($0.rule) \($0.resource)" } == ["NET007 network/classla-vpc"])
        #expect(run.review.escalated.isEmpty)
        #expect(run.review.unchanged.count + new.count == run.review.headReport.findings.count)
        #expect(run.exitStatus() == .findings)
    }

    @Test("A path the change closes is a fixed REACH finding, with the path it had")
    func closedPath() {
        let head = shippedSpecs.map { document -> (path: String, bytes: [UInt8]) in
            guard document.path == "specs/navlab/development.yaml" else { return document }
            let text = String(decoding: document.bytes, as: UTF8.self)
                .replacingOccurrences(of: "      - {ports: 22, from: 0.0.0.0/0}", with: "      - {ports: 22, from: 203.0.113.0/24}")
            return (document.path, Array(text.utf8))
        }
        let run = review(base: shippedSpecs, head: head)
        let fixed = run.review.fixed.filter { $0.rule == "REACH001" }
        #expect(fixed.map(\.resource) == ["database/dev-db"])
        #expect(fixed.first?.path?.map(\.to) == ["instance/dev-bastion", "database/dev-db"])
        #expect(!run.review.newFindings.contains { $0.rule.hasPrefix("REACH") })
    }

    @Test("A base that does not load is a note, and the head is still judged")
    func brokenBase() {
        let broken = inserting("  - {name: [", after: "networks:", in: "specs/navlab/production.yaml", shippedSpecs)
        let run = review(base: broken, head: shippedSpecs)
        #expect(!run.review.baseErrors.isEmpty)
        #expect(run.baseNotes.allSatisfy { $0.contains(": note: in the base (base): ") })
        #expect(run.review.headReport.errors.isEmpty)
        // What the broken file held is new to the head (and so are cross-file findings that
        // involve it); the gate judges it.
        #expect(run.review.gatingFindings.contains { $0.location.file == "specs/navlab/production.yaml" })
        #expect(run.exitStatus() == .findings)
    }

    @Test("A head that does not load is exit 2, as for check")
    func brokenHead() {
        let broken = inserting("  - {name: [", after: "networks:", in: "specs/navlab/production.yaml", shippedSpecs)
        let run = review(base: shippedSpecs, head: broken)
        #expect(!run.review.headReport.errors.isEmpty)
        #expect(run.exitStatus() == .unusable)
    }

    @Test("A finding made more severe by the head's configuration is escalated and gates; one made milder is unchanged")
    func escalation() {
        let finding = Finding(
            rule: "NET007", name: "flow-logs", pack: "network", severity: .warning, stack: "s", environment: "e", resource: "network/v",
            location: SourceLocation(file: "a.yaml", line: 3, column: 5), message: "m")
        var louder = finding
        louder.severity = .error
        louder.location.line = 9
        var second = finding
        second.location.line = 20
        let comparison = FindingComparison(base: [finding, second], head: [louder])
        #expect(comparison.escalated.map(\.previousSeverity) == [.warning])
        #expect(comparison.escalated.map(\.finding.location.line) == [9])
        // The second occurrence on the same resource is gone: fixed.
        #expect(comparison.fixed.map(\.location.line) == [20])
        let milder = FindingComparison(base: [louder], head: [finding])
        #expect(milder.unchanged.count == 1 && milder.escalated.isEmpty && milder.new.isEmpty)
    }
}
