import Foundation
import Testing

/// A report file is replaced whole or not at all: a full disk, a file size limit or a
/// SIGTERM in the middle of a run leaves the previous report as it was.
@Suite("Nothing lost: report files survive failures", .serialized)
struct NothingLostTests {
    private static let previous = "<?xml version=\"1.0\"?>\n<testsuites name=\"previous run\"/>\n"

    /// A spec with thousands of findings, so that reports take a while to write.
    private static func largeSpec(buckets: Int) -> String {
        var text = "archlint: 1\nstack: big\nenvironment: production\nbuckets:\n"
        for index in 0..<buckets { text += "  - name: bucket-\(index)\n" }
        return text
    }

    private func leftovers(_ folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0 != "junit.xml" }.sorted()
    }

    // ThreadSanitizer's runtime itself dies of SIGBUS under a 16 KiB file size limit (it
    // backs memory with files), before archlint runs; scripts/sanitizers.sh says which
    // sanitizer is on.
    @Test(
        "a write that fails (file size limit: EFBIG, as a full disk gives ENOSPC) is exit 2, keeps the previous report and stdout, leaves no temporary file",
        .disabled(if: ProcessInfo.processInfo.environment["ARCHLINT_SANITIZER"] == "thread"))
    func fullDisk() throws {
        let scratch = try Scratch(["specs/big.yaml": Self.largeSpec(buckets: 200), "out/junit.xml": Self.previous])
        // The limit applies to the archlint process only; `cat` copies its stdout unlimited.
        // bash's `ulimit -f` counts 1024-byte blocks: the JUnit report is far larger than 16 KiB.
        let script = "set -o pipefail; (ulimit -f 16; exec \"$0\" check --no-config specs --junit out/junit.xml --format json) | cat"
        let run = try runProcess(URL(fileURLWithPath: "/bin/bash"), ["-c", script, archlintBinary.path], in: scratch.path)
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("out/junit.xml:1:1: error: cannot write report: File too large"), "\(run.stderr)")
        #expect(run.json?["findings"] != nil, "standard output must still be the complete JSON")
        #expect(try String(contentsOfFile: scratch.path + "/out/junit.xml", encoding: .utf8) == Self.previous)
        #expect(try leftovers(scratch.path + "/out") == [])
    }

    @Test("SIGTERM at any moment of a run leaves either the previous report or the complete new one, and no temporary file")
    func terminated() throws {
        let scratch = try Scratch(["specs/big.yaml": Self.largeSpec(buckets: 1_000)])
        let report = scratch.path + "/out/junit.xml"
        let arguments = ["check", "--no-config", "specs", "--junit", "out/junit.xml", "--sarif", "out/archlint.sarif"]
        let environment = ["SOURCE_DATE_EPOCH": "1700000000"]

        // An uninterrupted run: what a complete report looks like, and how long a run takes.
        let started = Date()
        let complete = try archlint(arguments, in: scratch.path, environment: environment)
        let duration = Date().timeIntervalSince(started)
        #expect(complete.status == 1)
        let completeReport = try String(contentsOfFile: report, encoding: .utf8)
        #expect(completeReport.hasSuffix("</testsuites>\n"))

        // Signals spread over the whole run, from start-up to the last write.
        var interrupted = 0
        var outcomes: [String] = []
        for step in 0..<8 {
            try Data(Self.previous.utf8).write(to: URL(fileURLWithPath: report))
            let process = Process()
            process.executableURL = archlintBinary
            process.arguments = arguments
            process.currentDirectoryURL = URL(fileURLWithPath: scratch.path)
            process.environment = childEnvironment(environment)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: duration * Double(step) / 8)
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
            outcomes.append("\(process.terminationReason == .uncaughtSignal ? "signal" : "exit") \(process.terminationStatus)")
            if process.terminationReason == .uncaughtSignal {
                interrupted += 1
                #expect(process.terminationStatus == SIGTERM, "archlint must die of the signal, so CI sees a cancelled job")
            }
            let left = try String(contentsOfFile: report, encoding: .utf8)
            #expect(left == Self.previous || left == completeReport, "step \(step): a partial report replaced the previous one")
            let stray = try FileManager.default.contentsOfDirectory(atPath: scratch.path + "/out").filter { $0.hasSuffix(".tmp") }
            #expect(stray == [], "step \(step): temporary files left behind")
        }
        #expect(interrupted > 0, "no run was interrupted: the test proved nothing (\(outcomes), a run takes \(duration) s)")
    }
}

@Suite("The fuzz target's invariants on the seed inputs")
struct FuzzReplayTests {
    @Test("every shipped spec and every bad-input corpus file goes through load, rules and every reporter with the fuzz target's invariants holding")
    func replaySeeds() throws {
        let replayer = archlintBinary.deletingLastPathComponent().appendingPathComponent("archlint-fuzz")
        let process = Process()
        process.executableURL = replayer
        // The shared Terraform plans go through the importer's invariants too.
        let plans = URL(fileURLWithPath: packageRoot).deletingLastPathComponent().appendingPathComponent("shared/terraform-plans").path
        process.arguments = ["specs", "Tests/ArchlintLoadTests/Corpus"] + (FileManager.default.fileExists(atPath: plans) ? [plans] : [])
        process.currentDirectoryURL = URL(fileURLWithPath: packageRoot)
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0, "\(text)")
        let count = Int(text.split(separator: " ").first ?? "") ?? 0
        #expect(count >= 350, "\(text)")
    }
}
