@testable import ArchlintFindings
@testable import ArchlintReport
import Foundation
import Testing

/// A load error at `line`:`column` of `text`, with its source line taken as the loader takes it.
private func diagnostic(_ text: String, line: Int, column: Int, message: String = "bad") -> Diagnostic {
    Diagnostic.attachingSourceLines(
        [Diagnostic(message, file: "s.yaml", line: line, column: column)],
        file: "s.yaml", bytes: Array(text.utf8)
    ).first!
}

private func errorText(_ diagnostics: [Diagnostic]) -> String {
    TextReporter().errorLines(LintReport(findings: [], errors: diagnostics, fileCount: 1, resourceCount: 0))
}

@Suite("Source excerpts under load errors")
struct SourceExcerptTests {
    @Test("the first line stays file:line:column: error: message; the source line and a caret follow")
    func layout() {
        let text = "archlint: 1\nstack: shop\n  - {port: 443}\n"
        #expect(
            errorText([diagnostic(text, line: 3, column: 6, message: "unknown key 'port'")]) == """
                s.yaml:3:6: error: unknown key 'port'
                  |
                3 |   - {port: 443}
                  |      ^

                """)
    }

    @Test("the gutter is as wide as the line number")
    func wideGutter() {
        let text = String(repeating: "a: 1\n", count: 120) + "b: 2\n"
        let lines = errorText([diagnostic(text, line: 121, column: 4)]).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(Array(lines.dropFirst().prefix(3)) == ["    |", "121 | b: 2", "    |    ^"])
    }

    @Test("tabs are expanded in the line and under it alike, so the caret stays under its character")
    func tabs() {
        let lines = errorText([diagnostic("a:\n\tkey:\tx\n", line: 2, column: 7)]).split(separator: "\n")
        // The first tab fills to width 4, "key:" to 8, the second tab to 12: 'x', the 7th
        // character, is shown at width 12.
        #expect(lines[2] == "2 |     key:    x")
        #expect(lines[3] == "  |             ^")
    }

    @Test("a long line is shown only around the column, with the cuts marked")
    func longLine() throws {
        let text = String(repeating: "a", count: 1000) + "X" + String(repeating: "b", count: 1000) + "\n"
        let found = diagnostic(text, line: 1, column: 1001)
        let source = try #require(found.source)
        #expect(source.cutBefore && source.cutAfter)
        #expect(source.text.count == 2 * SourceLine.window)
        let lines = errorText([found]).split(separator: "\n").map(String.init)
        #expect(lines[2].hasPrefix("1 | …a") && lines[2].hasSuffix("b…"))
        let caret = try #require(lines[3].firstIndex(of: "^"))
        let marked = lines[2].index(lines[2].startIndex, offsetBy: lines[3].distance(from: lines[3].startIndex, to: caret))
        #expect(lines[2][marked] == "X")
    }

    @Test("an error at the end of a line puts the caret just after it; a line past the end has no excerpt")
    func endOfLine() {
        let lines = errorText([diagnostic("a: 'open\n", line: 1, column: 9)]).split(separator: "\n")
        #expect(lines[3] == "  |         ^")
        #expect(errorText([diagnostic("a: 1\n", line: 5, column: 1)]) == "s.yaml:5:1: error: bad\n")
    }

    @Test("invalid UTF-8, NUL and control characters never crash and are shown as U+FFFD")
    func hostileBytes() throws {
        let bytes: [UInt8] = [0x61, 0x3A, 0x20, 0xFF, 0x00, 0x1B, 0x5B, 0x32, 0x4A, 0xE2, 0x80, 0xAE, 0x62, 0x0A]
        let found = Diagnostic.attachingSourceLines([Diagnostic("bad", file: "s.yaml", line: 1, column: 4)], file: "s.yaml", bytes: bytes)
        let source = try #require(found.first?.source)
        #expect(source.text == "a: \u{FFFD}\u{FFFD}\u{FFFD}[2J\u{FFFD}b")
        #expect(!errorText(found).contains("\u{1B}"))
        // Random bytes: any line, any column.
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let noise = (0..<64).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let line = Int.random(in: 1...4, using: &generator), column = Int.random(in: 0...80, using: &generator)
            _ = errorText(Diagnostic.attachingSourceLines([Diagnostic("x", file: "s.yaml", line: line, column: column)], file: "s.yaml", bytes: noise))
        }
    }

    @Test("lines end at LF, CRLF and CR, as libyaml counts them")
    func lineBreaks() {
        let text = "one\r\ntwo\rthree\nfour"
        #expect(
            SourceLine.lines(at: [(1, 1), (2, 1), (3, 1), (4, 2), (5, 1)], in: Array(text.utf8)).map { $0?.text }
                == ["one", "two", "three", "four", nil])
    }

    @Test("JSON keeps its shape: no excerpt in it")
    func jsonUnchanged() {
        let report = LintReport(findings: [], errors: [diagnostic("a: 1\n", line: 1, column: 1)], fileCount: 1, resourceCount: 0)
        let json = JSONReporter.render(report)
        #expect(json.contains("\"message\""))
        #expect(!json.contains("a: 1"))
    }
}
