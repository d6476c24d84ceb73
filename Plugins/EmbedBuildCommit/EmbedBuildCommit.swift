import Foundation
import PackagePlugin

/// Compiles the commit the package was built from into the `archlint` executable, for
/// `archlint --version` (`1.0.0 (commit <40 hex>)`, or `(commit unknown)` outside a git
/// checkout, e.g. a source archive).
///
/// The commit is read from git's files, not by running git: a build-tool command may run in
/// a sandbox without git, and the files are what SwiftPM needs anyway to know when to run the
/// command again. Its inputs are `HEAD` and the files the branch's commit can live in (the
/// loose ref and `packed-refs`), so a new commit or a checkout makes the next build embed the
/// new commit. A linked worktree (`.git` is a file naming its git folder, whose `commondir`
/// names the shared one) and pre-commit's clone (detached `HEAD`) both work.
@main
struct EmbedBuildCommit: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appending(path: "BuildCommit.swift")
        var arguments = [output.path]
        var inputs: [URL] = []
        if let git = GitFolders(checkout: context.package.directoryURL) {
            arguments += [git.gitDir.path, git.commonDir.path]
            inputs = git.filesNamingTheCommit()
        }
        return [
            .buildCommand(
                displayName: "Embedding the build's commit",
                executable: try context.tool(named: "EmbedBuildCommitTool").url,
                arguments: arguments,
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}

/// A checkout's git folder (`HEAD`, per-worktree refs) and common folder (branches,
/// `packed-refs`); the same folder in an ordinary clone.
struct GitFolders {
    let gitDir: URL
    let commonDir: URL

    init?(checkout: URL) {
        let dotGit = checkout.appending(path: ".git")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dotGit.path, isDirectory: &isDirectory) else { return nil }
        if isDirectory.boolValue {
            gitDir = dotGit
        } else {
            // A linked worktree or submodule: `gitdir: PATH`, PATH absolute or relative to the checkout.
            guard let text = try? String(contentsOf: dotGit, encoding: .utf8),
                let line = text.split(separator: "\n").first(where: { $0.hasPrefix("gitdir:") })
            else { return nil }
            let path = line.dropFirst("gitdir:".count).trimmingCharacters(in: .whitespaces)
            gitDir = path.hasPrefix("/") ? URL(fileURLWithPath: path) : checkout.appending(path: path)
        }
        if let common = try? String(contentsOf: gitDir.appending(path: "commondir"), encoding: .utf8) {
            let path = common.trimmingCharacters(in: .whitespacesAndNewlines)
            commonDir = path.hasPrefix("/") ? URL(fileURLWithPath: path) : gitDir.appending(path: path)
        } else {
            commonDir = gitDir
        }
    }

    /// `HEAD`, and where the branch it names keeps its commit: the files whose change means
    /// another commit. Only files that exist (SwiftPM would otherwise run the command every time).
    func filesNamingTheCommit() -> [URL] {
        let head = gitDir.appending(path: "HEAD")
        var files = [head]
        if let text = try? String(contentsOf: head, encoding: .utf8), text.hasPrefix("ref:") {
            let ref = text.dropFirst("ref:".count).trimmingCharacters(in: .whitespacesAndNewlines)
            files += [gitDir.appending(path: ref), commonDir.appending(path: ref)]
        }
        files.append(commonDir.appending(path: "packed-refs"))
        var seen = Set<String>()
        return files.filter { FileManager.default.fileExists(atPath: $0.path) && seen.insert($0.standardizedFileURL.path).inserted }
    }
}
