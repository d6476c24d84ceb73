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
    for candidate in [
        bundleDirectory, bundleDirectory.deletingLastPathComponent(),
        bundleDirectory.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent(),
    ] {
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

/// The day every child believes it is, unless a test says otherwise: before the shipped
/// waivers expire (2027-05-20), so results do not change with the machine's clock.
let pinnedToday = "2026-12-01"

/// The environment every child gets: a fixed PATH, no colour, a fixed "today", and the
/// sanitizer settings of this run (scripts/sanitizers.sh), so an instrumented binary behaves
/// as configured.
func childEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
    var inherited = ["PATH": "/usr/bin:/bin", "NO_COLOR": "1", "ARCHLINT_TODAY": pinnedToday]
    for (key, value) in ProcessInfo.processInfo.environment where key.hasSuffix("SAN_OPTIONS") { inherited[key] = value }
    return inherited.merging(extra) { $1 }
}

/// Runs archlint with its standard output and error on a pseudo-terminal, as a person's
/// shell would, and returns what the terminal showed. util-linux's `script` makes the
/// terminal (it is in every Debian base system). `NO_COLOR` is not set unless given.
func archlintOnTerminal(_ arguments: [String], in directory: String = packageRoot, environment: [String: String] = [:]) throws -> (status: Int32, screen: String) {
    func quoted(_ word: String) -> String { "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'" }
    let command = ([archlintBinary.path] + arguments).map(quoted).joined(separator: " ")
    var variables = environment
    variables["TERM"] = "xterm"
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
    process.arguments = ["--quiet", "--return", "--command", command, "/dev/null"]
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    var inherited = childEnvironment(variables)
    if environment["NO_COLOR"] == nil { inherited.removeValue(forKey: "NO_COLOR") }
    process.environment = inherited
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// Runs `executable` to completion and captures its output.
func runProcess(
    _ executable: URL, _ arguments: [String], in directory: String = packageRoot,
    environment: [String: String] = [:]
) throws -> Run {
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
    return Run(
        status: process.terminationStatus,
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

/// Whether python3 with the `jsonschema` and `yaml` modules is installed (as `.ci/check-schema`
/// needs): tests that validate files against a printed JSON Schema run only then.
let pythonValidatesJSONSchema: Bool = {
    guard let run = try? runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", "import jsonschema, yaml"]) else { return false }
    return run.status == 0
}()

/// The files among `files` (paths from the package root) that do not validate against the
/// JSON Schema `schema`, each with its first error. YAML is read as archlint reads it, by
/// YAML 1.2's core schema (only true and false are booleans; dates stay strings), as
/// `.ci/check-schema` does.
func jsonSchemaViolations(of files: [String], against schema: String) throws -> [String] {
    let script = #"""
        import json, re, sys
        import jsonschema, yaml
        class CoreSchemaLoader(yaml.SafeLoader):
            pass
        CoreSchemaLoader.yaml_implicit_resolvers = {
            first: [(tag, pattern) for tag, pattern in resolvers
                    if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
            for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
        }
        CoreSchemaLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))
        schema = json.loads(sys.stdin.read())
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema)
        for path in sys.argv[1:]:
            with open(path, encoding="utf-8") as handle:
                errors = sorted(validator.iter_errors(yaml.load(handle, Loader=CoreSchemaLoader)), key=lambda e: list(e.path))
            if errors:
                print(f"{path}: {errors[0].message} at {list(errors[0].path)}")
        """#
    let schemaFile = FileManager.default.temporaryDirectory.appendingPathComponent("archlint-schema-\(UUID().uuidString).json")
    try schema.write(to: schemaFile, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: schemaFile) }
    let run = try runProcess(
        URL(fileURLWithPath: "/bin/sh"), ["-c", "python3 -c \"$0\" \"$@\" < \"$SCHEMA\"", script] + files,
        environment: ["SCHEMA": schemaFile.path])
    guard run.status == 0 else { return ["python3 failed: \(run.stderr)"] }
    return run.stdout.split(separator: "\n").map(String.init)
}
