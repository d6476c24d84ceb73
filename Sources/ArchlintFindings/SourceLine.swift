/// The line a load error points into, kept with the error when it is made (the loader has
/// the bytes), so that text output can show it under the message, as rustc and Elm do,
/// without any reporter reading the file again.
///
/// A very long line is kept only around the column (`SourceLine.window` characters either
/// side): a minified 2 MiB line must not make every error on it 2 MiB.
public struct SourceLine: Hashable, Sendable {
    /// The line's text (or the window of it that was kept), without its line break.
    /// Control characters other than tab, and bidirectional overrides, are replaced by
    /// U+FFFD, so that printing the line cannot drive a terminal or hide text; invalid
    /// UTF-8 is decoded the same way.
    public var text: String
    /// The 1-based column, in Unicode scalars of `text`, the error points at. One past the
    /// end when the error is at the end of the line.
    public var column: Int
    /// Whether characters before or after `text` were left out.
    public var cutBefore: Bool
    public var cutAfter: Bool

    public init(text: String, column: Int, cutBefore: Bool = false, cutAfter: Bool = false) {
        self.text = text
        self.column = column
        self.cutBefore = cutBefore
        self.cutAfter = cutAfter
    }

    /// Characters kept either side of the column on a long line.
    public static let window = 60

    /// The source lines of `positions` (1-based line and column, columns in Unicode scalars
    /// as libyaml counts them) in `bytes`, reading the bytes once however many there are.
    /// Lines end at LF, CR, CRLF, NEL, LS and PS, as in libyaml. Nil for a line past the end.
    public static func lines(at positions: [(line: Int, column: Int)], in bytes: [UInt8]) -> [SourceLine?] {
        let wanted = Set(positions.map(\.line))
        guard !wanted.isEmpty else { return [] }
        let last = wanted.max()!
        var texts: [Int: ArraySlice<UInt8>] = [:]
        var line = 1, start = 0, i = 0
        // A UTF-8 byte-order mark is not part of the first line.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3; i = 3 }
        while i < bytes.count, line <= last {
            let byte = bytes[i]
            var breakLength = 0
            if byte == 0x0A {
                breakLength = 1
            } else if byte == 0x0D {
                breakLength = i + 1 < bytes.count && bytes[i + 1] == 0x0A ? 2 : 1
            } else if byte == 0xC2, i + 1 < bytes.count, bytes[i + 1] == 0x85 {
                breakLength = 2
            } else if byte == 0xE2, i + 2 < bytes.count, bytes[i + 1] == 0x80, bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9 {
                breakLength = 3
            }
            if breakLength == 0 {
                i += 1
                continue
            }
            if wanted.contains(line) { texts[line] = bytes[start..<i] }
            line += 1
            i += breakLength
            start = i
        }
        if line <= last, wanted.contains(line) { texts[line] = bytes[start..<min(i, bytes.count)] }
        return positions.map { position in
            texts[position.line].map { excerpt(of: $0, column: position.column) }
        }
    }

    /// The line's text around `column`, made safe to print.
    static func excerpt(of bytes: ArraySlice<UInt8>, column: Int) -> SourceLine {
        var scalars = Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
        for index in scalars.indices where isUnsafe(scalars[index]) { scalars[index] = "\u{FFFD}" }
        let column = max(1, column)
        let first = min(max(0, column - 1 - window), scalars.count)
        let end = max(first, min(scalars.count, column - 1 + window))
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars[first..<end])
        return SourceLine(text: String(text), column: column - first, cutBefore: first > 0, cutAfter: end < scalars.count)
    }

    /// Control characters (but tab) and the bidirectional overrides, which would make the
    /// printed line look unlike the file.
    private static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09: return false
        case 0x00..<0x20, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}

extension Diagnostic {
    /// `diagnostics` with the source line of each one that is in `file` attached, from
    /// that file's `bytes` (read once for all of them).
    public static func attachingSourceLines(_ diagnostics: [Diagnostic], file: String, bytes: [UInt8]) -> [Diagnostic] {
        let indices = diagnostics.indices.filter { diagnostics[$0].location.file == file && diagnostics[$0].source == nil }
        guard !indices.isEmpty else { return diagnostics }
        let lines = SourceLine.lines(at: indices.map { (diagnostics[$0].location.line, diagnostics[$0].location.column) }, in: bytes)
        var result = diagnostics
        for (index, line) in zip(indices, lines) { result[index].source = line }
        return result
    }
}
