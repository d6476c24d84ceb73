import Foundation
import Testing

/// A copy of the shipped specs in a throwaway repository (a folder with `.git`).
private func shippedSpecsScratch() throws -> Scratch {
    var files: [String: String] = [".git/HEAD": "ref: refs/heads/main\n"]
    let specs = packageRoot + "/specs"
    for case let relative as String in FileManager.default.enumerator(atPath: specs)! where relative.hasSuffix(".yaml") {
        files["specs/" + relative] = try String(contentsOfFile: specs + "/" + relative, encoding: .utf8)
    }
    return try Scratch(files)
}

/// `RULE RESOURCE STACK/ENV MESSAGE` of each finding of a JSON report, line numbers in
/// messages left out (a fix above a finding moves it, and "at line N" in its message).
private func findings(_ run: Run) throws -> [String] {
    let items = try #require(run.json?["findings"] as? [[String: Any]])
    return items.map { item in
        let message = (item["message"] as? String ?? "").replacingOccurrences(of: #"line \d+"#, with: "line N", options: .regularExpression)
        return "\(item["rule"]!) \(item["resource"]!) \(item["stack"]!)/\(item["environment"]!) \(message)"
    }.sorted()
}

@Suite("check --fix")
struct FixCommandTests {
    @Test("--fix on the shipped specs removes exactly the findings it fixes, touches only their lines, and the result validates")
    func shippedSpecs() throws {
        let scratch = try shippedSpecsScratch()
        let before = try findings(archlint(["check", "specs", "--no-config", "--format", "json"], in: scratch.path))

        let preview = try archlint(["check", "specs", "--no-config", "--fix", "--diff"], in: scratch.path)
        #expect(preview.status == 1)
        #expect(preview.stdout.hasPrefix("--- a/specs/"))
        #expect(preview.stderr.contains("nothing changed (--diff)"))
        #expect(try findings(archlint(["check", "specs", "--no-config", "--format", "json"], in: scratch.path)) == before)

        let started = Date()
        let fixed = try archlint(["check", "specs", "--no-config", "--fix"], in: scratch.path)
        let seconds = Date().timeIntervalSince(started)
        #expect(fixed.status == 1)
        let fixLines = fixed.stderr.split(separator: "\n").filter { $0.contains(": fixed ") && !$0.hasPrefix("archlint:") }
        let fixedFindings = fixLines.map { line -> String in
            // `FILE:LINE: fixed RULE RESOURCE — set …`
            let words = line.split(separator: " ")
            return "\(words[2]) \(words[3])"
        }
        #expect(fixedFindings.count >= 15)
        let summary = fixed.stderr.split(separator: "\n").first { $0.hasPrefix("archlint: fixed ") } ?? ""
        print("check --fix on the shipped specs: \(summary.dropFirst("archlint: ".count)), \(String(format: "%.2f", seconds)) s")

        // The fixed findings are gone, nothing new appears, every other finding is unchanged.
        let after = try findings(archlint(["check", "specs", "--no-config", "--format", "json"], in: scratch.path))
        var expected = before
        for finding in fixedFindings {
            let index = try #require(expected.firstIndex { $0.hasPrefix(finding + " ") }, "\(finding) was not found before")
            expected.remove(at: index)
        }
        #expect(after == expected)
        #expect(try archlint(["validate", "specs", "--no-config"], in: scratch.path).status == 0)

        // The diff --diff printed only adds or replaces the fixed lines: one line per fix.
        let changed = preview.stdout.split(separator: "\n").filter { $0.hasPrefix("+") && !$0.hasPrefix("+++") }
        let removed = preview.stdout.split(separator: "\n").filter { $0.hasPrefix("-") && !$0.hasPrefix("---") }
        #expect(changed.count - removed.count <= fixedFindings.count)
        #expect(removed.allSatisfy { line in changed.contains { $0.dropFirst().hasPrefix(line.dropFirst().prefix(while: { $0 != ":" })) } })

        // A second --fix has nothing left to do.
        let again = try archlint(["check", "specs", "--no-config", "--fix"], in: scratch.path)
        #expect(again.stderr.contains("archlint: fixed 0 findings in 0 files"))
    }

    @Test("--diff without --fix is a usage error")
    func diffNeedsFix() throws {
        let run = try archlint(["check", "specs", "--diff"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("--diff"))
    }

    @Test("a spec that cannot be written is a located error, exit 2, and no spec is changed")
    func unwritable() throws {
        let text = "archlint: 1\nstack: s\nenvironment: production\ndatabases:\n  - name: db\n    engine: postgres\n"
        let scratch = try Scratch([".git/HEAD": "x\n", "specs/a.yaml": text, "specs/b.yaml": text.replacingOccurrences(of: "stack: s", with: "stack: t")])
        let locked = scratch.path + "/specs/b.yaml"
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: locked)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: locked) }
        // Root ignores permissions; the test means nothing then.
        guard access(locked, W_OK) != 0 else { return }
        let run = try archlint(["check", "specs", "--no-config", "--fix"], in: scratch.path)
        #expect(run.status == 2)
        #expect(run.stderr.contains("specs/b.yaml:1:1: error: cannot write fix: the file is not writable"))
        #expect(try String(contentsOfFile: scratch.path + "/specs/a.yaml", encoding: .utf8) == text)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: scratch.path + "/specs").filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty)
    }

    @Test("a pack with a bad autofix is a located error and exit 2")
    func badAutofix() throws {
        let pack = """
            pack: mine
            rules:
              - id: MINE001
                name: mine
                severity: warning
                summary: s
                rationale: r
                fix: f
                autofix: {set: {deletion_protektion: true}}
                check:
                  select: database
                  require: {path: deletion_protection, is_true: true}
                  message: m
                examples:
                  fires: ["databases:\\n  - name: a   # FIRES\\n"]
                  passes: ["databases: []\\n"]

            """
        let scratch = try Scratch([".git/HEAD": "x\n", "packs/mine.yaml": pack, "specs/a.yaml": "archlint: 1\nstack: s\nenvironment: production\n"])
        let run = try archlint(["check", "specs", "--no-config", "--rules", "packs", "--fix"], in: scratch.path)
        #expect(run.status == 2)
        #expect(run.stderr.contains("packs/mine.yaml:9:21: error: 'deletion_protektion' is not a key of the items the check selects; did you mean 'deletion_protection'?"))
    }

    @Test("a spec that is a symbolic link is fixed where it points, and stays a link")
    func symbolicLink() throws {
        let text = "archlint: 1\nstack: s\nenvironment: production\ndatabases:\n  - name: db\n    engine: postgres\n"
        let scratch = try Scratch([".git/HEAD": "x\n", "shared/a.yaml": text])
        try FileManager.default.createDirectory(atPath: scratch.path + "/specs", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: scratch.path + "/specs/a.yaml", withDestinationPath: "../shared/a.yaml")
        let run = try archlint(["check", "specs", "--no-config", "--fix"], in: scratch.path)
        #expect(run.stderr.contains("specs/a.yaml:5: fixed ENC001 database/db — set encrypted: true"), "\(run.stderr)")
        let link = try FileManager.default.destinationOfSymbolicLink(atPath: scratch.path + "/specs/a.yaml")
        #expect(link == "../shared/a.yaml")
        #expect(try String(contentsOfFile: scratch.path + "/shared/a.yaml", encoding: .utf8).contains("    encrypted: true\n"))
    }

    @Test("a write that fails part-way (a file size limit) is a located error, exit 2, and no spec changes")
    func failedWrite() throws {
        // Specs larger than the limit (ulimit -f 2: 2 KiB), the command's messages smaller:
        // writing a fixed spec fails with EFBIG, for root too.
        let padding = "# " + String(repeating: "x", count: 3000) + "\n"
        let text = "archlint: 1\nstack: s\nenvironment: production\n" + padding + "databases:\n  - name: db\n    engine: postgres\n"
        let scratch = try Scratch([".git/HEAD": "x\n", "specs/a.yaml": text, "specs/b.yaml": text.replacingOccurrences(of: "stack: s", with: "stack: t")])
        let run = try runProcess(
            URL(fileURLWithPath: "/bin/bash"), ["-c", "ulimit -f 2; exec \"$0\" check specs --no-config --fix", archlintBinary.path], in: scratch.path)
        #expect(run.status == 2)
        #expect(run.stderr.contains("specs/a.yaml:1:1: error: cannot write fix: "), "\(run.stderr)")
        #expect(run.stderr.contains("archlint: fixed nothing: every spec is as it was"))
        for name in ["a.yaml", "b.yaml"] {
            #expect(try String(contentsOfFile: scratch.path + "/specs/" + name, encoding: .utf8).contains("encrypted") == false)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path + "/specs").sorted() == ["a.yaml", "b.yaml"])
    }
}
