@testable import ArchlintFindings
@testable import ArchlintReport
import Foundation
import Testing

private func finding(_ rule: String, _ severity: Severity, line: Int, waiver: WaiverNote? = nil) -> Finding {
    Finding(
        rule: rule, name: "n", pack: "security-groups", severity: severity, stack: "shop", environment: "production",
        resource: "security_group/ops", location: SourceLocation(file: "specs/shop.yaml", line: line, column: 7),
        message: "port \(line) open", waiver: waiver)
}

private func sampleReport() -> LintReport {
    var report = LintReport(
        findings: [
            finding("SG001", .error, line: 12),
            finding("SG001", .error, line: 14),
            finding("SG008", .warning, line: 20, waiver: WaiverNote(reason: "load test window", expires: "2027-01-31", source: .spec)),
            finding("SG005", .info, line: 30),
        ], errors: [Diagnostic("unknown key 'subnts'", file: "specs/typo.yaml", line: 7, column: 5)], fileCount: 2, resourceCount: 3)
    report.rules = [
        "SG001": RuleInfo(
            id: "SG001", name: "admin-port-open-to-world", pack: "security-groups", summary: "s1", fix: "f1", rationale: "r1", severity: .error,
            page: { "# SG001 admin-port-open-to-world\n\npage" }),
        "SG005": RuleInfo(id: "SG005", name: "unrestricted-egress", pack: "security-groups", summary: "s5", fix: "f5", rationale: "r5", severity: .info),
        "SG008": RuleInfo(id: "SG008", name: "wide-port-range", pack: "security-groups", summary: "s8", fix: "f8", rationale: "r8", severity: .warning),
    ]
    return report
}

@Suite("SARIF")
struct SARIFReporterTests {
    @Test("rules, results, levels, locations, fingerprints and suppressions")
    func content() throws {
        let text = SARIFReporter().render(sampleReport())
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(json["version"] as? String == "2.1.0")
        let run = try #require((json["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(rules.map { $0["id"] as? String } == ["SG001", "SG005", "SG008"])
        #expect((rules[1]["defaultConfiguration"] as? [String: String])?["level"] == "note")
        #expect((rules[0]["properties"] as? [String: Any])?["tags"] as? [String] == ["security-groups"])
        // GitHub's severity for each rule, from the rule's highest severity, as a number in a string.
        #expect(rules.map { ($0["properties"] as? [String: Any])?["security-severity"] as? String } == ["8.0", "2.0", "5.0"])
        // The rule's page as help.markdown, beside the plain-text help.
        #expect((rules[0]["help"] as? [String: String])?["markdown"] == "# SG001 admin-port-open-to-world\n\npage")
        #expect((rules[0]["help"] as? [String: String])?["text"] == "f1\nMore: archlint rules SG001")
        #expect((rules[1]["help"] as? [String: String])?["markdown"] == nil)
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.map { $0["level"] as? String } == ["error", "error", "warning", "note"])
        let fingerprints = results.compactMap { ($0["partialFingerprints"] as? [String: String])?["archlint/v1"] }
        #expect(
            fingerprints == [
                "SG001/shop/production/security_group/ops", "SG001/shop/production/security_group/ops#2",
                "SG008/shop/production/security_group/ops", "SG005/shop/production/security_group/ops",
            ])
        let suppressions = results[2]["suppressions"] as? [[String: String]]
        #expect(suppressions == [["kind": "inSource", "status": "accepted", "justification": "load test window (until 2027-01-31)"]])
        #expect(results[0]["suppressions"] == nil)
        let location = ((results[0]["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        #expect((location?["artifactLocation"] as? [String: String])?["uri"] == "specs/shop.yaml")
        #expect((location?["region"] as? [String: Int]) == ["startLine": 12, "startColumn": 7])
        let invocation = try #require((run["invocations"] as? [[String: Any]])?.first)
        #expect(invocation["executionSuccessful"] as? Bool == false)
        #expect((invocation["toolExecutionNotifications"] as? [Any])?.count == 1)
    }

    @Test("a finding on a value from a YAML anchor gives the place that used it as a related location")
    func relatedLocations() throws {
        var used = finding("SG001", .error, line: 12)
        used.related = [RelatedLocation("merged into security group 'ops'", at: SourceLocation(file: "specs/shop.yaml", line: 40, column: 5))]
        let report = LintReport(findings: [used, finding("SG001", .error, line: 14)], errors: [], fileCount: 1, resourceCount: 1)
        let text = SARIFReporter().render(report)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let results = try #require((json["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])
        let related = try #require(results[0]["relatedLocations"] as? [[String: Any]])
        #expect(related.count == 1)
        #expect(related[0]["id"] as? Int == 0)
        #expect((related[0]["message"] as? [String: String])?["text"] == "merged into security group 'ops'")
        let region = (related[0]["physicalLocation"] as? [String: Any])?["region"] as? [String: Int]
        #expect(region == ["startLine": 40, "startColumn": 5])
        #expect(results[1]["relatedLocations"] == nil)
    }

    @Test("fingerprints do not change when lines move")
    func stableFingerprints() {
        let before = SARIFReporter().log(sampleReport()).runs[0].results.map(\.partialFingerprints)
        var moved = sampleReport()
        moved = LintReport(
            findings: moved.findings.map {
                var f = $0; f.location.line += 40; return f
            }, errors: moved.errors,
            fileCount: 2, resourceCount: 3)
        #expect(SARIFReporter().log(moved).runs[0].results.map(\.partialFingerprints) == before)
    }

    @Test("same report, same bytes; keys sorted, slashes unescaped")
    func deterministic() {
        let text = SARIFReporter().render(sampleReport())
        #expect(text == SARIFReporter().render(sampleReport()))
        #expect(text.contains("\"$schema\" : \"https://json.schemastore.org/sarif-2.1.0.json\""))
        #expect(!text.contains("\\/"))
    }
}
