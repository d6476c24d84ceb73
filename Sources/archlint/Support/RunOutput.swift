import ArchlintFindings
import ArchlintLoad
import ArchlintPipeline
import ArchlintReport

/// Writes report files, announcing each on standard error (paths relative to the repository
/// root); returns how many could not be written, which makes the run's status 2.
func writeReports(_ outputs: [(path: String, text: () -> String)], root: RepositoryRoot) -> Int {
    var failedWrites = 0
    for output in outputs {
        do {
            try ReportFiles.write(output.text(), to: output.path)
            Console.err("archlint: wrote \(root.display(output.path))\n")
        } catch let failure as ReportFiles.WriteError {
            Console.err("\(root.display(failure.path)):1:1: error: cannot write report: \(failure.reason)\n")
            failedWrites += 1
        } catch {
            Console.err("\(error)\n")
            failedWrites += 1
        }
    }
    return failedWrites
}

extension LintRun {
    /// What `check` and `drift` do with a run: write the baseline it recorded, print its notes,
    /// write its report files, then print `format` (load errors beside it on standard error
    /// when the format leaves them out). Returns the exit status.
    func writeAndPrint(_ format: ReportFormat, display: DisplayOptions) -> ExitStatus {
        if let baseline = baselineToWrite {
            do {
                try ReportFiles.write(baseline.text, to: baseline.path)
                baselineWritten()
                Console.err("archlint: wrote \(root.display(baseline.path))\n")
            } catch {
                baselineNotWritten(reason: "\(error)")
            }
        }
        for note in notes { Console.err("\(note)\n") }
        let failedWrites = writeReports(reportsToWrite.map { output in (output.path, { self.render(output) }) }, root: root)
        if ReporterRegistry.reporter(format).errorsOnStandardError {
            Console.err(TextReporter(color: Console.wantsColor(standardError: true)).errorLines(report))
        }
        Console.out(render(format, display: DisplaySettings(color: Console.wantsColor(), minimumSeverity: display.severity, quiet: display.quiet)))
        return exitStatus(failedWrites: failedWrites)
    }
}
