import Foundation
#if canImport(Glibc)
    import Glibc
    private let posixWrite = Glibc.write
    private let posixSignal = Glibc.signal
#elseif canImport(Darwin)
    import Darwin
    private let posixWrite = Darwin.write
    private let posixSignal = Darwin.signal
#endif

/// Writes a report file whole or not at all: into a temporary file beside it, flushed to
/// disk, then renamed over it, so a reader never sees half a report and a failed or killed
/// run leaves the previous one in place.
enum ReportFiles {
    struct WriteError: Error, CustomStringConvertible {
        let path: String
        let reason: String
        var description: String { "\(path):1:1: error: cannot write report: \(reason)" }
    }

    static func write(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw WriteError(path: path, reason: (error as NSError).localizedDescription)
        }
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp").path
        // Tracked before it exists: a signal between creating the file and tracking it left
        // the file behind (seen in NothingLostTests). Removing a name not yet created is harmless.
        let slot = PendingReports.track(temporary)
        defer { PendingReports.untrack(slot) }
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
        func fail(_ code: Int32) -> WriteError {
            let reason = String(cString: strerror(code))
            unlink(temporary)
            return WriteError(path: path, reason: reason)
        }
        // Short writes and interruptions are retried; ENOSPC and EFBIG (a full disk, a file
        // size limit) end the attempt and remove the partial file.
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { posixWrite(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                let code = errno
                close(descriptor)
                throw fail(code)
            }
            bytes = bytes.dropFirst(written)
        }
        // Flushed before the rename: otherwise a crash of the machine could leave the new
        // name pointing at an empty file.
        if fsync(descriptor) != 0 && errno != EINVAL {
            let code = errno
            close(descriptor)
            throw fail(code)
        }
        if close(descriptor) != 0 { throw fail(errno) }
        if rename(temporary, path) != 0 { throw fail(errno) }
    }
}

/// Temporary report files being written, so that SIGTERM, SIGINT or SIGHUP (a cancelled CI
/// job) removes them instead of leaving `.junit.xml.1234.tmp` behind. The previous report
/// is untouched either way: it is only ever replaced by `rename`.
enum PendingReports {
    private static let capacity = 8
    /// Fixed slots of C strings allocated up front: the signal handler only reads them,
    /// never allocates or locks. Reports are written one at a time on the main thread.
    nonisolated(unsafe) private static let slots: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
        let slots = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: capacity)
        slots.initialize(repeating: nil, count: capacity)
        return slots
    }()

    static func installSignalHandlers() {
        _ = slots
        // A file size limit (ulimit -f) then makes write(2) fail with EFBIG, which is
        // reported like a full disk, instead of killing the process mid-report.
        _ = posixSignal(SIGXFSZ, SIG_IGN)
        // A parent may start archlint with these blocked (test runners and some CI agents
        // spawn from threads that block everything); a cancelled job must still stop it.
        var handled = sigset_t()
        sigemptyset(&handled)
        for number in [SIGTERM, SIGINT, SIGHUP] { sigaddset(&handled, number) }
        pthread_sigmask(SIG_UNBLOCK, &handled, nil)
        for number in [SIGTERM, SIGINT, SIGHUP] {
            _ = posixSignal(number) { number in
                for index in 0..<PendingReports.capacity {
                    if let path = PendingReports.slots[index] { unlink(path) }
                }
                // Then die of the signal as if nothing had been caught, so the parent sees it.
                _ = posixSignal(number, SIG_DFL)
                raise(number)
            }
        }
    }

    static func track(_ path: String) -> Int? {
        guard let index = (0..<capacity).first(where: { slots[$0] == nil }) else { return nil }
        slots[index] = strdup(path)
        return index
    }

    static func untrack(_ index: Int?) {
        guard let index, let path = slots[index] else { return }
        slots[index] = nil
        free(path)
    }
}
