import ArchlintFindings
import ArchlintLoad
import ArchlintModel
import ArchlintPipeline
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `archlint lsp`: a language server (LSP 3.17, JSON-RPC) for the specs of a workspace.
///
/// Messages are handled one at a time, in order. Diagnostics are computed lazily: an edit only
/// marks the snapshot stale, and the serving loop publishes once no more input is waiting, so
/// a burst of keystrokes costs one lint run. A request that needs the model (hover,
/// definition) brings the snapshot up to date first, so answers always match the buffers.
public final class LanguageServer {
    /// Where fixes come from (`check --fix`'s engine); without one, no code actions are offered.
    public var codeActions: (any CodeActionSource)?
    /// Make the editor's workspace folder the process's working directory at `initialize`: a
    /// configuration's relative paths are resolved against the working directory, as `check`
    /// run from that folder would. Only for a server that owns its process (`serve`).
    public var followsWorkspaceFolder = false

    private let today: CalendarDate
    private let limits: LoadLimits
    private var rulePages: RulePages
    private let send: (JSON) -> Void
    /// The workspace folder: what `check` without arguments would be run from.
    public private(set) var folder: String
    private var root: RepositoryRoot
    /// Open files by URI.
    private var documents: [String: TextDocument] = [:]
    private var current: Snapshot?
    private var diagnosticsStale = false
    /// URIs with diagnostics published, so closing a file (or fixing it) clears them.
    private var published: Set<String> = []
    private var state = State.starting
    /// Set by `exit`: 0 after `shutdown`, 1 otherwise (as the protocol says).
    public private(set) var exitStatus: Int32?

    private enum State { case starting, running, shutDown }

    /// `send` receives each outgoing message (responses, notifications), in order.
    public init(folder: String, today: CalendarDate, limits: LoadLimits = .default, rulePages: RulePages, send: @escaping (JSON) -> Void) {
        self.folder = folder
        self.today = today
        self.limits = limits
        self.rulePages = rulePages
        self.send = send
        root = SpecSelection(.paths([]), configuration: .nearest, workingDirectory: folder).root
    }

    // MARK: Messages

    /// One framed message's body.
    public func receive(_ body: [UInt8]) {
        guard let message = JSON.parse(body) else {
            respondError(id: .null, code: -32700, "parse error: the message is not valid JSON")
            return
        }
        guard case .object = message, let method = message["method"]?.string else {
            // A response to a request this server never sends, or not a message at all.
            if message["id"] != nil, message["result"] != nil || message["error"] != nil { return }
            respondError(id: message["id"] ?? .null, code: -32600, "invalid request: no method")
            return
        }
        let id = message["id"]
        let params = message["params"] ?? .null
        if let id {
            switch id {
            case .int, .string: request(id: id, method: method, params: params)
            default: respondError(id: .null, code: -32600, "invalid request: id must be a number or a string")
            }
        } else {
            notification(method: method, params: params)
        }
    }

    /// A frame that could not be read at all.
    public func receiveMalformed(_ reason: String) {
        respondError(id: .null, code: -32700, "parse error: \(reason)")
    }

    private func request(id: JSON, method: String, params: JSON) {
        if state == .starting && method != "initialize" {
            respondError(id: id, code: -32002, "the server is not initialized")
            return
        }
        if state == .shutDown {
            respondError(id: id, code: -32600, "the server is shut down")
            return
        }
        switch method {
        case "initialize":
            guard state == .starting else {
                respondError(id: id, code: -32600, "initialize was already received")
                return
            }
            initialize(params)
            respond(id: id, result: capabilities())
            state = .running
        case "shutdown":
            state = .shutDown
            respond(id: id, result: .null)
        case "textDocument/hover":
            guard let (path, position) = target(params) else { return invalidParams(id) }
            let snapshot = upToDate()
            let text = Hover.contents(at: path, position: position, in: snapshot, rulePages: rulePages)
            respond(id: id, result: text.map { .object(["contents": .object(["kind": .string("markdown"), "value": .string($0)])]) } ?? .null)
        case "textDocument/definition":
            guard let (path, position) = target(params) else { return invalidParams(id) }
            let snapshot = upToDate()
            let (line, column) = snapshot.lines(of: path).archlintPosition(position)
            if let workspace = snapshot.workspace, let address = Navigation.target(at: path, line: line, column: column, in: snapshot) {
                respond(id: id, result: Navigation.location(Navigation.declaration(address, in: workspace), in: snapshot))
            } else if let place = Navigation.declarationFromText(at: path, line: line, column: column, in: snapshot) {
                respond(id: id, result: Navigation.location(place, in: snapshot))
            } else {
                respond(id: id, result: .null)
            }
        case "textDocument/references":
            guard let (path, position) = target(params) else { return invalidParams(id) }
            let snapshot = upToDate()
            let (line, column) = snapshot.lines(of: path).archlintPosition(position)
            guard let workspace = snapshot.workspace, let address = Navigation.target(at: path, line: line, column: column, in: snapshot) else {
                return respond(id: id, result: .array([]))
            }
            let includeDeclaration = params["context"]?["includeDeclaration"]?.bool ?? true
            let places = Navigation.references(to: address, in: workspace, includeDeclaration: includeDeclaration)
            respond(id: id, result: .array(places.map { Navigation.location($0, in: snapshot) }))
        case "textDocument/completion":
            guard let (path, position) = target(params) else { return invalidParams(id) }
            let items = Completion.items(at: path, position: position, in: upToDate())
            respond(id: id, result: .object(["isIncomplete": .bool(false), "items": .array(items)]))
        case "textDocument/documentSymbol":
            guard let path = params["textDocument"]?["uri"]?.string.flatMap(path(of:)) else { return invalidParams(id) }
            respond(id: id, result: .array(Symbols.outline(of: path, in: upToDate())))
        case "textDocument/codeAction":
            guard let path = params["textDocument"]?["uri"]?.string.flatMap(path(of:)), let range = LSPRange(params["range"]) else {
                return invalidParams(id)
            }
            respond(id: id, result: .array(actions(path: path, range: range)))
        default:
            respondError(id: id, code: -32601, "method not found: \(method)")
        }
    }

    private func notification(method: String, params: JSON) {
        switch method {
        case "exit":
            exitStatus = state == .shutDown ? 0 : 1
        case "textDocument/didOpen":
            guard state == .running, let item = params["textDocument"], let uri = item["uri"]?.string, let text = item["text"]?.string else { return }
            documents[uri] = TextDocument(uri: uri, path: path(of: uri) ?? uri, version: item["version"]?.int ?? 0, text: text)
            invalidate()
        case "textDocument/didChange":
            guard state == .running, let uri = params["textDocument"]?["uri"]?.string, var document = documents[uri] else { return }
            for change in params["contentChanges"]?.array ?? [] {
                guard let text = change["text"]?.string else { continue }
                document.apply(range: LSPRange(change["range"]), text: text)
            }
            document.version = params["textDocument"]?["version"]?.int ?? document.version
            documents[uri] = document
            invalidate()
        case "textDocument/didClose":
            guard let uri = params["textDocument"]?["uri"]?.string else { return }
            documents[uri] = nil
            invalidate()
        case "textDocument/didSave", "workspace/didChangeWatchedFiles":
            // Files on disk may have changed beside the buffers.
            invalidate()
        default:
            // `initialized`, `$/cancelRequest`, `$/setTrace` and the like need nothing.
            break
        }
    }

    // MARK: Diagnostics

    /// Whether an edit since the last publication left diagnostics to publish.
    public var hasStaleDiagnostics: Bool { diagnosticsStale && state == .running }

    /// Publishes diagnostics for every open file if an edit made them stale.
    public func publishDiagnosticsIfStale() {
        guard diagnosticsStale, state == .running else { return }
        diagnosticsStale = false
        let snapshot = upToDate()
        var now: Set<String> = []
        for (uri, document) in documents.sorted(by: { $0.key < $1.key }) {
            let diagnostics = Diagnostics.forFile(document.path, in: snapshot, rulePages: rulePages)
            now.insert(uri)
            send(
                .object([
                    "jsonrpc": .string("2.0"), "method": .string("textDocument/publishDiagnostics"),
                    "params": .object(["uri": .string(uri), "version": .int(document.version), "diagnostics": .array(diagnostics)]),
                ]))
        }
        for uri in published.subtracting(now).sorted() {
            send(
                .object([
                    "jsonrpc": .string("2.0"), "method": .string("textDocument/publishDiagnostics"),
                    "params": .object(["uri": .string(uri), "diagnostics": .array([])]),
                ]))
        }
        published = now
    }

    private func invalidate() {
        current = nil
        diagnosticsStale = true
    }

    /// The snapshot of the buffers as they are now.
    private func upToDate() -> Snapshot {
        if let current { return current }
        // Only files that are specs: discovered by the run, or saying `archlint:` and `stack:`
        // at their top level (a rule pack or the configuration open beside them is not one).
        let open = documents.values.filter { document in
            document.path.hasSuffix(".yaml") || document.path.hasSuffix(".yml")
        }.sorted { $0.path < $1.path }
        let snapshot = Snapshot(folder: folder, documents: open, today: today, limits: limits, isSpec: Self.looksLikeSpec)
        current = snapshot
        return snapshot
    }

    static func looksLikeSpec(_ text: String) -> Bool {
        var archlint = false, stack = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("archlint:") { archlint = true }
            if line.hasPrefix("stack:") { stack = true }
            if archlint && stack { return true }
        }
        return false
    }

    // MARK: Code actions

    private func actions(path: String, range: LSPRange) -> [JSON] {
        guard let source = codeActions else { return [] }
        let snapshot = upToDate()
        guard let run = snapshot.run else { return [] }
        let findings = run.report.findings.filter { finding in
            guard finding.location.file == path, !finding.isWaived else { return false }
            let line = finding.location.line - 1
            return line >= range.start.line && line <= range.end.line
        }
        guard !findings.isEmpty else { return [] }
        let diagnostics = Diagnostics.forFile(path, in: snapshot, rulePages: rulePages)
        return source.actions(for: findings, in: run).map { action in
            let matching = diagnostics.filter { diagnostic in
                diagnostic["code"]?.string == action.finding.rule
                    && diagnostic["range"]?["start"]?["line"]?.int == action.finding.location.line - 1
            }
            return action.json(in: snapshot, diagnostics: matching)
        }
    }

    // MARK: Initialize

    private func initialize(_ params: JSON) {
        let given =
            params["workspaceFolders"]?.array?.first?["uri"]?.string.flatMap(FileURI.path(of:))
            ?? params["rootUri"]?.string.flatMap(FileURI.path(of:)) ?? params["rootPath"]?.string
        if let given, !given.isEmpty {
            folder = given
            if followsWorkspaceFolder { _ = FileManager.default.changeCurrentDirectoryPath(folder) }
            root = SpecSelection(.paths([]), configuration: .nearest, workingDirectory: folder).root
            if rulePages.folder == nil { rulePages = RulePages.find(from: [folder]) }
        }
    }

    private func capabilities() -> JSON {
        var capabilities: [String: JSON] = [
            // Incremental sync: an edit sends only what changed.
            "textDocumentSync": .object(["openClose": .bool(true), "change": .int(2), "save": .bool(true)]),
            "hoverProvider": .bool(true),
            "definitionProvider": .bool(true),
            "referencesProvider": .bool(true),
            "documentSymbolProvider": .bool(true),
            "completionProvider": .object(["triggerCharacters": .array([.string(":"), .string(" "), .string("["), .string(",")])]),
        ]
        if codeActions != nil {
            capabilities["codeActionProvider"] = .object(["codeActionKinds": .array([.string("quickfix")])])
        }
        return .object([
            "capabilities": .object(capabilities),
            "serverInfo": .object(["name": .string("archlint"), "version": .string(ArchlintVersion.current)]),
        ])
    }

    // MARK: Helpers

    /// A document URI as archlint prints its path (relative to the repository root).
    private func path(of uri: String) -> String? {
        if let document = documents[uri] { return document.path }
        return FileURI.path(of: uri).map { root.display($0) }
    }

    private func target(_ params: JSON) -> (String, LSPPosition)? {
        guard let uri = params["textDocument"]?["uri"]?.string, let path = path(of: uri), let position = LSPPosition(params["position"]) else {
            return nil
        }
        return (path, position)
    }

    private func respond(id: JSON, result: JSON) {
        send(.object(["jsonrpc": .string("2.0"), "id": id, "result": result]))
    }

    private func respondError(id: JSON, code: Int, _ message: String) {
        send(.object(["jsonrpc": .string("2.0"), "id": id, "error": .object(["code": .int(code), "message": .string(message)])]))
    }

    private func invalidParams(_ id: JSON) {
        respondError(id: id, code: -32602, "invalid params")
    }

    // MARK: Serving

    /// Serves over file descriptors (standard input and output) until `exit`, or until the
    /// input ends. Returns the process's exit status.
    public static func serve(
        input: Int32 = 0, output: Int32 = 1, folder: String, today: CalendarDate, rulePages: RulePages,
        codeActions: (any CodeActionSource)? = nil
    ) -> Int32 {
        let server = LanguageServer(folder: folder, today: today, rulePages: rulePages) { message in
            let bytes = MessageFramer.frame(message)
            bytes.withUnsafeBytes { buffer in
                var written = 0
                while written < buffer.count {
                    let count = write(output, buffer.baseAddress! + written, buffer.count - written)
                    if count < 0 {
                        if errno == EINTR { continue }
                        return
                    }
                    written += count
                }
            }
        }
        server.codeActions = codeActions
        server.followsWorkspaceFolder = true
        var framer = MessageFramer()
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        var staleSince: UInt64?
        while true {
            let count = chunk.withUnsafeMutableBytes { read(input, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return 1
            }
            if count == 0 { return server.exitStatus ?? 1 }
            for frame in framer.receive(chunk[..<count]) {
                switch frame {
                case .message(let body): server.receive(body)
                case .malformed(let reason): server.receiveMalformed(reason)
                }
                if let status = server.exitStatus { return status }
            }
            // Lint once the editor has stopped sending, so a burst of edits costs one run;
            // but never wait longer than a moment, for input that never pauses.
            if server.hasStaleDiagnostics {
                let now = DispatchTime.now().uptimeNanoseconds
                staleSince = staleSince ?? now
                if !inputWaiting(input) || now - staleSince! > 250_000_000 {
                    server.publishDiagnosticsIfStale()
                    staleSince = nil
                }
            }
        }
    }

    private static func inputWaiting(_ descriptor: Int32) -> Bool {
        var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&request, 1, 0) > 0
    }
}
