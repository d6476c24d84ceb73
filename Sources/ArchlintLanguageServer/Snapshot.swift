import ArchlintFindings
import ArchlintLoad
import ArchlintModel
import ArchlintPipeline
import Foundation

/// One lint run over the workspace as the editor sees it: every spec `archlint check` would
/// read from the workspace folder, with open files' unsaved buffers in place of their saved
/// bytes, plus open spec files the run would not have found (checked as if named on the
/// command line). Everything the server answers comes from one snapshot, so diagnostics,
/// hovers and definitions agree with each other and with `check`.
public final class Snapshot {
    /// Nil when there is nothing to lint (no spec files, nothing open).
    public let run: LintRun?
    public let root: RepositoryRoot
    /// Open buffers by path as printed.
    public let buffers: [String: String]
    private var lineTables: [String: LineTable] = [:]

    /// `isSpec` says whether an open file the run would not find is a spec to check with
    /// the others (an editor also opens rule packs and configuration files).
    public init(
        folder: String, documents: [TextDocument], today: CalendarDate, limits: LoadLimits = .default,
        isSpec: (String) -> Bool = { _ in true }
    ) {
        let selection = SpecSelection(.paths([]), configuration: .nearest, workingDirectory: folder)
        let root = selection.root
        // The configuration's `specs` (or `specs`), as `check` without arguments reads them;
        // without a configuration, a missing `specs` folder is not an error in an editor.
        var paths = selection.paths
        if selection.configuration == nil, !FileManager.default.fileExists(atPath: root.absolute(paths.first ?? "specs")) {
            paths = []
        }
        let found = Set(paths.isEmpty ? [] : SpecLoader.discover(paths: paths, root: root, exclude: selection.exclude))
        var extra: [String] = []
        for document in documents where !found.contains(document.path) && isSpec(document.text) {
            let absolute = root.resolve(displayed: document.path)
            if FileManager.default.fileExists(atPath: absolute) { extra.append(absolute) }
        }
        self.root = root
        self.buffers = Dictionary(documents.map { ($0.path, $0.text) }, uniquingKeysWith: { _, last in last })
        if paths.isEmpty && extra.isEmpty {
            run = nil
            return
        }
        // Exactly `check`'s request when no open file lies outside the configured specs.
        var request = RunRequest(
            specs: .paths(extra.isEmpty ? [] : paths + extra), today: today, clock: .fixed(epoch: 0), limits: limits,
            workingDirectory: folder)
        request.overlays = buffers.mapValues { Array($0.utf8) }
        run = LintRun(request)
    }

    /// The text of a file as the editor sees it: its buffer when open, else what is saved.
    public func lines(of path: String) -> LineTable {
        if let table = lineTables[path] { return table }
        let text =
            buffers[path]
            ?? (try? String(contentsOfFile: root.resolve(displayed: path), encoding: .utf8)) ?? ""
        let table = LineTable(text)
        lineTables[path] = table
        return table
    }

    /// The workspace's spec for a file, when it loaded.
    public func specIndex(of path: String) -> Int? {
        run?.workspace.specs.firstIndex { $0.path == path }
    }

    public var workspace: Workspace? { run?.workspace }

    public func uri(of path: String) -> String { FileURI.from(path: root.resolve(displayed: path)) }
}

/// `file://` URIs and local paths.
public enum FileURI {
    /// The local path a `file://` URI names, percent-decoded; nil for other schemes.
    public static func path(of uri: String) -> String? {
        guard uri.hasPrefix("file://") else { return nil }
        var rest = uri.dropFirst("file://".count)
        // `file://host/path`: only the local host is a path on this machine.
        if !rest.hasPrefix("/") {
            guard let slash = rest.firstIndex(of: "/"), rest[..<slash] == "localhost" else { return nil }
            rest = rest[slash...]
        }
        var bytes: [UInt8] = []
        let utf8 = Array(rest.utf8)
        var index = 0
        while index < utf8.count {
            if utf8[index] == UInt8(ascii: "%"), index + 2 < utf8.count,
                let value = UInt8(String(decoding: utf8[index + 1...index + 2], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                index += 3
            } else {
                bytes.append(utf8[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A `file://` URI for an absolute path, escaping what a URI may not hold.
    public static func from(path: String) -> String {
        let unreserved = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/".utf8)
        var out = "file://"
        for byte in path.utf8 {
            if unreserved.contains(byte) {
                out.append(Character(Unicode.Scalar(byte)))
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
