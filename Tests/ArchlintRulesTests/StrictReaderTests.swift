import ArchlintFindings
import ArchlintLoad
import ArchlintModel
@testable import ArchlintRules
import Testing

/// `line:column: message` of each error, in order.
private func located(_ errors: [Diagnostic]) -> [String] {
    errors.map { "\($0.location.line):\($0.location.column): \($0.message)" }
}

/// The errors `.archlint.yml` text reads with.
private func configErrors(_ yaml: String) -> [String] {
    let parsed = YAMLParser.parse(Array(yaml.utf8))
    guard let root = parsed.root else { return parsed.errors.map(\.message) }
    var reader = ConfigReader(file: ".archlint.yml")
    _ = reader.read(root)
    return located(reader.errors.sorted())
}

@Suite("Rule packs and the configuration are read through schema tables, as specs are")
struct StrictReaderTests {
    @Test("an unknown key in a pack is located, with the key meant, and is one error")
    func packUnknownKey() {
        let yaml = rule("builtin: tier-zones").replacingOccurrences(of: "    summary: s\n", with: "    sumary: s\n")
        #expect(located(pack(yaml).errors) == ["6:5: unknown key 'sumary' in rule; did you mean 'summary'?"])
        let top = "pack: p\ntitel: T\n" + rule("builtin: tier-zones").dropFirst("pack: test\n".count)
        #expect(located(pack(top).errors) == ["2:1: unknown key 'titel' in rule pack; did you mean 'title'?"])
    }

    @Test("unknown keys deeper in a pack: a check, a parameter, a severity table, examples")
    func packNestedUnknownKeys() {
        let check = located(pack(rule("check:\n  selct: bucket\n  require: {path: versioning, is_true: true}\n  message: m")).errors)
        #expect(check == ["10:7: unknown key 'selct' in check; did you mean 'select'?"])
        let parameter = located(pack(rule(parameters: "days: {defualt: 3}", "builtin: tier-zones")).errors)
        #expect(parameter == ["10:14: unknown key 'defualt' in parameter 'days'; did you mean 'default'?"])
        let severity = located(pack(rule(severity: "{production: error, stagng: info}", "builtin: tier-zones")).errors)
        #expect(severity == ["5:35: unknown key 'stagng' in severity; did you mean 'staging'?"])
        let examples = rule("builtin: tier-zones").replacingOccurrences(of: "passes:", with: "pases:")
        #expect(located(pack(examples).errors) == ["12:7: unknown key 'pases' in examples; did you mean 'passes'?"])
    }

    @Test("a severity table naming no environment is an error, not a rule left out in silence")
    func emptySeverityTable() {
        let catalog = pack(rule(severity: "{}", "builtin: tier-zones"))
        #expect(located(catalog.errors) == ["5:15: severity names no environment; give production, staging or development"])
        // A misspelt environment is one error.
        #expect(
            located(pack(rule(severity: "{prod: error}", "builtin: tier-zones")).errors)
                == ["5:16: unknown key 'prod' in severity; expected one of: production, staging, development"])
    }

    @Test("a value of the wrong type in a pack is a located error")
    func packWrongType() {
        let yaml = rule("builtin: tier-zones").replacingOccurrences(of: "    fix: f\n", with: "    fix: [f]\n")
        #expect(located(pack(yaml).errors) == ["8:10: 'fix' must be a string, found a list"])
        #expect(
            located(pack(rule(severity: "[error]", "builtin: tier-zones")).errors)
                == ["5:15: expected a mapping for severity, found a list"])
        #expect(
            located(pack(rule("check:\n  select: bucket\n  require: {path: versioning, is_true: true}\n  message: [m]")).errors)
                == ["12:16: 'message' must be a string, found a list"])
        #expect(located(pack("pack: p\nrules: {a: 1}\n").errors) == ["2:8: 'rules' must be a list of rules"])
    }

    @Test("a pack full of mistakes keeps as many errors as a spec does, then says how many more")
    func packErrorCap() {
        let yaml = "pack: p\nrules: []\n" + (0..<120).map { "unknown\($0): 1\n" }.joined()
        let errors = pack(yaml).errors
        #expect(errors.count == DecodeContext.maxErrors + 1)
        #expect(errors.contains { $0.message == "20 more errors in this file not shown; fix these first" })
    }

    @Test("an error in a value merged into a rule names the rule by its ID and the merge, as spec errors do")
    func packMergeNote() {
        let yaml =
            "pack: p\nx-defaults: &d\n  rationale: r\n  fix: [f]\nrules:\n  - id: T001\n    name: t\n    <<: *d\n"
            + "    severity: error\n    summary: s\n    builtin: tier-zones\n    examples: {fires: [\"x # FIRES\"], passes: [x]}\n"
        #expect(located(pack(yaml).errors) == ["4:8: 'fix' must be a string, found a list (merged into rule 'T001' at line 8)"])
    }

    @Test("a key with nothing after it is left out, as in specs")
    func packNullIsLeftOut() {
        let yaml = rule("builtin: tier-zones").replacingOccurrences(of: "    severity: error\n", with: "    severity:\n")
        #expect(located(pack(yaml).errors) == ["3:5: rule TST001 is missing required key 'severity'"])
    }

    @Test("an unknown key in the configuration is located, with the key meant, at every level")
    func configUnknownKey() {
        #expect(configErrors("spec: [specs]\n") == ["1:1: unknown key 'spec' in the configuration; did you mean 'specs'?"])
        #expect(configErrors("reports: {junt: r.xml}\n") == ["1:11: unknown key 'junt' in reports; did you mean 'junit'?"])
        #expect(configErrors("rules:\n  NET004: {severty: off}\n") == ["2:12: unknown key 'severty' in rule NET004; did you mean 'severity'?"])
        // The key meant is not also reported missing.
        #expect(
            configErrors("waivers:\n  - {resource: shop/production/bucket/site, rul: DATA001, reason: r}\n")
                == ["2:45: unknown key 'rul' in a waiver; did you mean 'rule'?"])
    }

    @Test("a value of the wrong type in the configuration is a located error")
    func configWrongType() {
        #expect(configErrors("baseline: [a, b]\n") == ["1:11: baseline must be a string, found a list"])
        #expect(configErrors("specs: {a: b}\n") == ["1:8: specs must be a path or a list of paths"])
        #expect(configErrors("reports: [junit]\n") == ["1:10: expected a mapping for reports, found a list"])
        #expect(
            configErrors("waivers:\n  - {resource: shop/production/bucket/site, rule: DATA001, reason: r, expires: soon}\n")
                == ["2:80: expires must be a date, YYYY-MM-DD"])
        #expect(
            configErrors("waivers:\n  - {rule: DATA001}\n")
                == ["2:5: this waiver is missing required key 'reason'", "2:5: this waiver is missing required key 'resource'"])
    }

    @Test("the tables describe every key the readers accept")
    func tablesDescribeTheFormats() {
        #expect(PackSchema.formatDescription.fields.map(\.key) == ["pack", "title", "description", "rules"])
        let rule = PackSchema.formatDescription.fields.first { $0.key == "rules" }?.nested
        #expect(rule?.fields.filter(\.isRequired).map(\.key) == ["id", "name", "severity", "summary", "rationale", "fix", "examples"])
        #expect(
            ConfigSchema.formatDescription.fields.map(\.key)
                == ["specs", "exclude", "rule_packs", "fail_on", "reports", "rules", "waivers", "baseline"])
        let reports = ConfigSchema.formatDescription.fields.first { $0.key == "reports" }?.nested
        #expect(reports?.fields.map(\.key) == ReportFormat.files.map(\.rawValue))
    }
}
