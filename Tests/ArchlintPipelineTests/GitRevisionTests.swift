import ArchlintFindings
import ArchlintLoad
@testable import ArchlintPipeline
import Foundation
import Testing

/// A fresh folder for one test's repositories, removed when the value goes away.
private final class ScratchFolder {
    let path: String

    init() throws {
        let created = FileManager.default.temporaryDirectory.appendingPathComponent("archlint-git-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: created, withIntermediateDirectories: true)
        // Physical, as git prints folders (the temporary folder may be behind a link).
        path = URL(fileURLWithPath: created).resolvingSymlinksInPath().path
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// A new git repository in `name`, with no commit yet.
    func repository(_ name: String = "repo") throws -> String {
        let folder = path + "/" + name
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try runGit(["init", "-q", "-b", "main"], in: folder)
        return folder
    }

    /// The environment `read` is given: the process's, with git kept inside the scratch
    /// folder (no repository above it is found) and no user or system configuration.
    var environment: [String: String] { gitEnvironment(ceiling: path) }
}

private func gitEnvironment(ceiling: String) -> [String: String] {
    var environment = ProcessInfo.processInfo.environment
    for name in environment.keys where name.hasPrefix("GIT_") { environment.removeValue(forKey: name) }
    environment["GIT_CEILING_DIRECTORIES"] = ceiling
    environment["GIT_CONFIG_NOSYSTEM"] = "1"
    environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
    environment["GIT_AUTHOR_NAME"] = "Archlint Test"
    environment["GIT_AUTHOR_EMAIL"] = "test@example.com"
    environment["GIT_COMMITTER_NAME"] = "Archlint Test"
    environment["GIT_COMMITTER_EMAIL"] = "test@example.com"
    // Fixed dates: a commit's name must not depend on when the test runs.
    environment["GIT_AUTHOR_DATE"] = "2026-01-01T00:00:00Z"
    environment["GIT_COMMITTER_DATE"] = "2026-01-01T00:00:00Z"
    return environment
}

/// Runs git in `folder`; its output, trimmed. Fails the test when git fails.
@discardableResult
private func runGit(_ arguments: [String], in folder: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git"] + arguments
    process.currentDirectoryURL = URL(fileURLWithPath: folder)
    process.environment = gitEnvironment(ceiling: URL(fileURLWithPath: folder).deletingLastPathComponent().path)
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    guard process.terminationStatus == 0 else { throw GitFailed(description: "git \(arguments.joined(separator: " ")): \(text)") }
    return text
}

private struct GitFailed: Error, CustomStringConvertible {
    let description: String
}

/// Writes `files` (path → text; nil removes the file) into `folder`.
private func write(_ files: [String: String?], in folder: String) throws {
    for (path, text) in files {
        let url = URL(fileURLWithPath: folder + "/" + path)
        guard let text else {
            try FileManager.default.removeItem(at: url)
            continue
        }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }
}

/// Writes `files` and commits everything; the new commit's full name.
@discardableResult
private func commit(_ files: [String: String?], in folder: String, message: String = "change") throws -> String {
    try write(files, in: folder)
    try runGit(["add", "-A"], in: folder)
    try runGit(["commit", "-q", "-m", message], in: folder)
    return try runGit(["rev-parse", "HEAD"], in: folder)
}

private func spec(_ stack: String, _ environment: String, service: String) -> String {
    """
    archlint: 1
    stack: \(stack)
    environment: \(environment)
    services:
      - name: \(service)

    """
}

private func read(
    _ revision: String, mergeBase: Bool = false, _ paths: [String] = [], exclude: [String] = [], limits: LoadLimits = .default,
    in folder: String, scratch: ScratchFolder
) -> Result<GitSnapshot, GitRevisionError> {
    GitSnapshot.read(
        revision: revision, mergeBase: mergeBase, paths: paths, exclude: exclude.map(PathPattern.init), limits: limits, workingDirectory: folder,
        environment: scratch.environment)
}

private func texts(_ snapshot: GitSnapshot) -> [String: String] {
    Dictionary(uniqueKeysWithValues: snapshot.documents.map { ($0.path, String(decoding: $0.bytes, as: UTF8.self)) })
}

@Suite("Specs read at a git revision")
struct GitRevisionTests {
    @Test("A folder at HEAD~1 gives the old bytes, and the working tree and git status stay as they were")
    func oldBytesWithoutTouchingTheWorkingTree() throws {
        let scratch = try ScratchFolder()
        let repo = try scratch.repository()
        let first = try commit(["specs/navlab/production.yaml": spec("navlab", "production", service: "old")], in: repo)
        try commit(["specs/navlab/production.yaml": spec("navlab", "production", service: "new"), "specs/navlab/staging.yaml": spec("navlab", "staging", service: "s")], in: repo)
        try write(["specs/navlab/production.yaml": spec("navlab", "production", service: "uncommitted"), "specs/navlab/untracked.yaml": "x: 1\n"], in: repo)
        let statusBefore = try runGit(["status", "--porcelain=v1", "--untracked-files=all"], in: repo)
        let indexBefore = try Data(contentsOf: URL(fileURLWithPath: repo + "/.git/index"))

        let snapshot = try read("HEAD~1", ["specs"], in: repo, scratch: scratch).get()
        #expect(snapshot.revision == "HEAD~1")
        #expect(snapshot.commit == first)
        #expect(snapshot.repository == repo)
        #expect(snapshot.diagnostics.isEmpty, "\(snapshot.diagnostics)")
        #expect(snapshot.documents.map(\.path) == ["specs/navlab/production.yaml"])
        #expect(texts(snapshot)["specs/navlab/production.yaml"] == spec("navlab", "production", service: "old"))

        #expect(try runGit(["status", "--porcelain=v1", "--untracked-files=all"], in: repo) == statusBefore)
        #expect(try Data(contentsOf: URL(fileURLWithPath: repo + "/.git/index")) == indexBefore)
        #expect(try String(contentsOfFile: repo + "/specs/navlab/production.yaml", encoding: .utf8) == spec("navlab", "production", service: "uncommitted"))

        // The paths are printed the same from a subfolder, from outside the repository, and
        // by default (`specs`).
        let fromSubfolder = try read("HEAD~1", ["navlab"], in: repo + "/specs", scratch: scratch).get()
        #expect(fromSubfolder.documents.map(\.path) == ["specs/navlab/production.yaml"])
        let fromOutside = try read("HEAD~1", [repo + "/specs/navlab/"], in: scratch.path, scratch: scratch).get()
        #expect(fromOutside.documents.map(\.path) == ["specs/navlab/production.yaml"])
        let byDefault = try read("HEAD", in: repo, scratch: scratch).get()
        #expect(byDefault.documents.map(\.path) == ["specs/navlab/production.yaml", "specs/navlab/staging.yaml"])
        #expect(texts(byDefault)["specs/navlab/production.yaml"] == spec("navlab", "production", service: "new"))
    }

    @Test("Folders select what discovery selects on disk: .yaml/.yml only, hidden and excluded left out, names in byte order")
    func selectionMatchesDiscovery() throws {
        let scratch = try ScratchFolder()
        let repo = try scratch.repository()
        let files: [String: String?] = [
            "specs/a.yaml": "a", "specs/a-b.yaml": "ab", "specs/a/x.yaml": "ax", "specs/b.yml": "b", "specs/readme.md": "r",
            "specs/.hidden/h.yaml": "h", "specs/.dot.yaml": "d", "specs/vendor/v.yaml": "v", "specs/sub/vendor.yaml": "sv",
            "specs/sub/deep/c.yaml": "c", "specs/dir.yaml/inner.yaml": "i", "specs/Z.yaml": "Z", "other/o.yaml": "o",
        ]
        try commit(files, in: repo)
        try FileManager.default.createSymbolicLink(atPath: repo + "/specs/link.yaml", withDestinationPath: "a.yaml")
        try runGit(["add", "-A"], in: repo)
        try runGit(["commit", "-q", "-m", "a link"], in: repo)
        for exclude in [[], ["vendor"], ["specs/sub/**"], ["*.yml", "specs/a"]] {
            let snapshot = try read("HEAD", ["specs"], exclude: exclude, in: repo, scratch: scratch).get()
            let root = RepositoryRoot.find(for: ["specs"], workingDirectory: repo)
            // On disk the link is followed; at a revision it is left out (its target is elsewhere).
            let onDisk = SpecLoader.discover(paths: ["specs"], root: root, exclude: exclude.map(PathPattern.init)).filter { $0 != "specs/link.yaml" }
            #expect(snapshot.documents.map(\.path) == onDisk, "exclude \(exclude)")
            #expect(snapshot.diagnostics.map(\.description) == ["specs/dir.yaml:1:1: error: is a directory, not a spec file"])
        }
        let all = try read("HEAD", ["specs"], in: repo, scratch: scratch).get()
        #expect(
            all.documents.map(\.path) == [
                "specs/Z.yaml", "specs/a/x.yaml", "specs/a-b.yaml", "specs/a.yaml", "specs/b.yml", "specs/dir.yaml/inner.yaml", "specs/sub/deep/c.yaml",
                "specs/sub/vendor.yaml", "specs/vendor/v.yaml",
            ])
        #expect(texts(all)["specs/a/x.yaml"] == "ax")
    }

    @Test("A file named explicitly is read whatever its name; a path with nothing at the revision is a located error")
    func explicitFilesAndMissingPaths() throws {
        let scratch = try ScratchFolder()
        let repo = try scratch.repository()
        try commit(["specs/a.yaml": "a", "specs/notes.txt": "n", "specs/.hidden.yaml": "h", "docs/readme.md": "r"], in: repo)
        let named = try read("HEAD", ["specs/notes.txt", "specs/.hidden.yaml", "specs", "specs/a.yaml"], in: repo, scratch: scratch).get()
        #expect(named.documents.map(\.path) == ["specs/notes.txt", "specs/.hidden.yaml", "specs/a.yaml"])
        #expect(named.diagnostics.isEmpty)

        try commit(["specs/new.yaml": "new"], in: repo)
        let commit = try runGit(["rev-parse", "HEAD~1"], in: repo)
        let missing = try read("HEAD~1", ["specs/new.yaml", "docs", "specs"], exclude: ["*.txt"], in: repo, scratch: scratch).get()
        #expect(missing.documents.map(\.path) == ["specs/a.yaml"])
        #expect(
            missing.diagnostics.map(\.description) == [
                "specs/new.yaml:1:1: error: no such file or directory at HEAD~1 (commit \(commit.prefix(12)))",
                "docs:1:1: error: no spec files under docs at HEAD~1 (commit \(commit.prefix(12))) (after --exclude *.txt); give a folder that holds .yaml or .yml specs",
            ])
    }

    @Test("Names with spaces, tabs and non-ASCII letters come back exactly")
    func unusualNames() throws {
        let scratch = try ScratchFolder()
        let repo = try scratch.repository()
        let name = "specs/ünï cødé/naïve\tprod é.yaml"
        try commit([name: "bytes", "specs/\"quoted\" name.yml": "q"], in: repo)
        let snapshot = try read("HEAD", ["specs/ünï cødé", "specs/\"quoted\" name.yml"], in: repo, scratch: scratch).get()
        #expect(snapshot.documents.map(\.path) == [name, "specs/\"quoted\" name.yml"])
        #expect(texts(snapshot)[name] == "bytes")
    }

    @Test("With --merge-base, the commit a branch forked from is read, not the other branch's tip")
    func mergeBaseOnABranch() throws {
        let scratch = try ScratchFolder()
        let repo = try scratch.repository()
        let fork = try commit(["specs/app.yaml": "at the fork"], in: repo)
        try runGit(["checkout", "-q", "-b", "feature"], in: repo)
        try commit(["specs/app.yaml": "on the feature"], in: repo)
        try runGit(["checkout", "-q", "main"], in: repo)
        let tip = try commit(["specs/app.yaml": "on main since"], in: repo)
        try runGit(["checkout", "-q", "feature"], in: repo)

        let base = try read("main", mergeBase: true, ["specs"], in: repo, scratch: scratch).get()
        #expect(base.commit == fork)
        #expect(base.revision == "main")
        #expect(texts(base)["specs/app.yaml"] == "at the fork")
        let direct = try read("main", ["specs"], in: repo, scratch: scratch).get()
        #expect(direct.commit == tip)
        #expect(texts(direct)["specs/app.yaml"] == "on main since")

        try runGit(["checkout", "-q", "--orphan", "unrelated"], in: repo)
        try commit(["specs/app.yaml": "elsewhere"], in: repo)
        let unrelated = read("main", mergeBase: true, ["specs"], in: repo, scratch: scratch)
        #expect(
            unrelated.failure?.message == "main and HEAD have no common ancestor (unrelated histories); compare with main itself, without --merge-base")
    }

    @Test("An unknown revision says so, with the command that would fetch it")
    func unknownRevision() throws {
        let scratch = try ScratchFolder()
        let repo = try scratch.repository()
        try commit(["specs/app.yaml": "a"], in: repo)
        let local = read("no-such-branch", ["specs"], in: repo, scratch: scratch)
        #expect(local.failure?.message == "unknown revision no-such-branch in the git repository at \(repo) (which has no remote to fetch it from)")
        #expect(read("--output=x", ["specs"], in: repo, scratch: scratch).failure?.message.hasPrefix("unknown revision --output=x") == true)

        try runGit(["remote", "add", "origin", "https://example.com/never-contacted.git"], in: repo)
        let remote = read("origin/main", ["specs"], in: repo, scratch: scratch)
        #expect(
            remote.failure?.message
                == "unknown revision origin/main in the git repository at \(repo); if it is on a remote, fetch it first: `git fetch origin main`")
        let branch = read("release", ["specs"], in: repo, scratch: scratch)
        #expect(branch.failure?.message.hasSuffix("fetch it first: `git fetch origin release`, then give --base origin/release") == true)
        let forked = read("release", mergeBase: true, ["specs"], in: repo, scratch: scratch)
        #expect(forked.failure?.message.hasSuffix("fetch it first: `git fetch origin release`, then give --base origin/release") == true)

        // Only the remote's branch is here, as in a CI checkout.
        try runGit(["update-ref", "refs/remotes/origin/release", "HEAD"], in: repo)
        #expect(
            read("release", ["specs"], in: repo, scratch: scratch).failure?.message
                == "unknown revision release in the git repository at \(repo); the branch release of origin is origin/release: give --base origin/release")
    }

    @Test("In a shallow clone, a revision or merge base it lacks comes with the fetch command that gets it")
    func shallowClone() throws {
        let scratch = try ScratchFolder()
        let source = try scratch.repository("source")
        let first = try commit(["specs/app.yaml": "one"], in: source)
        try runGit(["checkout", "-q", "-b", "other"], in: source)
        try commit(["specs/app.yaml": "other"], in: source)
        try runGit(["checkout", "-q", "main"], in: source)
        try commit(["specs/app.yaml": "two"], in: source)
        try runGit(["clone", "-q", "--depth", "1", "--no-single-branch", "file://" + source, scratch.path + "/shallow"], in: scratch.path)
        let clone = scratch.path + "/shallow"

        let parent = read("HEAD~1", ["specs"], in: clone, scratch: scratch)
        #expect(
            parent.failure?.message
                == "HEAD~1 is not in this shallow clone (\(clone) holds only part of the history); fetch the whole history: `git fetch --unshallow`")
        let old = read(first, ["specs"], in: clone, scratch: scratch)
        #expect(
            old.failure?.message
                == "\(first) is not in this shallow clone (\(clone) holds only part of the history); fetch it: `git fetch --depth=1 origin \(first)`, or the whole history: `git fetch --unshallow`"
        )
        let forked = read("origin/other", mergeBase: true, ["specs"], in: clone, scratch: scratch)
        #expect(forked.failure?.message.contains("no common ancestor in this shallow clone") == true)
        #expect(forked.failure?.message.contains("`git fetch --unshallow`") == true)
        // What the clone has reads as usual.
        #expect(try texts(read("origin/other", ["specs"], in: clone, scratch: scratch).get())["specs/app.yaml"] == "other")
    }

    @Test("Paths outside any repository, and git missing, are errors that say what to do instead")
    func outsideARepositoryAndNoGit() throws {
        let scratch = try ScratchFolder()
        try write(["plain/specs/app.yaml": "a"], in: scratch.path)
        let outside = read("HEAD", ["specs"], in: scratch.path + "/plain", scratch: scratch)
        #expect(outside.failure == GitRevisionError("specs is not inside a git repository; use `archlint diff OLD NEW` to compare two folders", path: "specs"))

        let repo = try scratch.repository()
        try commit(["specs/app.yaml": "a"], in: repo)
        let mixed = read("HEAD", ["specs", scratch.path + "/plain/specs"], in: repo, scratch: scratch)
        #expect(mixed.failure?.message.contains("is outside the git repository at \(repo), which holds specs; give paths of one repository") == true)

        var noGit = scratch.environment
        noGit["PATH"] = scratch.path
        let missing = GitSnapshot.read(revision: "HEAD", mergeBase: false, paths: ["specs"], workingDirectory: repo, environment: noGit)
        #expect(missing.failure?.message.hasPrefix("git is not installed (or not on PATH)") == true)
    }

    @Test("Limits: a file over the size limit is reported as the loader reports it, and never read; the file count is capped")
    func limits() throws {
        let scratch = try ScratchFolder()
        let repo = try scratch.repository()
        try commit(["specs/big.yaml": String(repeating: "x", count: 5000), "specs/small.yaml": "s", "specs/tiny.yaml": "t"], in: repo)
        var limits = LoadLimits()
        limits.maxFileBytes = 1024
        let snapshot = try read("HEAD", ["specs"], limits: limits, in: repo, scratch: scratch).get()
        #expect(snapshot.documents.map(\.path) == ["specs/small.yaml", "specs/tiny.yaml"])
        let onDisk = SpecLoader(limits: limits).load(paths: ["specs"], root: RepositoryRoot.find(for: ["specs"], workingDirectory: repo))
        let loaderSays = onDisk.diagnostics.first { $0.location.file == "specs/big.yaml" }
        #expect(loaderSays != nil)
        #expect(snapshot.diagnostics.map(\.description) == [loaderSays?.description])

        limits = LoadLimits()
        limits.maxFiles = 2
        let capped = try read("HEAD", ["specs"], limits: limits, in: repo, scratch: scratch).get()
        #expect(capped.documents.map(\.path) == ["specs/big.yaml", "specs/small.yaml"])
        #expect(capped.diagnostics.map(\.message) == ["more than 2 spec files; only the first 2 were read (--max-files)"])
    }

    @Test("Thousands of files go through one cat-file without the pipes filling up")
    func manyFiles() throws {
        let scratch = try ScratchFolder()
        let repo = try scratch.repository()
        var files: [String: String?] = [:]
        for index in 0..<3000 { files[String(format: "specs/s%04d.yaml", index)] = "file \(index)\n" + String(repeating: "#", count: 200) + "\n" }
        try commit(files, in: repo)
        let snapshot = try read("HEAD", ["specs"], in: repo, scratch: scratch).get()
        #expect(snapshot.documents.count == 3000)
        #expect(snapshot.documents.allSatisfy { files[$0.path] == String(decoding: $0.bytes, as: UTF8.self) })
    }

    @Test("git failing before it has read its input is a failed run, not a SIGPIPE that ends archlint")
    func gitStoppingEarly() throws {
        let scratch = try ScratchFolder()
        let repo = try scratch.repository()
        let git = try #require(Git(environment: scratch.environment))
        // Far more than a pipe holds, so the write is still going when git has already gone.
        let input = [UInt8](repeating: UInt8(ascii: "x"), count: 4 * 1024 * 1024)
        let run = try #require(git.run(["cat-file", "--no-such-option"], in: repo, input: input) { $0.readToEnd() })
        #expect(run.status != 0)
        #expect(!run.errors.isEmpty)
    }
}

extension Result {
    fileprivate var failure: Failure? {
        if case .failure(let failure) = self { return failure }
        return nil
    }
}
