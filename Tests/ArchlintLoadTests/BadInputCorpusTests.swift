import ArchlintFindings
import ArchlintLoad
import Foundation
import Testing

/// One line of `Corpus/expected.txt`: a file and the first error it must give.
struct CorpusCase: CustomTestStringConvertible, Sendable {
    let file: String
    let line: Int
    let column: Int
    let fragment: String
    var testDescription: String { file }
}

/// How much slower this build is allowed to be (sanitizers set it; 1 otherwise).
let timeScale = ProcessInfo.processInfo.environment["ARCHLINT_TIME_SCALE"].flatMap(Double.init) ?? 1

let corpusFolder = packageRoot + "/Tests/ArchlintLoadTests/Corpus"

let corpusCases: [CorpusCase] = {
    guard let text = try? String(contentsOfFile: corpusFolder + "/expected.txt", encoding: .utf8) else { return [] }
    return text.split(separator: "\n").compactMap { raw in
        let line = raw.trimmingCharacters(in: .whitespaces)
        guard !line.isEmpty, !line.hasPrefix("#") else { return nil }
        let parts = line.split(separator: " ", maxSplits: 2).map(String.init)
        guard parts.count == 3 else { return nil }
        let location = parts[1].split(separator: ":").compactMap { Int($0) }
        guard location.count == 2 else { return nil }
        return CorpusCase(file: parts[0], line: location[0], column: location[1], fragment: parts[2])
    }
}()

@Suite("The bad-input corpus", .serialized)
struct BadInputCorpusTests {
    @Test("the corpus holds at least 120 cases, and every file in it is listed")
    func size() throws {
        #expect(corpusCases.count >= 120)
        let files = try FileManager.default.contentsOfDirectory(atPath: corpusFolder).filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
        #expect(Set(files) == Set(corpusCases.map(\.file)))
    }

    @Test("each file fails with its located error, quickly", arguments: corpusCases)
    func each(_ corpusCase: CorpusCase) {
        let clock = ContinuousClock()
        var result: LoadResult?
        let elapsed = clock.measure { result = SpecLoader().load(paths: [corpusFolder + "/" + corpusCase.file]) }
        guard let result else { return }
        #expect(result.workspace.specs.isEmpty, "the file loaded")
        let first = result.diagnostics.first
        #expect(
            first.map { "\($0.location.line):\($0.location.column)" } == "\(corpusCase.line):\(corpusCase.column)",
            "\(result.diagnostics.map(\.description))")
        #expect(first?.message.contains(corpusCase.fragment) == true, "\(first?.message ?? "no error")")
        // A guard against hangs, not a speed test: the real cost is milliseconds, and a busy
        // 2-core machine running other suites in parallel must never fail here. Sanitizer
        // runs are several times slower and say so through ARCHLINT_TIME_SCALE.
        #expect(elapsed < .seconds(30 * timeScale))
    }

    @Test("cases made at run time: oversized file and scalar, duplicate stack-environment, folder named like a spec, symlink loop, unreadable file")
    func runtimeCases() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("archlint-corpus-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/specs/trap.yaml", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let header = "archlint: 1\nstack: big\nenvironment: production\n"
        // 33 MiB: just over the default file limit.
        var huge = Data(header.utf8)
        huge.append(Data(repeating: UInt8(ascii: "#"), count: 33 * 1024 * 1024))
        try huge.write(to: URL(fileURLWithPath: folder + "/specs/huge.yaml"))
        // A 2 MiB scalar: over the default scalar limit.
        try Data((header.replacingOccurrences(of: "big", with: "scalar") + "description: " + String(repeating: "x", count: 2 * 1024 * 1024) + "\n").utf8)
            .write(to: URL(fileURLWithPath: folder + "/specs/scalar.yaml"))
        try Data("archlint: 1\nstack: twin\nenvironment: staging\n".utf8).write(to: URL(fileURLWithPath: folder + "/specs/twin-a.yaml"))
        try Data("archlint: 1\nstack: twin\nenvironment: staging\n".utf8).write(to: URL(fileURLWithPath: folder + "/specs/twin-b.yaml"))
        try FileManager.default.createSymbolicLink(atPath: folder + "/specs/loop", withDestinationPath: folder + "/specs")
        try Data("archlint: 1\nstack: locked\nenvironment: staging\n".utf8).write(to: URL(fileURLWithPath: folder + "/specs/locked.yaml"))
        chmod(folder + "/specs/locked.yaml", 0)
        try Data("archlint: 1\nstack: fine\nenvironment: staging\n".utf8).write(to: URL(fileURLWithPath: folder + "/specs/fine.yaml"))

        let clock = ContinuousClock()
        var loaded: LoadResult?
        let elapsed = clock.measure { loaded = SpecLoader().load(paths: [folder + "/specs"], root: RepositoryRoot(path: folder, workingDirectory: folder)) }
        let result = try #require(loaded)
        let errors = result.diagnostics.map { "\($0.location.file.replacingOccurrences(of: folder + "/", with: "")):\($0.location.line):\($0.location.column): \($0.message)" }
        #expect(errors.contains("specs/huge.yaml:1:1: file is 33 MiB, more than the limit of 32 MiB (--max-file-size)"))
        #expect(errors.contains { $0.hasPrefix("specs/scalar.yaml:4:14: scalar of 2097152 bytes is longer than the limit") })
        #expect(errors.contains { $0.hasPrefix("specs/twin-b.yaml:3:14: twin/staging is already described by") })
        #expect(errors.contains("specs/trap.yaml:1:1: is a directory, not a spec file"))
        #expect(errors.contains { $0.hasPrefix("specs/loop:1:1: symbolic link loop") })
        if geteuid() != 0 {
            // Root reads any file, so this case can only be made by an ordinary user.
            #expect(errors.contains("specs/locked.yaml:1:1: cannot read: permission denied"))
        }
        // Nothing lost: the good files still load.
        #expect(result.workspace.specs.map(\.stack.value).contains("fine"))
        #expect(result.workspace.specs.map(\.stack.value).contains("twin"))
        // A hang guard with room for a loaded machine (the real cost is well under a second).
        #expect(elapsed < .seconds(120 * timeScale))
    }
}
