import ArchlintFindings
import ArchlintLoad
import ArchlintModel
import ArchlintPipeline
import Foundation
import Testing

/// A spec with one plaintext listener: ENC005 fires on line 7, on `load_balancer/public`.
private let plaintextSpec = """
    archlint: 1
    stack: example
    environment: production
    load_balancers:
      - name: public
        listeners:
          - {port: 80, protocol: HTTP, forward: api}
    services:
      - name: api

    """

/// A throwaway repository (a folder with `.git`) holding `files`, removed afterwards.
private func withRepository<T>(_ files: [String: String], _ body: (String) throws -> T) throws -> T {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("archlint-pipeline-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: root + "/.git", withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: root) }
    for (path, text) in files {
        let url = URL(fileURLWithPath: root + "/" + path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }
    return try body(root)
}

private func day(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

/// 2026-01-01T00:00:00Z, on host `localhost`.
private let fixedClock = RunClock.fixed(epoch: 1_767_225_600)

private func request(_ root: String, paths: [String] = [], today: String = "2026-06-01") -> RunRequest {
    RunRequest(specs: .paths(paths), today: day(today), clock: fixedClock, workingDirectory: root)
}

private func enc005(_ run: LintRun) -> [Finding] { run.report.findings.filter { $0.rule == "ENC005" } }

@Suite("The pipeline as a library")
struct PipelineTests {
    @Test("A configuration's waiver holds until the day it expires, judged against the injected today")
    func waiverExpiryFollowsInjectedToday() throws {
        let configuration = """
            specs: [specs]
            waivers:
              - {resource: example/production/load_balancer/public, rule: ENC005, reason: behind a VPN, expires: 2026-06-02}

            """
        try withRepository(["specs/app.yaml": plaintextSpec, ".archlint.yml": configuration]) { root in
            let before = LintRun(request(root, today: "2026-06-01"))
            let after = LintRun(request(root, today: "2026-06-03"))
            #expect(before.report.errors.isEmpty, "\(before.report.errors)")
            #expect(enc005(before).count == 1)
            #expect(enc005(before).allSatisfy { $0.isWaived })
            #expect(enc005(after).count == 1)
            #expect(enc005(after).allSatisfy { !$0.isWaived })
            #expect(after.exitStatus() == .findings)
        }
    }

    @Test("A recorded baseline comes back as a value; nothing is written")
    func recordedBaselineIsAValue() throws {
        try withRepository(["specs/app.yaml": plaintextSpec]) { root in
            var asked = request(root, paths: ["specs"])
            asked.configuration = .none
            asked.recordBaseline = "baseline.json"
            let run = LintRun(asked)
            let output = try #require(run.baselineToWrite)
            #expect(output.path == "baseline.json")
            #expect(!FileManager.default.fileExists(atPath: root + "/baseline.json"))
            let recorded = try Baseline.decode(Data(output.text.utf8)).get()
            #expect(recorded.entries.contains { $0.rule == "ENC005" && $0.resource == "load_balancer/public" })
            // Recorded findings are accepted: the run passes.
            #expect(enc005(run).allSatisfy { $0.waiver?.source == .baseline })
            #expect(run.exitStatus() == .clean)

            // If the caller cannot write it, the findings count again and the run is unusable.
            run.baselineNotWritten(reason: "disk full")
            #expect(enc005(run).allSatisfy { !$0.isWaived })
            #expect(run.report.errors.map(\.message) == ["cannot write baseline: disk full"])
            #expect(run.report.errors.first?.location.file == "baseline.json")
            #expect(run.exitStatus() == .unusable)
        }
    }

    @Test("Stale baseline entries are notes, returned in order, not printed")
    func staleBaselineEntriesAreNotes() throws {
        let baseline = """
            {"archlint": "1", "entries": [
              {"rule": "ENC005", "stack": "example", "environment": "production", "resource": "load_balancer/public", "count": 1},
              {"rule": "NET001", "stack": "example", "environment": "production", "resource": "network/gone", "count": 1}
            ]}
            """
        try withRepository(["specs/app.yaml": plaintextSpec, "baseline.json": baseline]) { root in
            var asked = request(root, paths: ["specs"])
            asked.configuration = .none
            asked.baseline = "baseline.json"
            let run = LintRun(asked)
            #expect(run.report.errors.isEmpty, "\(run.report.errors)")
            #expect(
                run.notes.map(\.description) == [
                    "baseline.json: note: stale baseline entry NET001 example/production network/gone: no longer found; remove it or re-record with --write-baseline"
                ])
            #expect(enc005(run).allSatisfy { $0.waiver?.source == .baseline })
        }
    }

    @Test("--reports over part of the configuration's specs is refused, as a value; over all of them, the reports come back to write")
    func configuredReportsCoverage() throws {
        let configuration = """
            specs: [specs]
            reports: {json: out/archlint.json, junit: out/junit.xml}

            """
        let other = plaintextSpec.replacingOccurrences(of: "stack: example", with: "stack: other")
        try withRepository(["specs/app.yaml": plaintextSpec, "specs/other.yaml": other, ".archlint.yml": configuration]) { root in
            var partial = request(root, paths: ["specs/app.yaml"])
            partial.configuredReports = true
            let refused = LintRun(partial)
            #expect(refused.reportsRefusal == .partialRun(filesRead: 1, leftOut: ["specs/other.yaml"]))
            #expect(refused.reportsToWrite.isEmpty)
            #expect(refused.exitStatus() == .unusable)

            var whole = request(root)
            whole.configuredReports = true
            whole.reportFiles = [.sarif: "given.sarif"]
            let run = LintRun(whole)
            #expect(run.reportsRefusal == nil)
            // In the order they are written: JUnit, SARIF, JSON, Markdown.
            #expect(
                run.reportsToWrite.map { "\($0.format) \($0.path)" } == [
                    "junit \(root)/out/junit.xml", "sarif given.sarif", "json \(root)/out/archlint.json",
                ])
            #expect(!FileManager.default.fileExists(atPath: root + "/out"))
            // JUnit is among them, so every evaluation was kept; the clock is the injected one.
            #expect(!run.report.evaluations.isEmpty)
            let junit = run.render(run.reportsToWrite[0])
            #expect(junit.contains("timestamp=\"2026-01-01T00:00:00\""))
            #expect(junit.contains("hostname=\"localhost\""))
            // Findings fail the gate; the reports are the caller's to write, so only it knows
            // whether they were.
            #expect(run.exitStatus() == .findings)
            #expect(run.exitStatus(failedWrites: 1) == .unusable)
        }
    }

    @Test("--reports without a configuration, or with one that names no reports, is refused")
    func configuredReportsWithoutReports() throws {
        try withRepository(["specs/app.yaml": plaintextSpec]) { root in
            var asked = request(root)
            asked.configuredReports = true
            #expect(LintRun(asked).reportsRefusal == .noConfiguration)
        }
        try withRepository(["specs/app.yaml": plaintextSpec, ".archlint.yml": "specs: [specs]\n"]) { root in
            var asked = request(root)
            asked.configuredReports = true
            #expect(LintRun(asked).reportsRefusal == .noReportsNamed(configuration: ".archlint.yml"))
        }
    }

    @Test("Specs held in memory run through the same pipeline, with nothing on disk")
    func documentsInMemory() {
        let run = LintRun(
            RunRequest(
                specs: .documents([("specs/app.yaml", Array(plaintextSpec.utf8))]), today: day("2026-06-01"),
                clock: fixedClock, configuration: .none))
        #expect(run.report.errors.isEmpty, "\(run.report.errors)")
        #expect(enc005(run).map(\.location.line) == [7])
        #expect(run.evaluationsAreSkipped)
    }

    @Test("Evaluations are kept only when a JUnit report is asked for")
    func evaluationsOnlyForJUnit() {
        var asked = RunRequest(
            specs: .documents([("specs/app.yaml", Array(plaintextSpec.utf8))]), today: day("2026-06-01"),
            clock: fixedClock, configuration: .none)
        asked.printed = .junit
        #expect(!LintRun(asked).report.evaluations.isEmpty)
        asked.printed = .sarif
        #expect(LintRun(asked).report.evaluations.isEmpty)
    }

    @Test("A bad configuration is a located error and exit status 2, not a crash")
    func badConfiguration() throws {
        try withRepository(["specs/app.yaml": plaintextSpec, ".archlint.yml": "reports: {html: page.html}\n"]) { root in
            let run = LintRun(request(root))
            let error = try #require(run.report.errors.first)
            #expect(error.location.file == ".archlint.yml")
            #expect(error.location.line == 1)
            #expect(error.message.hasPrefix("unknown key 'html' in reports"))
            #expect(run.exitStatus() == .unusable)
        }
    }
}

@Suite("Reporter registry and exit statuses")
struct RegistryTests {
    @Test("Every format has a renderer, and only JUnit needs every evaluation")
    func everyFormatRenders() {
        let run = LintRun(
            RunRequest(
                specs: .documents([("specs/app.yaml", Array(plaintextSpec.utf8))]), today: day("2026-06-01"),
                clock: fixedClock, configuration: .none, printed: .junit))
        for reporter in ReporterRegistry.all {
            #expect(!run.render(reporter.format).isEmpty, "\(reporter.format)")
            #expect(reporter.needsEvaluations == (reporter.format == .junit))
            #expect(reporter.errorsOnStandardError == (reporter.format == .text))
        }
        #expect(ReporterRegistry.all.map(\.format) == ReportFormat.allCases)
        // The configuration's keys, in the order the reports are written.
        #expect(ReportFormat.files == [.junit, .sarif, .json, .markdown])
    }

    @Test("Exit statuses: unusable beats findings, findings beat clean")
    func exitStatusDecision() {
        #expect(ExitStatus.decide(errors: 0, gatingFindings: false) == .clean)
        #expect(ExitStatus.decide(errors: 0, gatingFindings: true) == .findings)
        #expect(ExitStatus.decide(errors: 1, gatingFindings: true) == .unusable)
        #expect(ExitStatus.decide(errors: 0, gatingFindings: true, failedOutputs: 1) == .unusable)
        #expect(ExitStatus.decide(errors: 0, gatingFindings: false, failedOutputs: 2) == .unusable)
        #expect(ExitStatus.allCases.map(\.rawValue) == [0, 1, 2])
    }
}

private extension LintRun {
    var evaluationsAreSkipped: Bool { report.evaluations.isEmpty }
}
