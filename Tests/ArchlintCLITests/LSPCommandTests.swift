import Foundation
import Testing

/// `archlint lsp` as a process: framed messages on standard input, framed answers on standard
/// output, and the exit status the protocol asks for. (.ci/check-lsp drives it from Neovim.)
@Suite struct LSPCommandTests {
    private func framed(_ messages: [String]) -> String {
        messages.map { "Content-Length: \($0.utf8.count)\r\n\r\n\($0)" }.joined()
    }

    private func session(_ messages: [String]) throws -> Run {
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("archlint-lsp-\(UUID().uuidString).in")
        try Data(framed(messages).utf8).write(to: input)
        defer { try? FileManager.default.removeItem(at: input) }
        // Like `archlint(_:)`, with the session as standard input (a file: it cannot stall).
        let process = Process()
        process.executableURL = archlintBinary
        process.arguments = ["lsp"]
        process.currentDirectoryURL = URL(fileURLWithPath: packageRoot)
        process.environment = childEnvironment([:])
        let output = input.appendingPathExtension("out"), errors = input.appendingPathExtension("err")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: output)
            try? FileManager.default.removeItem(at: errors)
        }
        process.standardInput = try FileHandle(forReadingFrom: input)
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: try Data(contentsOf: output), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errors), as: UTF8.self))
    }

    @Test func answersAndExitsZeroAfterShutdown() throws {
        let uri = "file://\(packageRoot)/specs/navlab/development.yaml"
        let text = try String(contentsOfFile: packageRoot + "/specs/navlab/development.yaml", encoding: .utf8)
        let opened = try JSONSerialization.data(withJSONObject: [
            "jsonrpc": "2.0", "method": "textDocument/didOpen",
            "params": ["textDocument": ["uri": uri, "languageId": "yaml", "version": 1, "text": text]],
        ])
        let run = try session([
            #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#,
            #"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
            String(decoding: opened, as: UTF8.self),
            #"{"jsonrpc":"2.0","id":2,"method":"textDocument/documentSymbol","params":{"textDocument":{"uri":"\#(uri)"}}}"#,
            #"{"jsonrpc":"2.0","id":3,"method":"nope"}"#,
            #"{"jsonrpc":"2.0","id":4,"method":"shutdown"}"#,
            #"{"jsonrpc":"2.0","method":"exit"}"#,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains(#""serverInfo":{"name":"archlint""#))
        #expect(run.stdout.contains(#""name":"security_groups""#))
        #expect(run.stdout.contains(#""code":-32601"#))
        #expect(run.stdout.contains(#""id":4,"jsonrpc":"2.0","result":null"#))
        #expect(run.stderr.isEmpty)
    }

    @Test func inputEndingWithoutShutdownIsStatusOne() throws {
        let run = try session([#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#, "garbage"])
        #expect(run.status == 1)
        #expect(run.stdout.contains(#""code":-32700"#))
    }
}
