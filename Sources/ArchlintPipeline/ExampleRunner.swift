import ArchlintFindings
import ArchlintLoad
import ArchlintModel
import ArchlintRules

/// Runs a rule's examples: an example that fires must produce findings of the rule on
/// exactly the lines marked `# FIRES`; one that passes must produce none. Used by the test
/// suite for every built-in rule, and by `archlint rules --check-examples` for any pack.
/// An example runs through the same pipeline as `archlint check` (`LintRun`, on its files
/// held in memory, without a configuration or a baseline), so it behaves as it would there.
public struct ExampleRunner: Sendable {
    public let catalog: RuleCatalog
    public let today: CalendarDate

    public init(catalog: RuleCatalog, today: CalendarDate) {
        self.catalog = catalog
        self.today = today
    }

    /// The header an example gets when it does not write its own.
    static let header = "archlint: 1\nstack: example\nenvironment: production\n"

    /// Problems with `example` of `rule`; empty when it behaves. Each points into the pack
    /// when the example's lines are the pack's (a literal block), else at the example.
    public func verify(_ example: RuleExample, of rule: Rule) -> [ExampleProblem] {
        var documents: [(path: String, bytes: [UInt8])] = []
        var marked: [String: Set<Int>] = [:]
        // Lines the header adds in front of each file's own text.
        var shifts: [String: Int] = [:]
        // A drift rule's example holds the Terraform plan (`terraform show -json`) beside the
        // spec, as a file whose name ends in `.json`: the run compares the spec with it.
        var plan: TerraformInput.Plan?
        var stackEnvironment = StackEnvironment(stack: "example", environment: .production)
        for file in example.files {
            if file.name.hasSuffix(".json") {
                plan = .bytes(path: file.name, Array(file.text.utf8))
                continue
            }
            if documents.isEmpty { stackEnvironment = Self.stackEnvironment(of: file.text) ?? stackEnvironment }
            var text = file.text
            var shift = 0
            if !text.split(separator: "\n").contains(where: { $0.hasPrefix("archlint:") }) {
                text = ExampleRunner.header + text
                shift = 3
            }
            shifts[file.name] = shift
            for (offset, line) in file.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.contains(RuleExample.marker) {
                marked[file.name, default: []].insert(offset + 1 + shift)
            }
            documents.append((file.name, Array(text.utf8)))
        }

        /// A place in a loaded example file, as a place in the pack when known.
        func locate(_ place: SourceLocation, _ message: String) -> ExampleProblem {
            let shift = shifts[place.file] ?? 0
            if let file = example.files.first(where: { $0.name == place.file }),
                let location = file.packLocation(line: place.line - shift, column: place.column)
            {
                return ExampleProblem(location: location, message: message)
            }
            return ExampleProblem(location: example.source, message: "at \(place): \(message)")
        }

        // No report is rendered, so the clock is never read.
        var request = RunRequest(specs: .documents(documents), today: today, clock: .fixed(epoch: 0), catalog: catalog, configuration: .none)
        request.terraform = plan.map { TerraformInput(plan: $0, stackEnvironment: stackEnvironment) }
        let run = LintRun(request)
        if let failure = run.driftFailure, case .noSpec = failure {
            return [ExampleProblem(location: example.source, message: "the example's plan has no spec to compare with: \(failure.message)")]
        }
        if !run.report.errors.isEmpty {
            return run.report.errors.map { locate($0.location, "the example does not load: \($0.message)") }
        }
        let findings = run.report.findings.filter { $0.rule == rule.id }
        var problems: [ExampleProblem] = []
        switch example.expectation {
        case .passes:
            problems += findings.map { locate($0.location, "expected no finding, got: \($0.message)") }
        case .fires:
            let found = Set(findings.map { "\($0.location.file):\($0.location.line)" })
            for (name, lines) in marked.sorted(by: { $0.key < $1.key }) {
                for line in lines.sorted() where !found.contains("\(name):\(line)") {
                    problems.append(
                        locate(
                            SourceLocation(file: name, line: line, column: 1),
                            "expected a finding on this line (marked \(RuleExample.marker)), got none"))
                }
            }
            for finding in findings where !(marked[finding.location.file]?.contains(finding.location.line) ?? false) {
                problems.append(locate(finding.location, "unexpected finding: \(finding.message)"))
            }
            if problems.isEmpty, case .set? = rule.autofix {
                problems += verifyFix(of: rule, findings: findings, run: run, documents: documents, plan: request.terraform, locate: locate)
            }
        }
        return problems
    }

    /// The rule's autofix applied to an example that fires must fix every finding, leave a
    /// spec that loads, silence the rule and add no finding of another rule.
    func verifyFix(
        of rule: Rule, findings: [Finding], run: LintRun, documents: [(path: String, bytes: [UInt8])],
        plan terraform: TerraformInput?, locate: (SourceLocation, String) -> ExampleProblem
    ) -> [ExampleProblem] {
        let texts = Dictionary(documents.map { ($0.path, $0.bytes) }, uniquingKeysWith: { first, _ in first })
        let fixPlan = FixPlanner.plan(for: findings, rules: [rule], read: { texts[$0] })
        var problems = fixPlan.skipped.map { locate($0.location, "the autofix cannot fix this finding: \($0.reason)") }
        guard problems.isEmpty else { return problems }
        let fixed = Dictionary(fixPlan.files.map { ($0.path, $0.fixed) }, uniquingKeysWith: { first, _ in first })
        var request = RunRequest(
            specs: .documents(documents.map { ($0.path, fixed[$0.path] ?? $0.bytes) }), today: today, clock: .fixed(epoch: 0),
            catalog: catalog, configuration: .none)
        request.terraform = terraform
        let after = LintRun(request)
        if !after.report.errors.isEmpty {
            return after.report.errors.map { locate($0.location, "the example fixed by the autofix does not load: \($0.message)") }
        }
        for finding in after.report.findings where finding.rule == rule.id {
            problems.append(locate(finding.location, "the autofix leaves the finding: \(finding.message)"))
        }
        // Other rules' findings, by rule and resource: the fix must not add one.
        var before: [String: Int] = [:]
        for finding in run.report.findings where finding.rule != rule.id { before["\(finding.rule) \(finding.resource)", default: 0] += 1 }
        for finding in after.report.findings where finding.rule != rule.id {
            let key = "\(finding.rule) \(finding.resource)"
            if before[key, default: 0] > 0 {
                before[key]! -= 1
            } else {
                problems.append(ExampleProblem(location: rule.source, message: "the autofix adds a finding: \(finding.rule) \(finding.message)"))
            }
        }
        return problems
    }
}

extension ExampleRunner {
    /// The stack-environment a spec's text writes in its own header, if it does.
    static func stackEnvironment(of text: String) -> StackEnvironment? {
        var stack: String?
        var environment: Environment?
        for line in text.split(separator: "\n") {
            let words = line.split(separator: "#", maxSplits: 1).first?.split(separator: " ") ?? []
            guard words.count == 2 else { continue }
            if words[0] == "stack:" { stack = String(words[1]) }
            if words[0] == "environment:" { environment = Environment(rawValue: String(words[1])) }
        }
        guard let stack, let environment else { return nil }
        return StackEnvironment(stack: stack, environment: environment)
    }
}

/// An example that misbehaves: where, and how.
public struct ExampleProblem: Sendable, CustomStringConvertible {
    public let location: SourceLocation
    public let message: String

    public var description: String { "\(location): \(message)" }
}
