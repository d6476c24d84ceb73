@testable import ArchlintFindings
@testable import ArchlintReport
import Foundation
import Testing

private let file = "specs/navlab/production.yaml"

private func finding(_ rule: String, _ severity: Severity, _ resource: String, line: Int, message: String, file: String = file) -> Finding {
    Finding(
        rule: rule, name: rule.lowercased(), pack: "pack", severity: severity, stack: "navlab", environment: "production",
        resource: resource, location: SourceLocation(file: file, line: line, column: 9), message: message)
}

private let newError = finding("SG001", .error, "security_group/db", line: 40, message: "security group 'db' admits 0.0.0.0/0 on port 5432")
private let newInfo = finding("HA001", .info, "service/api", line: 60, message: "service 'api' runs in one zone")
private let escalated = finding("DATA002", .error, "bucket/logs", line: 20, message: "bucket 'logs' has no public access block")
private let unchangedError = finding("ENC001", .error, "database/main", line: 80, message: "database 'main' is not encrypted")
private let unchangedWarning = finding("NET007", .warning, "network/main", line: 5, message: "network 'main' has no flow logs")
private let fixedError = finding("IAM002", .error, "user/admin", line: 120, message: "user 'admin' has AdministratorAccess", file: "specs/navlab/production.yaml")

/// A review of navlab/production: one resource added, one changed, one removed; two new
/// findings (one at the gate), one escalated, two unchanged (one at the gate), one fixed.
private func sampleReview(changes: [ResourceChange]? = nil, diagrams: [String: String]? = nil) -> ReviewReport {
    var head = LintReport(findings: [newError, newInfo, escalated, unchangedError, unchangedWarning], errors: [], fileCount: 1, resourceCount: 12)
    head.specs = [LoadedSpec(stack: "navlab", environment: "production", file: file)]
    head.evaluations =
        [newError, newInfo, escalated, unchangedError, unchangedWarning].map { finding in
            Evaluation(rule: finding.rule, pack: "pack", stack: "navlab", environment: "production", resource: finding.resource, location: finding.location)
        } + [
            Evaluation(rule: "ENC002", pack: "pack", stack: "navlab", environment: "production", resource: "bucket/logs", location: SourceLocation(file: file, line: 19, column: 5))
        ]
    head.rules = [
        "SG001": RuleInfo(id: "SG001", name: "sg001", pack: "pack", summary: "s", fix: "Close the port.", rationale: "r", severity: .error),
        "DATA002": RuleInfo(id: "DATA002", name: "data002", pack: "pack", summary: "s", fix: "Block public access.", rationale: "r", severity: .warning),
    ]
    let location = SourceLocation(file: file, line: 30, column: 5)
    return ReviewReport(
        base: ReviewSide(name: "main", commit: "0123456789abcdef0123456789abcdef01234567"), head: ReviewSide(name: "working tree"),
        changes: changes ?? [
            ResourceChange(stack: "navlab", environment: "production", resource: "bucket/uploads", change: .added, location: location),
            ResourceChange(
                stack: "navlab", environment: "production", resource: "security_group/db", change: .changed,
                fields: [FieldChange(path: "ingress[1].from", old: "sg:api", new: "0.0.0.0/0", location: SourceLocation(file: file, line: 40, column: 9))],
                location: location),
            ResourceChange(stack: "navlab", environment: "production", resource: "queue/jobs", change: .removed, location: location),
        ],
        newFindings: [newError, newInfo], escalated: [EscalatedFinding(finding: escalated, previousSeverity: .warning)], fixed: [fixedError],
        unchanged: [unchangedError, unchangedWarning], headReport: head,
        diagrams: diagrams ?? ["navlab/production": "flowchart LR\n  n0[\"bucket uploads\"]\n"])
}

/// The shared schemas (`.ci/check-reports` reads them from the same place): `ARCHLINT_SCHEMAS`,
/// else `../shared/schemas` beside the package.
private let schemas: String? = {
    if let path = ProcessInfo.processInfo.environment["ARCHLINT_SCHEMAS"] { return path }
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)  // Tests/ArchlintReportTests/ReviewReporterTests.swift
    let path = parts.joined(separator: "/") + "/../shared/schemas"
    return FileManager.default.fileExists(atPath: path + "/JUnit.xsd") ? path : nil
}()

/// Whether python3 can validate against a JSON Schema.
private let pythonHasJSONSchema: Bool = {
    (try? python(["-c", "import jsonschema"]).status) == 0
}()

private func python(_ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3"] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: output, as: UTF8.self))
}

@Suite("archlint diff's Markdown, GitHub, SARIF and JUnit")
struct ReviewReporterTests {
    @Test("markdown: verdict, totals per stack-environment, new and escalated findings, changes, the diagram, fixed folded")
    func markdown() {
        let text = ReviewMarkdownReporter().render(sampleReview())
        #expect(text.hasPrefix("## archlint diff\n\n❌ **Failed**: 1 new finding and 1 escalated at or above the gate (error).\n\n"))
        #expect(text.contains("Comparing `main` (`0123456789ab`) with `working tree`: 1 resource changed, 1 added, 1 removed; 2 new findings, 1 escalated, 1 fixed, 2 unchanged."))
        #expect(
            text.contains(
                "| stack | added | changed | removed | new findings | escalated | fixed |\n|---|---:|---:|---:|---:|---:|---:|\n| navlab/production | 1 | 1 | 1 | 2 | 1 | 1 |\n"))
        #expect(
            text.contains(
                "### New findings\n\n| severity | rule | where | resource | message |\n|---|---|---|---|---|\n| error | SG001 | `specs/navlab/production.yaml:40` | navlab/production `security_group/db` | security group 'db' admits 0.0.0.0/0 on port 5432 |\n| info | HA001 |"
            ))
        #expect(text.contains("### Escalated findings\n\n") && text.contains("| error (was warning) | DATA002 |"))
        #expect(text.contains("| navlab/production | 🟧 changed | `security_group/db` | `ingress[1].from` | sg:api | 0.0.0.0/0 | `specs/navlab/production.yaml:40` |"))
        #expect(text.contains("| navlab/production | 🟩 added | `bucket/uploads` |") && text.contains("| navlab/production | 🟥 removed | `queue/jobs` |"))
        #expect(text.contains("<summary>Diagram of the change to navlab/production</summary>\n\n```mermaid\nflowchart LR\n  n0[\"bucket uploads\"]\n```\n\n</details>"))
        #expect(text.contains("<details><summary>1 fixed finding</summary>\n\n| severity | rule |") && text.contains("| error | IAM002 |"))
        // Unchanged findings are counted, not listed.
        #expect(!text.contains("ENC001") && !text.contains("NET007"))
        #expect(!text.contains("Not listed here"))
    }

    @Test("markdown: a passing review says so")
    func markdownPassing() {
        var review = sampleReview()
        review.newFindings = [newInfo]
        review.escalated = []
        #expect(ReviewMarkdownReporter().render(review).hasPrefix("## archlint diff\n\n✅ **Passed**: no new finding at or above the gate (error).\n\n"))
    }

    @Test("markdown: a huge review stays within GitHub's limit, keeps the verdict and new findings, and says what it left out")
    func markdownHuge() {
        let location = SourceLocation(file: file, line: 3, column: 5)
        let changes = (0..<5_000).map { number in
            ResourceChange(
                stack: "navlab", environment: "production", resource: "bucket/b\(number)", change: .changed,
                fields: [FieldChange(path: "tags.owner", old: "team-é-\(number)", new: "team-→-\(number)", location: location)], location: location)
        }
        var review = sampleReview(
            changes: changes,
            diagrams: Dictionary(uniqueKeysWithValues: (0..<40).map { ("s\($0)/production", "flowchart LR\n" + String(repeating: "  a --> b\n", count: 400)) }))
        review.newFindings = (0..<2_000).map { finding("SG001", .error, "security_group/g\($0)", line: $0 + 1, message: "port 22 open to 0.0.0.0/0 → é") }
        let text = ReviewMarkdownReporter().render(review)
        #expect(MarkdownReporter.size(of: text) <= MarkdownReporter.commentLimit, "\(text.utf8.count) bytes")
        #expect(text.hasPrefix("## archlint diff\n\n❌ **Failed**: 2000 new findings and 1 escalated at or above the gate (error).\n\n"))
        #expect(text.contains("**Not listed here**, to keep this summary within 65,536 characters: "))
        #expect(text.contains("new findings") && text.contains("40 diagrams"))
        #expect(text.contains("### New findings (") && text.contains(" of 2,000 listed)"))
        // Valid Markdown: every folded part is closed, every Mermaid block too.
        #expect(text.components(separatedBy: "<details>").count == text.components(separatedBy: "</details>").count)
        #expect(text.components(separatedBy: "```").count % 2 == 1)
    }

    @Test("github: annotations for new and escalated findings only, and one notice with the counts")
    func github() {
        let text = ReviewGitHubReporter().render(sampleReview())
        let lines = text.split(separator: "\n").map(String.init)
        #expect(
            lines.first
                == "::error file=specs/navlab/production.yaml,line=20,col=9,title=DATA002 data002::bucket 'logs' has no public access block [navlab/production bucket/logs] (was warning)"
        )
        #expect(
            lines.contains(
                "::error file=specs/navlab/production.yaml,line=40,col=9,title=SG001 sg001::security group 'db' admits 0.0.0.0/0 on port 5432 [navlab/production security_group/db]"
            ))
        #expect(lines.contains { $0.hasPrefix("::notice file=specs/navlab/production.yaml,line=60,col=9,title=HA001 ha001::") })
        #expect(!text.contains("ENC001") && !text.contains("NET007") && !text.contains("IAM002"))
        let notices = lines.filter { $0.hasPrefix("::notice title=") }
        #expect(notices == ["::notice title=archlint diff::annotated 3 of 3. 1 resource changed, 1 added, 1 removed; 2 new findings, 1 escalated, 1 fixed, 2 unchanged"])
        #expect(lines.last == "FAILED: 1 new finding and 1 escalated at or above the gate (error)")
        // --severity leaves out what is below it; the notice stays.
        let errorsOnly = ReviewGitHubReporter(minimumSeverity: .error).render(sampleReview())
        #expect(!errorsOnly.contains("HA001") && errorsOnly.contains("::notice title=archlint diff::annotated 2 of 2."))
    }

    @Test("github: a review with nothing new still gives its one notice")
    func githubQuiet() {
        var review = sampleReview()
        review.newFindings = []
        review.escalated = []
        let text = ReviewGitHubReporter().render(review)
        #expect(text.hasPrefix("::notice title=archlint diff::annotated 0 of 0. "))
        #expect(!text.contains("::error") && !text.contains("::warning"))
    }

    @Test("SARIF: the head's results marked new, updated or unchanged, and the fixed ones absent, in the base")
    func sarif() throws {
        let text = ReviewSARIFReporter().render(sampleReview())
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let run = try #require((json["runs"] as? [[String: Any]])?.first)
        let results = try #require(run["results"] as? [[String: Any]])
        let states = Dictionary(uniqueKeysWithValues: results.map { ($0["ruleId"] as! String, $0["baselineState"] as? String) })
        #expect(states == ["SG001": "new", "HA001": "new", "DATA002": "updated", "ENC001": "unchanged", "NET007": "unchanged", "IAM002": "absent"])
        let fixed = try #require(results.last)
        #expect((fixed["partialFingerprints"] as? [String: String]) == ["archlint/v1": "IAM002/navlab/production/user/admin"])
        // check's SARIF of the same head has the same results, without a baseline state.
        let check = SARIFReporter().render(sampleReview().headReport)
        #expect(!check.contains("baselineState"))
    }

    @Test("SARIF: a fixed finding takes the occurrence number the base gave it")
    func sarifFixedOccurrence() throws {
        var review = sampleReview()
        let second = finding("ENC001", .error, "database/main", line: 82, message: "second")
        review.fixed = [second]
        let text = ReviewSARIFReporter().render(review)
        #expect(text.contains("\"archlint/v1\" : \"ENC001/navlab/production/database/main#2\""))
    }

    @Test("SARIF validates against SARIF 2.1.0", .enabled(if: schemas != nil && pythonHasJSONSchema, "needs ../shared/schemas and python3 with jsonschema"))
    func sarifSchema() throws {
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("archlint-review-\(UUID().uuidString).sarif")
        try ReviewSARIFReporter().render(sampleReview()).write(to: report, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: report) }
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1], encoding="utf-8"))
            report = json.load(open(sys.argv[2], encoding="utf-8"))
            for error in jsonschema.validators.validator_for(schema)(schema).iter_errors(report):
                print("/".join(map(str, error.path)), error.message)
            """
        let run = try python(["-c", script, schemas! + "/sarif-schema-2.1.0.json", report.path])
        #expect(run.status == 0 && run.output.isEmpty, "\(run.output)")
    }

    @Test("JUnit: new and escalated findings at the gate fail; an unchanged one passes, listed in system-out")
    func junit() {
        let xml = ReviewJUnitReporter(timestamp: "2026-11-23T10:15:00", hostname: "ci", elapsed: 0).render(sampleReview())
        #expect(junitSchema.problems(xml) == nil, "\(xml)")
        #expect(xml.contains(#"<testsuites name="archlint" tests="6" failures="2" errors="0" skipped="0" time="0">"#))
        #expect(xml.contains(#"<testcase classname="navlab.production.pack" name="SG001 security_group/db" file="specs/navlab/production.yaml" line="40" time="0">"#))
        #expect(xml.contains(#"<failure type="error" message="bucket 'logs' has no public access block">"#))
        // The unchanged error passes: its case has no failure, and system-out lists it.
        #expect(xml.contains(#"<testcase classname="navlab.production.pack" name="ENC001 database/main" file="specs/navlab/production.yaml" line="80" time="0"/>"#))
        #expect(
            xml.contains(
                """
                <system-out>specs/navlab/production.yaml:5:9: warning NET007 network 'main' has no flow logs [navlab/production network/main] (unchanged: the base has it too)
                specs/navlab/production.yaml:60:9: info HA001 service 'api' runs in one zone [navlab/production service/api] (new)
                specs/navlab/production.yaml:80:9: error ENC001 database 'main' is not encrypted [navlab/production database/main] (unchanged: the base has it too)
                </system-out>
                """))
        #expect(!xml.contains("IAM002"))
    }

    @Test("JUnit validates against the Ant JUnit XSD once the conventional extensions are removed", .enabled(if: schemas != nil, "needs ../shared/schemas"))
    func junitAntSchema() throws {
        var xml = ReviewJUnitReporter(timestamp: "2026-11-23T10:15:00", hostname: "ci", elapsed: 0).render(sampleReview())
        // As .ci/check-reports does: <testsuites> without attributes, test cases without file and line.
        xml = xml.replacingOccurrences(of: #"<testsuites [^>]*>"#, with: "<testsuites>", options: .regularExpression)
        xml = xml.replacingOccurrences(of: #"(<testcase [^>]*?) file="[^"]*" line="[0-9]+""#, with: "$1", options: .regularExpression)
        let ant = try #require(XMLSchemaValidator(path: schemas! + "/JUnit.xsd"))
        #expect(ant.problems(xml) == nil, "\(xml)")
    }
}
