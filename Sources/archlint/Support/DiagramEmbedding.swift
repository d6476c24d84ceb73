import ArchlintDiagram
import ArchlintReport
import Dispatch
import Foundation

/// Each stack-environment's diagram, drawn for a report to embed, or the reason it is left out.
enum DiagramEmbedding {
    /// Mermaid for the Markdown summary. A diagram Mermaid would refuse on GitHub (too many
    /// edges or characters) is replaced by a note, so the comment never shows an error box.
    static func mermaid(_ run: LintRun) -> [String: EmbeddedDiagram] {
        var drawn: [String: EmbeddedDiagram] = [:]
        for diagram in diagrams(run) {
            if let reason = diagram.tooLargeToDraw {
                drawn[diagram.title] = .omitted(reason: reason)
                continue
            }
            let text = MermaidRenderer().render(diagram)
            if diagram.edges.count > ArchitectureDiagram.mermaidEdgeLimit || text.utf8.count > ArchitectureDiagram.mermaidTextLimit {
                drawn[diagram.title] = .omitted(reason: "\(diagram.title) has \(diagram.edges.count) arrows and \(text.utf8.count) characters of Mermaid, more than GitHub and GitLab draw (\(ArchitectureDiagram.mermaidEdgeLimit) arrows, \(ArchitectureDiagram.mermaidTextLimit) characters); see archlint graph.")
            } else {
                drawn[diagram.title] = .drawn(text)
            }
        }
        return drawn
    }

    /// Inline SVG from Graphviz for the HTML page, and a note for the page when Graphviz is
    /// missing. Diagrams too large to read are left out before Graphviz spends minutes on them.
    static func svg(_ run: LintRun) -> (diagrams: [String: EmbeddedDiagram], note: String?) {
        guard let dot = Graphviz.find() else {
            return ([:], "Graphviz (dot) is not installed, so this page has no diagrams; install it (apt-get install graphviz) and run archlint report again.")
        }
        var drawn: [String: EmbeddedDiagram] = [:]
        for diagram in diagrams(run) {
            if let reason = diagram.tooLargeToDraw {
                drawn[diagram.title] = .omitted(reason: reason)
                continue
            }
            switch Graphviz.svg(DOTRenderer().render(diagram), dot: dot) {
            case .success(let svg): drawn[diagram.title] = .drawn(svg)
            case .failure(let problem): drawn[diagram.title] = .omitted(reason: "Graphviz could not draw \(diagram.title): \(problem)")
            }
        }
        return (drawn, nil)
    }

    private static func diagrams(_ run: LintRun) -> [ArchitectureDiagram] {
        run.checkedSpecs.map { index in
            ArchitectureDiagram(spec: index, index: run.model, findings: run.report.findings, failsGate: run.report.failsGate)
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

    /// Longest a layout may take before Graphviz is stopped, so a report never hangs on it:
    /// 60 s, or `ARCHLINT_GRAPHVIZ_SECONDS`.
    static var timeLimit: Double {
        ProcessInfo.processInfo.environment["ARCHLINT_GRAPHVIZ_SECONDS"].flatMap(Double.init).flatMap { $0 > 0 ? $0 : nil } ?? 60
    }

    /// The `<svg>` element (without Graphviz's XML prolog), or why there is none.
    static func svg(_ dotText: String, dot: URL, timeLimit: Double = timeLimit) -> Result<String, Failure> {
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
        let deadline = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeLimit, execute: deadline)
        // Standard error on another thread too, so neither pipe can fill while we read the other.
        let problemsRead = DispatchGroup()
        let problemsBox = DataBox()
        problemsRead.enter()
        Thread {
            problemsBox.data = errors.fileHandleForReading.readDataToEndOfFile()
            problemsRead.leave()
        }.start()
        let svg = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        deadline.cancel()
        problemsRead.wait()
        let problems = problemsBox.data
        if process.terminationReason == .uncaughtSignal {
            return .failure(Failure("Graphviz took longer than \(Int(timeLimit)) s and was stopped"))
        }
        guard process.terminationStatus == 0 else {
            return .failure(Failure(String(decoding: problems, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        let text = String(decoding: svg, as: UTF8.self)
        guard let start = text.range(of: "<svg") else { return .failure(Failure("no <svg> in Graphviz's output")) }
        return .success(String(text[start.lowerBound...]))
    }
}

/// Bytes one thread reads and another takes after a `DispatchGroup` wait (which orders them).
private final class DataBox: @unchecked Sendable {
    var data = Data()
}
