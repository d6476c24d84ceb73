// The fuzz target: one input runs the whole pipeline (ArchlintPipeline's `LintRun`: load →
// validate → rules → waivers → every reporter of the registry) and checks what must hold
// for any input, not only that nothing crashed.
//
// Built two ways:
// - by `scripts/fuzz.sh`, with `-sanitize=fuzzer,address -D FUZZING`: `main` hands over to
//   libFuzzer's driver, which calls the pipeline with mutated inputs;
// - by a plain `swift build`, as `archlint-fuzz FILE|DIR...`: replays inputs through the
//   same function (to reproduce a crash, or to run a corpus in the test suite).
//
// An input that starts with `{` is also imported as a Terraform plan (`runImport`).
//
// An input may hold several spec files, separated by a line `#-- next file --`, so that
// peers, shared environments and duplicate stack-environments across files are reached.
import ArchlintDiagram
import ArchlintFindings
import ArchlintLoad
import ArchlintModel
import ArchlintPipeline
import ArchlintReport
import ArchlintRules
import CLibXML2
import Foundation

/// Rules are compiled once; every input runs all of them.
private let builtinCatalog = RuleCatalog.builtin()
private let fixedToday = CalendarDate(year: 2026, month: 11, day: 23)!
/// 2026-11-23T00:00:00Z: JUnit's timestamp, the same for every input.
private let fixedClock = RunClock.fixed(epoch: 1_795_392_000)
/// Small limits keep each execution fast; they are the same code paths as the defaults.
private let fuzzLimits: LoadLimits = {
    var limits = LoadLimits.default
    limits.maxFileBytes = 1 << 20
    limits.maxNodes = 20_000
    limits.maxExpandedNodes = 200_000
    return limits
}()

private let fileSeparator = Array("\n#-- next file --\n".utf8)

/// Splits an input into at most four spec files.
func specFiles(in input: [UInt8]) -> [(path: String, bytes: [UInt8])] {
    var files: [[UInt8]] = []
    var start = 0
    var index = 0
    while index + fileSeparator.count <= input.count, files.count < 3 {
        if input[index] == fileSeparator[0], Array(input[index..<index + fileSeparator.count]) == fileSeparator {
            files.append(Array(input[start..<index + 1]))
            index += fileSeparator.count
            start = index
        } else {
            index += 1
        }
    }
    files.append(Array(input[start...]))
    return files.enumerated().map { ("specs/fuzz\($0.offset).yaml", $0.element) }
}

/// Runs one input through everything; stops the process (a crash libFuzzer records) when
/// an invariant breaks.
func runPipeline(_ input: [UInt8]) {
    let documents = specFiles(in: input)
    // The library's pipeline, as the command line runs it: no configuration, in memory.
    let run = LintRun(
        RunRequest(
            specs: .documents(documents), today: fixedToday, clock: fixedClock, limits: fuzzLimits,
            catalog: builtinCatalog, configuration: .none, printed: .junit))
    let report = run.report
    // The streaming decoder and the node-tree path give the same spec and the same errors.
    for document in documents {
        let loader = SpecLoader(limits: fuzzLimits)
        let streamed = loader.decode(document.bytes, path: document.path, via: .streaming)
        let tree = loader.decode(document.bytes, path: document.path, via: .tree)
        require(streamed.spec == tree.spec, "streaming and tree decoding give different specs for \(document.path)")
        require(
            streamed.diagnostics == tree.diagnostics,
            "streaming and tree decoding give different errors: \(streamed.diagnostics) against \(tree.diagnostics)")
    }

    // Every error is located in one of the inputs, at a real place.
    let paths = Set(documents.map(\.path))
    for error in report.errors {
        require(paths.contains(error.location.file), "error in an unknown file: \(error)")
        require(error.location.line >= 1 && error.location.column >= 1, "unlocated error: \(error)")
        require(!error.message.isEmpty, "empty error message at \(error.location)")
    }
    // A file either loads or says why not.
    require(
        run.workspace.specs.count + Set(report.errors.map(\.location.file)).count >= documents.count,
        "a file neither loaded nor reported an error")

    // Every format of the registry renders, and what has a grammar parses.
    for reporter in ReporterRegistry.all {
        let text = run.render(reporter.format)
        switch reporter.format {
        case .text: require(!(text + TextReporter().errorLines(report)).isEmpty, "empty text report")
        case .json, .sarif: requireJSON(text, reporter.format.rawValue)
        case .junit: requireXML(text)
        case .github, .markdown: break
        }
    }

    // Every spec draws; every label stays inside its quotes in both formats.
    for index in run.workspace.specs.indices {
        let diagram = ArchitectureDiagram(spec: index, index: run.model, findings: report.findings, failsGate: report.failsGate)
        for line in MermaidRenderer().render(diagram).split(separator: "\n") {
            require(line.filter { $0 == "\"" }.count % 2 == 0, "unbalanced quotes in Mermaid: \(line)")
        }
        for line in DOTRenderer().render(diagram).split(separator: "\n") {
            // Quotes not preceded by an escaping backslash come in pairs.
            var quotes = 0, escaped = false
            for character in line {
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { quotes += 1 }
            }
            require(quotes % 2 == 0, "unbalanced quotes in DOT: \(line)")
        }
    }
    runImport(input)
}

/// An input that looks like JSON is also a Terraform plan: the import fails with a located
/// error, or gives the same spec text twice, and that text loads without errors.
private func runImport(_ input: [UInt8]) {
    guard input.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) == UInt8(ascii: "{") else { return }
    let importer = TerraformImporter(stack: "fuzz", environment: .production, source: "plan.json")
    switch importer.importBytes(input, path: "plan.json", limits: fuzzLimits) {
    case .failure(let error):
        require(error.location.line >= 1 && error.location.column >= 1 && !error.message.isEmpty, "unlocated import error: \(error)")
    case .success(let imported):
        let text = SpecWriter.write(imported.spec, annotations: imported.annotations)
        guard case .success(let again) = importer.importBytes(input, path: "plan.json", limits: fuzzLimits) else {
            fatalError("invariant broken: the same plan imported once and failed the second time")
        }
        require(SpecWriter.write(again.spec, annotations: again.annotations) == text, "the same plan gave two different specs")
        let loaded = SpecLoader().load(documents: [("specs/imported.yaml", Array(text.utf8))])
        require(loaded.diagnostics.isEmpty, "an imported spec does not load: \(loaded.diagnostics)")
    }
}

private func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("invariant broken: \(message())") }
}

private func requireJSON(_ text: String, _ format: String) {
    do {
        _ = try JSONSerialization.jsonObject(with: Data(text.utf8))
    } catch {
        fatalError("invariant broken: the \(format) report does not parse: \(error)")
    }
}

private func requireXML(_ text: String) {
    let bytes = Array(text.utf8)
    let document = bytes.withUnsafeBufferPointer { buffer in
        buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
            xmlReadMemory($0, Int32(buffer.count), "junit.xml", "UTF-8", Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue))
        }
    }
    guard let document else { fatalError("invariant broken: the JUnit report is not well-formed XML") }
    xmlFreeDoc(document)
}

#if FUZZING
    /// libFuzzer's entry point for a program that has its own `main` (SwiftPM gives every
    /// executable one).
    @_silgen_name("LLVMFuzzerRunDriver")
    private func LLVMFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt
#endif

@main
enum FuzzMain {
    static func main() {
        #if FUZZING
            var argc = CommandLine.argc
            var argv = CommandLine.unsafeArgv
            exit(
                LLVMFuzzerRunDriver(&argc, &argv) { data, size in
                    runPipeline(size == 0 || data == nil ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
                    return 0
                })
        #else
            replay(CommandLine.arguments.dropFirst())
        #endif
    }

    /// Replays files (or every file of folders) through the pipeline.
    static func replay(_ arguments: ArraySlice<String>) {
        guard !arguments.isEmpty else {
            FileHandle.standardError.write(Data("usage: archlint-fuzz FILE|DIR...\n".utf8))
            exit(2)
        }
        var count = 0
        for argument in arguments {
            for file in inputFiles(argument) {
                guard let data = FileManager.default.contents(atPath: file) else {
                    FileHandle.standardError.write(Data("archlint-fuzz: cannot read \(file)\n".utf8))
                    exit(2)
                }
                runPipeline([UInt8](data))
                count += 1
            }
        }
        print("\(count) inputs replayed, all invariants hold")
    }

    static func inputFiles(_ path: String) -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else { return [path] }
        let names = (FileManager.default.enumerator(atPath: path)?.allObjects as? [String]) ?? []
        return names.sorted().map { "\(path)/\($0)" }.filter {
            var folder: ObjCBool = false
            return FileManager.default.fileExists(atPath: $0, isDirectory: &folder) && !folder.boolValue
        }
    }
}
