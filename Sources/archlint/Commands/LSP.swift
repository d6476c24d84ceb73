import ArchlintLanguageServer
import ArgumentParser
import Foundation

extension Archlint {
    struct LSP: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lsp",
            abstract: "Serve the Language Server Protocol on standard input and output, for editors.",
            discussion: """
                Diagnostics (exactly check's findings and load errors, for unsaved buffers too),
                hover, go to definition, find references, completion, the outline of a spec, and
                check --fix's fixes as code actions.
                The workspace is the folder the editor opens (else the working directory): the
                specs check would read from there, with open files' buffers in place of their
                saved text. See docs/editor.md.

                Exit status:
                  0  the editor asked the server to shut down, then to exit
                  1  the input ended (or exit came) without a shutdown request
                """
        )

        func run() throws {
            let folder = FileManager.default.currentDirectoryPath
            // The rule pages ship in archlint's repository: beside the executable when it was
            // built there, else in the workspace (archlint's own repository).
            // (The process's own path, not argv[0], which is a bare name when found on PATH.)
            let executable = (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])).resolvingSymlinksInPath()
            let pages = RulePages.find(from: [executable.deletingLastPathComponent().path, folder])
            let status = LanguageServer.serve(folder: folder, today: Today.date(), rulePages: pages, codeActions: FixCodeActions())
            throw ExitCode(status)
        }
    }
}
