import Foundation

/// What one run of the built `archlint` produced.
struct Run {
    let status: Int32
    let stdout: String
    let stderr: String

    var json: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) as? [String: Any]
    }
}

/// The `archlint` executable built next to the test bundle.
let archlintBinary: URL = {
    let bundleDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for candidate in [bundleDirectory, bundleDirectory.deletingLastPathComponent(),
                      bundleDirectory.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()] {
        let url = candidate.appendingPathComponent("archlint")
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue { return url }
    }
    return URL(fileURLWithPath: packageRoot + "/.build/debug/archlint")
}()

/// The package's root folder, found from this file's path.
let packageRoot: String = {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)
    return parts.joined(separator: "/")
}()

/// Runs archlint with `arguments` in `directory`, with a clean environment (no colour).
func archlint(_ arguments: [String], in directory: String = packageRoot, environment: [String: String] = [:]) throws -> Run {
    try runProcess(archlintBinary, arguments, in: directory, environment: environment)
}

/// The environment every child gets: a fixed PATH, no colour, and the sanitizer settings of
/// this run (scripts/sanitizers.sh), so an instrumented binary behaves as configured.
func childEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
    var inherited = ["PATH": "/usr/bin:/bin", "NO_COLOR": "1"]
    for (key, value) in ProcessInfo.processInfo.environment where key.hasSuffix("SAN_OPTIONS") { inherited[key] = value }
    return inherited.merging(extra) { $1 }
}

/// Runs `executable` to completion and captures its output.
func runProcess(_ executable: URL, _ arguments: [String], in directory: String = packageRoot,
                environment: [String: String] = [:]) throws -> Run {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    process.environment = childEnvironment(environment)
    // Files rather than pipes: a large report can never fill a pipe and stall the run.
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("archlint-run-\(UUID().uuidString)")
    let outURL = base.appendingPathExtension("out"), errURL = base.appendingPathExtension("err")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    defer {
        try? FileManager.default.removeItem(at: outURL)
        try? FileManager.default.removeItem(at: errURL)
    }
    process.standardOutput = try FileHandle(forWritingTo: outURL)
    process.standardError = try FileHandle(forWritingTo: errURL)
    try process.run()
    process.waitUntilExit()
    let outData = try Data(contentsOf: outURL), errData = try Data(contentsOf: errURL)
    return Run(status: process.terminationStatus,
               stdout: String(decoding: outData, as: UTF8.self),
               stderr: String(decoding: errData, as: UTF8.self))
}

/// A scratch folder of files, removed when the value goes away.
final class Scratch {
    let path: String

    init(_ files: [String: String]) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("archlint-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for (name, text) in files {
            let url = URL(fileURLWithPath: path).appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
