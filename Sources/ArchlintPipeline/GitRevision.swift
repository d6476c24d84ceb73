import ArchlintFindings
import ArchlintLoad
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The spec files below some paths as they were at a git revision: the base side of
/// `archlint diff --base REV`.
///
/// Everything is read from git's object store (`git ls-tree`, one `git cat-file --batch`);
/// nothing is checked out, and neither the working tree nor the index is touched. The files
/// selected are the ones `archlint check` would read on disk for the same paths, and their
/// paths are printed the way `check` prints them, so the two sides of a diff match up.
public struct GitSnapshot: Sendable {
    /// The revision as the user named it (`origin/main`).
    public let revision: String
    /// The full object name of the commit read: the revision's, or with `--merge-base` the
    /// merge base of the revision and HEAD.
    public let commit: String
    /// The top folder of the repository's working tree, absolute.
    public let repository: String
    /// The spec files, each with its path as `check` prints it, in the order `check` reads them.
    public let documents: [(path: String, bytes: [UInt8])]
    /// Problems with single paths or files that do not stop the rest: a path that selects no
    /// spec file at the revision, a file over the size limit, more files than the limit.
    /// Located at line 1, column 1, as the loader locates the same problems on disk.
    public let diagnostics: [Diagnostic]

    /// Reads the spec files below `paths` (relative to `workingDirectory`, or absolute;
    /// `specs` when there are none) as they were at `revision`, from the git repository that
    /// holds the first path. `exclude` and `limits` mean what they mean to `SpecLoader`.
    /// `environment` is the one git runs in (its `PATH` finds git); the process's by default.
    public static func read(
        revision: String, mergeBase: Bool, paths: [String], exclude: [PathPattern] = [], limits: LoadLimits = .default,
        workingDirectory: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Result<GitSnapshot, GitRevisionError> {
        let paths = paths.isEmpty ? ["specs"] : paths
        guard let git = Git(environment: environment) else {
            return .failure(
                GitRevisionError("git is not installed (or not on PATH); --base reads the specs from git. Install git, or compare two folders with `archlint diff OLD NEW`"))
        }
        let root = RepositoryRoot.find(for: paths, workingDirectory: workingDirectory)
        let here = RepositoryRoot(path: workingDirectory, workingDirectory: workingDirectory)
        let absolutes = paths.map { physical(here.absolute($0)) }

        let top: String
        switch git.repositoryTop(from: existingFolder(absolutes[0])) {
        case .found(let folder): top = folder
        case .none:
            return .failure(
                GitRevisionError(
                    "\(root.display(paths[0])) is not inside a git repository; use `archlint diff OLD NEW` to compare two folders", path: root.display(paths[0])))
        case .failed(let message): return .failure(GitRevisionError(message, path: root.display(paths[0])))
        }
        var treePaths: [String] = []
        for (given, absolute) in zip(paths, absolutes) {
            guard let inside = relative(absolute, to: top) else {
                return .failure(
                    GitRevisionError(
                        "\(root.display(given)) is outside the git repository at \(top), which holds \(root.display(paths[0])); give paths of one repository",
                        path: root.display(given)))
            }
            treePaths.append(inside)
        }

        let repository = Repository(git: git, top: top, revision: revision)
        let commit: String
        switch repository.resolve(mergeBase: mergeBase) {
        case .success(let resolved): commit = resolved
        case .failure(let error): return .failure(error)
        }
        let entries: [TreeEntry]
        switch repository.list(commit, treePaths) {
        case .success(let listed): entries = listed
        case .failure(let error): return .failure(error)
        }

        var selection = Selection(
            entries: entries, exclude: exclude, revision: "\(revision) (commit \(commit.prefix(12)))",
            display: { root.relative($0.isEmpty ? top : top + "/" + $0) })
        for (given, treePath) in zip(paths, treePaths) { selection.add(treePath, shown: root.display(given)) }
        var files = selection.files
        var diagnostics = selection.problems.map { Diagnostic($0.message, file: $0.path, line: 1, column: 1) }
        if files.count > limits.maxFiles {
            diagnostics.append(
                Diagnostic(
                    "more than \(limits.maxFiles) spec files; only the first \(limits.maxFiles) were read (--max-files)",
                    file: root.display(paths[0]), line: 1, column: 1))
            files = Array(files.prefix(limits.maxFiles))
        }
        // Sizes are known from the listing, so a file over the limit is never read at all.
        let tooLarge = files.filter { $0.size > limits.maxFileBytes }
        for file in tooLarge {
            diagnostics.append(Diagnostic(LoadLimits.tooLargeMessage(size: file.size, limit: limits.maxFileBytes), file: file.shown, line: 1, column: 1))
        }
        files.removeAll { $0.size > limits.maxFileBytes }

        switch repository.contents(of: files.map(\.object), maxBytes: limits.maxFileBytes) {
        case .failure(let error): return .failure(error)
        case .success(let contents):
            var documents: [(path: String, bytes: [UInt8])] = []
            for (file, content) in zip(files, contents) {
                switch content {
                case .success(let bytes): documents.append((file.shown, bytes))
                case .failure(let problem): diagnostics.append(Diagnostic(problem.message, file: file.shown, line: 1, column: 1))
                }
            }
            return .success(GitSnapshot(revision: revision, commit: commit, repository: top, documents: documents, diagnostics: diagnostics))
        }
    }
}

/// Why the specs at a revision could not be read at all, with what to do about it.
public struct GitRevisionError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    /// The path concerned, as printed, when there is one.
    public let path: String?

    public init(_ message: String, path: String? = nil) {
        self.message = message
        self.path = path
    }

    public var description: String { message }
}

// MARK: - Choosing the files

/// One line of `git ls-tree -r -t -l -z`.
struct TreeEntry {
    let mode: String
    let type: String
    let object: String
    /// Bytes, for blobs.
    let size: Int
    /// Relative to the repository's top folder.
    let path: String

    /// A regular file (not a symbolic link, whose blob holds the target's name).
    var isFile: Bool { type == "blob" && mode != "120000" }
    var isFolder: Bool { type == "tree" }
}

/// The spec files a revision's tree holds below the paths given, chosen by `SpecDiscovery`'s
/// rules: inside folders only `.yaml` and `.yml` files, hidden entries and excluded ones left
/// out, a file named explicitly read whatever its name, byte order of names. Symbolic links
/// and submodules inside folders are left out: what they point to is not in this tree.
struct Selection {
    struct File {
        let treePath: String
        let shown: String
        let object: String
        let size: Int
    }

    let exclude: [PathPattern]
    /// How the revision is named in messages.
    let revision: String
    /// A path relative to the repository's top as printed.
    let display: (String) -> String
    private let byPath: [String: TreeEntry]
    private let entries: [TreeEntry]
    private(set) var files: [File] = []
    private(set) var problems: [(path: String, message: String)] = []
    private var seen = Set<String>()

    init(entries: [TreeEntry], exclude: [PathPattern], revision: String, display: @escaping (String) -> String) {
        self.entries = entries
        self.exclude = exclude
        self.revision = revision
        self.display = display
        byPath = Dictionary(entries.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Adds what `treePath` (relative to the repository's top; empty for the top) selects;
    /// `shown` is the path as printed.
    mutating func add(_ treePath: String, shown: String) {
        if !treePath.isEmpty, let entry = byPath[treePath], !entry.isFolder {
            if entry.isFile {
                append(File(treePath: treePath, shown: display(treePath), object: entry.object, size: entry.size))
            } else if entry.mode == "120000" {
                problems.append((shown, "is a symbolic link at \(revision); give the path it points to"))
            } else {
                problems.append((shown, "is a submodule at \(revision); its files belong to another repository"))
            }
            return
        }
        guard treePath.isEmpty || byPath[treePath] != nil else {
            problems.append((shown, "no such file or directory at \(revision)"))
            return
        }
        let prefix = treePath.isEmpty ? "" : treePath + "/"
        var found: [(components: [Substring], file: File)] = []
        for entry in entries where entry.path.hasPrefix(prefix) {
            let below = entry.path.dropFirst(prefix.count).split(separator: "/")
            guard let name = below.last, !below.contains(where: { $0.hasPrefix(".") }), !isExcluded(prefix, below) else { continue }
            if entry.isFolder {
                if isSpecName(name) { problems.append((display(entry.path), "is a directory, not a spec file")) }
            } else if entry.isFile, isSpecName(name) {
                found.append((below, File(treePath: entry.path, shown: display(entry.path), object: entry.object, size: entry.size)))
            }
        }
        // A folder walk's order: names compared byte by byte, level by level (git's own order
        // sorts a folder as if its name ended in `/`, which puts `a.yaml` before `a/`).
        found.sort { left, right in
            left.components.lexicographicallyPrecedes(right.components) { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        }
        if found.isEmpty {
            let excluded = exclude.isEmpty ? "" : " (after --exclude \(exclude.map(\.text).joined(separator: ", ")))"
            problems.append((shown, "no spec files under \(shown) at \(revision)\(excluded); give a folder that holds .yaml or .yml specs"))
        }
        for (_, file) in found { append(file) }
    }

    private mutating func append(_ file: File) {
        // The same file named twice (`specs specs/a.yaml`) is one file.
        if seen.insert(file.treePath).inserted { files.append(file) }
    }

    /// Whether the entry, or a folder on the way to it below the path given, is excluded: a
    /// walk on disk never enters an excluded folder.
    private func isExcluded(_ prefix: String, _ below: [Substring]) -> Bool {
        guard !exclude.isEmpty else { return false }
        var path = String(prefix.dropLast())
        for component in below {
            path = path.isEmpty ? String(component) : path + "/" + component
            let shown = display(path)
            if exclude.contains(where: { $0.matches(shown) }) { return true }
        }
        return false
    }

    private func isSpecName(_ name: Substring) -> Bool {
        name.hasSuffix(".yaml") || name.hasSuffix(".yml")
    }
}

// MARK: - Asking git

/// One repository, read at one revision.
struct Repository {
    let git: Git
    let top: String
    let revision: String

    /// The full name of the commit to read.
    func resolve(mergeBase: Bool) -> Result<String, GitRevisionError> {
        // A leading `-` would be read as an option, and no branch or tag name starts with one.
        guard !revision.isEmpty, !revision.hasPrefix("-"), let commit = commit(named: revision) else {
            return .failure(GitRevisionError(unknownRevisionMessage(mergeBase: mergeBase)))
        }
        guard mergeBase else { return .success(commit) }
        guard self.commit(named: "HEAD") != nil else {
            return .failure(GitRevisionError("HEAD has no commit yet in \(top); --merge-base compares with the commit \(revision) and HEAD share"))
        }
        let run = git.run(["merge-base", commit, "HEAD"], in: top)
        guard let run else { return .failure(git.couldNotRun) }
        if run.status == 0, let base = run.firstLine, !base.isEmpty { return .success(base) }
        if run.status == 1 {
            if isShallow {
                return .failure(
                    GitRevisionError(
                        "\(revision) and HEAD have no common ancestor in this shallow clone (\(top) holds only part of the history); fetch the whole history with `git fetch --unshallow`, or compare with \(revision) itself (without --merge-base)"
                    ))
            }
            return .failure(GitRevisionError("\(revision) and HEAD have no common ancestor (unrelated histories); compare with \(revision) itself, without --merge-base"))
        }
        return .failure(git.failure("merge-base", run))
    }

    /// Every entry below `treePaths` (all of the tree when one of them is the top), with sizes.
    func list(_ commit: String, _ treePaths: [String]) -> Result<[TreeEntry], GitRevisionError> {
        let pathspecs = treePaths.contains("") ? [] : treePaths
        guard let run = git.run(["ls-tree", "-r", "-t", "-l", "-z", "--full-tree", commit, "--"] + pathspecs, in: top) else { return .failure(git.couldNotRun) }
        guard run.status == 0 else { return .failure(git.failure("ls-tree", run)) }
        var entries: [TreeEntry] = []
        for record in run.output.split(separator: 0) {
            // `<mode> SP <type> SP <object> SP <size, padded> TAB <path>`; only the path may hold spaces.
            guard let tab = record.firstIndex(of: UInt8(ascii: "\t")) else { continue }
            let fields = record[..<tab].split(separator: UInt8(ascii: " ")).map { String(decoding: $0, as: UTF8.self) }
            guard fields.count == 4 else { continue }
            entries.append(
                TreeEntry(mode: fields[0], type: fields[1], object: fields[2], size: Int(fields[3]) ?? 0, path: String(decoding: record[(tab + 1)...], as: UTF8.self)))
        }
        return .success(entries)
    }

    /// The contents of `objects`, in order, through one `git cat-file --batch`.
    func contents(of objects: [String], maxBytes: Int) -> Result<[Result<[UInt8], GitRevisionError>], GitRevisionError> {
        guard !objects.isEmpty else { return .success([]) }
        let request = Array(objects.map { $0 + "\n" }.joined().utf8)
        let outcome = git.run(["cat-file", "--batch"], in: top, input: request) { reader -> [Result<[UInt8], GitRevisionError>]? in
            var contents: [Result<[UInt8], GitRevisionError>] = []
            for object in objects {
                // `<object> SP <type> SP <size> LF <contents> LF`, or `<object> SP missing LF`.
                guard let header = reader.read(until: UInt8(ascii: "\n")) else { return nil }
                let fields = String(decoding: header, as: UTF8.self).split(separator: " ")
                guard fields.count == 3, let size = Int(fields[2]) else {
                    contents.append(.failure(GitRevisionError("git has no object \(object) (\(fields.dropFirst().joined(separator: " ")))")))
                    continue
                }
                if size > maxBytes {
                    // Changed since the listing (a replace ref, say): still never held whole.
                    guard reader.skip(count: size + 1) else { return nil }
                    contents.append(.failure(GitRevisionError(LoadLimits.tooLargeMessage(size: size, limit: maxBytes))))
                    continue
                }
                guard let bytes = reader.read(count: size), reader.read(count: 1) != nil else { return nil }
                contents.append(.success(bytes))
            }
            return contents
        }
        guard let outcome else { return .failure(git.couldNotRun) }
        guard outcome.status == 0, let contents = outcome.value else { return .failure(git.failure("cat-file", outcome)) }
        return .success(contents)
    }

    private func commit(named name: String) -> String? {
        guard let run = git.run(["rev-parse", "--verify", "--quiet", name + "^{commit}"], in: top), run.status == 0 else { return nil }
        return run.firstLine
    }

    var isShallow: Bool {
        git.run(["rev-parse", "--is-shallow-repository"], in: top)?.firstLine == "true"
    }

    private var remotes: [String] {
        guard let run = git.run(["remote"], in: top), run.status == 0 else { return [] }
        return String(decoding: run.output, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// What to say when the revision is not there, with the command that would fetch it.
    func unknownRevisionMessage(mergeBase: Bool) -> String {
        let shallow = isShallow
        let remotes = self.remotes
        let remote = remotes.contains("origin") ? "origin" : remotes.first
        // `origin/main`: a branch of a remote, which `git fetch origin main` brings.
        let tracked = remotes.filter { revision.hasPrefix($0 + "/") && revision.count > $0.count + 1 }.max { $0.count < $1.count }
        let isFullName = [40, 64].contains(revision.count) && revision.allSatisfy(\.isHexDigit)
        let isRelative = revision.contains { "~^@:{".contains($0) }
        // A shallow clone needs the tip only, unless the merge base is wanted; a complete
        // clone refuses --unshallow.
        let unshallow = !shallow ? "" : mergeBase ? "--unshallow " : "--depth=1 "

        var fetch: String?, then = ""
        if let tracked {
            fetch = "git fetch \(unshallow)\(tracked) \(quoted(String(revision.dropFirst(tracked.count + 1))))"
        } else if let remote, isFullName {
            fetch = "git fetch \(unshallow)\(remote) \(revision)"
        } else if let remote, !isRelative, !revision.allSatisfy(\.isHexDigit) {
            // `main` in a CI checkout that has only `origin/main`.
            if commit(named: remote + "/" + revision) != nil {
                return
                    "unknown revision \(revision) in the git repository at \(top); the branch \(revision) of \(remote) is \(remote)/\(revision): give --base \(quoted(remote + "/" + revision))"
            }
            fetch = "git fetch \(unshallow)\(remote) \(quoted(revision))"
            then = ", then give --base \(quoted(remote + "/" + revision))"
        }
        if shallow {
            let whole = "git fetch --unshallow"
            guard let fetch, fetch != whole else {
                return "\(revision) is not in this shallow clone (\(top) holds only part of the history); fetch the whole history: `\(whole)`"
            }
            return "\(revision) is not in this shallow clone (\(top) holds only part of the history); fetch it: `\(fetch)`\(then)"
                + (mergeBase ? "" : ", or the whole history: `\(whole)`")
        }
        guard let fetch else {
            return "unknown revision \(revision) in the git repository at \(top)" + (remote == nil ? " (which has no remote to fetch it from)" : "")
        }
        return "unknown revision \(revision) in the git repository at \(top); if it is on a remote, fetch it first: `\(fetch)`\(then)"
    }
}

/// `word` as a shell reads it back: bare when it holds nothing a shell would change.
private func quoted(_ word: String) -> String {
    let plain = word.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || "._/-+:@%=,".unicodeScalars.contains($0) }
    return plain && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
}

// MARK: - Paths

/// `absolute` with the symbolic links of its longest existing folder resolved, as git
/// prints its top folder; the last component is kept as it is, as `RepositoryRoot` keeps it.
private func physical(_ absolute: String) -> String {
    guard absolute != "/" else { return absolute }
    var folder = parentFolder(absolute)
    var rest = [String(absolute[absolute.index(after: absolute.lastIndex(of: "/")!)...])]
    while true {
        if let resolved = realpath(folder, nil) {
            defer { free(resolved) }
            let base = String(cString: resolved)
            return (base == "/" ? "" : base) + "/" + rest.joined(separator: "/")
        }
        if folder == "/" { return absolute }
        rest.insert(String(folder[folder.index(after: folder.lastIndex(of: "/")!)...]), at: 0)
        folder = parentFolder(folder)
    }
}

/// The nearest folder at or above `absolute` that exists now (a path may exist only at the revision).
private func existingFolder(_ absolute: String) -> String {
    var folder = absolute
    var isFolder: ObjCBool = false
    while folder != "/", !(FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) && isFolder.boolValue) {
        folder = parentFolder(folder)
    }
    return folder
}

private func parentFolder(_ absolute: String) -> String {
    guard let slash = absolute.lastIndex(of: "/"), slash != absolute.startIndex else { return "/" }
    return String(absolute[..<slash])
}

/// `absolute` relative to `top` (empty for `top` itself), or nil when it lies outside.
private func relative(_ absolute: String, to top: String) -> String? {
    if absolute == top { return "" }
    let prefix = top == "/" ? "/" : top + "/"
    return absolute.hasPrefix(prefix) ? String(absolute.dropFirst(prefix.count)) : nil
}

// MARK: - Running git

/// The `git` binary, run directly (no shell) in an environment that keeps the output what
/// this file parses.
struct Git {
    let executable: URL
    let environment: [String: String]

    /// Variables that point git at a repository other than the one holding the specs: a git
    /// hook (pre-commit, say) sets them for its own repository, sometimes relative to its own
    /// folder, which `-C` would then misread.
    private static let repositoryVariables = [
        "GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR", "GIT_INDEX_FILE", "GIT_PREFIX", "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES",
        "GIT_IMPLICIT_WORK_TREE",
    ]

    init?(environment: [String: String]) {
        let search = environment["PATH"] ?? ""
        guard
            let found = search.split(separator: ":").lazy.map({ URL(fileURLWithPath: String($0)).appendingPathComponent("git") })
                .first(where: { FileManager.default.isExecutableFile(atPath: $0.path) })
        else { return nil }
        executable = found
        var environment = environment
        for name in Git.repositoryVariables { environment.removeValue(forKey: name) }
        // Never wait for a password (a partial clone may fetch a missing blob), and never
        // refresh the index behind the user's back.
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["GIT_OPTIONAL_LOCKS"] = "0"
        self.environment = environment
    }

    enum Top {
        case found(String)
        case none
        case failed(String)
    }

    /// The top folder of the working tree of the repository that holds `folder`.
    func repositoryTop(from folder: String) -> Top {
        guard let run = run(["rev-parse", "--show-toplevel"], in: folder) else { return .failed(couldNotRun.message) }
        if run.status == 0, let top = run.firstLine, !top.isEmpty { return .found(top) }
        if run.errors.contains("not a git repository") { return .none }
        // Dubious ownership, a bare repository: git's own words say what to do.
        return .failed("git cannot read the repository holding \(folder): \(run.errors)")
    }

    struct Run<Value> {
        let status: Int32
        let value: Value
        /// Standard error, trimmed.
        let errors: String
    }

    var couldNotRun: GitRevisionError { GitRevisionError("could not run \(executable.path)") }

    func failure<Value>(_ command: String, _ run: Run<Value>) -> GitRevisionError {
        GitRevisionError("git \(command) failed (exit \(run.status))" + (run.errors.isEmpty ? "" : ": \(run.errors)"))
    }

    /// Runs `git -C directory … arguments` to the end, its whole output kept.
    func run(_ arguments: [String], in directory: String) -> Run<[UInt8]>? {
        run(arguments, in: directory, input: nil) { $0.readToEnd() }
    }

    /// Runs `git -C directory … arguments`, writing `input` to its standard input while
    /// `consume` reads its standard output; nil when git could not be started.
    func run<Value>(_ arguments: [String], in directory: String, input: [UInt8]?, consume: (inout PipeReader) -> Value) -> Run<Value>? {
        let process = Process()
        process.executableURL = executable
        process.arguments = ["-C", directory, "-c", "core.quotepath=off", "--no-pager", "--literal-pathspecs"] + arguments
        process.environment = environment
        let output = Pipe(), errors = Pipe()
        let inputPipe = input.map { _ in Pipe() }
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = inputPipe ?? FileHandle.nullDevice
        // Told of the exit rather than asking: `waitUntilExit` polls a run loop and, on
        // Linux, noticed each git's exit about 60 ms late — most of a review's time.
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do { try process.run() } catch { return nil }

        // Standard input and standard error each on a thread of their own, so that no pipe
        // can fill while this one waits on another (cat-file answers as it reads).
        let finished = DispatchGroup()
        if let input, let inputPipe {
            let handle = inputPipe.fileHandleForWriting
            finished.enter()
            Thread {
                writeIgnoringClosedPipe(input, to: handle.fileDescriptor)
                try? handle.close()
                finished.leave()
            }.start()
        }
        let collected = Collected()
        let errorHandle = errors.fileHandleForReading
        finished.enter()
        Thread {
            collected.bytes = errorHandle.readDataToEndOfFile()
            finished.leave()
        }.start()
        var reader = PipeReader(descriptor: output.fileHandleForReading.fileDescriptor)
        let value = consume(&reader)
        // Whatever was left unread, so git is never stuck writing it.
        reader.drain()
        exited.wait()
        finished.wait()
        let message = String(decoding: collected.bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return Run(status: process.terminationStatus, value: value, errors: message)
    }
}

extension Git.Run where Value == [UInt8] {
    var output: [UInt8] { value }
    /// The first line of the output, as text.
    var firstLine: String? {
        guard let line = value.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).first else { return nil }
        return String(decoding: line, as: UTF8.self)
    }
}

/// Standard error as one thread read it, handed to another after `DispatchGroup.wait`.
private final class Collected: @unchecked Sendable {
    var bytes = Data()
}

/// Writes `bytes` to a pipe whose reader may have gone (git failed early): the write then
/// fails instead of raising SIGPIPE, which would end archlint.
private func writeIgnoringClosedPipe(_ bytes: [UInt8], to descriptor: Int32) {
    #if canImport(Darwin)
        _ = fcntl(descriptor, F_SETNOSIGPIPE, 1)
    #else
        // SIGPIPE from a write goes to the writing thread: blocked here, it stays pending for
        // this thread only, and is taken back below before the mask is restored.
        var pipeSignal = sigset_t(), previous = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &pipeSignal, &previous)
        defer {
            var immediately = timespec(tv_sec: 0, tv_nsec: 0)
            while sigtimedwait(&pipeSignal, nil, &immediately) == SIGPIPE {}
            pthread_sigmask(SIG_SETMASK, &previous, nil)
        }
    #endif
    bytes.withUnsafeBytes { buffer in
        var written = 0
        while written < buffer.count {
            let count = write(descriptor, buffer.baseAddress! + written, buffer.count - written)
            if count < 0 {
                if errno == EINTR { continue }
                return
            }
            written += count
        }
    }
}

/// Buffered reads from a pipe: lines up to a delimiter, and blocks of a known size read
/// straight into their own array.
struct PipeReader {
    let descriptor: Int32
    /// Read from the pipe but not yet consumed: `storage[start..<end]`.
    private var storage = [UInt8](repeating: 0, count: 64 * 1024)
    private var start = 0
    private var end = 0
    private var ended = false

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// The bytes before the next `delimiter` (which is consumed), or what is left when the
    /// output ends without one; nil at the end.
    mutating func read(until delimiter: UInt8) -> [UInt8]? {
        // Unconsumed bytes already known to hold no delimiter (`fill` keeps them, moved to the front).
        var scanned = 0
        while true {
            if let found = storage[(start + scanned)..<end].firstIndex(of: delimiter) {
                let line = Array(storage[start..<found])
                start = found + 1
                return line
            }
            scanned = end - start
            if !fill() {
                guard start < end else { return nil }
                defer { start = end }
                return Array(storage[start..<end])
            }
        }
    }

    /// Exactly `count` bytes, or nil if the output ends first.
    mutating func read(count: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        let buffered = min(count, end - start)
        bytes.replaceSubrange(0..<buffered, with: storage[start..<(start + buffered)])
        start += buffered
        var filled = buffered
        while filled < count {
            let got = bytes.withUnsafeMutableBytes { readDescriptor(descriptor, $0.baseAddress! + filled, count - filled) }
            if got < 0, errno == EINTR { continue }
            guard got > 0 else { return nil }
            filled += got
        }
        return bytes
    }

    /// Passes over `count` bytes without keeping them; false if the output ends first.
    mutating func skip(count: Int) -> Bool {
        var left = count
        while left > 0 {
            if start == end, !fill() { return false }
            let step = min(left, end - start)
            start += step
            left -= step
        }
        return true
    }

    mutating func readToEnd() -> [UInt8] {
        while fill() {}
        defer { start = end }
        return Array(storage[start..<end])
    }

    mutating func drain() {
        while !ended {
            start = end
            _ = fill()
        }
    }

    /// Reads what the pipe has, after the unconsumed bytes (moved to the front, the storage
    /// doubled when they fill it); false at the end.
    private mutating func fill() -> Bool {
        guard !ended else { return false }
        if start > 0 {
            let (from, count) = (start, end - start)
            storage.withUnsafeMutableBytes { buffer in
                _ = memmove(buffer.baseAddress!, buffer.baseAddress! + from, count)
            }
            (start, end) = (0, count)
        }
        if end == storage.count { storage += repeatElement(0, count: storage.count) }
        while true {
            let (offset, room) = (end, storage.count - end)
            let got = storage.withUnsafeMutableBytes { readDescriptor(descriptor, $0.baseAddress! + offset, room) }
            if got < 0, errno == EINTR { continue }
            guard got > 0 else {
                ended = true
                return false
            }
            end += got
            return true
        }
    }
}

#if canImport(Glibc)
    private let readDescriptor = Glibc.read
#else
    private let readDescriptor = Darwin.read
#endif
