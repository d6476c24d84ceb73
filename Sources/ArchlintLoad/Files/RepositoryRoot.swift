import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The folder every printed path is relative to: the nearest folder above the specs that
/// holds `.git` (a folder, or a file in a worktree), else the current directory.
///
/// CI systems resolve the paths in annotations, SARIF and JUnit against the checkout's root,
/// so `cd specs && archlint check navlab` must still say `specs/navlab/…`, and a run from
/// `/tmp` on `/repo/specs` must say the same. Paths are turned absolute once (the folder
/// part through `realpath`, so a symbolic link to the checkout and the physical working
/// directory agree; the last component is kept, so a linked spec keeps its own name) and
/// shown relative to the root, normalised lexically.
public struct RepositoryRoot: Sendable, Equatable {
    /// Absolute, without a trailing slash (except `/` itself).
    public let path: String
    /// The working directory the user's relative paths mean, absolute.
    public let workingDirectory: String

    public init(path: String, workingDirectory: String) {
        self.path = RepositoryRoot.normalised(path)
        self.workingDirectory = RepositoryRoot.normalised(workingDirectory)
    }

    /// The root for a run over `inputs` (spec files or folders as the user typed them),
    /// found from the first input; without inputs, from the working directory.
    public static func find(for inputs: [String], workingDirectory: String = currentDirectory()) -> RepositoryRoot {
        let probe = RepositoryRoot(path: workingDirectory, workingDirectory: workingDirectory)
        var start = inputs.first.map(probe.absolute) ?? probe.workingDirectory
        var info = stat()
        if stat(start, &info) != 0 || (info.st_mode & S_IFMT) != S_IFDIR {
            start = parent(of: start)
        }
        var folder = start
        while true {
            if access(folder + (folder == "/" ? ".git" : "/.git"), F_OK) == 0 {
                return RepositoryRoot(path: folder, workingDirectory: workingDirectory)
            }
            if folder == "/" { break }
            folder = parent(of: folder)
        }
        return probe
    }

    /// The process's working directory (physical, as `getcwd` gives it).
    public static func currentDirectory() -> String {
        FileManager.default.currentDirectoryPath
    }

    /// `path` (relative to the working directory, or absolute) as an absolute, normalised
    /// path whose folder part has its symbolic links resolved.
    public func absolute(_ path: String) -> String {
        let joined = path.hasPrefix("/") ? path : workingDirectory + "/" + path
        let lexical = RepositoryRoot.normalised(joined)
        if lexical == "/" { return lexical }
        let folder = RepositoryRoot.parent(of: lexical), name = String(lexical[lexical.index(after: lexical.lastIndex(of: "/")!)...])
        guard let resolved = realpath(folder, nil) else { return lexical }
        defer { free(resolved) }
        let physical = String(cString: resolved)
        return physical == "/" ? "/" + name : physical + "/" + name
    }

    /// `path` (relative to the working directory, or absolute) as it is printed: relative to
    /// the root, normalised, with `..` steps when it lies outside the root; `.` for the root.
    public func display(_ path: String) -> String {
        relative(absolute(path))
    }

    /// An absolute, normalised path relative to the root.
    public func relative(_ absolutePath: String) -> String {
        if absolutePath == path { return "." }
        let rootParts = path.split(separator: "/"), parts = absolutePath.split(separator: "/")
        var common = 0
        while common < rootParts.count, common < parts.count, rootParts[common] == parts[common] { common += 1 }
        let steps = Array(repeating: "..", count: rootParts.count - common) + parts[common...].map(String.init)
        return steps.isEmpty ? "." : steps.joined(separator: "/")
    }

    /// A path displayed relative to the root, back to one the process can open.
    public func resolve(displayed: String) -> String {
        displayed.hasPrefix("/") ? displayed : RepositoryRoot.normalised(path + "/" + displayed)
    }

    /// `.` and `..` steps and doubled slashes removed, lexically (`/a/./b/../c//d` → `/a/c/d`).
    static func normalised(_ absolutePath: String) -> String {
        var parts: [Substring] = []
        for part in absolutePath.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    static func parent(of absolutePath: String) -> String {
        guard let slash = absolutePath.lastIndex(of: "/"), slash != absolutePath.startIndex else { return "/" }
        return String(absolutePath[..<slash])
    }
}
