import ArchlintPipeline
import Foundation

#if canImport(Glibc)
    import Glibc
    private let posixWrite = Glibc.write
#elseif canImport(Darwin)
    import Darwin
    private let posixWrite = Darwin.write
#endif

/// Writes the files `check --fix` fixed, all or none: every new text first goes to a
/// temporary file beside its file (flushed, with the file's permissions), and only when all
/// of them are written are they renamed over the originals. A failure before that removes
/// the temporary files and leaves every spec as it was; a rename that fails (rare: the
/// folder was made read-only meanwhile) puts back the files already replaced.
enum FixFiles {
    struct WriteError: Error, CustomStringConvertible {
        /// As printed (relative to the repository root).
        let path: String
        let reason: String
        var description: String { "\(path):1:1: error: cannot write fix: \(reason)" }
    }

    /// Writes `files` (each with its absolute path); nothing is changed when it throws.
    /// A file that no longer holds what the fix was planned from is refused.
    static func write(_ files: [(fix: FileFix, absolute: String)]) throws(WriteError) {
        var temporaries: [(temporary: String, target: String, shown: String)] = []
        var slots: [Int?] = []
        defer { for slot in slots { PendingReports.untrack(slot) } }
        func discard() { for entry in temporaries { unlink(entry.temporary) } }
        for (fix, given) in files {
            // A spec that is a symbolic link is fixed where it points: renaming over the link
            // would replace it with a copy.
            let absolute = URL(fileURLWithPath: given).resolvingSymlinksInPath().path
            guard let current = FileManager.default.contents(atPath: absolute), [UInt8](current) == fix.original else {
                discard()
                throw WriteError(path: fix.path, reason: "the file changed while it was being fixed; run again")
            }
            // A read-only spec is kept so on purpose; the rename would replace it regardless.
            guard access(absolute, W_OK) == 0 else {
                discard()
                throw WriteError(path: fix.path, reason: "the file is not writable")
            }
            var info = stat()
            let mode = stat(absolute, &info) == 0 ? info.st_mode & 0o7777 : 0o644
            let url = URL(fileURLWithPath: absolute)
            let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).fix.tmp").path
            slots.append(PendingReports.track(temporary))
            if let reason = writeFlushed(fix.fixed, to: temporary, mode: mode) {
                unlink(temporary)
                discard()
                throw WriteError(path: fix.path, reason: reason)
            }
            temporaries.append((temporary, absolute, fix.path))
        }
        var replaced: [Int] = []
        for (index, entry) in temporaries.enumerated() {
            if rename(entry.temporary, entry.target) != 0 {
                let reason = String(cString: strerror(errno))
                // Put back what was already replaced, then drop the rest.
                for done in replaced {
                    let back = temporaries[done].temporary
                    if writeFlushed(files[done].fix.original, to: back, mode: 0o644) == nil { rename(back, temporaries[done].target) }
                }
                for rest in temporaries[index...] { unlink(rest.temporary) }
                throw WriteError(path: entry.shown, reason: reason)
            }
            replaced.append(index)
        }
    }

    /// Writes `bytes` to a new file and flushes it; the reason on failure.
    private static func writeFlushed(_ bytes: [UInt8], to path: String, mode: mode_t) -> String? {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard descriptor >= 0 else { return String(cString: strerror(errno)) }
        var rest = bytes[...]
        while !rest.isEmpty {
            let written = rest.withUnsafeBytes { posixWrite(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                close(descriptor)
                return reason
            }
            rest = rest.dropFirst(written)
        }
        // The mode of the original, not the umask's: a spec kept read-only by group stays so.
        fchmod(descriptor, mode)
        if fsync(descriptor) != 0 && errno != EINVAL {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            return reason
        }
        if close(descriptor) != 0 { return String(cString: strerror(errno)) }
        return nil
    }
}
