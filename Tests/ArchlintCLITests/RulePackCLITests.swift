import Foundation
import Testing

/// A pack of one rule about services, with `check` lines and examples given by the test.
private func policyPack(check: String, examples: String) -> String {
    """
    pack: policy
    rules:
      - id: POL001
        name: single-task-service
        severity: error
        summary: s
        rationale: r
        fix: f
        check:
    \(check)
        examples:
    \(examples)
    """
}

private let serviceCheck = """
          select: service
          require: {path: desired_count, gte: 2}
          message: "service '{name}' runs {desired_count} task(s)"
    """

@Suite("archlint rules: finding rules, and packs that catch typos", .serialized)
struct RulePackCLITests {
    @Test("a rule is found by ID in any case or by name; a near miss suggests the ID")
    func lookup() throws {
        let byName = try archlint(["rules", "plaintext-listener"])
        #expect(byName.status == 0)
        #expect(byName.stdout.hasPrefix("# ENC005 plaintext-listener\n"))
        let nearMiss = try archlint(["rules", "ENC05"])
        #expect(nearMiss.status == 2)
        #expect(nearMiss.stderr.contains("no rule 'ENC05'; did you mean 'ENC005'?"))
        let nameTypo = try archlint(["rules", "plaintext-listner"])
        #expect(nameTypo.status == 2)
        #expect(nameTypo.stderr.contains("did you mean 'ENC005'?"))
    }

    @Test("no option of rules is ignored: ID with --check-examples checks that rule; --write-docs takes neither")
    func options() throws {
        let one = try archlint(["rules", "ENC005", "--check-examples"])
        #expect(one.status == 0)
        #expect(one.stdout.hasPrefix("3 examples of 1 rule:"), "\(one.stdout)")
        for arguments in [["rules", "ENC005", "--write-docs", "out"], ["rules", "--check-examples", "--write-docs", "out"]] {
            let scratch = try Scratch([:])
            let run = try archlint(arguments, in: scratch.path)
            #expect(run.status == 2, "\(arguments)")
            #expect(!FileManager.default.fileExists(atPath: scratch.path + "/out"), "\(arguments)")
        }
    }

    @Test("an attribute typo in a --rules pack stops rules and check with a located error and exit 2")
    func packTypo() throws {
        let check = serviceCheck.replacingOccurrences(of: "path: desired_count", with: "path: desired_cout")
        let scratch = try Scratch([
            "packs/policy.yaml": policyPack(check: check, examples: "      fires: [\"services: [{name: a}]  # FIRES\"]\n      passes: [x]"),
            "a.yaml": "archlint: 1\nstack: demo\nenvironment: development\n",
        ])
        let expected = "packs/policy.yaml:11:23: error: bad path 'desired_cout': a service has no attribute 'desired_cout'; did you mean 'desired_count'?"
        let rules = try archlint(["rules", "--rules", "packs"], in: scratch.path)
        #expect(rules.status == 2)
        #expect(rules.stderr.contains(expected), "\(rules.stderr)")
        let lint = try archlint(["check", "--no-config", "--rules", "packs", "a.yaml"], in: scratch.path)
        #expect(lint.status == 2)
        #expect(lint.stderr.contains(expected), "\(lint.stderr)")
    }

    @Test("--check-examples points at the lines of the pack file itself")
    func examplesInPackLines() throws {
        let examples = """
                  fires:
                    - |
                      services:
                        - name: one        # FIRES
                        - name: three
                          desired_count: 3 # FIRES
                  passes:
                    - |
                      services:
                        - name: two
                          desired_count: 1
            """
        let scratch = try Scratch(["packs/policy.yaml": policyPack(check: serviceCheck, examples: examples)])
        let run = try archlint(["rules", "POL001", "--rules", "packs", "--check-examples"], in: scratch.path)
        #expect(run.status == 1)
        let lines = run.stderr.split(separator: "\n").map(String.init)
        // Line 19 is `desired_count: 3 # FIRES` (the block's text starts in column 11); line
        // 24 holds the `1` of `desired_count: 1`.
        #expect(
            lines == [
                "packs/policy.yaml:19:11: error: POL001 example (fires): expected a finding on this line (marked # FIRES), got none",
                "packs/policy.yaml:24:30: error: POL001 example (passes): expected no finding, got: service 'two' runs 1 task(s)",
            ])
        #expect(run.stdout == "2 examples of 1 rule: 0 behave, 2 do not\n")
    }
}

@Suite("Waivers that catch typos", .serialized)
struct WaiverCLITests {
    private let spec = """
        archlint: 1
        stack: shop
        environment: development
        buckets:
          - name: site
            public: true
            encryption: AES256
            versioning: true
            waivers:
              - {rule: HA08, reason: a typo}
          - name: logs
            encryption: AES256
            versioning: true
            public_access_block: true

        """

    private func findings(_ run: Run) -> [[String: Any]] {
        (run.json?["findings"] as? [[String: Any]]) ?? []
    }

    private func errors(_ run: Run) -> [String] {
        ((run.json?["errors"] as? [[String: Any]]) ?? []).map { "\($0["file"] ?? ""):\($0["line"] ?? 0):\($0["column"] ?? 0) \($0["message"] ?? "")" }
    }

    @Test("a spec waiver naming no rule of the run is an error suggesting the ID; the rest of the run is still reported")
    func unknownRuleInSpec() throws {
        let scratch = try Scratch(["specs/shop.yaml": spec])
        let run = try archlint(["check", "--no-config", "--format", "json", "specs"], in: scratch.path, environment: ["ARCHLINT_TODAY": "2026-06-01"])
        #expect(run.status == 2)
        #expect(
            errors(run) == [
                "specs/shop.yaml:10:16 this waiver names unknown rule 'HA08': no rule pack of this run has it (packs not given with --rules or the configuration's rule_packs are not loaded); did you mean 'HA008'?"
            ])
        // Not also "unused": the error says what is wrong with it.
        #expect(!findings(run).contains { $0["rule"] as? String == "META002" })
        #expect(findings(run).contains { $0["rule"] as? String == "DATA001" && $0["resource"] as? String == "bucket/site" })
    }

    @Test("configuration waivers: an unknown rule is an error; rules of its rule_packs are known; expired ones are META001, missing resources META002, in the configuration file")
    func centralWaivers() throws {
        let fixed = spec.replacingOccurrences(of: "      - {rule: HA08, reason: a typo}", with: "      - {rule: DATA001, reason: public page}")
        let pack = """
            pack: policy
            rules:
              - id: POL001
                name: bucket-without-logs
                severity: warning
                summary: s
                rationale: r
                fix: f
                check:
                  select: bucket
                  require: {path: access_logs, is_true: true}
                  message: "bucket '{name}' keeps no access logs"
                examples:
                  fires: ["buckets: [{name: a}]  # FIRES"]
                  passes: ["buckets: [{name: a, access_logs: true}]"]
            """
        let scratch = try Scratch([
            "specs/shop.yaml": fixed,
            "policies/policy.yaml": pack,
            "archlint.yml": """
            rule_packs: [policies]
            rules:
              POL001: {severity: info}
            waivers:
              - {resource: shop/development/bucket/logs, rule: POL001, reason: logs of logs, expires: 2026-05-31}
              - {resource: shop/development/bucket/logz, rule: POL001, reason: a typo}
              - {resource: shop/development/bucket/logs, rule: ENC002, reason: nothing to waive}
              - {resource: other/development/bucket/logs, rule: ENC002, reason: a stack this run does not load}

            """,
        ])
        let run = try archlint(
            ["check", "--config", "archlint.yml", "--format", "json", "specs"], in: scratch.path,
            environment: ["ARCHLINT_TODAY": "2026-06-01"])
        #expect(errors(run).isEmpty, "\(errors(run))")
        let about = findings(run).filter { ($0["file"] as? String) == "archlint.yml" }
            .map { "\($0["line"] ?? 0) \($0["rule"] ?? "") \($0["severity"] ?? "") \($0["resource"] ?? "") \($0["message"] ?? "")" }
        #expect(
            about == [
                "5 META001 warning bucket/logs the waiver of POL001 on bucket 'logs' expired on 2026-05-31, so the finding counts again; fix it, or renew the waiver with a new date and reason",
                "6 META002 info bucket/logz the waiver of POL001 names shop/development/bucket/logz, which does not exist (did you mean 'bucket/logs'?); correct it or remove it",
                "7 META002 info bucket/logs the waiver of ENC002 on bucket 'logs' matches no finding; remove it",
            ])
        // The expired waiver no longer applies.
        #expect(findings(run).contains { $0["rule"] as? String == "POL001" && $0["resource"] as? String == "bucket/logs" && $0["waived"] as? Bool == false })

        // A waiver naming a rule no pack of the run has is a located error with the ID meant.
        try Data("waivers:\n  - {resource: shop/development/bucket/logs, rule: POL01, reason: r}\n".utf8)
            .write(to: URL(fileURLWithPath: scratch.path + "/typo.yml"))
        let typo = try archlint(["check", "--config", "typo.yml", "--rules", "policies", "--format", "json", "specs"], in: scratch.path)
        #expect(typo.status == 2)
        #expect(
            errors(typo) == [
                "typo.yml:2:52 this waiver names unknown rule 'POL01': no rule pack of this run has it (packs not given with --rules or the configuration's rule_packs are not loaded); did you mean 'POL001'?"
            ])
        // Without the pack, its rule is unknown to the run, and the error says why.
        let withoutPack = try archlint(["check", "--config", "typo.yml", "--format", "json", "specs"], in: scratch.path)
        #expect(errors(withoutPack).first?.contains("this waiver names unknown rule 'POL01': no rule pack of this run has it (packs not given with --rules") == true)
    }
}
