import Foundation

/// Writes a report file whole or not at all: into a temporary file beside it, then renamed
/// over it, so a reader never sees half a report and a failed run leaves the old one.
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
            let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
            try Data(text.utf8).write(to: temporary)
            if rename(temporary.path, url.path) != 0 {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(at: temporary)
                throw WriteError(path: path, reason: reason)
            }
        } catch let error as WriteError {
            throw error
        } catch {
            throw WriteError(path: path, reason: (error as NSError).localizedDescription)
        }
    }
}

/// When and where the run happened, for JUnit. `SOURCE_DATE_EPOCH` fixes the time (and
/// zeroes durations) so that reports are byte-for-byte reproducible.
struct RunClock {
    let start = Date()
    let reproducibleEpoch: TimeInterval? = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap(TimeInterval.init)

    var timestamp: String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        if let epoch = reproducibleEpoch {
            // UTC, so that the same epoch gives the same bytes on every machine.
            formatter.timeZone = TimeZone(identifier: "UTC")
            return formatter.string(from: Date(timeIntervalSince1970: epoch))
        }
        formatter.timeZone = TimeZone.current
        return formatter.string(from: start)
    }

    var elapsed: Double { reproducibleEpoch == nil ? Date().timeIntervalSince(start) : 0 }

    /// The host, or `localhost` for reproducible reports (the same bytes on every machine).
    var hostname: String {
        if reproducibleEpoch != nil { return "localhost" }
        let name = ProcessInfo.processInfo.hostName
        return name.isEmpty ? "localhost" : name
    }
}
