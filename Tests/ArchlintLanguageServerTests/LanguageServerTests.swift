import ArchlintFindings
import ArchlintLanguageServer
import ArchlintLoad
import ArchlintModel
import ArchlintPipeline
import Foundation
import Testing

private let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
private let today = CalendarDate(year: 2026, month: 11, day: 30)!
private let development = "specs/navlab/development.yaml"

/// A server in-process: messages in as framed bytes, everything it sends collected.
private final class Session {
    var sent: [JSON] = []
    var server: LanguageServer!
    var framer = MessageFramer()
    var nextID = 1

    init(folder: String = repository, codeActions: (any CodeActionSource)? = nil, initialize: Bool = true) {
        server = LanguageServer(folder: folder, today: today, rulePages: RulePages.find(from: [repository])) { [unowned self] in
            sent.append($0)
        }
        server.codeActions = codeActions
        if initialize {
            _ = request("initialize", ["rootUri": .string(FileURI.from(path: folder)), "capabilities": .object([:])])
            notify("initialized", [:])
        }
    }

    /// Feeds bytes as the serving loop does: frame by frame.
    func feed(_ bytes: [UInt8]) {
        for frame in framer.receive(bytes) {
            switch frame {
            case .message(let body): server.receive(body)
            case .malformed(let reason): server.receiveMalformed(reason)
            }
        }
    }

    func request(_ method: String, _ params: [String: JSON]) -> JSON {
        let id = nextID
        nextID += 1
        feed(MessageFramer.frame(.object(["jsonrpc": .string("2.0"), "id": .int(id), "method": .string(method), "params": .object(params)])))
        return sent.last { $0["id"] == .int(id) } ?? .null
    }

    func notify(_ method: String, _ params: [String: JSON]) {
        feed(MessageFramer.frame(.object(["jsonrpc": .string("2.0"), "method": .string(method), "params": .object(params)])))
    }

    func uri(_ path: String) -> String { FileURI.from(path: folder + "/" + path) }
    var folder: String { server.folder }

    func open(_ path: String, text: String? = nil) {
        let text = text ?? (try! String(contentsOfFile: folder + "/" + path, encoding: .utf8))
        notify(
            "textDocument/didOpen",
            ["textDocument": .object(["uri": .string(uri(path)), "languageId": .string("yaml"), "version": .int(1), "text": .string(text)])])
    }

    /// The diagnostics the server publishes for `path` once the editor goes quiet.
    func diagnostics(_ path: String) -> [JSON] {
        server.publishDiagnosticsIfStale()
        let published = sent.last { $0["method"]?.string == "textDocument/publishDiagnostics" && $0["params"]?["uri"]?.string == uri(path) }
        return published?["params"]?["diagnostics"]?.array ?? []
    }

    func at(_ path: String, line: Int, character: Int) -> [String: JSON] {
        ["textDocument": .object(["uri": .string(uri(path))]), "position": .object(["line": .int(line), "character": .int(character)])]
    }
}

private func lines(_ path: String) -> [String] {
    (try! String(contentsOfFile: repository + "/" + path, encoding: .utf8)).components(separatedBy: "\n")
}

@Suite struct LanguageServerTests {
    @Test func diagnosticsAreCheckFindingsForTheFile() throws {
        let session = Session()
        session.open(development)
        let diagnostics = session.diagnostics(development)
        let run = LintRun(RunRequest(specs: .paths([]), today: today, clock: .fixed(epoch: 0), workingDirectory: repository))
        let expected = run.report.findings.filter { $0.location.file == development }
        #expect(!expected.isEmpty)
        #expect(diagnostics.count == expected.count + run.report.errors.filter { $0.location.file == development }.count)
        let text = lines(development)
        let got = Set(diagnostics.map { "\($0["range"]!["start"]!["line"]!.int!):\($0["code"]!.string!):\($0["message"]!.string!)" })
        let want = Set(expected.map { "\($0.location.line - 1):\($0.rule):\($0.message)" })
        #expect(got == want)
        // Columns are UTF-16 units from 0: the em dashes in the file's lines count as one.
        for finding in expected {
            let line = text[finding.location.line - 1]
            let prefix = String(String.UnicodeScalarView(Array(line.unicodeScalars).prefix(finding.location.column - 1)))
            #expect(
                diagnostics.contains {
                    $0["range"]?["start"]?["line"]?.int == finding.location.line - 1 && $0["range"]?["start"]?["character"]?.int == prefix.utf16.count
                })
        }
        let sg001 = try #require(diagnostics.first { $0["code"]?.string == "SG001" })
        #expect(sg001["severity"]?.int == 1)
        #expect(sg001["codeDescription"]?["href"]?.string?.hasSuffix("docs/rules/SG001.md") == true)
    }

    @Test func unsavedMisspeltKeyIsReportedOnItsLine() throws {
        let session = Session()
        session.open(development)
        _ = session.diagnostics(development)
        let databases = try #require(lines(development).firstIndex { $0.hasPrefix("databases:") })
        // Incremental: insert one line after the first database's `- name:` line.
        session.notify(
            "textDocument/didChange",
            [
                "textDocument": .object(["uri": .string(session.uri(development)), "version": .int(2)]),
                "contentChanges": .array([
                    .object([
                        "range": .object([
                            "start": .object(["line": .int(databases + 2), "character": .int(0)]),
                            "end": .object(["line": .int(databases + 2), "character": .int(0)]),
                        ]),
                        "text": .string("    encrpyted: true\n"),
                    ])
                ]),
            ])
        let diagnostics = session.diagnostics(development)
        let error = try #require(diagnostics.first { $0["code"]?.string == "load" })
        #expect(error["range"]?["start"]?["line"]?.int == databases + 2)
        #expect(error["message"]?.string?.contains("unknown key 'encrpyted'") == true)
        // The saved file is untouched.
        #expect(!lines(development).contains("    encrpyted: true"))
    }

    @Test func definitionHoverAndReferences() throws {
        let session = Session()
        session.open(development)
        let text = lines(development)
        let reference = try #require(text.firstIndex { $0.contains("security_groups: [dev-bastion]") })
        let character = text[reference].utf16.distance(
            from: text[reference].utf16.startIndex, to: text[reference].range(of: "dev-bastion")!.lowerBound.samePosition(in: text[reference].utf16)!)
        let definition = session.request("textDocument/definition", session.at(development, line: reference, character: character + 3))
        let groups = try #require(text.firstIndex { $0.hasPrefix("security_groups:") })
        let groupName = try #require(text.indices.first { $0 > groups && text[$0].contains("- name: dev-bastion") })
        #expect(definition["result"]?["range"]?["start"]?["line"]?.int == groupName)

        // From the declaration: the instance's reference and the database group's `sg:`.
        let references = session.request(
            "textDocument/references",
            session.at(development, line: groupName, character: 12).merging(["context": .object(["includeDeclaration": .bool(false)])]) { $1 })
        let referenceLines = Set(references["result"]?.array?.compactMap { $0["range"]?["start"]?["line"]?.int } ?? [])
        #expect(referenceLines.contains(reference))
        #expect(referenceLines.contains { text[$0].contains("sg:dev-bastion") })

        let sg001 = try #require(session.diagnostics(development).first { $0["code"]?.string == "SG001" })
        let start = sg001["range"]!["start"]!
        let hover = session.request("textDocument/hover", session.at(development, line: start["line"]!.int!, character: start["character"]!.int!))
        let value = try #require(hover["result"]?["contents"]?["value"]?.string)
        #expect(value.contains("SG001") && value.contains("**Fix:**") && value.contains("**Why:**"))

        // On a key: the field's description from the schema.
        let engine = try #require(text.firstIndex { $0.contains("engine: postgres") })
        let keyHover = session.request("textDocument/hover", session.at(development, line: engine, character: 5))
        #expect(keyHover["result"]?["contents"]?["value"]?.string?.contains("`engine`") == true)
    }

    @Test func definitionFollowsTheSharedFallbackAcrossFiles() throws {
        let folder = try temporaryWorkspace([
            "specs/shop/shared.yaml": """
            archlint: 1
            stack: shop
            environment: shared
            roles:
              - name: deployer
                assumed_by: [ci]
            """,
            "specs/shop/development.yaml": """
            archlint: 1
            stack: shop
            environment: development
            functions:
              - name: worker
                runtime: python3.12
                role: deployer
            """,
        ])
        let session = Session(folder: folder)
        session.open("specs/shop/development.yaml")
        let diagnostics = session.diagnostics("specs/shop/development.yaml")
        #expect(!diagnostics.contains { $0["code"]?.string == "load" }, "\(diagnostics)")
        let definition = session.request("textDocument/definition", session.at("specs/shop/development.yaml", line: 6, character: 11))
        #expect(definition["result"]?["uri"]?.string == session.uri("specs/shop/shared.yaml"))
        #expect(definition["result"]?["range"]?["start"]?["line"]?.int == 4)
    }

    @Test func definitionOfSecretsAndPeersAcrossStacks() throws {
        // `secret:` in a shipped spec lands on the secret's name.
        let phenom = "specs/phenom/development.yaml"
        let session = Session()
        session.open(phenom)
        let text = lines(phenom)
        let use = try #require(text.firstIndex { $0.contains("master_password: secret:phenom-dev-app-secrets") })
        let character = try #require(text[use].range(of: "secret:")).lowerBound.utf16Offset(in: text[use])
        let secret = session.request("textDocument/definition", session.at(phenom, line: use, character: character + 9))
        let secretLine = try #require(secret["result"]?["range"]?["start"]?["line"]?.int)
        #expect(text[secretLine].contains("name: phenom-dev-app-secrets"))

        // A peer names a network of another stack's file.
        let folder = try temporaryWorkspace([
            "specs/a/development.yaml": """
            archlint: 1
            stack: a
            environment: development
            networks:
              - name: vpc-a
                cidr: 10.1.0.0/16
                peers: [b/development/vpc-b]
            """,
            "specs/b/development.yaml": """
            archlint: 1
            stack: b
            environment: development
            networks:
              - name: vpc-b
                cidr: 10.2.0.0/16
            """,
        ])
        let peers = Session(folder: folder)
        peers.open("specs/a/development.yaml")
        #expect(!peers.diagnostics("specs/a/development.yaml").contains { $0["code"]?.string == "load" })
        let peer = peers.request("textDocument/definition", peers.at("specs/a/development.yaml", line: 6, character: 14))
        #expect(peer["result"]?["uri"]?.string == peers.uri("specs/b/development.yaml"))
        #expect(peer["result"]?["range"]?["start"]?["line"]?.int == 4)
        // And back: the network's references include the peer in the other file.
        let back = peers.request(
            "textDocument/references",
            peers.at("specs/b/development.yaml", line: 4, character: 12).merging(["context": .object(["includeDeclaration": .bool(false)])]) { $1 })
        #expect(back["result"]?.array?.first?["uri"]?.string == peers.uri("specs/a/development.yaml"))
    }

    @Test func completionOffersKeysEnumValuesAndNames() throws {
        let folder = try temporaryWorkspace([
            "specs/app/development.yaml": """
            archlint: 1
            stack: app
            environment: development
            networks:
              - name: vpc
                cidr: 10.0.0.0/16
                subnets:
                  - {name: app-a, cidr: 10.0.1.0/24, zone: z-a, tier: private}
            security_groups:
              - name: web
                network: vpc
                ingress:
                  - {ports: 443, from: sg:web}
            databases:
              - name: db
                engine: postgres
                subnets: [app-a]
            caches:
              - name: c
                engine: redis
            """
        ])
        let session = Session(folder: folder)
        session.open("specs/app/development.yaml")
        func labels(_ line: Int, _ character: Int) -> [String] {
            session.request("textDocument/completion", session.at("specs/app/development.yaml", line: line, character: character))["result"]?["items"]?
                .array?.compactMap { $0["label"]?.string } ?? []
        }
        #expect(labels(16, 15).contains("app-a"))
        #expect(labels(0, 3).contains("security_groups"))
        #expect(labels(12, 28).contains("sg:web"))
        let symbols = session.request("textDocument/documentSymbol", ["textDocument": .object(["uri": .string(session.uri("specs/app/development.yaml"))])])
        let names = symbols["result"]?.array?.compactMap { $0["name"]?.string } ?? []
        #expect(names.contains("networks") && names.contains("security_groups"))

        // While the file is broken (an engine being typed), values and names still come.
        var text = try String(contentsOfFile: folder + "/specs/app/development.yaml", encoding: .utf8)
        text = text.replacingOccurrences(of: "engine: redis", with: "engine: ")
        session.notify(
            "textDocument/didChange",
            [
                "textDocument": .object(["uri": .string(session.uri("specs/app/development.yaml")), "version": .int(2)]),
                "contentChanges": .array([.object(["text": .string(text)])]),
            ])
        #expect(labels(19, 12).contains("redis"))
        // Definition too, from the text: `sg:web` and the subnet in the broken buffer.
        let group = session.request("textDocument/definition", session.at("specs/app/development.yaml", line: 12, character: 30))
        #expect(group["result"]?["range"]?["start"]?["line"]?.int == 9)
        let subnet = session.request("textDocument/definition", session.at("specs/app/development.yaml", line: 16, character: 16))
        #expect(subnet["result"]?["range"]?["start"]?["line"]?.int == 7)
        let outline = session.request("textDocument/documentSymbol", ["textDocument": .object(["uri": .string(session.uri("specs/app/development.yaml"))])])
        #expect(outline["result"]?.array?.compactMap { $0["name"]?.string }.contains("caches") == true)
        #expect(labels(16, 15).contains("app-a"))
        #expect(labels(12, 28).contains("sg:web"))
    }

    @Test func protocolErrorsAreAnsweredNotFatal() throws {
        let session = Session(initialize: false)
        let early = session.request("textDocument/hover", session.at(development, line: 0, character: 0))
        #expect(early["error"]?["code"]?.int == -32002)
        _ = session.request("initialize", ["capabilities": .object([:])])
        #expect(session.request("no/such/method", [:])["error"]?["code"]?.int == -32601)
        #expect(session.request("textDocument/hover", [:])["error"]?["code"]?.int == -32602)
        session.feed(Array("Content-Length: 9\r\n\r\n{\"id\": 1,".utf8))
        #expect(session.sent.last?["error"]?["code"]?.int == -32700)
        session.feed(Array("Content-Type: x\r\n\r\n".utf8))
        #expect(session.sent.last?["error"]?["code"]?.int == -32700)
        session.feed(Array("Content-Length: 2\r\n\r\n[]".utf8))
        #expect(session.sent.last?["error"]?["code"]?.int == -32600)
        // Deep nesting is refused by the reader, not by the stack.
        let deep = Array(repeating: UInt8(ascii: "["), count: 100_000)
        session.feed(Array("Content-Length: \(deep.count)\r\n\r\n".utf8) + deep)
        #expect(session.sent.last?["error"]?["code"]?.int == -32700)
        #expect(session.request("shutdown", [:])["result"] == .null)
        #expect(session.request("textDocument/hover", [:])["error"]?["code"]?.int == -32600)
        session.notify("exit", [:])
        #expect(session.server.exitStatus == 0)
    }

    @Test func exitWithoutShutdownIsStatusOne() {
        let session = Session()
        session.notify("exit", [:])
        #expect(session.server.exitStatus == 1)
    }

    @Test func hostileBuffersGiveDiagnosticsNotCrashes() throws {
        let session = Session()
        for text in [
            String(repeating: "[", count: 200_000), String(repeating: "a: &a [*a, *a]\n", count: 2000), "\u{0}\u{FFFF}🙂:\n\t- x",
            "archlint: 1\nstack: navlab\nenvironment: development\n" + String(repeating: "networks:\n", count: 5000),
        ] {
            session.open(development, text: text)
            let diagnostics = session.diagnostics(development)
            #expect(diagnostics.contains { $0["code"]?.string == "load" })
            for diagnostic in diagnostics {
                #expect(diagnostic["range"]?["start"]?["line"]?.int != nil)
            }
        }
        // An empty buffer is not a crash either, and closing clears the file's diagnostics.
        session.open(development, text: "")
        _ = session.diagnostics(development)
        session.notify("textDocument/didClose", ["textDocument": .object(["uri": .string(session.uri(development))])])
        #expect(session.diagnostics(development).isEmpty)
    }

    @Test func codeActionsComeFromTheSource() throws {
        struct Quote: CodeActionSource {
            func actions(for findings: [Finding], in run: LintRun) -> [CodeAction] {
                // The buffer the fix must edit is the run's, not the saved file.
                guard run.overlays[development] != nil else { return [] }
                return findings.map { finding in
                    CodeAction(
                        title: "fix \(finding.rule)", finding: finding, isPreferred: true,
                        edits: [
                            finding.location.file: [
                                TextEdit(
                                    offset: 0, length: 1, replacement: "X",
                                    start: SourcePosition(line: finding.location.line, column: finding.location.column),
                                    end: SourcePosition(line: finding.location.line, column: finding.location.column + 1))
                            ]
                        ])
                }
            }
        }
        let without = Session()
        #expect(without.sent.first?["result"]?["capabilities"]?["codeActionProvider"] == nil)
        let session = Session(codeActions: Quote())
        #expect(session.sent.first?["result"]?["capabilities"]?["codeActionProvider"] != nil)
        session.open(development)
        let sg001 = try #require(session.diagnostics(development).first { $0["code"]?.string == "SG001" })
        let response = session.request(
            "textDocument/codeAction",
            [
                "textDocument": .object(["uri": .string(session.uri(development))]), "range": sg001["range"]!,
                "context": .object(["diagnostics": .array([sg001])]),
            ])
        let actions = try #require(response["result"]?.array)
        let action = try #require(actions.first { $0["title"]?.string == "fix SG001" })
        #expect(action["isPreferred"] == .bool(true))
        let edit = try #require(action["edit"]?["changes"]?[session.uri(development)]?.array?.first)
        #expect(edit["range"]?["start"] == sg001["range"]?["start"])
        #expect(edit["newText"]?.string == "X")
    }

    @Test func fixesAreOfferedForUnsavedBuffersAndRemoveOnlyTheirFinding() throws {
        let session = Session(codeActions: FixCodeActions())
        // Unsaved: a comment line on top moves every line down by one, so the fix must be made
        // against the buffer, not the saved file.
        let saved = try String(contentsOfFile: repository + "/" + development, encoding: .utf8)
        let buffer = "# unsaved\n" + saved
        session.open(development, text: buffer)
        let before = session.diagnostics(development)
        let enc001 = try #require(before.first { $0["code"]?.string == "ENC001" })
        let response = session.request(
            "textDocument/codeAction",
            [
                "textDocument": .object(["uri": .string(session.uri(development))]), "range": enc001["range"]!,
                "context": .object(["diagnostics": .array([enc001])]),
            ])
        let actions = try #require(response["result"]?.array)
        let action = try #require(actions.first { $0["diagnostics"]?.array?.first?["code"]?.string == "ENC001" })
        #expect(action["title"]?.string?.contains("encrypted: true") == true)
        #expect(action["kind"]?.string == "quickfix")
        let edits = try #require(action["edit"]?["changes"]?[session.uri(development)]?.array)
        #expect(!edits.isEmpty)
        // Apply the edits as an editor does (from the end, positions in UTF-16 units) and send
        // the new text: the finding is gone and every other diagnostic is unchanged.
        var lines = buffer.components(separatedBy: "\n")
        for edit in edits.reversed() {
            let start = edit["range"]!["start"]!, end = edit["range"]!["end"]!
            let startLine = start["line"]!.int!, endLine = end["line"]!.int!
            let head = String(decoding: Array(lines[startLine].utf16).prefix(start["character"]!.int!), as: UTF16.self)
            let tail = String(decoding: Array(lines[endLine].utf16).dropFirst(end["character"]!.int!), as: UTF16.self)
            let replaced = (head + edit["newText"]!.string! + tail).components(separatedBy: "\n")
            lines.replaceSubrange(startLine...endLine, with: replaced)
        }
        session.notify(
            "textDocument/didChange",
            [
                "textDocument": .object(["uri": .string(session.uri(development)), "version": .int(2)]),
                "contentChanges": .array([.object(["text": .string(lines.joined(separator: "\n"))])]),
            ])
        let after = session.diagnostics(development)
        func summary(_ diagnostics: [JSON]) -> [String] {
            diagnostics.map { "\($0["code"]?.string ?? ""):\($0["message"]?.string ?? "")" }.sorted()
        }
        var expected = summary(before)
        expected.remove(at: try #require(expected.firstIndex(of: "ENC001:\(enc001["message"]!.string!)")))
        #expect(summary(after) == expected)
    }

    @Test func jsonAndFramingRoundTrip() {
        let value = JSON.object([
            "a": .array([.int(-3), .double(1.5), .bool(true), .null]), "é\"\n": .string("\u{1}🙂\\"),
        ])
        #expect(JSON.parse(Array(value.serialized().utf8)) == value)
        #expect(JSON.parse(Array("\"\\ud83d\\ude42\"".utf8)) == .string("🙂"))
        for bad in ["", "{", "[1,]", "{\"a\" 1}", "tru", "\"\\x\"", "1 2"] {
            #expect(JSON.parse(Array(bad.utf8)) == nil, "\(bad)")
        }
        // Frames split anywhere, several in one read.
        let bytes = MessageFramer.frame(.int(1)) + MessageFramer.frame(.string("two"))
        var framer = MessageFramer()
        var frames: [MessageFramer.Frame] = []
        for byte in bytes { frames += framer.receive([byte]) }
        #expect(frames == [.message(Array("1".utf8)), .message(Array("\"two\"".utf8))])
        // A frame over the limit is dropped without being held, and the next one still read.
        var skipping = MessageFramer()
        let huge = MessageFramer.maxMessageBytes + 1
        #expect(skipping.receive(Array("Content-Length: \(huge)\r\n\r\n".utf8)).count == 1)
        _ = skipping.receive([UInt8](repeating: 32, count: huge))
        #expect(skipping.receive(MessageFramer.frame(.null)) == [.message(Array("null".utf8))])
    }

    @Test func incrementalEditsCountUTF16() {
        var document = TextDocument(uri: "file:///x.yaml", path: "x.yaml", version: 1, text: "a: 🙂b\nc: d\n")
        // 🙂 is two UTF-16 units: character 5 is after it, before `b`.
        document.apply(range: LSPRange(start: LSPPosition(line: 0, character: 5), end: LSPPosition(line: 0, character: 6)), text: "B")
        #expect(document.text == "a: 🙂B\nc: d\n")
        document.apply(range: LSPRange(start: LSPPosition(line: 1, character: 0), end: LSPPosition(line: 9, character: 0)), text: "")
        #expect(document.text == "a: 🙂B\n")
        let table = LineTable("x: —y")
        #expect(table.lspPosition(line: 1, column: 5) == LSPPosition(line: 0, character: 4))
        #expect(table.archlintPosition(LSPPosition(line: 0, character: 4)) == (1, 5))
    }

    @Test func uriPathsRoundTrip() {
        #expect(FileURI.path(of: "file:///a%20b/c%23.yaml") == "/a b/c#.yaml")
        #expect(FileURI.from(path: "/a b/c#.yaml") == "file:///a%20b/c%23.yaml")
        #expect(FileURI.path(of: "untitled:1") == nil)
    }
}

/// A folder of spec files (relative path → text), a repository of its own (so paths print
/// relative to it), removed when the process ends.
private func temporaryWorkspace(_ files: [String: String]) throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("archlint-lsp-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder + "/.git", withIntermediateDirectories: true)
    for (path, text) in files {
        let url = URL(fileURLWithPath: folder + "/" + path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try (text + "\n").write(to: url, atomically: true, encoding: .utf8)
    }
    return (folder as NSString).resolvingSymlinksInPath
}
