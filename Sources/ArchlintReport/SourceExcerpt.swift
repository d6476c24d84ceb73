import ArchlintFindings

/// The source line under a load error in text output, with a caret under the column, as
/// rustc and Elm print them:
///
///     specs/shop/production.yaml:7:10: error: unknown key 'port' in ingress rule; did you mean 'ports'?
///       |
///     7 |       - {port: 443, from: 0.0.0.0/0}
///       |          ^
///
/// The line comes with the diagnostic (the loader kept it), so nothing is read here.
/// Tabs are expanded to the next multiple of `tabWidth` in the line and under it alike, so
/// the caret stays under its character; wide (East Asian, emoji) characters take two
/// columns and combining marks none. A long line arrives already cut around the column,
/// and '…' marks each cut.
struct SourceExcerpt {
    static let tabWidth = 4

    let line: Int
    let source: SourceLine

    /// The excerpt's lines, each ending in a newline; `paint` colours the gutter and caret.
    func render(gutter gutterStyle: (String) -> String, caret caretStyle: (String) -> String) -> String {
        let number = String(line)
        let blank = String(repeating: " ", count: number.count)
        var shown = source.cutBefore ? "…" : ""
        var caretOffset = source.cutBefore ? 1 : 0
        var width = caretOffset
        var scalarColumn = 1
        var caretPlaced = false
        for scalar in source.text.unicodeScalars {
            if scalarColumn == source.column {
                caretOffset = width
                caretPlaced = true
            }
            if scalar == "\t" {
                let spaces = Self.tabWidth - width % Self.tabWidth
                shown += String(repeating: " ", count: spaces)
                width += spaces
            } else {
                shown.unicodeScalars.append(scalar)
                width += Self.columns(scalar)
            }
            scalarColumn += 1
        }
        // At (or past) the end of the line: the caret goes just after the last character.
        if !caretPlaced { caretOffset = width }
        if source.cutAfter { shown += "…" }
        let bar = gutterStyle("|")
        return "\(blank) \(bar)\n"
            + "\(gutterStyle(number)) \(bar) \(shown)\n"
            + "\(blank) \(bar) \(String(repeating: " ", count: caretOffset))\(caretStyle("^"))\n"
    }

    /// Terminal columns a character takes: 0 for combining marks, 2 for wide characters.
    static func columns(_ scalar: Unicode.Scalar) -> Int {
        switch scalar.value {
        case 0x0300...0x036F, 0x200B...0x200F, 0xFE00...0xFE0F, 0x20D0...0x20FF:
            return 0
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }
}
