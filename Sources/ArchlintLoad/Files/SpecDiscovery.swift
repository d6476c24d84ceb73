#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds the spec files under the paths a user named.
///
/// Directories are walked recursively in byte order of names, so every run sees the same
/// files in the same order. Hidden entries (a leading `.`) are skipped; inside directories
/// only `.yaml` and `.yml` files count, while a file named explicitly is read whatever its
/// extension, because the user asked for it. Symbolic links are followed, but a link back
/// into a directory being walked is reported rather than walked forever.
///
/// Paths are absolute while walking (so the run does not depend on the working directory)
/// and shown relative to the repository root. Entries matching an exclude pattern are left
/// out of walks; a folder given that selects no spec file at all is an error, so a gate
/// pointed at the wrong folder cannot pass.
struct SpecDiscovery {
    let maxFiles: Int
    let root: RepositoryRoot
    let exclude: [PathPattern]
    /// Absolute paths, in the order found.
    private(set) var files: [String] = []
    /// The folders of files named explicitly (not found by a walk), absolute.
    private(set) var namedFileFolders: [String] = []
    /// Errors with the path as printed.
    private(set) var errors: [(path: String, message: String)] = []

    init(maxFiles: Int, root: RepositoryRoot, exclude: [PathPattern] = []) {
        self.maxFiles = maxFiles
        self.root = root
        self.exclude = exclude
    }

    mutating func add(_ given: String) {
        let path = root.absolute(given)
        var info = stat()
        guard stat(path, &info) == 0 else {
            errors.append((root.relative(path), describeErrno(errno, verb: "cannot read")))
            return
        }
        if isDirectory(info) {
            let before = files.count
            walk(path, ancestors: [FileIdentity(info)])
            if files.count == before {
                let excluded = exclude.isEmpty ? "" : " (after --exclude \(exclude.map(\.text).joined(separator: ", ")))"
                errors.append((root.relative(path), "no spec files under \(root.relative(path))\(excluded); give a folder that holds .yaml or .yml specs"))
            }
        } else {
            files.append(path)
            namedFileFolders.append(RepositoryRoot.parent(of: path))
        }
    }

    private func isExcluded(_ path: String) -> Bool {
        guard !exclude.isEmpty else { return false }
        let shown = root.relative(path)
        return exclude.contains { $0.matches(shown) }
    }

    private mutating func walk(_ directory: String, ancestors: Set<FileIdentity>) {
        guard let handle = opendir(directory) else {
            errors.append((directory, describeErrno(errno, verb: "cannot read directory")))
            return
        }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name.hasPrefix(".") { continue }
            names.append(name)
        }
        closedir(handle)
        names.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }

        for name in names {
            if files.count > maxFiles { return }
            let path = join(directory, name)
            if isExcluded(path) { continue }
            var info = stat()
            guard stat(path, &info) == 0 else {
                // A dangling link, or a link loop the kernel caught (ELOOP).
                if isSpecName(name) || errno == ELOOP {
                    errors.append((root.relative(path), describeErrno(errno, verb: "cannot read")))
                }
                continue
            }
            if isDirectory(info) {
                let identity = FileIdentity(info)
                if ancestors.contains(identity) {
                    errors.append((root.relative(path), "symbolic link loop: this directory contains itself; not followed"))
                    continue
                }
                if isSpecName(name) {
                    errors.append((root.relative(path), "is a directory, not a spec file"))
                }
                walk(path, ancestors: ancestors.union([identity]))
            } else if isSpecName(name) {
                files.append(path)
            }
        }
    }

    func isSpecName(_ name: String) -> Bool {
        name.hasSuffix(".yaml") || name.hasSuffix(".yml")
    }
}

/// A file's identity independent of the path it was reached by.
private struct FileIdentity: Hashable {
    let device: UInt64
    let inode: UInt64

    init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}

func isDirectory(_ info: stat) -> Bool {
    (info.st_mode & S_IFMT) == S_IFDIR
}

func isRegularFile(_ info: stat) -> Bool {
    (info.st_mode & S_IFMT) == S_IFREG
}

/// `directory/name`, without doubling a slash the user typed (`specs/` gives `specs/x.yaml`)
/// and without a leading `./` for the current directory.
func join(_ directory: String, _ name: String) -> String {
    if directory == "." { return name }
    return directory.hasSuffix("/") ? directory + name : directory + "/" + name
}

func describeErrno(_ code: Int32, verb: String) -> String {
    switch code {
    case ENOENT: return "no such file or directory"
    case EACCES: return "\(verb): permission denied"
    case ELOOP: return "\(verb): too many levels of symbolic links (a link loop)"
    case ENOTDIR: return "\(verb): a path component is not a directory"
    default: return "\(verb): \(String(cString: strerror(code)))"
    }
}
