/// A scalar of one line: where it starts (1-based scalar column) and its text.
struct Token: Equatable {
    var column: Int
    var text: String

    /// Characters that end a plain scalar in the places specs use them (flow lists and
    /// mappings, `key: value`).
    static func isBoundary(_ scalar: Unicode.Scalar) -> Bool {
        " \t,[]{}\r".unicodeScalars.contains(scalar)
    }

    /// The token that starts at `scalarColumn`, or covers it.
    static func at(_ line: Substring, scalarColumn: Int) -> Token? {
        let scalars = Array(line.unicodeScalars)
        let index = scalarColumn - 1
        guard index >= 0, index < scalars.count, !isBoundary(scalars[index]) else { return nil }
        var start = index, end = index
        while start > 0, !isBoundary(scalars[start - 1]) { start -= 1 }
        while end < scalars.count, !isBoundary(scalars[end]) { end += 1 }
        var text = String(String.UnicodeScalarView(scalars[start..<end]))
        // `key:` — the colon belongs to the mapping, not the key.
        if text.hasSuffix(":") { text.removeLast() }
        guard !text.isEmpty else { return nil }
        return Token(column: start + 1, text: text)
    }
}

/// What the cursor is on in a spec's text, read from the text itself (indentation, `- `,
/// `key:`, flow `{…}` and `[…]`), so that it works on an unsaved buffer that does not parse.
struct KeyPathContext: Equatable {
    /// Mapping keys from the top of the file to the key the cursor is on or in the value of.
    /// List levels are transparent (`security_groups`, `ingress`, `from`).
    var keys: [String]
    /// The cursor is on the last key itself, not in its value.
    var onKey: Bool
    /// The scalar under the cursor.
    var token: Token?

    static func at(line lineIndex: Int, column: Int, in lines: LineTable) -> KeyPathContext {
        let line = lines.line(lineIndex)
        let scalars = Array(line.unicodeScalars)
        let token = Token.at(line, scalarColumn: column)
        // Keys inside the line, up to the cursor: a block key, then flow keys by depth.
        var flowKeys: [String?] = []
        var blockKey: String?
        var onKey = false
        var index = 0
        var firstKeyColumn: Int?
        var dashColumn: Int?
        let cursor = column - 1
        var inQuote: Unicode.Scalar?
        while index < scalars.count {
            let scalar = scalars[index]
            if let quote = inQuote {
                if scalar == quote { inQuote = nil }
                index += 1
                continue
            }
            if scalar == "#", index == 0 || scalars[index - 1] == " " { break }
            if scalar == "\"" || scalar == "'" {
                inQuote = scalar
                index += 1
                continue
            }
            if scalar == "-", firstKeyColumn == nil, flowKeys.isEmpty, index + 1 >= scalars.count || scalars[index + 1] == " " {
                if dashColumn == nil { dashColumn = index }
                index += 1
                continue
            }
            if scalar == "{" || scalar == "[" {
                // A list keeps its key as the parent of its items; a mapping starts afresh.
                let enclosing: String? = flowKeys.isEmpty ? blockKey : flowKeys[flowKeys.count - 1]
                flowKeys.append(scalar == "[" ? enclosing : nil)
                index += 1
                continue
            }
            if scalar == "}" || scalar == "]" {
                if index < cursor, !flowKeys.isEmpty { flowKeys.removeLast() }
                index += 1
                continue
            }
            if scalar == "," {
                // A new member of a flow mapping: its key is not known yet.
                if index < cursor, !flowKeys.isEmpty, isInMapping(scalars, at: index) { flowKeys[flowKeys.count - 1] = nil }
                index += 1
                continue
            }
            if scalar == " " || scalar == "\t" {
                index += 1
                continue
            }
            // A plain scalar: a key when a `:` and a space (or the end) follows it.
            var end = index
            while end < scalars.count, !Token.isBoundary(scalars[end]), !(scalars[end] == ":" && (end + 1 == scalars.count || " \t,]}".unicodeScalars.contains(scalars[end + 1]))) {
                end += 1
            }
            let isKey = end < scalars.count && scalars[end] == ":"
            if isKey && index <= cursor {
                let key = String(String.UnicodeScalarView(scalars[index..<end]))
                if flowKeys.isEmpty {
                    blockKey = key
                    if firstKeyColumn == nil { firstKeyColumn = index }
                } else {
                    flowKeys[flowKeys.count - 1] = key
                }
                onKey = cursor >= index && cursor <= end
            } else if index <= cursor {
                onKey = false
            }
            if !isKey, firstKeyColumn == nil, flowKeys.isEmpty, index <= cursor {
                // A key being typed (`encr`), with no colon yet: the cursor is on a key.
                onKey = cursor >= index && cursor <= end
                if onKey { firstKeyColumn = index }
            }
            index = max(end + 1, index + 1)
        }
        // The key the cursor is in: the innermost flow key, else the line's block key.
        var keys = parents(of: lineIndex, threshold: dashColumn ?? firstKeyColumn ?? leadingSpaces(scalars), in: lines)
        if let key = blockKey { keys.append(key) }
        for key in flowKeys { if let key, keys.last != key { keys.append(key) } }
        if onKey, keys.isEmpty == false, let token, token.text != keys.last, blockKey == nil, flowKeys.allSatisfy({ $0 == nil }) {
            // Typing a new key: its parents are the path, the token is the key.
            keys.append(token.text)
        }
        return KeyPathContext(keys: keys, onKey: onKey, token: token)
    }

    private static func isInMapping(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        var depth = 0
        var position = index - 1
        while position >= 0 {
            switch scalars[position] {
            case "}", "]": depth += 1
            case "{": if depth == 0 { return true } else { depth -= 1 }
            case "[": if depth == 0 { return false } else { depth -= 1 }
            default: break
            }
            position -= 1
        }
        return false
    }

    private static func leadingSpaces(_ scalars: [Unicode.Scalar]) -> Int {
        scalars.prefix { $0 == " " }.count
    }

    /// The block keys that enclose a line whose content starts at column `threshold`
    /// (0-based): each the nearest line above that starts further left with a key.
    static func parents(of lineIndex: Int, threshold: Int, in lines: LineTable) -> [String] {
        var keys: [String] = []
        var threshold = threshold
        var index = lineIndex - 1
        while index >= 0, threshold > 0 {
            let scalars = Array(lines.line(index).unicodeScalars)
            index -= 1
            let indent = leadingSpaces(scalars)
            guard indent < scalars.count, scalars[indent] != "#", indent < threshold else { continue }
            // `- key: value` starts an item at the dash; its key is at the column after it.
            var start = indent
            var itemStart: Int?
            while start + 1 < scalars.count, scalars[start] == "-", scalars[start + 1] == " " {
                if itemStart == nil { itemStart = start }
                start += 2
                while start < scalars.count, scalars[start] == " " { start += 1 }
            }
            var end = start
            while end < scalars.count, !Token.isBoundary(scalars[end]), scalars[end] != ":" { end += 1 }
            if end < scalars.count, scalars[end] == ":", end > start, start < threshold {
                keys.insert(String(String.UnicodeScalarView(scalars[start..<end])), at: 0)
            }
            threshold = itemStart ?? indent
        }
        return keys
    }
}
