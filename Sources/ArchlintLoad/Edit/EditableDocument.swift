import ArchlintModel

/// One change to a file's bytes: replace `length` bytes at `offset` with `replacement`
/// (an insertion when `length` is 0).
///
/// `start` and `end` are the same range as 1-based lines and columns, end exclusive.
/// Columns count Unicode scalars, as `SourcePosition` and libyaml do, so they match the
/// positions of findings; `EditableDocument.utf16Column` converts one to UTF-16 code units
/// (what a language-server client counts).
public struct TextEdit: Sendable, Hashable {
    public var offset: Int
    public var length: Int
    public var replacement: String
    public var start: SourcePosition
    public var end: SourcePosition

    public init(offset: Int, length: Int, replacement: String, start: SourcePosition, end: SourcePosition) {
        self.offset = offset
        self.length = length
        self.replacement = replacement
        self.start = start
        self.end = end
    }
}

/// Why an edit was not made: the text is not one `EditableDocument` can change without
/// risking more than the one value (an anchor used elsewhere, a block scalar, …).
public struct EditRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    public var reason: String

    public init(_ reason: String) { self.reason = reason }

    public var description: String { reason }
}

/// A YAML file as written, for byte-exact edits at the positions of its parsed nodes:
/// a scalar value replaced in place, or a key added to a mapping — in a block mapping on a
/// line of its own after the mapping's last line, indented like its siblings; in a flow
/// mapping (`{…}`) as `, key: value` before the closing brace. Everything else (comments,
/// anchors, quoting, blank lines, line endings) is left exactly as it was.
///
/// Anything whose change could reach further than the one mapping is refused with a
/// reason: values written under an anchor and used through an alias or merge key, mappings
/// that are themselves aliases, block scalars, values spread over several lines, complex
/// keys.
public struct EditableDocument: Sendable {
    public let bytes: [UInt8]
    public let root: YAMLNode
    /// The byte offset where each line starts (line 1 at index 0).
    let lineStarts: [Int]
    /// Positions of nodes that stand somewhere through an alias or a merge key: a node
    /// written there is shared, and changing it would change every use.
    let sharedPositions: Set<SourcePosition>
    /// Mappings written in place (not through an alias), deepest last, with whether each
    /// is a flow mapping.
    let mappings: [(node: YAMLNode, depth: Int)]

    /// Parses `bytes`; nil when the YAML does not parse (such a file is not edited).
    public init?(_ bytes: [UInt8]) {
        let parsed = YAMLParser.parse(bytes)
        guard let root = parsed.root, parsed.errors.isEmpty else { return nil }
        self.bytes = bytes
        self.root = root
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(offset + 1) }
        lineStarts = starts
        var shared = Set<SourcePosition>()
        var mappings: [(YAMLNode, Int)] = []
        func walk(_ node: YAMLNode, depth: Int, throughAnchor: Bool) {
            let through = throughAnchor || node.use != nil
            if through { shared.insert(node.position) }
            switch node.content {
            case .scalar: break
            case .sequence(let items): for item in items { walk(item, depth: depth + 1, throughAnchor: through) }
            case .mapping(let pairs):
                if !through { mappings.append((node, depth)) }
                for pair in pairs {
                    let merged = through || pair.key.use != nil
                    walk(pair.key, depth: depth + 1, throughAnchor: merged)
                    walk(pair.value, depth: depth + 1, throughAnchor: merged)
                }
            }
        }
        walk(root, depth: 0, throughAnchor: false)
        sharedPositions = shared
        self.mappings = mappings
    }

    // MARK: Finding the mapping

    /// The mapping a finding at `position` is about: the deepest mapping written in place
    /// that starts there or holds a key or value that does. When several do, one that
    /// already has `key` wins (the value to replace is there).
    public func mapping(at position: SourcePosition, preferring key: String? = nil) -> YAMLNode? {
        let candidates = mappings.filter { entry in
            guard case .mapping(let pairs) = entry.node.content else { return false }
            return entry.node.position == position
                || pairs.contains { $0.key.position == position || $0.value.position == position }
        }.sorted { $0.depth > $1.depth }
        if let key, let holder = candidates.first(where: { Self.pair(key, in: $0.node) != nil }) { return holder.node }
        return candidates.first?.node
    }

    static func pair(_ key: String, in mapping: YAMLNode) -> YAMLPair? {
        guard case .mapping(let pairs) = mapping.content else { return nil }
        return pairs.first { $0.key.scalar?.text == key }
    }

    // MARK: Setting a key

    /// The edit that makes `key` hold `value` (YAML text: `true`, `14`, `"a b"`) in
    /// `mapping`: its value replaced where written, or the key added. nil when it already
    /// holds exactly that text.
    public func set(_ key: String, to value: String, in mapping: YAMLNode) -> Result<TextEdit?, EditRefusal> {
        if sharedPositions.contains(mapping.position) {
            return .failure(EditRefusal("the mapping is written under an anchor and used elsewhere; changing it would change every use"))
        }
        guard case .mapping(let pairs) = mapping.content else { return .failure(EditRefusal("not a mapping")) }
        let isFlow = byte(at: mapping.position) == UInt8(ascii: "{")
        if let existing = pairs.first(where: { $0.key.scalar?.text == key }) {
            if existing.key.use != nil || sharedPositions.contains(existing.value.position) {
                return .failure(EditRefusal("'\(key)' is written under an anchor (merged or aliased here); changing it would change every use"))
            }
            return replaceScalar(existing.value, with: value, inFlow: isFlow)
        }
        return (isFlow ? insertInFlow(key, value, mapping) : insertInBlock(key, value, mapping)).map { $0 }
    }

    /// Replaces a one-line scalar where it is written.
    func replaceScalar(_ node: YAMLNode, with value: String, inFlow: Bool) -> Result<TextEdit?, EditRefusal> {
        guard let scalar = node.scalar else {
            return .failure(EditRefusal("the value is \(node.kindDescription), not a plain value"))
        }
        guard let start = offset(of: node.position) else { return .failure(EditRefusal("the value's position is outside the file")) }
        let lineEnd = endOfLine(from: start)
        var end = start
        switch scalar.style {
        case .literal, .folded:
            return .failure(EditRefusal("the value is a block scalar (| or >)"))
        case .singleQuoted, .doubleQuoted:
            let quote = bytes[start]
            guard quote == (scalar.style == .singleQuoted ? UInt8(ascii: "'") : UInt8(ascii: "\"")) else {
                return .failure(EditRefusal("the value is not where it was parsed (a tag or an odd form)"))
            }
            var index = start + 1
            var closed = false
            while index < lineEnd {
                if quote == UInt8(ascii: "\""), bytes[index] == UInt8(ascii: "\\") {
                    index += 2
                    continue
                }
                if bytes[index] == quote {
                    if quote == UInt8(ascii: "'"), index + 1 < lineEnd, bytes[index + 1] == quote {
                        index += 2
                        continue
                    }
                    closed = true
                    break
                }
                index += 1
            }
            guard closed else { return .failure(EditRefusal("the quoted value spans several lines")) }
            end = index + 1
        case .plain:
            if scalar.text.isEmpty { return .failure(EditRefusal("the key has no value written to replace")) }
            var index = start
            while index < lineEnd {
                let current = bytes[index]
                if current == UInt8(ascii: "#"), index > start, bytes[index - 1] == UInt8(ascii: " ") || bytes[index - 1] == UInt8(ascii: "\t") {
                    break
                }
                // In a flow mapping a plain value ends at the next separator.
                if inFlow, current == UInt8(ascii: ",") || current == UInt8(ascii: "}") || current == UInt8(ascii: "]") { break }
                index += 1
            }
            end = index
            while end > start, bytes[end - 1] == UInt8(ascii: " ") || bytes[end - 1] == UInt8(ascii: "\t") || bytes[end - 1] == UInt8(ascii: "\r") {
                end -= 1
            }
            guard String(decoding: bytes[start..<end], as: UTF8.self) == scalar.text else {
                return .failure(EditRefusal("the value spans several lines or carries a tag"))
            }
        }
        if String(decoding: bytes[start..<end], as: UTF8.self) == value { return .success(nil) }
        return .success(edit(offset: start, length: end - start, replacement: value))
    }

    /// `, key: value` before a flow mapping's closing brace (`key: value` in `{}`).
    func insertInFlow(_ key: String, _ value: String, _ mapping: YAMLNode) -> Result<TextEdit, EditRefusal> {
        guard let open = offset(of: mapping.position) else { return .failure(EditRefusal("the mapping's position is outside the file")) }
        var depth = 0
        var index = open
        // Just after the last character that is neither blank nor in a comment.
        var lastSignificant = open + 1
        var lastCharacter = UInt8(ascii: "{")
        while index < bytes.count {
            let current = bytes[index]
            switch current {
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                // A quote starts a quoted scalar only at the start of a token; inside a
                // plain scalar it is a character (rare in specs).
                var inner = index + 1
                while inner < bytes.count {
                    if current == UInt8(ascii: "\""), bytes[inner] == UInt8(ascii: "\\") {
                        inner += 2
                        continue
                    }
                    if bytes[inner] == current {
                        if current == UInt8(ascii: "'"), inner + 1 < bytes.count, bytes[inner + 1] == current {
                            inner += 2
                            continue
                        }
                        break
                    }
                    inner += 1
                }
                guard inner < bytes.count else { return .failure(EditRefusal("the flow mapping has an unclosed quote")) }
                index = inner + 1
                lastSignificant = index
                lastCharacter = current
                continue
            case UInt8(ascii: "#") where index > open && [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n")].contains(bytes[index - 1]):
                index = endOfLine(from: index)
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 {
                    let text: String
                    switch lastCharacter {
                    case UInt8(ascii: "{"): text = "\(key): \(value)"
                    case UInt8(ascii: ","): text = " \(key): \(value)"
                    default: text = ", \(key): \(value)"
                    }
                    return .success(edit(offset: lastSignificant, length: 0, replacement: text))
                }
            default:
                break
            }
            if ![UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r")].contains(current) {
                lastSignificant = index + 1
                lastCharacter = current
            }
            index += 1
        }
        return .failure(EditRefusal("the flow mapping is not closed"))
    }

    /// `key: value` on a line of its own after the mapping's last line, indented like the
    /// mapping's keys.
    func insertInBlock(_ key: String, _ value: String, _ mapping: YAMLNode) -> Result<TextEdit, EditRefusal> {
        guard case .mapping(let pairs) = mapping.content else { return .failure(EditRefusal("not a mapping")) }
        // Keys merged from elsewhere are written elsewhere: only the mapping's own count.
        let own = pairs.filter { $0.key.use == nil && !sharedPositions.contains($0.key.position) }
        guard let last = own.max(by: { $0.key.position < $1.key.position }) else {
            return .failure(EditRefusal("the mapping has no keys of its own to place the new one beside"))
        }
        let column = own[0].key.position.column
        for pair in own {
            guard pair.key.position.column == column, let start = offset(of: pair.key.position) else {
                return .failure(EditRefusal("the mapping's keys are not aligned"))
            }
            // Only spaces and sequence dashes may stand before a key: anything else is a
            // complex key (`? `) or a form this does not write.
            let lineStart = lineStarts[pair.key.position.line - 1]
            guard bytes[lineStart..<start].allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "-") }) else {
                return .failure(EditRefusal("a key of the mapping is not at the start of its line"))
            }
        }
        if let block = last.value.scalar, block.style == .literal || block.style == .folded,
            let start = offset(of: last.value.position),
            bytes[start..<endOfLine(from: start)].contains(UInt8(ascii: "+"))
        {
            return .failure(EditRefusal("the mapping ends with a block scalar that keeps its trailing lines (|+)"))
        }
        let indent = column - 1
        // The mapping's last line: the last pair's line, then every following line indented
        // deeper than the keys (its value's lines); blank and comment lines count only when
        // more of the value follows them.
        var lastLine = last.key.position.line
        var line = lastLine + 1
        while line <= lineStarts.count {
            let start = lineStarts[line - 1]
            let end = endOfLine(from: start)
            var first = start
            while first < end, bytes[first] == UInt8(ascii: " ") { first += 1 }
            let blank = first == end || bytes[first] == UInt8(ascii: "\r") || bytes[first] == UInt8(ascii: "#")
            if !blank {
                if bytes[first] == UInt8(ascii: "\t") { return .failure(EditRefusal("the mapping is indented with tabs")) }
                if first - start <= indent { break }
                lastLine = line
            }
            line += 1
        }
        let lineEnd = endOfLine(from: lineStarts[lastLine - 1])
        let crlf = lineEnd > 0 && lineEnd < bytes.count && bytes[lineEnd - 1] == UInt8(ascii: "\r")
        let newline = crlf ? "\r\n" : "\n"
        let text = String(repeating: " ", count: indent) + "\(key): \(value)"
        if lineEnd >= bytes.count {
            // The last line of a file without a final newline.
            return .success(edit(offset: bytes.count, length: 0, replacement: newline + text))
        }
        return .success(edit(offset: lineEnd + 1, length: 0, replacement: text + newline))
    }

    // MARK: Positions

    func byte(at position: SourcePosition) -> UInt8? {
        offset(of: position).flatMap { $0 < bytes.count ? bytes[$0] : nil }
    }

    /// The byte offset of a line and column (columns count Unicode scalars).
    public func offset(of position: SourcePosition) -> Int? {
        guard position.line >= 1, position.line <= lineStarts.count, position.column >= 1 else { return nil }
        var index = lineStarts[position.line - 1]
        var column = 1
        while column < position.column {
            guard index < bytes.count, bytes[index] != UInt8(ascii: "\n") else { return nil }
            index += 1
            while index < bytes.count, bytes[index] & 0xC0 == 0x80 { index += 1 }
            column += 1
        }
        return index
    }

    /// The line and column (Unicode scalars) of a byte offset.
    public func position(of offset: Int) -> SourcePosition {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        var column = 1
        var index = lineStarts[low]
        while index < offset, index < bytes.count {
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        return SourcePosition(line: low + 1, column: column)
    }

    /// The UTF-16 column (1-based) of a position whose column counts Unicode scalars: what
    /// a language-server client needs (it counts UTF-16 code units).
    public func utf16Column(of position: SourcePosition) -> Int? {
        guard let end = offset(of: position) else { return nil }
        let start = lineStarts[position.line - 1]
        return String(decoding: bytes[start..<end], as: UTF8.self).utf16.count + 1
    }

    /// The offset of the newline ending the line `offset` is on (or the end of the file).
    func endOfLine(from offset: Int) -> Int {
        var index = offset
        while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
        return index
    }

    func edit(offset: Int, length: Int, replacement: String) -> TextEdit {
        TextEdit(
            offset: offset, length: length, replacement: replacement, start: position(of: offset),
            end: position(of: offset + length))
    }

    // MARK: Applying edits

    /// `bytes` with `edits` applied. Edits at the same offset apply in the order given;
    /// edits whose replaced ranges overlap are refused (nil).
    public static func apply(_ edits: [TextEdit], to bytes: [UInt8]) -> [UInt8]? {
        let ordered = edits.enumerated().sorted { ($0.element.offset, $0.offset) < ($1.element.offset, $1.offset) }.map(\.element)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + edits.reduce(0) { $0 + $1.replacement.utf8.count })
        var cursor = 0
        for edit in ordered {
            guard edit.offset >= cursor, edit.offset + edit.length <= bytes.count else { return nil }
            result += bytes[cursor..<edit.offset]
            result += Array(edit.replacement.utf8)
            cursor = edit.offset + edit.length
        }
        result += bytes[cursor...]
        return result
    }
}
