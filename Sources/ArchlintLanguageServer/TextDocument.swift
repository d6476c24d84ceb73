/// An open file's text as the editor holds it, unsaved edits included, and the translation
/// between LSP positions (0-based line, UTF-16 code units) and archlint's (1-based line,
/// 1-based column counted in Unicode scalars, as libyaml counts).
public struct TextDocument: Sendable {
    public let uri: String
    /// The path as archlint prints it (relative to the repository root).
    public var path: String
    public var version: Int
    public private(set) var text: String

    public init(uri: String, path: String, version: Int, text: String) {
        self.uri = uri
        self.path = path
        self.version = version
        self.text = text
    }

    public var bytes: [UInt8] { Array(text.utf8) }

    /// Applies one `contentChanges` entry: the whole text, or a range replaced.
    public mutating func apply(range: LSPRange?, text newText: String) {
        guard let range else {
            text = newText
            return
        }
        let lines = LineTable(text)
        let start = lines.utf8Offset(range.start), end = lines.utf8Offset(range.end)
        let bytes = Array(text.utf8)
        let lower = min(start, end), upper = max(start, end)
        text = String(decoding: bytes[..<lower] + Array(newText.utf8) + bytes[upper...], as: UTF8.self)
    }
}

/// A position as LSP counts: 0-based line, 0-based UTF-16 offset in the line.
public struct LSPPosition: Hashable, Sendable {
    public var line: Int
    public var character: Int

    public init(line: Int, character: Int) {
        self.line = line
        self.character = character
    }

    init?(_ json: JSON?) {
        guard let line = json?["line"]?.int, let character = json?["character"]?.int else { return nil }
        self.init(line: max(0, line), character: max(0, character))
    }

    var json: JSON { .object(["line": .int(line), "character": .int(character)]) }
}

public struct LSPRange: Hashable, Sendable {
    public var start: LSPPosition
    public var end: LSPPosition

    public init(start: LSPPosition, end: LSPPosition) {
        self.start = start
        self.end = end
    }

    init?(_ json: JSON?) {
        guard let start = LSPPosition(json?["start"]), let end = LSPPosition(json?["end"]) else { return nil }
        self.init(start: start, end: end)
    }

    var json: JSON { .object(["start": start.json, "end": end.json]) }
}

/// A text's lines, for converting positions. Lines end at `\n` (a `\r` before it stays part
/// of the line's bytes but is never addressed).
public struct LineTable: Sendable {
    public let lines: [Substring]

    public init(_ text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    public func line(_ index: Int) -> Substring {
        index >= 0 && index < lines.count ? lines[index] : ""
    }

    /// archlint's 1-based line and scalar column → LSP position. Past the end of a line
    /// clamps to its end.
    public func lspPosition(line: Int, column: Int) -> LSPPosition {
        let text = self.line(line - 1)
        var utf16 = 0
        for (offset, scalar) in text.unicodeScalars.enumerated() {
            if offset >= column - 1 { break }
            utf16 += scalar.utf16.count
        }
        return LSPPosition(line: max(0, line - 1), character: utf16)
    }

    /// LSP position → archlint's 1-based line and scalar column.
    public func archlintPosition(_ position: LSPPosition) -> (line: Int, column: Int) {
        let text = line(position.line)
        var utf16 = 0, column = 1
        for scalar in text.unicodeScalars {
            if utf16 >= position.character { break }
            utf16 += scalar.utf16.count
            column += 1
        }
        return (position.line + 1, column)
    }

    /// LSP position → offset in the text's UTF-8 bytes (clamped into the text).
    func utf8Offset(_ position: LSPPosition) -> Int {
        guard position.line < lines.count else {
            return lines.reduce(0) { $0 + $1.utf8.count } + max(0, lines.count - 1)
        }
        var offset = 0
        for index in 0..<position.line { offset += lines[index].utf8.count + 1 }
        var utf16 = 0
        for scalar in lines[position.line].unicodeScalars {
            if utf16 >= position.character { break }
            utf16 += scalar.utf16.count
            offset += scalar.utf8.count
        }
        return offset
    }
}
