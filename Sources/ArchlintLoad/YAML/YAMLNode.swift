import ArchlintModel

/// One node of a parsed YAML document, with the position it starts at.
///
/// Aliases are resolved while composing: an alias becomes a copy of the anchored node
/// (arrays are copy-on-write, so nothing is duplicated in memory). `expandedSize` counts the
/// nodes this one stands for once aliases are expanded, which is how the parser bounds
/// "billion laughs" documents without ever expanding them.
public struct YAMLNode: Sendable {
    public enum Content: Sendable {
        case scalar(YAMLScalar)
        case sequence([YAMLNode])
        case mapping([YAMLPair])
    }

    public var content: Content
    public var position: SourcePosition
    /// Nodes this subtree would have with every alias expanded (itself included).
    public var expandedSize: Int
    /// Set when this node was written under an anchor and stands here through an alias, or
    /// (on a merged pair's key) through a merge key: where that alias or merge key is.
    /// Nil for everything written in place, which is nearly every node.
    public var use: AnchorUse?

    public init(_ content: Content, at position: SourcePosition, expandedSize: Int = 1) {
        self.content = content
        self.position = position
        self.expandedSize = expandedSize
    }

    /// What kind of node this is, in words for error messages ("a mapping", "a list", "the string 'x'").
    public var kindDescription: String {
        switch content {
        case .scalar(let scalar): return scalar.valueDescription
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }

    public var scalar: YAMLScalar? {
        if case .scalar(let s) = content { return s }
        return nil
    }

    /// True for an explicit or implicit null (`null`, `~`, empty).
    public var isNull: Bool {
        if case .scalar(let s) = content, case .null = s.value { return true }
        return false
    }
}

/// Where a node written once under an anchor (`&defaults`) was used.
public struct AnchorUse: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// `*defaults` written as a value or a list item.
        case alias
        /// `<<: *defaults`: the anchored mapping's pairs merged into the mapping that has it.
        case merge
    }

    public var kind: Kind
    /// Where the alias, or the merge key, is written.
    public var position: SourcePosition

    public init(_ kind: Kind, at position: SourcePosition) {
        self.kind = kind
        self.position = position
    }
}

/// A key and its value inside a mapping.
public struct YAMLPair: Sendable {
    public var key: YAMLNode
    public var value: YAMLNode

    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}

/// A scalar as written, with its value resolved by the YAML 1.2 core schema.
public struct YAMLScalar: Sendable {
    public enum Style: Sendable { case plain, singleQuoted, doubleQuoted, literal, folded }

    /// The characters as the document gives them (after unescaping and folding).
    public var text: String
    public var style: Style
    /// The value after tag and core-schema resolution.
    public var value: ScalarValue

    public init(text: String, style: Style, value: ScalarValue) {
        self.text = text
        self.style = style
        self.value = value
    }

    /// Whether the value came from a quoted or block scalar (so it is a string by style).
    public var isQuoted: Bool { style != .plain }

    var valueDescription: String {
        switch value {
        case .null: return "null"
        case .bool(let b): return "the boolean \(b)"
        case .int(let i): return "the integer \(i)"
        case .float: return "the number \(text)"
        case .string:
            return isQuoted ? "the quoted string '\(text)'" : "the string '\(text)'"
        }
    }
}

extension ScalarValue {
    /// Resolves an untagged plain scalar by the YAML 1.2 core schema: only `true`/`false`
    /// are booleans, `null`/`~`/empty are null, integers are decimal, `0x` or `0o`.
    public static func resolvePlain(_ text: String) -> ScalarValue {
        let utf8 = text.utf8
        guard let first = utf8.first else { return .null }
        switch first {
        case UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "~"):
            if text == "null" || text == "Null" || text == "NULL" || text == "~" { return .null }
        case UInt8(ascii: "t"), UInt8(ascii: "T"):
            if text == "true" || text == "True" || text == "TRUE" { return .bool(true) }
        case UInt8(ascii: "f"), UInt8(ascii: "F"):
            if text == "false" || text == "False" || text == "FALSE" { return .bool(false) }
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."):
            if let number = resolveNumber(text) { return number }
        default:
            break
        }
        return .string(text)
    }

    /// The core schema's integer and float forms, or nil when `text` is not a number.
    static func resolveNumber(_ text: String) -> ScalarValue? {
        if let value = parseCoreInt(text) { return value }
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .float(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .float(-.infinity)
        case ".nan", ".NaN", ".NAN": return .float(.nan)
        default: break
        }
        return isCoreFloat(text) ? Double(text).map(ScalarValue.float) : nil
    }

    /// `[-+]?[0-9]+`, `0o[0-7]+`, `0x[0-9a-fA-F]+`. An integer too large for `Int` is nil
    /// (and so reads as a float or a string) rather than a crash.
    static func parseCoreInt(_ text: String) -> ScalarValue? {
        let bytes = Array(text.utf8)
        if bytes.count > 2, bytes[0] == UInt8(ascii: "0") {
            if bytes[1] == UInt8(ascii: "x") {
                return Int(String(decoding: bytes[2...], as: UTF8.self), radix: 16).map(ScalarValue.int)
            }
            if bytes[1] == UInt8(ascii: "o") {
                return Int(String(decoding: bytes[2...], as: UTF8.self), radix: 8).map(ScalarValue.int)
            }
        }
        var index = 0
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { index = 1 }
        guard index < bytes.count else { return nil }
        for byte in bytes[index...] where !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { return nil }
        return Int(text).map(ScalarValue.int)
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
    static func isCoreFloat(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var i = 0
        func digits() -> Int {
            let start = i
            while i < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) { i += 1 }
            return i - start
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") { i += 1 }
        let whole = digits()
        var fraction = 0
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            fraction = digits()
            if whole == 0 && fraction == 0 { return false }
        } else if whole == 0 {
            return false
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") { i += 1 }
            if digits() == 0 { return false }
        }
        return i == bytes.count
    }
}
