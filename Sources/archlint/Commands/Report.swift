import ArchlintDiagram
import ArchlintFindings
import ArchlintReport
import ArchlintRules
import ArgumentParser
import Foundation

extension Archlint {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a self-contained HTML report: summary, findings, rules, diagrams.",
            discussion: """
                One file, no network: open it in a browser or attach it to a CI run.
                Diagrams are drawn by Graphviz (`dot` on PATH); without it the page says so.
                  archlint report specs/ --html reports/index.html
                The rules, waivers, baseline and gate are check's: .archlint.yml, --rules,
                --baseline and --fail-on mean the same here.

                """ + ExitStatus.table
        )

        @OptionGroup var inputs: SpecInputs

        @Option(help: ArgumentHelp("Where to write the page.", valueName: "file"))
        var html: String

        @OptionGroup var gate: GateOptions

        func run() throws {
            let run = LintRun(inputs: inputs, options: gate)
            let report = run.report

            var diagrams: [String: String] = [:]
            var note: String?
            if let dot = Graphviz.find() {
                for index in run.workspace.specs.indices {
                    let diagram = ArchitectureDiagram(spec: index, index: run.model, findings: report.findings, failsGate: report.failsGate)
                    switch Graphviz.svg(DOTRenderer().render(diagram), dot: dot) {
                    case .success(let svg): diagrams[diagram.title] = svg
                    case .failure(let problem): note = "Graphviz could not draw \(diagram.title): \(problem)"
                    }
                }
            } else {
                note = "Graphviz (dot) is not installed, so this page has no diagrams; install it (apt-get install graphviz) and run archlint report again."
            }

            Console.err(TextReporter(color: Console.wantsColor(standardError: true)).errorLines(report))
            do {
                try ReportFiles.write(HTMLReporter(diagrams: diagrams, diagramNote: note).render(report), to: html)
            } catch {
                Console.err("\(error)\n")
                throw ExitCode(ExitStatus.unusable)
            }
            Console.out("\(html): \(TextReporter(color: false).summary(report))\n")
            throw ExitCode(report.exitStatus)
        }
    }
}

/// Graphviz, run as a separate process to turn DOT into SVG.
enum Graphviz {
    static func find() -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent("dot")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// The `<svg>` element (without Graphviz's XML prolog), or why there is none.
    static func svg(_ dotText: String, dot: URL) -> Result<String, Failure> {
        let process = Process()
        process.executableURL = dot
        process.arguments = ["-Tsvg"]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch { return .failure(Failure("\(error)")) }
        // Write on another thread: a large diagram could fill both pipes and deadlock.
        let writer = Thread {
            input.fileHandleForWriting.write(Data(dotText.utf8))
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let svg = output.fileHandleForReading.readDataToEndOfFile()
        let problems = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            return .failure(Failure(String(decoding: problems, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        let text = String(decoding: svg, as: UTF8.self)
        guard let start = text.range(of: "<svg") else { return .failure(Failure("no <svg> in Graphviz's output")) }
        return .success(String(text[start.lowerBound...]))
    }
}
