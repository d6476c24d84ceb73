@testable import ArchlintFindings
@testable import ArchlintReport
import Foundation
import Testing

/// A REACH001 finding with its two-hop path, and an ordinary finding without one.
private func report() -> LintReport {
    var reach = Finding(
        rule: "REACH001", name: "data-store-behind-exposed-host", pack: "reachability", severity: .error, stack: "navlab",
        environment: "development", resource: "database/dev-db", location: SourceLocation(file: "specs/dev.yaml", line: 96, column: 5),
        message: "database 'dev-db' can be reached: internet →22 instance/dev-bastion →5432 database/dev-db")
    reach.path = [
        PathHop(
            from: "internet", to: "instance/dev-bastion", port: .number(22),
            allowedBy: PathOrigin(resource: "security_group/dev-bastion", location: SourceLocation(file: "specs/dev.yaml", line: 62, column: 9))),
        PathHop(
            from: "instance/dev-bastion", to: "database/dev-db", port: .number(5432),
            allowedBy: PathOrigin(resource: "security_group/dev-db", location: SourceLocation(file: "specs/dev.yaml", line: 54, column: 9))),
    ]
    let other = Finding(
        rule: "SG001", name: "n", pack: "security-groups", severity: .error, stack: "navlab", environment: "development",
        resource: "security_group/dev-bastion", location: SourceLocation(file: "specs/dev.yaml", line: 62, column: 9), message: "open")
    var report = LintReport(findings: [other, reach], errors: [], fileCount: 1, resourceCount: 2, failOn: .error)
    report.evaluations = [
        Evaluation(
            rule: "REACH001", pack: "reachability", stack: "navlab", environment: "development", resource: "database/dev-db",
            location: SourceLocation(file: "specs/dev.yaml", line: 96, column: 5))
    ]
    report.specs = [LoadedSpec(stack: "navlab", environment: "development", file: "specs/dev.yaml")]
    report.rules = [
        "REACH001": RuleInfo(
            id: "REACH001", name: "data-store-behind-exposed-host", pack: "reachability", summary: "s", fix: "f", rationale: "r", severity: .error),
        "SG001": RuleInfo(id: "SG001", name: "n", pack: "security-groups", summary: "s", fix: "f", rationale: "r", severity: .error),
    ]
    return report
}

@Suite("Paths in reports")
struct PathReportTests {
    @Test("JSON: a path is a list of hops with allowed_by, only on findings that carry one")
    func json() throws {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(JSONReporter.render(report()).utf8)) as? [String: Any])
        let findings = try #require(document["findings"] as? [[String: Any]])
        #expect(findings[0]["path"] == nil)
        let path = try #require(findings[1]["path"] as? [[String: Any]])
        #expect(path.map { $0["to"] as? String } == ["instance/dev-bastion", "database/dev-db"])
        #expect(path.map { $0["port"] as? Int } == [22, 5432])
        #expect(path[0]["from"] as? String == "internet")
        let allowed = try #require(path[0]["allowed_by"] as? [String: Any])
        #expect(allowed["resource"] as? String == "security_group/dev-bastion")
        #expect(allowed["file"] as? String == "specs/dev.yaml")
        #expect(allowed["line"] as? Int == 62)
        #expect(allowed["column"] as? Int == 9)
    }

    @Test("SARIF: one thread flow whose locations are the hops at what allowed them")
    func sarif() throws {
        let log = try #require(try JSONSerialization.jsonObject(with: Data(SARIFReporter().render(report()).utf8)) as? [String: Any])
        let results = try #require(((log["runs"] as? [[String: Any]])?.first)?["results"] as? [[String: Any]])
        #expect(results[0]["codeFlows"] == nil)
        let flows = try #require(results[1]["codeFlows"] as? [[String: Any]])
        let locations = try #require(((flows.first?["threadFlows"] as? [[String: Any]])?.first)?["locations"] as? [[String: Any]])
        let messages = locations.map { (($0["location"] as? [String: Any])?["message"] as? [String: Any])?["text"] as? String }
        #expect(messages == ["→22 instance/dev-bastion", "→5432 database/dev-db"])
        let region = (((locations[1]["location"] as? [String: Any])?["physicalLocation"] as? [String: Any])?["region"] as? [String: Any])
        #expect(region?["startLine"] as? Int == 54)
    }

    @Test("JUnit: the failure lists one hop per line with the file and line that allowed it")
    func junit() {
        let xml = JUnitReporter(timestamp: "2026-11-23T10:15:00", hostname: "ci", elapsed: 0).render(report())
        #expect(xml.contains("  internet →22 instance/dev-bastion, allowed by security_group/dev-bastion at specs/dev.yaml:62\n"))
        #expect(xml.contains("  instance/dev-bastion →5432 database/dev-db, allowed by security_group/dev-db at specs/dev.yaml:54\n"))
    }

    @Test("the text form of a path")
    func text() {
        #expect(report().findings[1].path?.text == "internet →22 instance/dev-bastion →5432 database/dev-db")
    }
}
