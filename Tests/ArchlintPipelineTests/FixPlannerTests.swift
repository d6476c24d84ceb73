import ArchlintFindings
import ArchlintLoad
import ArchlintModel
@testable import ArchlintPipeline
import ArchlintRules
import Foundation
import Testing

/// A production spec on which ENC001, HA007 and HA008 (autofixes), HA002 (no autofix) and
/// OPS002 (`none`) fire.
private let spec = """
    archlint: 1
    stack: shop
    environment: production
    # the main database
    databases:
      - name: main          # FIRES ENC001, HA007, HA008
        engine: postgres
        multi_az: false
        backup_retention_days: 1
      - {name: reports, engine: mysql, encrypted: true, multi_az: true, backup_retention_days: 14}
    log_groups:
      - name: app

    """

private func run(_ text: String, path: String = "specs/shop.yaml") -> LintRun {
    LintRun(
        RunRequest(
            specs: .documents([(path, Array(text.utf8))]), today: CalendarDate(iso: "2026-06-01")!, clock: .fixed(epoch: 0),
            configuration: .none))
}

@Suite("Planning fixes")
struct FixPlannerTests {
    @Test("every autofix of the findings in a file becomes an edit; the rest are skipped with a reason")
    func plan() throws {
        let before = run(spec)
        let plan = FixPlanner.plan(for: before.report.findings, rules: before.rules, read: { $0 == "specs/shop.yaml" ? Array(spec.utf8) : nil })
        #expect(
            plan.fixes.map { "\($0.location.line) \($0.rule) \($0.resource) — \($0.title)" } == [
                "6 ENC001 database/main — set encrypted: true",
                "6 HA008 database/main — set deletion_protection: true",
                "9 HA007 database/main — set backup_retention_days: 7",
                "10 HA008 database/reports — set deletion_protection: true",
            ])
        #expect(plan.skipped.map(\.rule) == ["OPS002"])
        #expect(plan.skipped.first?.reason.hasPrefix("no automatic fix: ") == true)
        let file = try #require(plan.files.first)
        #expect(file.path == "specs/shop.yaml")
        let fixed = String(decoding: file.fixed, as: UTF8.self)
        #expect(fixed.contains("    backup_retention_days: 7\n    encrypted: true\n    deletion_protection: true\n  - {name: reports"))
        #expect(fixed.contains("backup_retention_days: 14, deletion_protection: true}"))
        // Edits know their place both ways: bytes, and lines and columns.
        let replacement = try #require(file.edits.first { $0.length > 0 })
        #expect(replacement.start == SourcePosition(line: 9, column: 28) && replacement.end == SourcePosition(line: 9, column: 29))

        // The fixed spec loads, and only the planned findings are gone.
        let after = run(fixed)
        #expect(after.report.errors.isEmpty)
        let remaining = Set(after.report.findings.map { "\($0.rule) \($0.resource)" })
        for fix in plan.fixes { #expect(!remaining.contains("\(fix.rule) \(fix.resource)")) }
        let kept = Set(before.report.findings.map { "\($0.rule) \($0.resource)" }).subtracting(plan.fixes.map { "\($0.rule) \($0.resource)" })
        #expect(remaining == kept)
        // A second plan finds nothing left to do.
        #expect(FixPlanner.plan(for: after.report.findings, rules: after.rules, read: { _ in file.fixed }).files.isEmpty)
    }

    @Test("a file that cannot be read skips its fixes")
    func unreadable() {
        let before = run(spec)
        let plan = FixPlanner.plan(for: before.report.findings, rules: before.rules, read: { _ in nil })
        #expect(plan.fixes.isEmpty && plan.files.isEmpty)
        #expect(plan.skipped.contains { $0.rule == "ENC001" && $0.reason == "cannot read the file" })
    }

    @Test("the unified diff touches only the fixed lines and applies with git apply and patch -p1")
    func unifiedDiff() throws {
        let before = run(spec)
        let plan = FixPlanner.plan(for: before.report.findings, rules: before.rules, read: { _ in Array(spec.utf8) })
        let diff = UnifiedDiff.render(plan)
        #expect(diff.hasPrefix("--- a/specs/shop.yaml\n+++ b/specs/shop.yaml\n@@ -6,"))
        let changed = diff.split(separator: "\n").filter { ($0.hasPrefix("+") || $0.hasPrefix("-")) && !$0.hasPrefix("+++") && !$0.hasPrefix("---") }
        #expect(
            changed == [
                "-    backup_retention_days: 1", "+    backup_retention_days: 7", "+    encrypted: true", "+    deletion_protection: true",
                "-  - {name: reports, engine: mysql, encrypted: true, multi_az: true, backup_retention_days: 14}",
                "+  - {name: reports, engine: mysql, encrypted: true, multi_az: true, backup_retention_days: 14, deletion_protection: true}",
            ])
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("archlint-diff-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/specs", withIntermediateDirectories: true)
        try Data(spec.utf8).write(to: URL(fileURLWithPath: root + "/specs/shop.yaml"))
        try Data(diff.utf8).write(to: URL(fileURLWithPath: root + "/fix.diff"))
        for command in [["git", "init", "-q"], ["git", "apply", "--check", "fix.diff"], ["patch", "-p1", "--dry-run", "-i", "fix.diff"]] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = command
            process.currentDirectoryURL = URL(fileURLWithPath: root)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(command.joined(separator: " ")) failed")
        }
    }

    @Test("a check that selects nested items fixes the item the finding points at, block or flow")
    func nestedItems() throws {
        let pack = """
            pack: mine
            rules:
              - id: MINE001
                name: listener-redirect
                severity: warning
                summary: s
                rationale: r
                fix: f
                autofix: {set: {redirect_to_https: true}}
                check:
                  select: load_balancer.listeners
                  where: {path: protocol, equals: HTTP}
                  require: {path: redirect_to_https, is_true: true}
                  message: m
                examples:
                  fires: ["load_balancers:\\n  - name: a\\n    listeners:\\n      - {port: 80, protocol: HTTP}   # FIRES\\n"]
                  passes: ["load_balancers: []\\n"]

            """
        var catalog = RuleCatalog.builtin()
        catalog.add(Array(pack.utf8), file: "mine.yaml")
        #expect(catalog.errors.isEmpty, "\(catalog.errors)")
        let text = """
            archlint: 1
            stack: shop
            environment: production
            load_balancers:
              - name: web
                listeners:
                  - {port: 80, protocol: HTTP}   # plain
                  - port: 8080
                    protocol: HTTP
                    redirect_to_https: false
                  - {port: 443, protocol: HTTPS, certificate: web.example.org}

            """
        let run = LintRun(
            RunRequest(
                specs: .documents([("lb.yaml", Array(text.utf8))]), today: CalendarDate(iso: "2026-06-01")!, clock: .fixed(epoch: 0),
                catalog: catalog, configuration: .none))
        let findings = run.report.findings.filter { $0.rule == "MINE001" }
        #expect(findings.count == 2)
        let plan = FixPlanner.plan(for: findings, rules: run.rules, read: { _ in Array(text.utf8) })
        #expect(plan.skipped.isEmpty)
        let fixed = String(decoding: try #require(plan.files.first?.fixed), as: UTF8.self)
        #expect(fixed.contains("      - {port: 80, protocol: HTTP, redirect_to_https: true}   # plain\n"))
        #expect(fixed.contains("        redirect_to_https: true\n      - {port: 443"))
        #expect(fixed.components(separatedBy: "redirect_to_https").count == 3)
    }

    @Test("accepted edits: a shared edit is known, overlaps are found among neighbours, order is by offset then acceptance")
    func acceptedEdits() {
        func edit(_ offset: Int, _ length: Int, _ text: String = "x") -> TextEdit {
            TextEdit(
                offset: offset, length: length, replacement: text, start: SourcePosition(line: 1, column: offset + 1),
                end: SourcePosition(line: 1, column: offset + length + 1))
        }
        var accepted = FixPlanner.AcceptedEdits()
        for each in [edit(10, 5), edit(30, 0, "a"), edit(30, 0, "b"), edit(2, 3), edit(20, 4)] { accepted.insert(each) }
        accepted.insert(edit(10, 5))  // the same edit twice is kept once
        #expect(accepted.edits.map { "\($0.offset)\($0.replacement)" } == ["2x", "10x", "20x", "30a", "30b"])
        #expect(accepted.contains(edit(30, 0, "a")))
        #expect(!accepted.contains(edit(30, 0, "c")))
        // Into a replacement from the one before, into one after, and across several.
        #expect(accepted.overlaps(edit(14, 2)))
        #expect(accepted.overlaps(edit(8, 3)))
        #expect(accepted.overlaps(edit(0, 40)))
        // An insertion where a replacement starts, or inside it; a replacement over insertions.
        #expect(accepted.overlaps(edit(20, 0)))
        #expect(accepted.overlaps(edit(22, 0)))
        #expect(accepted.overlaps(edit(29, 2)))
        // Touching is not overlapping; insertions never overlap insertions.
        #expect(!accepted.overlaps(edit(15, 5)))
        #expect(!accepted.overlaps(edit(24, 0)))
        #expect(!accepted.overlaps(edit(30, 0, "c")))
        #expect(!accepted.overlaps(edit(31, 4)))
        // The same answers as comparing with every accepted edit.
        for offset in 0..<40 {
            for length in 0..<6 {
                let probe = edit(offset, length)
                #expect(accepted.overlaps(probe) == accepted.edits.contains { FixPlanner.overlaps($0, probe) }, "\(offset)+\(length)")
            }
        }
    }
}
