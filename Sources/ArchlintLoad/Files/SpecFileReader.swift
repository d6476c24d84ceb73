#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

#if canImport(Glibc)
    private let systemRead = Glibc.read
#else
    private let systemRead = Darwin.read
#endif

/// Reads one spec file's bytes, refusing what is not a regular file (a FIFO or a device
/// would block or never end) and what is larger than the limit, before reading it.
enum SpecFileReader {
    static func read(_ path: String, maxBytes: Int) -> Result<[UInt8], FileProblem> {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            return .failure(FileProblem(describeErrno(errno, verb: "cannot read")))
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            return .failure(FileProblem(describeErrno(errno, verb: "cannot read")))
        }
        if isDirectory(info) { return .failure(FileProblem("is a directory, not a spec file")) }
        guard isRegularFile(info) else { return .failure(FileProblem("not a regular file; specs must be files")) }
        let size = Int(info.st_size)
        if size > maxBytes { return .failure(tooLarge(size, maxBytes)) }

        // Read up to one byte past the limit: a file may grow between fstat and read.
        var bytes = [UInt8](repeating: 0, count: size + 1)
        var filled = 0
        while true {
            if filled == bytes.count {
                if filled > maxBytes { return .failure(tooLarge(filled, maxBytes)) }
                bytes.append(contentsOf: repeatElement(0, count: max(4096, bytes.count)))
            }
            let count = bytes.withUnsafeMutableBytes { buffer in
                systemRead(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(FileProblem(describeErrno(errno, verb: "cannot read")))
            }
            if count == 0 { break }
            filled += count
        }
        if filled > maxBytes { return .failure(tooLarge(filled, maxBytes)) }
        bytes.removeSubrange(filled...)
        return .success(bytes)
    }

    private static func tooLarge(_ size: Int, _ limit: Int) -> FileProblem {
        FileProblem(LoadLimits.tooLargeMessage(size: size, limit: limit))
    }
}

extension LoadLimits {
    /// What is said of a spec file of `size` bytes over the `limit`, wherever it is read from
    /// (the working tree, or a git revision), so both sides of a diff say it alike.
    public static func tooLargeMessage(size: Int, limit: Int) -> String {
        "file is \(byteCount(size)), more than the limit of \(byteCount(limit)) (--max-file-size)"
    }
}

struct FileProblem: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// "32 MiB", "1.5 KiB", "12 bytes".
func byteCount(_ bytes: Int) -> String {
    let units = ["KiB", "MiB", "GiB"]
    var value = Double(bytes)
    var unit = -1
    while value >= 1024, unit < units.count - 1 {
        value /= 1024
        unit += 1
    }
    if unit < 0 { return "\(bytes) bytes" }
    let rounded = (value * 10).rounded() / 10
    let text = rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    return "\(text) \(units[unit])"
}
