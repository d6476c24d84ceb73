import ArchlintDiagram
import ArchlintPipeline
import ArchlintReport
import Dispatch
import Foundation

/// Each stack-environment's diagram, drawn for the HTML page to embed, or the reason it is
/// left out. (The Markdown summary's Mermaid diagrams are drawn by the pipeline's
/// `ReporterRegistry`: they need no subprocess.)
enum DiagramEmbedding {
    /// Most diagrams the HTML page embeds. Each is tens of kilobytes of SVG and a Graphviz
    /// run: a thousand made a 66 MB page that took a minute and a half to write.
    static let pageDiagramLimit = 50

    /// Inline SVG from Graphviz for the HTML page, and a note for the page when Graphviz is
    /// missing or when some stack-environments are not drawn. Diagrams too large to read are
    /// left out before Graphviz spends minutes on them. Beyond `pageDiagramLimit`, those with
    /// findings that fail the gate come first, then those with warnings, each in name order.
    static func svg(_ run: LintRun, progress: Progress) -> (diagrams: [String: EmbeddedDiagram], note: String?) {
        guard let dot = Graphviz.find() else {
            return ([:], "Graphviz (dot) is not installed, so this page has no diagrams; install it (apt-get install graphviz) and run archlint report again.")
        }
        let chosen = mostTelling(run, limit: pageDiagramLimit)
        progress.say("drawing \(chosen.count) \(chosen.count == 1 ? "diagram" : "diagrams") with Graphviz…")
        var drawn: [String: EmbeddedDiagram] = [:]
        for index in chosen {
            let diagram = ArchitectureDiagram(spec: index, index: run.model, findings: run.report.findings, failsGate: run.report.failsGate)
            if let reason = diagram.tooLargeToDraw {
                drawn[diagram.title] = .omitted(reason: reason)
                continue
            }
            switch Graphviz.svg(DOTRenderer().render(diagram), dot: dot) {
            case .success(let svg): drawn[diagram.title] = .drawn(svg)
            case .failure(let problem): drawn[diagram.title] = .omitted(reason: "Graphviz could not draw \(diagram.title): \(problem)")
            }
        }
        let left = run.checkedSpecs.count - chosen.count
        guard left > 0 else { return (drawn, nil) }
        return (
            drawn,
            "\(left) more \(left == 1 ? "stack-environment is" : "stack-environments are") not drawn here: the page draws at most \(pageDiagramLimit), those with findings that fail the gate first, then those with warnings. Draw any with archlint graph --stack STACK --environment ENVIRONMENT --format dot | dot -Tsvg."
        )
    }

    /// The indexes of at most `limit` specs to draw: failing the gate first, then with
    /// warnings, then the rest, each in name order.
    private static func mostTelling(_ run: LintRun, limit: Int) -> [Int] {
        var concern: [String: Int] = [:]  // 0: fails the gate, 1: warnings, 2: neither
        for finding in run.report.findings where !finding.isWaived {
            let rank = run.report.failsGate(finding) ? 0 : finding.severity == .warning ? 1 : 2
            concern[finding.stackEnvironment] = min(concern[finding.stackEnvironment] ?? 2, rank)
        }
        let ranked = run.checkedSpecs.map { index in
            let name = run.specTitle(index)
            return (rank: concern[name] ?? 2, name: name, index: index)
        }
        guard ranked.count > limit else { return run.checkedSpecs }
        return ranked.sorted { ($0.rank, $0.name, $0.index) < ($1.rank, $1.name, $1.index) }.prefix(limit).map(\.index)
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
        // Told of the exit rather than asking: `waitUntilExit` polls a run loop and, on
        // Linux, noticed each exit about 60 ms late — per diagram.
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
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
        exited.wait()
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
