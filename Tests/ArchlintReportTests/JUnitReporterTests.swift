@testable import ArchlintFindings
@testable import ArchlintReport
import ArchlintLoad
import ArchlintModel
import ArchlintRules
import Foundation
import Testing

private func finding(
    _ rule: String, _ severity: Severity, resource: String = "bucket/b", line: Int = 5,
    message: String = "m", waiver: WaiverNote? = nil, pack: String = "data"
) -> Finding {
    Finding(
        rule: rule, name: rule.lowercased(), pack: pack, severity: severity, stack: "demo", environment: "production",
        resource: resource, location: SourceLocation(file: "specs/demo.yaml", line: line, column: 3), message: message, waiver: waiver)
}

private func evaluation(_ rule: String, resource: String = "bucket/b", pack: String = "data") -> Evaluation {
    Evaluation(
        rule: rule, pack: pack, stack: "demo", environment: "production", resource: resource,
        location: SourceLocation(file: "specs/demo.yaml", line: 4, column: 5))
}

private func report(findings: [Finding], evaluations: [Evaluation], errors: [Diagnostic] = [], failOn: Severity? = .error) -> LintReport {
    var report = LintReport(findings: findings, errors: errors, fileCount: 1, resourceCount: 1, failOn: failOn)
    report.evaluations = evaluations
    report.specs = [LoadedSpec(stack: "demo", environment: "production", file: "specs/demo.yaml")]
    report.rules = ["DATA001": RuleInfo(id: "DATA001", name: "public-bucket", pack: "data", summary: "s", fix: "Set public: false.")]
    return report
}

private let reporter = JUnitReporter(timestamp: "2026-11-23T10:15:00", hostname: "ci", elapsed: 0)

@Suite("JUnit XML")
struct JUnitReporterTests {
    @Test("passes, failures, findings below the gate, waived: counts and layout, valid against the schema")
    func layout() {
        let xml = reporter.render(
            report(
                findings: [
                    finding("DATA001", .error, line: 6, message: "bucket 'b' is public"),
                    finding("DATA002", .warning, line: 7, message: "no public access block"),
                    finding("DATA003", .info, resource: "bucket/c", waiver: WaiverNote(reason: "static site", expires: "2027-01-31", source: .spec)),
                ], evaluations: [evaluation("DATA001"), evaluation("DATA002"), evaluation("DATA003", resource: "bucket/c"), evaluation("ENC002", pack: "encryption")]))
        #expect(junitSchema.problems(xml) == nil, "\(xml)")
        #expect(xml.contains(#"<testsuites name="archlint" tests="4" failures="1" errors="0" skipped="1" time="0">"#))
        #expect(
            xml.contains(
                #"<testsuite name="demo/production" package="archlint.demo.production" id="0" tests="4" failures="1" errors="0" skipped="1" time="0" timestamp="2026-11-23T10:15:00" hostname="ci">"#
            ))
        #expect(xml.contains(#"<testcase classname="demo.production.data" name="DATA001 bucket/b" file="specs/demo.yaml" line="6" time="0">"#))
        #expect(xml.contains("specs/demo.yaml:6:3: error DATA001 bucket 'b' is public\nFix: Set public: false.\nMore: archlint rules DATA001\n</failure>"))
        #expect(xml.contains(#"<skipped message="waived until 2027-01-31: static site"/>"#))
        // Below the gate: the case passes, the finding is listed in system-out.
        #expect(xml.contains(#"<testcase classname="demo.production.data" name="DATA002 bucket/b" file="specs/demo.yaml" line="4" time="0"/>"#))
        #expect(xml.contains("<system-out>specs/demo.yaml:7:3: warning DATA002 no public access block [demo/production bucket/b]\n</system-out>"))
        #expect(xml.contains("<system-err></system-err>"))
    }

    @Test("--fail-on warning turns warnings into failures")
    func gate() {
        let xml = reporter.render(report(findings: [finding("DATA002", .warning)], evaluations: [evaluation("DATA002")], failOn: .warning))
        #expect(xml.contains(#"failures="1""#))
        #expect(junitSchema.problems(xml) == nil)
    }

    @Test("several findings of one rule on one resource make one failure listing them all")
    func oneFailurePerCase() {
        let xml = reporter.render(
            report(
                findings: [
                    finding("SG001", .error, resource: "security_group/g", line: 9, message: "port 22", pack: "security-groups"),
                    finding("SG001", .error, resource: "security_group/g", line: 8, message: "port 3389", pack: "security-groups"),
                ],
                evaluations: [evaluation("SG001", resource: "security_group/g", pack: "security-groups")]))
        #expect(xml.components(separatedBy: "<failure ").count == 2)
        #expect(xml.contains(#"<failure type="error" message="port 3389">"#))
        #expect(xml.contains("specs/demo.yaml:8:3: error SG001 port 3389\nspecs/demo.yaml:9:3: error SG001 port 22\n"))
        #expect(junitSchema.problems(xml) == nil)
    }

    @Test("a spec that failed to load is an error case in a suite named by its file")
    func loadErrors() {
        let xml = reporter.render(
            report(
                findings: [], evaluations: [],
                errors: [
                    Diagnostic("unknown key 'subnts' in network; did you mean 'subnets'?", file: "specs/typo.yaml", line: 7, column: 5),
                    Diagnostic("second", file: "specs/typo.yaml", line: 9, column: 1),
                ]))
        #expect(junitSchema.problems(xml) == nil, "\(xml)")
        #expect(xml.contains(#"<testcase classname="archlint.load" name="specs/typo.yaml" file="specs/typo.yaml" line="7" time="0">"#))
        #expect(xml.contains(#"<error type="invalid-spec" message="unknown key 'subnts' in network; did you mean 'subnets'?">"#))
        #expect(xml.contains("specs/typo.yaml:9:1: error: second\n"))
    }

    @Test("hostile text is escaped and forbidden characters replaced; the document stays valid")
    func escaping() {
        let nasty = "<script>&\"'\u{1}\u{0B}]]> \u{FFFE} done"
        let xml = reporter.render(report(findings: [finding("DATA001", .error, message: nasty)], evaluations: []))
        #expect(junitSchema.problems(xml) == nil, "\(xml)")
        #expect(!xml.contains("<script>"))
        #expect(!xml.contains("\u{1}"))
    }

    @Test("the same report renders to the same bytes")
    func deterministic() {
        let input = report(
            findings: [finding("DATA001", .error), finding("DATA002", .warning, line: 2)],
            evaluations: [evaluation("DATA002"), evaluation("DATA001"), evaluation("ENC002", pack: "encryption")])
        #expect(reporter.render(input) == reporter.render(input))
    }
}

@Suite("The project's JUnit schema")
struct JUnitSchemaTests {
    @Test("rejects a test case without file and line, and a suite without properties")
    func rejects() {
        let missingFile = """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuites name="a" tests="1" failures="0" errors="0" skipped="0" time="0">
              <testsuite name="s" package="p" id="0" tests="1" failures="0" errors="0" time="0" timestamp="2026-11-23T10:15:00" hostname="h">
                <properties/>
                <testcase classname="c" name="n" time="0"/>
                <system-out/>
                <system-err/>
              </testsuite>
            </testsuites>
            """
        #expect(junitSchema.problems(missingFile) != nil)
        let fixed = missingFile.replacingOccurrences(of: #"time="0"/>"#, with: #"time="0" file="f" line="1"/>"#)
        #expect(junitSchema.problems(fixed) == nil)
        #expect(junitSchema.problems(fixed.replacingOccurrences(of: "<properties/>\n", with: "")) != nil)
    }
}

@Suite("The JUnit report of the shipped specs")
struct ShippedJUnitTests {
    @Test("what the reporter makes of the shipped specs validates; test cases are unique and located")
    func shipped() throws {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        let root = parts.joined(separator: "/")
        // Made here, from the specs and the rules, not read from reports/: the test checks
        // what the code produces, whatever file happens to be in the working tree.
        let loaded = SpecLoader().load(paths: [root + "/specs"], root: RepositoryRoot(path: root, workingDirectory: root))
        #expect(loaded.diagnostics.isEmpty)
        let rules = RuleCatalog.builtin().rules
        let result = RuleEngine(rules: rules, recordEvaluations: true).run(loaded.workspace, today: CalendarDate(year: 2026, month: 12, day: 1)!)
        var report = LintReport(findings: result.findings, errors: [], fileCount: loaded.fileCount, resourceCount: loaded.workspace.resourceCount)
        report.evaluations = result.evaluations
        report.describe(rules: rules, workspace: loaded.workspace)
        let text = reporter.render(report)
        #expect(junitSchema.problems(text) == nil)
        // What GitLab, Jenkins and GitHub's reporters key on: classname + name, unique.
        let cases = text.components(separatedBy: "<testcase ").dropFirst().map { $0.prefix { $0 != ">" } }
        let keys = cases.map { attributes -> String in
            let classname = attributes.components(separatedBy: "classname=\"").dropFirst().first?.prefix { $0 != "\"" } ?? ""
            let name = attributes.components(separatedBy: " name=\"").dropFirst().first?.prefix { $0 != "\"" } ?? ""
            return "\(classname) \(name)"
        }
        #expect(cases.count > 500, "every rule × resource evaluation is a test case")
        #expect(Set(keys).count == keys.count)
        #expect(cases.allSatisfy { $0.contains(" file=\"specs/") && $0.contains(" line=\"") })
    }
}
