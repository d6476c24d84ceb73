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
        #expect(lines == [
            "packs/policy.yaml:19:11: error: POL001 example (fires): expected a finding on this line (marked # FIRES), got none",
            "packs/policy.yaml:24:30: error: POL001 example (passes): expected no finding, got: service 'two' runs 1 task(s)",
        ])
        #expect(run.stdout == "2 examples of 1 rule: 0 behave, 2 do not\n")
    }
}
