import ArchlintFindings

/// JUnit XML for CI dashboards, laid out as `docs/output.md` (and the design's junit.md)
/// says: one suite per stack-environment, one test case per rule × resource evaluated —
/// passes included — failing only at or above the gate, waived ones skipped, load errors
/// as error cases.
public struct JUnitReporter: Sendable {
    /// The run's start, local ISO 8601 without zone (`2026-11-23T10:15:00`).
    public var timestamp: String
    public var hostname: String
    /// Seconds the run took; 0 for reproducible reports.
    public var elapsed: Double

    public init(timestamp: String, hostname: String, elapsed: Double) {
        self.timestamp = timestamp
        self.hostname = hostname
        self.elapsed = elapsed
    }

    /// One test case: a rule on a resource, with the findings it produced.
    struct Case {
        var rule: String
        var pack: String
        var resource: String
        var file: String
        var line: Int
        var findings: [Finding]
    }

    struct Suite {
        var name: String
        var package: String
        var properties: [(String, String)]
        var cases: [Case] = []
        var systemOut: [String] = []
        /// For a spec that failed to load: its errors.
        var loadErrors: [Diagnostic] = []

        var tests: Int { loadErrors.isEmpty ? cases.count : 1 }
        var errors: Int { loadErrors.isEmpty ? 0 : 1 }
    }

    /// Which findings fail their test case, and the line a passing one gets in its suite's
    /// `system-out`. `check` fails the findings at the gate; `diff` only the new and
    /// escalated ones, and says which passing ones were there before.
    struct Judgement {
        var fails: (Finding) -> Bool
        var systemOutLine: (Finding) -> String
    }

    public func render(_ report: LintReport) -> String {
        let text = TextReporter()
        return render(report, Judgement(fails: report.failsGate, systemOutLine: text.line))
    }

    func render(_ report: LintReport, _ judgement: Judgement) -> String {
        let suites = self.suites(report, judgement)
        let suiteCounts = suites.map { counts($0, judgement) }
        let xml = XMLWriter()
        xml.start("testsuites")
        xml.attribute("name", "archlint")
        xml.attribute("tests", String(suiteCounts.reduce(0) { $0 + $1.tests }))
        xml.attribute("failures", String(suiteCounts.reduce(0) { $0 + $1.failures }))
        xml.attribute("errors", String(suiteCounts.reduce(0) { $0 + $1.errors }))
        xml.attribute("skipped", String(suiteCounts.reduce(0) { $0 + $1.skipped }))
        xml.attribute("time", seconds(elapsed))
        for (id, suite) in suites.enumerated() {
            write(suite, id: id, counts: suiteCounts[id], report, judgement, xml)
        }
        xml.end()
        return xml.finish()
    }

    // MARK: Building the suites

    func suites(_ report: LintReport, _ judgement: Judgement) -> [Suite] {
        var byName: [String: Suite] = [:]
        for spec in report.specs {
            byName[spec.name] = Suite(
                name: spec.name, package: "archlint.\(spec.stack).\(spec.environment)",
                properties: [
                    ("stack", spec.stack), ("environment", spec.environment), ("file", spec.file),
                    ("archlint.version", ArchlintVersion.current), ("fail-on", report.failOn?.rawValue ?? "none"),
                ])
        }
        // Test cases: every evaluation, and every finding (some findings, such as those on
        // a file's own fields, have no evaluation of their own).
        var cases: [String: Case] = [:]
        func key(_ stackEnvironment: String, _ rule: String, _ resource: String) -> String { "\(stackEnvironment)\u{0}\(rule)\u{0}\(resource)" }
        for evaluation in report.evaluations {
            cases[key("\(evaluation.stack)/\(evaluation.environment)", evaluation.rule, evaluation.resource)] = Case(
                rule: evaluation.rule, pack: evaluation.pack, resource: evaluation.resource,
                file: evaluation.location.file, line: evaluation.location.line, findings: [])
        }
        for finding in report.findings {
            let id = key(finding.stackEnvironment, finding.rule, finding.resource)
            var testCase =
                cases[id]
                ?? Case(
                    rule: finding.rule, pack: finding.pack, resource: finding.resource,
                    file: finding.location.file, line: finding.location.line, findings: [])
            testCase.findings.append(finding)
            cases[id] = testCase
        }
        for (id, testCase) in cases {
            let suiteName = String(id.split(separator: "\u{0}")[0])
            byName[suiteName]?.cases.append(testCase)
        }
        var suites = byName.values.map { suite -> Suite in
            var suite = suite
            suite.cases.sort { ($0.rule, $0.resource) < ($1.rule, $1.resource) }
            suite.systemOut = suite.cases.flatMap(\.findings).filter { !$0.isWaived && !judgement.fails($0) }
                .sorted(by: Finding.ordered).map(judgement.systemOutLine)
            return suite
        }
        // A spec that could not be loaded: a suite named by its file, one error case.
        let failed = Dictionary(grouping: report.errors, by: \.location.file)
        for (file, errors) in failed {
            var suite = Suite(
                name: file, package: "archlint.load",
                properties: [
                    ("file", file), ("archlint.version", ArchlintVersion.current), ("fail-on", report.failOn?.rawValue ?? "none"),
                ])
            suite.loadErrors = errors.sorted()
            suites.append(suite)
        }
        return suites.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }

    struct Counts {
        var tests = 0, failures = 0, errors = 0, skipped = 0
    }

    enum Outcome {
        case pass
        case failure([Finding])
        case skipped(String)
    }

    func outcome(_ testCase: Case, _ judgement: Judgement) -> Outcome {
        let gating = testCase.findings.filter(judgement.fails).sorted(by: Finding.ordered)
        if !gating.isEmpty { return .failure(gating) }
        let waived = testCase.findings.filter(\.isWaived).sorted(by: Finding.ordered)
        if let waiver = waived.first?.waiver, waived.count == testCase.findings.count {
            if waiver.source == .baseline { return .skipped("in baseline") }
            return .skipped("waived until \(waiver.expires ?? "further notice"): \(waiver.reason)")
        }
        return .pass
    }

    func counts(_ suite: Suite, _ judgement: Judgement) -> Counts {
        if !suite.loadErrors.isEmpty { return Counts(tests: 1, errors: 1) }
        var counts = Counts(tests: suite.cases.count)
        for testCase in suite.cases {
            switch outcome(testCase, judgement) {
            case .pass: break
            case .failure: counts.failures += 1
            case .skipped: counts.skipped += 1
            }
        }
        return counts
    }

    // MARK: Writing

    private func write(_ suite: Suite, id: Int, counts: Counts, _ report: LintReport, _ judgement: Judgement, _ xml: XMLWriter) {
        xml.start("testsuite")
        xml.attribute("name", suite.name)
        xml.attribute("package", suite.package)
        xml.attribute("id", String(id))
        xml.attribute("tests", String(counts.tests))
        xml.attribute("failures", String(counts.failures))
        xml.attribute("errors", String(counts.errors))
        xml.attribute("skipped", String(counts.skipped))
        xml.attribute("time", seconds(0))
        xml.attribute("timestamp", timestamp)
        xml.attribute("hostname", hostname)
        xml.start("properties")
        for (name, value) in suite.properties {
            xml.start("property")
            xml.attribute("name", name)
            xml.attribute("value", value)
            xml.end()
        }
        xml.fullEnd()
        if let first = suite.loadErrors.first {
            xml.start("testcase")
            xml.attribute("classname", "archlint.load")
            xml.attribute("name", suite.name)
            xml.attribute("file", suite.name)
            xml.attribute("line", String(first.location.line))
            xml.attribute("time", seconds(0))
            xml.start("error")
            xml.attribute("type", "invalid-spec")
            xml.attribute("message", first.message)
            xml.text("\n" + suite.loadErrors.map { "\($0)\n" }.joined())
            xml.end()
            xml.end()
        }
        for testCase in suite.cases {
            let stackEnvironment = suite.name.split(separator: "/").joined(separator: ".")
            xml.start("testcase")
            xml.attribute("classname", "\(stackEnvironment).\(testCase.pack)")
            xml.attribute("name", "\(testCase.rule) \(testCase.resource)")
            switch outcome(testCase, judgement) {
            case .failure(let findings):
                xml.attribute("file", findings[0].location.file)
                xml.attribute("line", String(findings[0].location.line))
                xml.attribute("time", seconds(0))
                xml.start("failure")
                xml.attribute("type", findings[0].severity.rawValue)
                xml.attribute("message", findings[0].message)
                var body = "\n"
                for finding in findings {
                    body += "\(finding.location): \(finding.severity.rawValue) \(finding.rule) \(finding.message)\n"
                    // A path, one hop per line, each with what allowed it.
                    for hop in finding.path ?? [] {
                        let origin = hop.allowedBy
                        body += "  \(hop.from) \(hop.text), allowed by \(origin.resource) at \(origin.location.file):\(origin.location.line)\n"
                    }
                }
                if let fix = report.rules[testCase.rule]?.fix, !fix.isEmpty { body += "Fix: \(fix)\n" }
                body += "More: archlint rules \(testCase.rule)\n"
                xml.text(body)
                xml.end()
            case .skipped(let message):
                xml.attribute("file", testCase.findings.first?.location.file ?? testCase.file)
                xml.attribute("line", String(testCase.findings.first?.location.line ?? testCase.line))
                xml.attribute("time", seconds(0))
                xml.start("skipped")
                xml.attribute("message", message)
                xml.end()
            case .pass:
                xml.attribute("file", testCase.file)
                xml.attribute("line", String(testCase.line))
                xml.attribute("time", seconds(0))
            }
            xml.end()
        }
        xml.start("system-out")
        xml.text(suite.systemOut.map { $0 + "\n" }.joined())
        xml.fullEnd()
        xml.start("system-err")
        xml.fullEnd()
        xml.end()
    }

    private func seconds(_ value: Double) -> String {
        let milliseconds = (value * 1000).rounded()
        return String(format3(milliseconds / 1000))
    }

    private func format3(_ value: Double) -> String {
        if value == value.rounded() { return String(Int(value)) }
        let thousandths = Int((value * 1000).rounded())
        let fraction = String(thousandths % 1000)
        return "\(thousandths / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }
}
