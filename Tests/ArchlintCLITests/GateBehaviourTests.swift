import Foundation
import Testing

/// The gate as people run it: from any folder, on one file or on all, in CI and at a desk.
@Suite("The gate wherever it runs", .serialized)
struct GateBehaviourTests {
    private static let clean = "archlint: 1\nstack: demo\nenvironment: development\nbuckets:\n  - {name: b, encryption: AES256, public_access_block: true, versioning: true}\n"

    /// A repository holding a copy of the shipped navlab stack and a configuration that
    /// names reports, as this repository's own does.
    private func navlabRepository(configuration: String? = nil) throws -> Scratch {
        var files = [".git/HEAD": "ref: refs/heads/main\n"]
        for name in ["development", "production", "shared"] {
            files["specs/navlab/\(name).yaml"] = try String(contentsOfFile: packageRoot + "/specs/navlab/\(name).yaml", encoding: .utf8)
        }
        files[".archlint.yml"] =
            configuration ?? "specs: [specs]\nfail_on: error\nreports:\n  junit: reports/junit.xml\n  sarif: reports/archlint.sarif\n  markdown: reports/summary.md\n"
        return try Scratch(files)
    }

    /// Every file under `path` with its bytes: what a run may not change unasked.
    private func snapshot(_ path: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: path)
        while let name = enumerator?.nextObject() as? String {
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: path + "/" + name, isDirectory: &isFolder)
            result[name] = isFolder.boolValue ? Data() : try Data(contentsOf: URL(fileURLWithPath: path + "/" + name))
        }
        return result
    }

    @Test("from inside specs/, SARIF uris and annotations name specs/navlab/…; SARIF declares %SRCROOT%")
    func pathsFromSubfolder() throws {
        let sarif = try archlint(["check", "navlab", "--format", "sarif"], in: packageRoot + "/specs")
        #expect(sarif.status == 1, "\(sarif.stderr)")
        let uris = sarif.stdout.split(separator: "\n").filter { $0.contains("\"uri\" :") }
        #expect(!uris.isEmpty)
        #expect(uris.allSatisfy { $0.contains("\"specs/navlab/") }, "\(uris.prefix(3))")
        #expect(sarif.stdout.contains("\"originalUriBaseIds\""))
        let github = try archlint(["check", "./navlab/../navlab", "--format", "github"], in: packageRoot + "/specs")
        let files = github.stdout.split(separator: "\n").filter { $0.hasPrefix("::") && $0.contains(" file=") }
        #expect(!files.isEmpty && files.allSatisfy { $0.contains(" file=specs/navlab/") })
        // From outside the repository, with an absolute path: the same paths.
        let json = try archlint(["check", packageRoot + "/specs/navlab", "--format", "json"], in: "/")
        let jsonFiles = Set(((json.json?["findings"] as? [[String: Any]]) ?? []).compactMap { $0["file"] as? String })
        #expect(jsonFiles == ["specs/navlab/development.yaml", "specs/navlab/production.yaml", "specs/navlab/shared.yaml"])
    }

    @Test("on the shipped specs every finding that fails the gate appears in --format github output")
    func everyGatingFindingAnnotatedOrLogged() throws {
        let text = try archlint(["check", "specs", "--no-config", "--format", "text"]).stdout
        let gating = text.split(separator: "\n").filter { $0.contains(": error ") }
        #expect(gating.count == 13)
        let github = try archlint(["check", "specs", "--no-config", "--format", "github"]).stdout
        for line in gating {
            // file:line:col: error RULE … → an annotation at that place with that rule, or the line itself.
            let parts = line.split(separator: ":", maxSplits: 3)
            let rule = parts[3].split(separator: " ")[1]
            let annotation = "::error file=\(parts[0]),line=\(parts[1]),col=\(parts[2]),title=\(rule) "
            #expect(github.contains(annotation) || github.contains(String(line) + "\n"), "missing: \(line)")
        }
        #expect(github.components(separatedBy: "::error ").count - 1 == 10)
        #expect(github.contains("::notice title=archlint::annotated "))
    }

    @Test("run from elsewhere on the repository's specs, its configuration applies")
    func configurationFromSpecs() throws {
        let repository = try navlabRepository(configuration: "specs: [specs]\nfail_on: none\nrules:\n  SG001: {severity: off}\n")
        let elsewhere = try Scratch([:])
        let run = try archlint(["check", repository.path + "/specs", "--format", "json"], in: elsewhere.path)
        #expect(run.status == 0, "fail_on: none of the repository's configuration applies: \(run.stderr)")
        let rules = ((run.json?["findings"] as? [[String: Any]]) ?? []).compactMap { $0["rule"] as? String }
        #expect(!rules.isEmpty && !rules.contains("SG001"))
    }

    @Test("one file of a stack is checked alone: its shared environment resolves, only its findings, nothing written")
    func oneFile() throws {
        let repository = try navlabRepository()
        let before = try snapshot(repository.path)
        let run = try archlint(["check", "specs/navlab/development.yaml", "--format", "json"], in: repository.path)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr == "")
        let findings = (run.json?["findings"] as? [[String: Any]]) ?? []
        #expect(findings.count > 5)
        #expect(findings.allSatisfy { $0["file"] as? String == "specs/navlab/development.yaml" })
        #expect((run.json?["summary"] as? [String: Any])?["files"] as? Int == 1)
        #expect(try snapshot(repository.path) == before, "check wrote files it was not asked to write")

        // The configured reports are written only when asked, and never for part of the specs.
        let partial = try archlint(["check", "specs/navlab/development.yaml", "--reports"], in: repository.path)
        #expect(partial.status == 2)
        #expect(partial.stderr.contains("not writing the configured reports"))
        #expect(try snapshot(repository.path) == before)
        let full = try archlint(["check", "--reports"], in: repository.path + "/specs")
        #expect(full.status == 1)
        #expect(full.stderr == "archlint: wrote reports/junit.xml\narchlint: wrote reports/archlint.sarif\narchlint: wrote reports/summary.md\n")
        #expect(FileManager.default.fileExists(atPath: repository.path + "/reports/summary.md"))
    }

    @Test("validate reads the configuration's specs; a path or configuration that selects no spec is exit 2")
    func selection() throws {
        let repository = try Scratch([".git/HEAD": "x\n", ".archlint.yml": "specs: [stacks]\n", "stacks/a.yaml": Self.clean, "empty/.keep": ""])
        let validate = try archlint(["validate"], in: repository.path)
        #expect(validate.status == 0, "\(validate.stderr)")
        #expect(validate.stdout == "VALID: 1 file loaded (1 resource)\n")
        for command in ["check", "validate"] {
            let empty = try archlint([command, "empty"], in: repository.path)
            #expect(empty.status == 2)
            #expect(empty.stderr.contains("empty:1:1: error: no spec files under empty"))
        }
        let wrong = try Scratch([".git/HEAD": "x\n", ".archlint.yml": "specs: [nothing-here]\n", "nothing-here/notes.txt": "x\n"])
        #expect(try archlint(["check"], in: wrong.path).status == 2)
        #expect(try archlint(["validate"], in: wrong.path).status == 2)
    }

    @Test("a waiver naming a rule that does not exist is an error that suggests the rule, shown with its line and caret")
    func waiverTypo() throws {
        let repository = try Scratch([
            ".git/HEAD": "x\n",
            "specs/a.yaml": """
            archlint: 1
            stack: shop
            environment: production
            services:
              - name: api
                desired_count: 1
                waivers:
                  - {rule: HA08, reason: one task is enough, expires: 2027-01-01}

            """,
        ])
        let run = try archlint(["check", "specs"], in: repository.path)
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("specs/a.yaml:8:16: error: this waiver names unknown rule 'HA08'"), "\(run.stderr)")
        #expect(
            run.stderr.contains("did you mean 'HA008'?\n  |\n8 |       - {rule: HA08, reason: one task is enough, expires: 2027-01-01}\n  |                ^\n"), "\(run.stderr)")
        // The file still loaded, so it is still checked and its findings reported.
        #expect(run.stdout.contains("specs/a.yaml:6:20: error HA003"))
    }

    @Test("--rules naming a folder without rule packs is an error, not silently no extra rules")
    func emptyRulesFolder() throws {
        let repository = try Scratch([".git/HEAD": "x\n", "specs/a.yaml": Self.clean, "policies/README.md": "x\n"])
        let run = try archlint(["check", "specs", "--no-config", "--rules", "policies"], in: repository.path)
        #expect(run.status == 2)
        #expect(run.stderr.contains("policies:1:1: error: no rule packs (.yaml or .yml files) in this folder"), "\(run.stderr)")
        #expect(run.stdout.hasSuffix("FAILED: 1 input error in 1 file\n"), "\(run.stdout)")
    }

    @Test("--exclude and exclude: let a walk of . skip other YAML; every YAML file still found is judged as a spec")
    func exclusions() throws {
        let repository = try Scratch([
            ".git/HEAD": "x\n",
            "specs/a.yaml": Self.clean,
            "deploy/chart/values.yaml": "replicas: 3\n",
            ".github/workflows/ci.yml": "on: push\n",
            "specs/empty.yaml": "",
        ])
        let all = try archlint(["check", ".", "--no-config"], in: repository.path)
        #expect(all.status == 2)
        #expect(all.stderr.contains("deploy/chart/values.yaml:1:1: error:"))
        #expect(all.stderr.contains("specs/empty.yaml:"), "an empty file is not silently skipped")
        let excluded = try archlint(["check", ".", "--no-config", "--exclude", "deploy/**", "--exclude", "empty.yaml"], in: repository.path)
        #expect(excluded.status == 0, "\(excluded.stderr)")
        let configured = try Scratch([
            ".git/HEAD": "x\n", ".archlint.yml": "specs: [.]\nexclude: [deploy]\n",
            "specs/a.yaml": Self.clean, "deploy/values.yaml": "replicas: 3\n",
        ])
        #expect(try archlint(["check"], in: configured.path).status == 0)
    }
}
