import ArchlintFindings
import ArgumentParser

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@main
struct Archlint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archlint",
        abstract: "Lint YAML architecture specs: typed model, policy rule packs, CI reports.",
        discussion: ExitStatus.table,
        version: "\(ArchlintVersion.current) (commit \(BuildCommit.id))",
        subcommands: [Check.self, Diff.self, Drift.self, Validate.self, Import.self, Rules.self, Graph.self, Paths.self, Schema.self, Report.self, LSP.self],
        defaultSubcommand: nil
    )

    /// The contract gives a wrong command line exit status 2, where ArgumentParser would
    /// use 64; everything else it decides (help, version) is kept.
    static func main() {
        PendingReports.installSignalHandlers()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            terminate(code.rawValue)
        } catch {
            let status = exitCode(for: error)
            let message = fullMessage(for: error)
            if status.isSuccess {
                Console.out(message.isEmpty ? "" : message + "\n")
                terminate(0)
            }
            Console.err("archlint: " + message + "\n")
            terminate(ExitStatus.unusable.rawValue)
        }
    }
}

private func terminate(_ status: Int32) -> Never {
    exit(status)
}
