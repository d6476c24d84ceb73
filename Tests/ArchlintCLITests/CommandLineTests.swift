import Foundation
import Testing

/// A spec no rule finds anything in.
private let good = "archlint: 1\nstack: demo\nenvironment: development\nbuckets:\n  - {name: b, encryption: AES256, public_access_block: true, versioning: true}\n"
private let typo = "archlint: 1\nstack: typo\nenvironment: production\nbukets: []\n"

@Suite("archlint on the command line", .serialized)
struct CommandLineTests {
    @Test("validate accepts the five shipped stacks")
    func validateShippedSpecs() throws {
        let run = try archlint(["validate", "specs/"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr == "")
        #expect(run.stdout == "VALID: 7 files loaded (174 resources)\n", "validate runs no rules, so it prints no finding counts")
    }

    @Test("check with no path reads ./specs")
    func defaultPath() throws {
        let run = try archlint(["check", "--no-config", "--format", "json"])
        #expect(run.json?["summary"].flatMap { ($0 as? [String: Any])?["files"] as? Int } == 7)
    }

    @Test("JSON output has the contract's shape and nothing else on stdout")
    func jsonShape() throws {
        let scratch = try Scratch(["a.yaml": good, "b.yaml": typo])
        let run = try archlint(["check", "--format", "json", "."], in: scratch.path)
        #expect(run.status == 2)
        let json = try #require(run.json, "stdout is not one JSON object: \(run.stdout)")
        #expect(Set(json.keys) == ["archlint", "findings", "errors", "summary"])
        #expect(json["archlint"] as? String == "1.0.0")
        #expect((json["findings"] as? [Any])?.isEmpty == true)
        let errors = try #require(json["errors"] as? [[String: Any]])
        #expect(errors.count == 1)
        #expect(errors.first?["file"] as? String == "b.yaml")
        #expect(errors.first?["line"] as? Int == 4)
        #expect(errors.first?["column"] as? Int == 1)
        #expect(errors.first?["message"] as? String == "unknown key 'bukets' in spec; did you mean 'buckets'?")
        let summary = try #require(json["summary"] as? [String: Any])
        #expect(summary["files"] as? Int == 2)
        #expect(summary["resources"] as? Int == 1)
        #expect(summary["errors"] as? Int == 1)
        #expect(summary["waived"] as? Int == 0)
        #expect(summary["findings"] as? [String: Int] == ["error": 0, "warning": 0, "info": 0])
    }

    @Test("JSON keys are sorted and output is byte-for-byte repeatable")
    func deterministic() throws {
        let scratch = try Scratch(["a.yaml": good, "b.yaml": typo])
        let first = try archlint(["check", "--format", "json", "."], in: scratch.path)
        let second = try archlint(["check", "--format", "json", "."], in: scratch.path)
        #expect(first.stdout == second.stdout)
        let keys = first.stdout.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { $0.split(separator: "\"")[1] }
        #expect(keys == ["archlint", "errors", "findings", "summary"])
    }

    @Test("text output: errors on stderr as file:line:col: error:, summary on stdout, exit 2")
    func textErrors() throws {
        let scratch = try Scratch(["a.yaml": good, "b.yaml": typo])
        let run = try archlint(["check", "."], in: scratch.path)
        #expect(run.status == 2)
        #expect(
            run.stderr == """
                b.yaml:4:1: error: unknown key 'bukets' in spec; did you mean 'buckets'?
                  |
                4 | bukets: []
                  | ^

                """)
        #expect(
            run.stdout == """
                0 errors, 0 warnings, 0 info in the 1 of 2 files that loaded (1 resource); 1 input error in 1 file
                FAILED: 1 input error in 1 file

                """)
    }

    @Test("colour on a terminal; never with NO_COLOR; --color and FORCE_COLOR for CI logs")
    func colour() throws {
        let scratch = try Scratch(["b.yaml": typo, "a.yaml": good])
        let escape = "\u{1B}["
        // On a pseudo-terminal colour is on, so the NO_COLOR case below can fail.
        let terminal = try archlintOnTerminal(["check", "."], in: scratch.path)
        #expect(terminal.status == 2)
        #expect(terminal.screen.contains(escape), "\(terminal.screen)")
        let noColor = try archlintOnTerminal(["check", "."], in: scratch.path, environment: ["NO_COLOR": "1"])
        #expect(noColor.screen.contains("FAILED:") && !noColor.screen.contains(escape), "\(noColor.screen)")
        let forced = try archlintOnTerminal(["check", ".", "--color", "always"], in: scratch.path, environment: ["NO_COLOR": "1"])
        #expect(forced.screen.contains(escape))
        // Not a terminal: no colour, unless FORCE_COLOR or --color always; --color never wins.
        #expect(!(try archlint(["check", "."], in: scratch.path, environment: ["NO_COLOR": ""])).stdout.contains(escape))
        #expect(try archlint(["check", "."], in: scratch.path, environment: ["NO_COLOR": "", "FORCE_COLOR": "1"]).stdout.contains(escape))
        #expect(!(try archlint(["check", ".", "--color", "never"], in: scratch.path, environment: ["NO_COLOR": "", "FORCE_COLOR": "1"])).stdout.contains(escape))
        #expect(!(try archlint(["check", "."], in: scratch.path, environment: ["NO_COLOR": "", "FORCE_COLOR": "0"])).stdout.contains(escape))
    }

    @Test("every load error shows its source line and a caret: specs, rule packs and the configuration")
    func sourceExcerpts() throws {
        let scratch = try Scratch([
            "a.yaml": "archlint: 1\nstack: demo\nenvironment: production\nsecurity_groups:\n  - name: web\n    ingress:\n      - {port: 443, from: 0.0.0.0/0}\n",
            "packs/bad.yaml": "pack: bad\nrules:\n  - id: BAD1\n    nme: x\n",
            "cfg.yml": "fail_on: sometimes\n",
        ])
        let spec = try archlint(["validate", "a.yaml"], in: scratch.path)
        // One mistake, one error: no "missing required key 'ports'" beside it.
        #expect(
            spec.stderr == """
                a.yaml:7:10: error: unknown key 'port' in ingress rule; did you mean 'ports'?
                  |
                7 |       - {port: 443, from: 0.0.0.0/0}
                  |          ^

                """)
        let pack = try archlint(["rules", "--rules", "packs"], in: scratch.path)
        #expect(pack.stderr.hasSuffix("packs/bad.yaml:4:5: error: unknown key 'nme' in rule; did you mean 'name'?\n  |\n4 |     nme: x\n  |     ^\n"), "\(pack.stderr)")
        #expect(pack.stderr.contains("packs/bad.yaml:3:5: error: rule BAD1 is missing required key 'fix'\n  |\n3 |   - id: BAD1\n  |     ^\n"))
        #expect(!pack.stderr.contains("missing required key 'name'"), "one mistake, one error")
        let config = try archlint(["check", "--config", "cfg.yml", "a.yaml"], in: scratch.path)
        #expect(config.stderr.contains("cfg.yml:1:10: error: fail_on is 'sometimes'"), "\(config.stderr)")
        #expect(config.stderr.contains("\n  |\n1 | fail_on: sometimes\n  |          ^\n"), "\(config.stderr)")
        // JSON keeps its shape.
        let json = try archlint(["validate", "--format", "json", "a.yaml"], in: scratch.path)
        #expect((json.json?["errors"] as? [[String: Any]])?.first?.keys.sorted() == ["column", "file", "line", "message"])
    }

    @Test("completion scripts complete spec paths, report files, pack folders and rule IDs")
    func completions() throws {
        let bash = try archlint(["--generate-completion-script", "bash"])
        #expect(bash.status == 0)
        // Spec paths: folders and .yaml/.yml files.
        #expect(bash.stdout.contains("-o plusdirs -fX '!*.@(yaml|yml)'"))
        // --rules and --write-docs take folders, --junit/--sarif/--baseline files.
        #expect(bash.stdout.contains("__archlint_add_completions -d"))
        #expect(bash.stdout.contains("__archlint_add_completions -f"))
        // `archlint rules ID`: the built-in rule IDs.
        for id in ["NET001", "SG001", "ENC001", "SEC007"] {
            #expect(bash.stdout.contains("'\(id)'"), "\(id)")
        }
        for shell in ["zsh", "fish"] {
            let script = try archlint(["--generate-completion-script", shell])
            #expect(script.status == 0)
            #expect(script.stdout.contains("NET001"), "\(shell)")
        }
    }

    @Test("a clean folder exits 0")
    func clean() throws {
        let scratch = try Scratch(["a.yaml": good])
        let run = try archlint(["check", "."], in: scratch.path)
        #expect(run.status == 0)
        #expect(run.stderr == "")
    }

    @Test("a wrong command line exits 2 with a message on stderr")
    func usageErrors() throws {
        for arguments in [
            ["check", "--format", "yaml"], ["check", "--fail-on", "fatal"], ["frobnicate"],
            ["check", "--config", "x.yml", "--no-config"],
        ] {
            let run = try archlint(arguments)
            #expect(run.status == 2, "\(arguments)")
            #expect(run.stdout == "", "\(arguments)")
            #expect(!run.stderr.isEmpty, "\(arguments)")
        }
    }

    @Test("--version and --help")
    func versionAndHelp() throws {
        let version = try archlint(["--version"])
        #expect(version.status == 0)
        // The version and the commit the binary was built from: the checkout's HEAD (the
        // build embeds it, and `swift test` builds after the last commit), or `unknown`
        // where the package is not a git checkout.
        let head = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["git", "rev-parse", "HEAD"])
        if head.status == 0 {
            #expect(version.stdout == "1.0.0 (commit \(head.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))\n")
        } else {
            #expect(version.stdout == "1.0.0 (commit unknown)\n")
        }
        let help = try archlint(["check", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("Exit status:"))
        #expect(help.stdout.contains("--fail-on"))
    }

    @Test("hostile files exit 2 with located errors while a good file is still checked")
    func hostile() throws {
        let scratch = try Scratch([
            "good.yaml": good,
            "deep.yaml": String(repeating: "[", count: 200_000),
            "self.yaml": "a: &a\n  b: *a\n",
            "python.yaml": "a: !!python/object/apply:os.system [ls]\n",
            "empty.yaml": "",
        ])
        let run = try archlint(["check", "--format", "json", "."], in: scratch.path)
        #expect(run.status == 2)
        let json = try #require(run.json)
        let errors = try #require(json["errors"] as? [[String: Any]])
        #expect(Set(errors.compactMap { $0["file"] as? String }) == ["deep.yaml", "self.yaml", "python.yaml", "empty.yaml"])
        #expect((json["summary"] as? [String: Any])?["resources"] as? Int == 1)
    }
}

@Suite("archlint rules", .serialized)
struct RulesCommandTests {
    @Test("lists every rule, one line each")
    func list() throws {
        let run = try archlint(["rules"])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 70)
        #expect(lines.contains { $0.hasPrefix("NET001  subnet-overlap  [network, error]") })
    }

    @Test("shows one rule's page")
    func page() throws {
        let run = try archlint(["rules", "enc001"])
        #expect(run.status == 0)
        for heading in ["# ENC001 database-unencrypted", "## What it does", "## Why is this bad?", "## How to fix", "## Example", "## Use instead", "## Parameters"] {
            #expect(run.stdout.contains(heading), "\(heading)")
        }
    }

    @Test("an unknown rule is a command-line error")
    func unknown() throws {
        let run = try archlint(["rules", "NOPE1"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("no rule 'NOPE1'"))
    }

    @Test("a broken pack given with --rules is a located error and exit 2, for rules and check")
    func brokenPack() throws {
        let scratch = try Scratch(["packs/bad.yaml": "pack: bad\nrules:\n  - id: BAD1\n    nme: x\n", "a.yaml": good])
        let rules = try archlint(["rules", "--rules", "packs"], in: scratch.path)
        #expect(rules.status == 2)
        #expect(rules.stderr.contains("packs/bad.yaml:4:5: error: unknown key 'nme' in rule; did you mean 'name'?"))
        let check = try archlint(["check", "--rules", "packs", "--format", "json", "a.yaml"], in: scratch.path)
        #expect(check.status == 2)
        #expect((check.json?["errors"] as? [[String: Any]])?.first?["file"] as? String == "packs/bad.yaml")
    }
}

@Suite("archlint check on the shipped stacks", .serialized)
struct ShippedStacksTests {
    @Test("findings at the gate exit 1; --fail-on none exits 0; findings are sorted and complete")
    func gate() throws {
        let run = try archlint(["check", "--no-config", "specs/", "--format", "json"])
        #expect(run.status == 1)
        let json = try #require(run.json)
        let findings = try #require(json["findings"] as? [[String: Any]])
        #expect(!findings.isEmpty)
        for finding in findings {
            // Only REACH001 and REACH002 findings carry a network path.
            let carriesPath = ["REACH001", "REACH002"].contains(finding["rule"] as? String ?? "")
            #expect(
                Set(finding.keys)
                    == Set(
                        [
                            "rule", "name", "pack", "severity", "stack", "environment", "resource",
                            "file", "line", "column", "message", "waived", "waiver",
                        ] + (carriesPath ? ["path"] : [])))
        }
        let order = findings.map { ($0["file"] as! String, $0["line"] as! Int, $0["column"] as! Int, $0["rule"] as! String) }
        #expect(zip(order, order.dropFirst()).allSatisfy { $0 <= $1 })
        let waived = findings.filter { $0["waived"] as? Bool == true }
        #expect(waived.count >= 1)
        #expect((waived.first?["waiver"] as? [String: String])?["source"] == "spec")
        #expect(try archlint(["check", "--no-config", "specs/", "--fail-on", "none"]).status == 0)
    }

    @Test("text output: one line per unwaived finding, grouped by file with gating ones first, then summary and verdict")
    func text() throws {
        let run = try archlint(["check", "--no-config", "specs/"])
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(
            lines.suffix(3) == [
                "13 errors, 34 warnings, 46 info, 4 waived in 7 files (174 resources)",
                "FAILED: 13 errors at or above the gate in 6 stack-environments", "",
            ])
        let findings = lines.dropLast(4).filter { !$0.isEmpty }
        #expect(findings.count == 93)
        #expect(findings.allSatisfy { $0.hasPrefix("specs/") && $0.contains("] ") == false && $0.hasSuffix("]") })
        // Groups: one per file, separated by a blank line; within a group errors come first.
        let groups = lines.dropLast(4).split(separator: "", omittingEmptySubsequences: true)
        #expect(groups.count == 7)
        for group in groups {
            #expect(Set(group.map { $0.prefix { $0 != ":" } }).count == 1)
            let isError = group.map { $0.contains(": error ") }
            #expect(isError == isError.sorted { $0 && !$1 }, "errors first in \(group.first ?? "")")
        }
    }

    @Test("--severity hides findings below it from text and github output; --quiet prints only what fails the gate")
    func severityAndQuiet() throws {
        let warnings = try archlint(["check", "--no-config", "specs/", "--severity", "warning"])
        #expect(warnings.status == 1)
        #expect(!warnings.stdout.contains(": info "))
        #expect(warnings.stdout.contains(": warning ") && warnings.stdout.contains("13 errors, 34 warnings, 46 info"))
        let github = try archlint(["check", "--no-config", "specs/", "--severity", "error", "--format", "github"])
        #expect(!github.stdout.contains("::warning ") && !github.stdout.contains(": warning "))
        let quiet = try archlint(["check", "--no-config", "specs/", "--quiet"])
        let lines = quiet.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 14)
        #expect(lines.dropLast().allSatisfy { $0.contains(": error ") })
        #expect(lines.last == "FAILED: 13 errors at or above the gate in 6 stack-environments")
        // Reports keep everything.
        let json = try archlint(["check", "--no-config", "specs/", "--quiet", "--severity", "error", "--format", "json"])
        #expect(((json.json?["findings"] as? [[String: Any]]) ?? []).count == 97)
    }
}

@Suite("JUnit from the command line", .serialized)
struct JUnitCommandTests {
    @Test("--junit writes the report atomically beside stdout output; SOURCE_DATE_EPOCH makes it reproducible")
    func junitFile() throws {
        let scratch = try Scratch([:])
        let environment = ["SOURCE_DATE_EPOCH": "1700000000"]
        let first = try archlint(["check", "--no-config", "specs/", "--junit", scratch.path + "/out/junit.xml", "--format", "json"], environment: environment)
        #expect(first.status == 1)
        #expect(first.json != nil)
        let report = try String(contentsOfFile: scratch.path + "/out/junit.xml", encoding: .utf8)
        #expect(report.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"archlint\""))
        #expect(report.contains(#"timestamp="2023-11-14T22:13:20""#))
        _ = try archlint(["check", "--no-config", "specs/", "--junit", scratch.path + "/out/junit.xml"], environment: environment)
        #expect(try String(contentsOfFile: scratch.path + "/out/junit.xml", encoding: .utf8) == report)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: scratch.path + "/out")
        #expect(leftovers == ["junit.xml"])
    }

    @Test("an unwritable report path is an error with exit 2, and standard output is still complete")
    func unwritable() throws {
        let run = try archlint(["check", "--no-config", "specs/", "--junit", "/proc/archlint/junit.xml", "--format", "json"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("/proc/archlint/junit.xml:1:1: error: cannot write report"))
        #expect(run.json?["findings"] != nil)
    }
}

@Suite("Baseline", .serialized)
struct BaselineTests {
    private let before = """
        archlint: 1
        stack: shop
        environment: production
        databases:
          - {name: orders, engine: postgres, encrypted: true, multi_az: true, backup_retention_days: 7, deletion_protection: true, kms_key: k}
          - {name: legacy, engine: postgres}

        """

    @Test("a baseline accepts today's findings; after an edit that moves lines and adds a problem, only the new one fails")
    func onlyNewProblemsFail() throws {
        let scratch = try Scratch(["specs/shop.yaml": before])
        let first = try archlint(["check", "specs", "--format", "json"], in: scratch.path)
        #expect(first.status == 1)
        let recorded = try archlint(["check", "specs", "--write-baseline", "baseline.json"], in: scratch.path)
        #expect(recorded.status == 0, "\(recorded.stderr)")
        #expect(FileManager.default.fileExists(atPath: scratch.path + "/baseline.json"))

        // Lines move (a comment block on top), and a new unencrypted database appears.
        let edited =
            "# moved\n# down\n# three lines\n" + before + "  - {name: reports, engine: mysql, multi_az: true, backup_retention_days: 7, deletion_protection: true, kms_key: k}\n"
        try Data(edited.utf8).write(to: URL(fileURLWithPath: scratch.path + "/specs/shop.yaml"))
        let after = try archlint(["check", "specs", "--baseline", "baseline.json", "--format", "json"], in: scratch.path)
        #expect(after.status == 1)
        let findings = try #require(after.json?["findings"] as? [[String: Any]])
        let failing = findings.filter { $0["waived"] as? Bool == false && $0["severity"] as? String == "error" }
        #expect(failing.map { $0["resource"] as? String } == ["database/reports"])
        let baselined = findings.filter { ($0["waiver"] as? [String: Any])?["source"] as? String == "baseline" }
        #expect(!baselined.isEmpty)
        #expect(baselined.allSatisfy { $0["resource"] as? String == "database/legacy" })
    }

    @Test("stale entries are reported; a broken baseline is a located error and exit 2")
    func staleAndBroken() throws {
        let scratch = try Scratch(["specs/shop.yaml": before, "broken.json": "{\"entries\": 3}"])
        _ = try archlint(["check", "specs", "--write-baseline", "baseline.json"], in: scratch.path)
        let fixed = before.replacingOccurrences(
            of: "- {name: legacy, engine: postgres}",
            with: "- {name: legacy, engine: postgres, encrypted: true, multi_az: true, backup_retention_days: 7, deletion_protection: true, kms_key: k}")
        try Data(fixed.utf8).write(to: URL(fileURLWithPath: scratch.path + "/specs/shop.yaml"))
        let run = try archlint(["check", "specs", "--baseline", "baseline.json"], in: scratch.path)
        #expect(run.status == 0)
        #expect(run.stderr.contains("baseline.json: note: stale baseline entry ENC001 shop/production database/legacy"))
        let broken = try archlint(["check", "specs", "--baseline", "broken.json", "--format", "json"], in: scratch.path)
        #expect(broken.status == 2)
        #expect((broken.json?["errors"] as? [[String: Any]])?.first?["file"] as? String == "broken.json")
    }
}

@Suite("Configuration file", .serialized)
struct ConfigurationTests {
    private let spec = """
        archlint: 1
        stack: shop
        environment: development
        security_groups:
          - name: wide
            ingress:
              - {ports: 8000-8500, from: 10.0.0.0/8}
        buckets:
          - {name: site, public: true, encryption: AES256, versioning: true}

        """

    private func rules(_ run: Run) -> [String] {
        ((run.json?["findings"] as? [[String: Any]]) ?? []).filter { $0["waived"] as? Bool == false }.compactMap { $0["rule"] as? String }.sorted()
    }

    @Test("found from a subfolder up to the repository root; severities, params, central waivers, reports, fail_on")
    func applies() throws {
        let scratch = try Scratch([
            ".git/HEAD": "ref: refs/heads/main\n",
            "specs/shop.yaml": spec,
            "sub/dir/.keep": "",
            ".archlint.yml": """
            specs: [specs]
            fail_on: warning
            reports: {sarif: out/archlint.sarif, markdown: out/summary.md}
            rules:
              SG005: {severity: off}
              SG006: {severity: off}
              SG008: {params: {max_range: 1000}}
            waivers:
              - {resource: shop/development/bucket/site, rule: DATA001, reason: public website, expires: 2099-12-31}

            """,
        ])
        let plain = try archlint(["check", "--no-config", "--format", "json", "specs"], in: scratch.path)
        #expect(rules(plain).contains("SG008"))
        #expect(rules(plain).contains("DATA001"))
        let configured = try archlint(["check", "--format", "json"], in: scratch.path + "/sub/dir")
        #expect(!rules(configured).contains("SG008"))
        #expect(!rules(configured).contains("SG006"))
        let waiver = ((configured.json?["findings"] as? [[String: Any]]) ?? []).first { $0["rule"] as? String == "DATA001" }?["waiver"] as? [String: Any]
        #expect(waiver?["source"] as? String == "config")
        // The configured reports are written only when asked for.
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/out"))
        let reported = try archlint(["check", "--reports"], in: scratch.path + "/sub/dir")
        #expect(reported.stderr == "archlint: wrote out/archlint.sarif\narchlint: wrote out/summary.md\n")
        #expect(FileManager.default.fileExists(atPath: scratch.path + "/out/archlint.sarif"))
        #expect(FileManager.default.fileExists(atPath: scratch.path + "/out/summary.md"))
        // fail_on: warning — the remaining warnings fail the run; the command line wins.
        #expect(configured.status == (rules(configured).isEmpty ? 0 : 1))
        #expect(try archlint(["check", "--fail-on", "none"], in: scratch.path).status == 0)
    }

    @Test("mistakes in the configuration are located errors with exit 2")
    func errors() throws {
        let scratch = try Scratch([
            ".git/HEAD": "x\n",
            "specs/shop.yaml": spec,
            ".archlint.yml":
                "spec: [specs]\nrules:\n  SG08: {severity: off}\n  SG008: {params: {max_rang: 5}, severity: loud}\nwaivers:\n  - {resource: shop/bucket/site, rule: DATA001, reason: r}\n",
        ])
        let run = try archlint(["check", "--format", "json"], in: scratch.path)
        #expect(run.status == 2)
        let messages = ((run.json?["errors"] as? [[String: Any]]) ?? []).map { "\($0["line"] ?? 0):\($0["column"] ?? 0) \($0["message"] ?? "")" }
        #expect(messages.contains("1:1 unknown key 'spec' in the configuration; did you mean 'specs'?"))
        #expect(messages.contains { $0.hasPrefix("4:44 severity 'loud'") })
        #expect(messages.contains { $0.hasPrefix("6:16 resource 'shop/bucket/site' must be STACK/ENVIRONMENT/KIND/NAME") })
        // Every readable spec is still checked and reported.
        let findingCount = (run.json?["findings"] as? [Any])?.count ?? 0
        #expect(findingCount > 0)

        // Rule names are checked once the file is well-formed, against every pack of the run
        // (its own rule_packs can define rules).
        try Data("rules:\n  SG08: {severity: off}\n  SG008: {params: {max_rang: 5}}\n".utf8).write(to: URL(fileURLWithPath: scratch.path + "/names.yml"))
        let names = try archlint(["check", "--config", "names.yml", "--format", "json", "specs"], in: scratch.path)
        #expect(names.status == 2)
        let nameMessages = ((names.json?["errors"] as? [[String: Any]]) ?? []).map { "\($0["line"] ?? 0):\($0["column"] ?? 0) \($0["message"] ?? "")" }
        #expect(nameMessages == ["2:3 no rule 'SG08'; did you mean 'SG008'?", "3:20 rule SG008 has no parameter 'max_rang'; did you mean 'max_range'?"])
    }

    @Test("--no-config ignores the file; --config names another")
    func choosing() throws {
        let scratch = try Scratch([".git/HEAD": "x\n", "specs/shop.yaml": spec, ".archlint.yml": "bogus: 1\n", "other.yml": "fail_on: none\n"])
        #expect(try archlint(["check", "--no-config"], in: scratch.path).status == 1)
        #expect(try archlint(["check", "--config", "other.yml"], in: scratch.path).status == 0)
        #expect(try archlint(["check"], in: scratch.path).status == 2)
    }
}

@Suite("Determinism", .serialized)
struct DeterminismTests {
    /// Runs archlint pinned to one core through taskset, when the machine has it.
    private func oneCore(_ arguments: [String], in directory: String) throws -> Run {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/taskset") else { return try archlint(arguments, in: directory) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/taskset")
        process.arguments = ["-c", "0", archlintBinary.path] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ["PATH": "/usr/bin:/bin", "NO_COLOR": "1", "SOURCE_DATE_EPOCH": "1700000000"]
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("archlint-one-core-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: out) }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: try Data(contentsOf: out), as: UTF8.self), stderr: "")
    }

    @Test(
        "every format gives the same bytes whatever the order files were created in and the number of cores", arguments: ["text", "json", "junit", "sarif", "markdown", "github"])
    func sameBytes(_ format: String) throws {
        let names = try FileManager.default.subpathsOfDirectory(atPath: packageRoot + "/specs").filter { $0.hasSuffix(".yaml") }.sorted()
        func copy(_ order: [String]) throws -> Scratch {
            let scratch = try Scratch([:])
            for name in order {
                let target = URL(fileURLWithPath: scratch.path + "/specs/" + name)
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try FileManager.default.copyItem(atPath: packageRoot + "/specs/" + name, toPath: target.path)
            }
            return scratch
        }
        let forward = try copy(names), backward = try copy(names.reversed())
        let arguments = ["check", "--no-config", "specs", "--format", format]
        let environment = ["SOURCE_DATE_EPOCH": "1700000000"]
        let a = try archlint(arguments, in: forward.path, environment: environment)
        let b = try archlint(arguments, in: backward.path, environment: environment)
        let c = try oneCore(arguments, in: backward.path)
        #expect(a.status == 1)
        #expect(!a.stdout.isEmpty)
        #expect(a.stdout == b.stdout)
        #expect(a.stdout == c.stdout)
    }
}

@Suite("Secrets never leak", .serialized)
struct SecretsTests {
    /// Credential values planted in the spec: every SEC007 shape, literal passwords, tokens
    /// in environment variables.
    private let secrets = [
        "AKIAZQ7V4EXAMPLEKEY2",
        "-----BEGIN RSA PRIVATE KEY-----MIIEowIBAAKCAQEAqq7Zx",
        "amqps://ops:Qw7pLmN2vR@broker.internal/vhost",
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhcmNobGludCJ9.c2lnbmF0dXJlX3Rlc3Q",
        "ghp_Zx8Qw7Lm2Np4Rt6Vy9Bc1Df3Gh5Jk7Ml0Pq2",
        "xoxb-118822-339944-QwErTyUiOpAs",
        "Tr0ub4dor&3horseStaple",
        "Rds-tok-98765-ZyXw",
        "wk_live_7766aabbccdd",
        "Pl4inpass-9Qz7Xc",
    ]

    private var spec: String {
        """
        archlint: 1
        stack: vault
        environment: production
        description: "deploy key \(secrets[0])"
        services:
          - name: api
            environment:
              KEY_BLOCK: "\(secrets[1])"
              BROKER_URL: "\(secrets[2])"
              SESSION: "\(secrets[3])"
              GH: "\(secrets[4])"
              SLACK_HOOK: "\(secrets[5])"
              DB_PASSWORD: "\(secrets[9])"
        databases:
          - {name: main, engine: postgres, master_password: "\(secrets[6])"}
        caches:
          - {name: sessions, engine: redis, auth_token: "\(secrets[7])"}
        externals:
          - {name: payments, url: "https://pay.example", credentials: "\(secrets[8])"}

        """
    }

    @Test("no output format and no report file contains a planted credential or a prefix of it longer than 4 characters")
    func noLeaks() throws {
        let scratch = try Scratch(["specs/vault.yaml": spec])
        var outputs: [String: String] = [:]
        for format in ["text", "json", "junit", "sarif", "markdown", "github"] {
            let run = try archlint(
                [
                    "check", "--no-config", "specs", "--format", format,
                    "--junit", "r/junit-\(format).xml", "--sarif", "r/sarif-\(format).json",
                ], in: scratch.path)
            #expect(run.status == 1, "\(format): \(run.stderr)")
            outputs["stdout \(format)"] = run.stdout
            outputs["stderr \(format)"] = run.stderr
            outputs["junit file \(format)"] = try String(contentsOfFile: scratch.path + "/r/junit-\(format).xml", encoding: .utf8)
            outputs["sarif file \(format)"] = try String(contentsOfFile: scratch.path + "/r/sarif-\(format).json", encoding: .utf8)
        }
        // The credential rules did find them (the test would prove nothing otherwise).
        let json = try archlint(["check", "--no-config", "specs", "--format", "json"], in: scratch.path).json
        let rules = Set(((json?["findings"] as? [[String: Any]]) ?? []).compactMap { $0["rule"] as? String })
        #expect(rules.isSuperset(of: ["SEC001", "SEC002", "SEC007"]))
        for secret in secrets {
            for (name, text) in outputs {
                for length in stride(from: secret.count, through: 5, by: -1) {
                    let prefix = String(secret.prefix(length))
                    if text.contains(prefix) {
                        Issue.record("\(name) contains '\(prefix)…' of a planted credential")
                        break
                    }
                }
            }
        }
    }
}

@Suite("Limits on the command line", .serialized)
struct LimitOptionsTests {
    @Test("each limit can be lowered (and raised); hitting one is a located error naming its option")
    func limits() throws {
        let scratch = try Scratch(["a.yaml": "archlint: 1\nstack: demo\nenvironment: development\nbuckets:\n  - {name: b, tags: {k: \"0123456789\"}}\n"])
        let cases: [([String], String)] = [
            (["--max-depth", "2"], "(--max-depth)"),
            (["--max-nodes", "5"], "(--max-nodes)"),
            (["--max-scalar-size", "8"], "(--max-scalar-size)"),
            (["--max-file-size", "10"], "(--max-file-size)"),
        ]
        for (options, fragment) in cases {
            let run = try archlint(["validate", "a.yaml"] + options, in: scratch.path)
            #expect(run.status == 2, "\(options)")
            #expect(run.stderr.hasPrefix("a.yaml:") && run.stderr.contains(fragment), "\(options): \(run.stderr)")
        }
        #expect(try archlint(["validate", "a.yaml", "--max-depth", "500", "--max-file-size", "100000000"], in: scratch.path).status == 0)
        #expect(try archlint(["validate", "a.yaml", "--max-depth", "0"], in: scratch.path).status == 2)
    }
}

@Suite("archlint schema")
struct SchemaCommandTests {
    @Test("prints a draft 2020-12 JSON Schema of the format, identical to docs/spec.schema.json, with every kind and its enums")
    func schema() throws {
        let run = try archlint(["schema"])
        #expect(run.status == 0)
        let document = try #require(run.json)
        #expect(document["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        #expect(Set(document["required"] as? [String] ?? []) == ["archlint", "stack", "environment"])
        let properties = try #require(document["properties"] as? [String: Any])
        for key in ["networks", "security_groups", "load_balancers", "databases", "buckets", "dns_zones", "externals"] {
            #expect(properties[key] != nil, "missing \(key)")
        }
        let environment = try #require(properties["environment"] as? [String: Any])
        #expect(environment["enum"] as? [String] == ["development", "staging", "production", "shared"])
        let definitions = try #require(document["$defs"] as? [String: Any])
        // Two mappings called "route" (a listener's and an API's) get a definition each.
        #expect(definitions["route"] != nil)
        #expect(definitions["api_route"] != nil)
        let committed = try String(contentsOfFile: packageRoot + "/docs/spec.schema.json", encoding: .utf8)
        #expect(committed == run.stdout, "docs/spec.schema.json is stale: swift run archlint schema > docs/spec.schema.json")
    }

    @Test("--pack prints the rule pack format, identical to docs/pack.schema.json, and every shipped pack validates against it")
    func packSchema() throws {
        let run = try archlint(["schema", "--pack"])
        #expect(run.status == 0)
        let document = try #require(run.json)
        #expect(document["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        #expect(Set(document["required"] as? [String] ?? []) == ["pack", "rules"])
        let definitions = try #require(document["$defs"] as? [String: Any])
        let rule = try #require(definitions["rule"] as? [String: Any])
        #expect(Set(rule["required"] as? [String] ?? []) == ["id", "name", "severity", "summary", "rationale", "fix", "examples"])
        #expect(rule["additionalProperties"] as? Bool == false)
        for name in ["check", "examples", "parameter", "severity"] { #expect(definitions[name] != nil, "missing \(name)") }
        let committed = try String(contentsOfFile: packageRoot + "/docs/pack.schema.json", encoding: .utf8)
        #expect(committed == run.stdout, "docs/pack.schema.json is stale: swift run archlint schema --pack > docs/pack.schema.json")
        guard pythonValidatesJSONSchema else { return }
        let packs = try FileManager.default.contentsOfDirectory(atPath: packageRoot + "/rules").filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(packs.count >= 10)
        #expect(try jsonSchemaViolations(of: packs.map { packageRoot + "/rules/" + $0 }, against: run.stdout) == [])
    }

    @Test("--config prints the configuration format, identical to docs/config.schema.json, and .archlint.yml validates against it")
    func configSchema() throws {
        let run = try archlint(["schema", "--config"])
        #expect(run.status == 0)
        let document = try #require(run.json)
        #expect(document["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        let properties = try #require(document["properties"] as? [String: Any])
        #expect(Set(properties.keys) == ["specs", "exclude", "rule_packs", "fail_on", "reports", "rules", "waivers", "baseline"])
        let definitions = try #require(document["$defs"] as? [String: Any])
        let waiver = try #require(definitions["waiver"] as? [String: Any])
        #expect(Set(waiver["required"] as? [String] ?? []) == ["resource", "rule", "reason"])
        let committed = try String(contentsOfFile: packageRoot + "/docs/config.schema.json", encoding: .utf8)
        #expect(committed == run.stdout, "docs/config.schema.json is stale: swift run archlint schema --config > docs/config.schema.json")
        guard pythonValidatesJSONSchema else { return }
        #expect(try jsonSchemaViolations(of: [packageRoot + "/.archlint.yml"], against: run.stdout) == [])
        // The schema sees what the reader rejects: an unknown key, a wrong type.
        let scratch = try Scratch(["typo.yml": "spec: [specs]\n", "type.yml": "baseline: [a]\n"])
        #expect(try jsonSchemaViolations(of: [scratch.path + "/type.yml", scratch.path + "/typo.yml"], against: run.stdout).count == 2)
    }

    @Test("--pack and --config are one choice")
    func oneFormat() throws {
        let run = try archlint(["schema", "--pack", "--config"])
        #expect(run.status != 0)
        #expect(run.stdout.isEmpty)
    }
}

@Suite("archlint graph")
struct GraphCommandTests {
    /// The subset of Mermaid's flowchart grammar the renderer writes; anything else is a bug.
    private func checkMermaid(_ text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        #expect(lines.first == "flowchart LR")
        let id = #"[A-Za-z][A-Za-z0-9_]*"#
        let label = #""[^"\n]*""#
        let patterns = [
            #"^\s*%% .*$"#,
            #"^\s*subgraph \#(id)\[\#(label)\]$"#,
            #"^\s*direction TB$"#,
            #"^\s*end$"#,
            #"^\s*\#(id)(\[\#(label)\]|\(\[\#(label)\]\))$"#,
            #"^\s*\#(id) (-->|-\.->)(\|\#(label)\|)? \#(id)$"#,
            #"^\s*classDef (gating|warning|external) [a-z#0-9:,\-]+$"#,
            #"^\s*class \#(id)(,\#(id))* (gating|warning|external)$"#,
            #"^\s*linkStyle [0-9]+(,[0-9]+)* stroke:red,stroke-width:3px,color:red$"#,
        ].map { try! Regex($0) }
        var depth = 0
        for line in lines.dropFirst() {
            #expect(patterns.contains { line.wholeMatch(of: $0) != nil }, "not in the grammar: \(line)")
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("subgraph ") { depth += 1 }
            if line.trimmingCharacters(in: .whitespaces) == "end" { depth -= 1 }
            #expect(depth >= 0)
        }
        #expect(depth == 0, "unbalanced subgraphs")
    }

    @Test("every shipped stack-environment draws as Mermaid within the grammar, with findings marked")
    func shippedStacks() throws {
        for (stack, environment) in [
            ("phenom", "development"), ("classla", "production"), ("utm", "development"),
            ("ma7ali", "staging"), ("navlab", "shared"), ("navlab", "development"), ("navlab", "production"),
        ] {
            let run = try archlint(["graph", "specs", "--stack", stack, "--environment", environment])
            #expect(run.status == 0, "\(stack)/\(environment): \(run.stderr)")
            checkMermaid(run.stdout)
            #expect(run.stdout.contains("%% archlint: \(stack)/\(environment)"))
        }
        let phenom = try archlint(["graph", "specs", "--stack", "phenom"]).stdout
        #expect(phenom.contains(#"load balancer phenom-dev-alb<br/>ENC005"]"#))
        #expect(phenom.contains("class ") && phenom.contains(" gating"))
        #expect(phenom.contains(#"-->|"/api/auth, 4000"|"#))
    }

    /// The edges of a Mermaid diagram as "from title -label-> to title" (dashed: `-.label.->`),
    /// and each node's label lines by title.
    private func readMermaid(_ text: String) -> (edges: Set<String>, nodes: [String: String]) {
        var titles: [String: String] = [:], labels: [String: String] = [:]
        let node = try! Regex(#"^\s*([A-Za-z0-9_]+)\(?\["([^"]*)"\]\)?$"#)
        let edge = try! Regex(#"^\s*([A-Za-z0-9_]+) (-->|-\.->)(?:\|"([^"]*)"\|)? ([A-Za-z0-9_]+)$"#)
        var edges: [(String, String, String, String)] = []
        for line in text.split(separator: "\n").map(String.init) {
            if let match = line.wholeMatch(of: node), let id = match.output[1].substring, let label = match.output[2].substring {
                let lines = label.components(separatedBy: "<br/>")
                titles[String(id)] = lines[0]
                labels[lines[0]] = lines.dropFirst().joined(separator: " ")
            } else if let match = line.wholeMatch(of: edge) {
                edges.append(
                    (
                        String(match.output[1].substring!), String(match.output[2].substring!),
                        match.output[3].substring.map(String.init) ?? "", String(match.output[4].substring!)
                    ))
            }
        }
        let rendered = edges.map { from, arrow, label, to in
            "\(titles[from] ?? from) \(arrow == "-->" ? "-\(label)->" : "-.\(label).->") \(titles[to] ?? to)"
        }
        return (Set(rendered), labels)
    }

    /// The edges `linkStyle` draws thick and red, as "from title -label-> to title".
    private func redMermaidEdges(_ text: String) -> Set<String> {
        var titles: [String: String] = [:], edges: [String] = [], red: [Int] = []
        let node = try! Regex(#"^\s*([A-Za-z0-9_]+)\(?\["([^"<]*)(<br/>[^"]*)?"\]\)?$"#)
        let edge = try! Regex(#"^\s*([A-Za-z0-9_]+) (?:-->|-\.->)(?:\|"([^"]*)"\|)? ([A-Za-z0-9_]+)$"#)
        for line in text.split(separator: "\n").map(String.init) {
            if let match = line.wholeMatch(of: node) {
                titles[String(match.output[1].substring!)] = String(match.output[2].substring!)
            } else if let match = line.wholeMatch(of: edge) {
                edges.append("\(match.output[1].substring!) -\(match.output[2].substring ?? "")-> \(match.output[3].substring!)")
            } else if line.hasPrefix("  linkStyle ") {
                red += line.split(separator: " ")[1].split(separator: ",").compactMap { Int($0) }
            }
        }
        return Set(
            red.compactMap { index in
                let parts = edges[index].split(separator: " ").map(String.init)
                if parts[0] == "legendPathFrom" { return nil }
                return "\(titles[parts[0]] ?? parts[0]) \(parts[1...].dropLast().joined(separator: " ")) \(titles[parts.last!] ?? parts.last!)"
            })
    }

    /// The DOT edges drawn thick and red, as "from title -label-> to title".
    private func redDOTEdges(_ text: String) -> Set<String> {
        var titles: [String: String] = [:], red: [(String, String, String)] = []
        let node = try! Regex(#"^\s*"([A-Za-z0-9_]+)" \[label="((?:[^"\\]|\\")*?)(?:\\n[^"]*)?".*$"#)
        let edge = try! Regex(#"^\s*"([A-Za-z0-9_]+)" -> "([A-Za-z0-9_]+)" \[label="([^"]*)", color="red", fontcolor="red", penwidth=3\];$"#)
        for line in text.split(separator: "\n").map(String.init) {
            if let match = line.wholeMatch(of: edge) {
                red.append((String(match.output[1].substring!), String(match.output[3].substring!), String(match.output[2].substring!)))
            } else if let match = line.wholeMatch(of: node) {
                titles[String(match.output[1].substring!)] = String(match.output[2].substring!)
            }
        }
        return Set(red.filter { $0.0 != "legendPathFrom" }.map { from, label, to in "\(titles[from] ?? from) -\(label)-> \(titles[to] ?? to)" })
    }

    @Test("the hops of REACH001/REACH002 paths are thick red arrows in both formats; none where no path is found")
    func reachabilityPaths() throws {
        let navlab = ["graph", "specs", "--stack", "navlab", "--environment", "development"]
        let mermaid = try archlint(navlab)
        #expect(mermaid.status == 0, "\(mermaid.stderr)")
        checkMermaid(mermaid.stdout)
        let expected: Set<String> = ["Internet -22-> instance dev-bastion", "instance dev-bastion -5432-> database dev-db"]
        #expect(redMermaidEdges(mermaid.stdout) == expected)
        // The hops follow traffic edges already drawn: those are restyled, not drawn twice.
        #expect(mermaid.stdout.components(separatedBy: #"-->|"22"|"#).count == 2)
        let dot = try archlint(navlab + ["--format", "dot"])
        #expect(redDOTEdges(dot.stdout) == expected)
        // The legend explains the red arrow, in red, only where one is drawn.
        #expect(mermaid.stdout.contains(#"legendPathFrom -->|"reachability path (REACH001, REACH002)"| legendPathTo"#))
        #expect(dot.stdout.contains(#""legendPathTo" [label="reachability path\n(REACH001, REACH002)", shape=plaintext"#))
        #expect(dot.stdout.contains(#""legendPathFrom" -> "legendPathTo" [constraint=false, color="red""#))
        #expect(mermaid.stdout.contains("  linkStyle 6,9,12 stroke:red"), "the legend's link is styled too, after the diagram's")
        for (stack, environment) in [
            ("phenom", "development"), ("classla", "production"), ("utm", "development"),
            ("ma7ali", "staging"), ("navlab", "shared"), ("navlab", "production"),
        ] {
            let quiet = ["graph", "specs", "--stack", stack, "--environment", environment]
            #expect(try !archlint(quiet).stdout.contains("legendPath"), "\(stack)/\(environment)")
            #expect(try !archlint(quiet + ["--format", "dot"]).stdout.contains("penwidth=3"), "\(stack)/\(environment)")
            #expect(try !archlint(quiet).stdout.contains("linkStyle"), "\(stack)/\(environment)")
        }
    }

    @Test("a REACH002 path from another stack-environment starts at an outside node named with its stack and environment")
    func crossEnvironmentPath() throws {
        let scratch = try Scratch([
            "specs/dev.yaml": """
            archlint: 1
            stack: lab
            environment: development
            networks:
              - name: dev
                cidr: 10.1.0.0/16
                peers: [shop/production/prod]
                subnets:
                  - {name: app, cidr: 10.1.10.0/24, zone: z1, tier: private}
            security_groups:
              - {name: worker, network: dev}
            functions:
              - {name: sync, subnets: [app], security_groups: [worker]}

            """,
            "specs/prod.yaml": """
            archlint: 1
            stack: shop
            environment: production
            networks:
              - name: prod
                cidr: 10.2.0.0/16
                subnets:
                  - {name: data, cidr: 10.2.20.0/24, zone: z1, tier: database}
            security_groups:
              - name: db
                network: prod
                ingress:
                  - {ports: 3306, from: 10.1.0.0/16}
            databases:
              - {name: orders, engine: MySQL, subnets: [data], security_groups: [db]}

            """,
        ])
        let production = ["graph", "specs", "--stack", "shop", "--environment", "production"]
        let mermaid = try archlint(production, in: scratch.path)
        #expect(mermaid.status == 0, "\(mermaid.stderr)")
        checkMermaid(mermaid.stdout)
        let expected: Set<String> = ["function sync (lab/development) -3306-> database orders"]
        #expect(redMermaidEdges(mermaid.stdout) == expected)
        #expect(redDOTEdges(try archlint(production + ["--format", "dot"], in: scratch.path).stdout) == expected)
        // The finding is the production store's: the development diagram draws no path.
        #expect(try !archlint(["graph", "specs", "--stack", "lab"], in: scratch.path).stdout.contains("linkStyle"))
    }

    @Test("draws what may talk to what: listeners, security-group rules on listening ports, self rules, IAM, triggers, DNS, externals")
    func connections() throws {
        let scratch = try Scratch([
            "specs/shop.yaml": """
            archlint: 1
            stack: shop
            environment: production
            networks:
              - name: vpc
                cidr: 10.0.0.0/16
                subnets:
                  - {name: pub-a, cidr: 10.0.0.0/24, zone: eu-west-1a, tier: public}
                  - {name: app-a, cidr: 10.0.1.0/24, zone: eu-west-1a, tier: private}
                  - {name: app-b, cidr: 10.0.2.0/24, zone: eu-west-1b, tier: private}
            security_groups:
              - name: lb
                network: vpc
                ingress: [{ports: 443, from: 0.0.0.0/0}, {ports: 80, from: 0.0.0.0/0}]
              - name: app
                network: vpc
                ingress:
                  - {ports: 8080, from: sg:lb}
                  - {ports: 9000, from: self}
                  - {ports: 22, from: 0.0.0.0/0}
            load_balancers:
              - name: web-lb
                subnets: [pub-a]
                security_groups: [lb]
                listeners:
                  - {port: 443, protocol: HTTPS, certificate: "arn:aws:acm:eu-west-1:1:certificate/x", forward: web}
            services:
              - {name: web, subnets: [app-a, app-b], security_groups: [app], port: 8080, task_role: web-role, secrets: {TOKEN: auth-token}}
              - {name: auth, subnets: [app-a, app-b], security_groups: [app], port: 9000}
              - {name: worker, subnets: [app-a], security_groups: [app]}
            roles:
              - name: web-role
                statements:
                  - {effect: Allow, actions: ["s3:GetObject", "s3:PutObject"], resources: ["arn:aws:s3:::uploads/*"]}
                  - {effect: Allow, actions: ["s3:ListBucket"], resources: ["arn:aws:s3:::upl*"]}
            buckets:
              - {name: uploads}
            frontends:
              - {name: uploads, provider: s3-website, https_only: true}
            queues:
              - {name: jobs}
            functions:
              - {name: mailer, triggers: ["sqs:jobs", "schedule:rate(1 day)", members]}
            secrets:
              - {name: auth-token, store: secrets-manager}
            externals:
              - {name: stripe, credentials: "secret:auth-token"}
            dns_zones:
              - name: shop.example
                records:
                  - {name: www.shop.example, type: A, target: web-lb}
                  - {name: old.shop.example, type: CNAME, target: legacy.example.net}

            """,
            // A trigger naming a user pool the pool's own `triggers` would draw: no node of its own.
            "specs/shared.yaml": "archlint: 1\nstack: shop\nenvironment: shared\nuser_pools:\n  - {name: members}\n",
        ])
        let run = try archlint(["graph", "specs", "--environment", "production"], in: scratch.path)
        #expect(run.status == 0, "\(run.stderr)")
        checkMermaid(run.stdout)
        #expect(!run.stdout.contains("members"), "an unconnected node for the shared pool")
        let (edges, labels) = readMermaid(run.stdout)
        let expected: Set<String> = [
            // Only the listener's port comes in from the internet, though the group opens 80 too.
            "Internet -HTTPS 443-> load balancer web-lb",
            "load balancer web-lb -8080-> service web",
            // `from: self` reaches the member listening on 9000; the worker listens on nothing.
            "service web -9000-> service auth", "service worker -9000-> service auth",
            "service web -.reads.-> secret auth-token",
            // The statement naming `uploads/*` is drawn; the wildcard over names is not.
            "service web -.IAM GetObject, PutObject.-> bucket uploads",
            "queue jobs -trigger-> function mailer", "schedule:rate(1 day) -trigger-> function mailer",
            "DNS zone shop.example -.www.shop.example.-> load balancer web-lb",
            "DNS zone shop.example -.old.shop.example.-> legacy.example.net",
            "external stripe -.credentials in.-> secret auth-token", "service web -calls-> external stripe",
            "Internet -HTTPS-> frontend uploads", "frontend uploads -.serves from.-> bucket uploads",
        ]
        #expect(edges == expected, "missing: \(expected.subtracting(edges).sorted()); unexpected: \(edges.subtracting(expected).sorted())")
        // Port 22 open to the world is a finding on the group: it shows on every member.
        for service in ["web", "auth", "worker"] { #expect(labels["service \(service)"]?.contains("SG001") == true) }
        #expect(labels["network vpc"] != nil, "a network with findings keeps its box")
        // The worker runs in one zone of a two-zone tier: it gets that zone's box.
        let zoneBox = try #require(run.stdout.range(of: #"subgraph [A-Za-z0-9_]+\["zone eu-west-1a only"\]\n[^\n]*\n[^\n]*service worker"#, options: .regularExpression))
        #expect(!run.stdout[zoneBox].contains("service web"))
        #expect(run.stdout.contains(#"["private subnets · eu-west-1a, eu-west-1b"]"#))
    }

    @Test("names with quotes, markup and control characters are escaped in both formats")
    func hostileNames() throws {
        let scratch = try Scratch([
            "specs/odd.yaml": """
            archlint: 1
            stack: odd
            environment: production
            buckets:
              - {name: "a\\"b<c>&#d`e\\\\f|g", public: true}
            secrets:
              - {name: "x\\ty", store: secrets-manager}
            dns_zones:
              - name: odd.example
                records:
                  - {name: "w|x", type: CNAME, target: "t|u"}

            """
        ])
        let mermaid = try archlint(["graph", "specs"], in: scratch.path)
        #expect(mermaid.status == 0, "\(mermaid.stderr)")
        checkMermaid(mermaid.stdout)
        #expect(mermaid.stdout.contains("bucket a#quot;b#lt;c#gt;#amp;#35;d#96;e\\f#124;g"))
        #expect(mermaid.stdout.contains(#"-.->|"w#124;x"| "#) && mermaid.stdout.contains(#"(["t#124;u"])"#))
        let dot = try archlint(["graph", "specs", "--format", "dot"], in: scratch.path)
        #expect(dot.stdout.contains(#"label="bucket a\"b<c>&#d`e\\f|g\n"#))
        #expect(!dot.stdout.contains("\t"))
    }

    @Test("a filter that matches nothing is exit 2")
    func noMatch() throws {
        let run = try archlint(["graph", "specs", "--stack", "nosuch"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("no loaded spec matches --stack nosuch"))
    }
}

@Suite("archlint report")
struct ReportCommandTests {
    @Test("a diagram too large to read is left out with a note; Graphviz is stopped at its time limit")
    func diagramLimits() throws {
        // Buckets without findings: 650 findings would fill the Markdown summary before its diagrams.
        let buckets = (0..<650).map { "  - {name: b\($0), encryption: AES256, public_access_block: true, versioning: true}" }.joined(separator: "\n")
        let scratch = try Scratch([
            "big/big.yaml": "archlint: 1\nstack: big\nenvironment: production\nbuckets:\n\(buckets)\n",
            "small/small.yaml": "archlint: 1\nstack: small\nenvironment: production\nbuckets:\n  - {name: one}\n",
            // A Graphviz that never finishes.
            "bin/dot": "#!/bin/sh\nexec sleep 30\n",
        ])
        #expect(chmod(scratch.path + "/bin/dot", 0o755) == 0)
        let page = scratch.path + "/index.html"
        let run = try archlint(["report", "big", "--no-config", "--html", page], in: scratch.path)
        #expect(run.status == 0 || run.status == 1, "\(run.stderr)")
        #expect(try String(contentsOfFile: page, encoding: .utf8).contains("big/production has 650 boxes, too many to draw legibly (at most 600)"))
        let markdown = try archlint(["check", "big", "--no-config", "--format", "markdown"], in: scratch.path).stdout
        #expect(markdown.contains("big/production has 650 boxes, too many to draw legibly") && !markdown.contains("```mermaid"))

        let environment = ["PATH": scratch.path + "/bin:/usr/bin:/bin", "ARCHLINT_GRAPHVIZ_SECONDS": "1"]
        let stopped = try archlint(["report", "small", "--no-config", "--html", page], in: scratch.path, environment: environment)
        #expect(stopped.status == 0 || stopped.status == 1, "\(stopped.stderr)")
        #expect(try String(contentsOfFile: page, encoding: .utf8).contains("Graphviz could not draw small/production: Graphviz took longer than 1 s and was stopped"))
    }

    @Test("judges findings as check does: the configuration's waivers and --fail-on apply to the page and the diagram")
    func honoursConfiguration() throws {
        let scratch = try Scratch([
            ".git/HEAD": "ref: refs/heads/main\n",
            "specs/site.yaml": """
            archlint: 1
            stack: shop
            environment: production
            buckets:
              - {name: site, public: true, encryption: AES256, versioning: true}

            """,
            ".archlint.yml": """
            waivers:
              - {resource: shop/production/bucket/site, rule: DATA001, reason: a public website, expires: 2099-12-31}

            """,
        ])
        let page = scratch.path + "/index.html"
        let waived = try archlint(["report", "--html", page], in: scratch.path)
        #expect(waived.status == 0, "\(waived.stderr)")
        #expect(waived.stdout == "0 errors, 0 warnings, 0 info, 1 waived in 1 file (1 resource)\nPASSED: no finding at or above the gate (error)\n")
        #expect(waived.stderr == "archlint: wrote index.html\n")
        let unwaived = try archlint(["report", "--no-config", "--html", page], in: scratch.path)
        #expect(unwaived.status == 1)
        #expect(try archlint(["report", "--no-config", "--fail-on", "none", "--html", page], in: scratch.path).status == 0)

        #expect(try archlint(["graph"], in: scratch.path).stdout.contains(#"n0["bucket site"]"#))
        let marked = try archlint(["graph", "--no-config"], in: scratch.path).stdout
        #expect(marked.contains(#"n0["bucket site<br/>DATA001"]"#) && marked.contains("class n0,legend0 gating"))
        // Below the gate the same finding is a warning at most: amber, not red.
        let belowGate = try archlint(["graph", "--no-config", "--fail-on", "none"], in: scratch.path).stdout
        #expect(!belowGate.contains("class n0,legend0 gating"))
        let broken = try archlint(["graph", "--config", "missing.yml"], in: scratch.path)
        #expect(broken.status == 2 && broken.stderr.contains("missing.yml"))
    }

    @Test("writes one HTML page for the shipped specs, with a diagram per stack when Graphviz is installed, and gates like check")
    func html() throws {
        let scratch = try Scratch([:])
        let run = try archlint(["report", "specs", "--html", scratch.path + "/out/index.html"])
        #expect(run.status == 1, "\(run.stderr)")
        let page = try String(contentsOfFile: scratch.path + "/out/index.html", encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>") && page.hasSuffix("</html>\n"))
        #expect(page.contains("97 findings (4 waived)"))
        let hasGraphviz = FileManager.default.isExecutableFile(atPath: "/usr/bin/dot")
        #expect(page.components(separatedBy: "<svg").count - 1 == (hasGraphviz ? 7 : 0))
        #expect(page.contains("Graphviz (dot) is not installed") == !hasGraphviz)
    }
}
