import Foundation
import Testing

/// A scratch git repository holding a copy of the shipped `specs/`, committed once.
private final class SpecsRepository {
    let scratch: Scratch
    var path: String { scratch.path }

    init() throws {
        scratch = try Scratch([:])
        let source = URL(fileURLWithPath: packageRoot + "/specs")
        try FileManager.default.copyItem(at: source, to: URL(fileURLWithPath: scratch.path + "/specs"))
        try git("init", "-q")
        try git("add", "-A")
        try git("commit", "-q", "-m", "specs")
    }

    @discardableResult
    func git(_ arguments: String...) throws -> Run {
        let run = try runProcess(
            URL(fileURLWithPath: "/usr/bin/git"),
            ["-c", "user.name=archlint", "-c", "user.email=archlint@example.com", "-c", "init.defaultBranch=main"] + arguments, in: path,
            environment: ["GIT_CONFIG_NOSYSTEM": "1", "HOME": path, "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z", "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z"])
        #expect(run.status == 0, "git \(arguments): \(run.stderr)")
        return run
    }

    /// Inserts `line` after the first line holding `after` in `file`.
    func insert(_ line: String, after: String, in file: String) throws {
        let url = URL(fileURLWithPath: path + "/" + file)
        var lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
        let index = try #require(lines.firstIndex { $0.contains(after) })
        lines.insert(line, at: index + 1)
        try Data(lines.joined(separator: "\n").utf8).write(to: url)
    }

    /// The working tree's bytes, to show a command changed nothing.
    func snapshot() throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: path)!
        while let file = enumerator.nextObject() as? String {
            if file.hasPrefix(".git/") && file != ".git/index" { continue }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path + "/" + file, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[file] = FileManager.default.contents(atPath: path + "/" + file)
            }
        }
        return files
    }
}

/// `archlint diff` end to end, as the issue states it: a copy of `specs/` in a git repository.
@Suite("archlint diff")
struct DiffCommandTests {
    @Test("No change: exit 0 and no new finding, although check fails on the same specs")
    func noChange() throws {
        let repository = try SpecsRepository()
        let check = try archlint(["check", "--no-config"], in: repository.path)
        #expect(check.status == 1)
        let run = try archlint(["diff", "--base", "HEAD", "--no-config"], in: repository.path)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("0 new findings, 0 escalated, 0 fixed"))
        #expect(run.stdout.hasSuffix("PASSED: no new finding at or above the gate (error)\n"))
    }

    @Test("An opened database group and flow logs: those two resources, SG001 new, NET007 fixed, nothing old new; every format")
    func openedGroupAndFlowLogs() throws {
        let repository = try SpecsRepository()
        try repository.insert("      - {ports: 5432, from: 0.0.0.0/0}", after: "{ports: 5432, from: sg:api}", in: "specs/navlab/production.yaml")
        try repository.insert("    flow_logs: true", after: "name: classla-vpc", in: "specs/classla/production.yaml")
        let before = try repository.snapshot()

        let json = try archlint(["diff", "--base", "HEAD", "--no-config", "--format", "json", "--sarif", "review.sarif"], in: repository.path)
        #expect(json.status == 1, "\(json.stderr)")
        let document = try #require(json.json)
        let changes = try #require(document["changes"] as? [[String: Any]])
        #expect(
            changes.map { "\($0["stack"]!)/\($0["environment"]!) \($0["resource"]!) \($0["change"]!)" } == [
                "classla/production network/classla-vpc changed", "navlab/production security_group/db changed",
            ])
        let fields = changes.map { ($0["fields"] as? [[String: Any]]) ?? [] }
        #expect(fields[0].map { "\($0["path"]!): \($0["old"]!) → \($0["new"]!)" } == ["flow_logs: false → true"])
        #expect(fields[1].map { "\($0["path"]!): \($0["old"]!) → \($0["new"]!)" } == ["ingress[1]: <null> → {ports: 5432, from: 0.0.0.0/0}"])
        #expect(fields[1].first?["line"] as? Int == 54)
        let findings = try #require(document["findings"] as? [String: Any])
        let new = try #require(findings["new"] as? [[String: Any]])
        #expect(new.contains { $0["rule"] as? String == "SG001" && $0["resource"] as? String == "security_group/db" })
        // Only what the opened rule brought in is new: every new finding sits on its line.
        #expect(new.allSatisfy { $0["file"] as? String == "specs/navlab/production.yaml" && $0["line"] as? Int == 54 })
        let fixed = try #require(findings["fixed"] as? [[String: Any]])
        #expect(fixed.map { "\($0["rule"]!) \($0["resource"]!)" } == ["NET007 network/classla-vpc"])

        // SARIF: valid, with new, unchanged and absent results.
        let sarif = try #require(FileManager.default.contents(atPath: repository.path + "/review.sarif"))
        let log = try #require(try JSONSerialization.jsonObject(with: sarif) as? [String: Any])
        let results = try #require(((log["runs"] as? [[String: Any]])?.first?["results"]) as? [[String: Any]])
        #expect(Set(results.compactMap { $0["baselineState"] as? String }) == ["new", "unchanged", "absent"])
        let schema = packageRoot + "/../shared/schemas/sarif-schema-2.1.0.json"
        if FileManager.default.fileExists(atPath: schema) {
            let validation = try runProcess(
                URL(fileURLWithPath: "/usr/bin/python3"),
                ["-c", "import json,sys,jsonschema; jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))", "review.sarif", schema],
                in: repository.path)
            #expect(validation.status == 0, "\(validation.stderr)")
        }
        try FileManager.default.removeItem(atPath: repository.path + "/review.sarif")

        let markdown = try archlint(["diff", "--base", "HEAD", "--no-config", "--format", "markdown"], in: repository.path)
        #expect(markdown.status == 1)
        #expect(markdown.stdout.contains("```mermaid"))
        #expect(markdown.stdout.contains("| error | SG001 | `specs/navlab/production.yaml:54` |"))

        let github = try archlint(["diff", "--base", "HEAD", "--no-config", "--format", "github"], in: repository.path)
        #expect(github.stdout.contains("::error file=specs/navlab/production.yaml,line=54,col=17,title=SG001"))
        #expect(!github.stdout.contains("NET007"))

        let junit = try archlint(["diff", "--base", "HEAD", "--no-config", "--format", "junit"], in: repository.path)
        #expect(junit.stdout.contains("<testsuites"))

        // Reading the base touched nothing: the working tree and the index are as they were.
        #expect(try repository.snapshot() == before)
        let status = try repository.git("status", "--porcelain")
        #expect(status.stdout == " M specs/classla/production.yaml\n M specs/navlab/production.yaml\n")
    }

    @Test("--merge-base compares with where the branch started, not with what main gained since")
    func mergeBase() throws {
        let repository = try SpecsRepository()
        try repository.git("checkout", "-q", "-b", "feature")
        try repository.insert("    flow_logs: true", after: "name: classla-vpc", in: "specs/classla/production.yaml")
        try repository.git("commit", "-q", "-am", "flow logs")
        try repository.git("checkout", "-q", "main")
        try repository.insert("      - {ports: 22, from: 0.0.0.0/0}", after: "{ports: 5432, from: sg:api}", in: "specs/navlab/production.yaml")
        try repository.git("commit", "-q", "-am", "main opens ssh")
        try repository.git("checkout", "-q", "feature")

        let direct = try archlint(["diff", "--base", "main", "--no-config", "--format", "json"], in: repository.path)
        let fixedDirect = ((direct.json?["findings"] as? [String: Any])?["fixed"] as? [[String: Any]]) ?? []
        #expect(fixedDirect.contains { $0["rule"] as? String == "SG001" }, "main's new SG001 looks fixed by the branch")
        let merged = try archlint(["diff", "--base", "main", "--merge-base", "--no-config", "--format", "json"], in: repository.path)
        #expect(merged.status == 0, "\(merged.stderr)")
        let fixed = ((merged.json?["findings"] as? [String: Any])?["fixed"] as? [[String: Any]]) ?? []
        #expect(fixed.map { "\($0["rule"]!)" } == ["NET007"])
    }

    @Test("Errors: an unknown revision, a path outside a repository, a wrong command line — exit 2, nothing written")
    func errors() throws {
        let repository = try SpecsRepository()
        let unknown = try archlint(["diff", "--base", "no-such-branch", "--no-config", "--sarif", "out.sarif"], in: repository.path)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown revision no-such-branch"))
        #expect(!FileManager.default.fileExists(atPath: repository.path + "/out.sarif"))
        let outside = try Scratch(["specs/a.yaml": "archlint: 1\nstack: a\nenvironment: development\n"])
        let noRepository = try archlint(["diff", "--base", "HEAD", "specs", "--no-config"], in: outside.path)
        #expect(noRepository.status == 2)
        #expect(noRepository.stderr.contains("is not inside a git repository; use `archlint diff OLD NEW`"))
        let oneFolder = try archlint(["diff", "specs"], in: repository.path)
        #expect(oneFolder.status == 2)
        #expect(oneFolder.stderr.contains("archlint diff OLD NEW"))
    }

    @Test("Two folders: no git needed")
    func folders() throws {
        let repository = try SpecsRepository()
        try FileManager.default.copyItem(atPath: repository.path + "/specs", toPath: repository.path + "/old")
        try repository.insert("    flow_logs: true", after: "name: classla-vpc", in: "specs/classla/production.yaml")
        let run = try archlint(["diff", "old", "specs", "--no-config"], in: repository.path)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("~ network/classla-vpc flow_logs: false → true specs/classla/production.yaml:21:16"))
        #expect(run.stdout.contains("old/classla/production.yaml:20:5: warning NET007"))
    }
}
