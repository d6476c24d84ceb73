import ArchlintFindings
import ArchlintModel

/// A JSON value of a Terraform plan, with the position it starts at (for located errors).
///
/// The accessors are kept out of line: inlined into the importer's long functions, Swift
/// 6's optimizer failed its own ownership check on them (a compiler crash in release builds).
public struct PlanValue: Sendable {
    public enum Content: Sendable {
        case null
        case bool(Bool)
        case number(Double, text: String)
        case string(String)
        case array([PlanValue])
        case object(PlanObject)
    }

    public var content: Content
    public var position: SourcePosition

    public init(_ content: Content, at position: SourcePosition) {
        self.content = content
        self.position = position
    }

    @inline(never)
    public var string: String? {
        if case .string(let text) = content { return text }
        return nil
    }

    @inline(never)
    public var bool: Bool? {
        if case .bool(let value) = content { return value }
        return nil
    }

    /// A whole number; a string of digits counts too (Terraform 0.12 writes some numbers,
    /// such as `allocated_storage`, as the string the configuration gave).
    @inline(never)
    public var int: Int? {
        switch content {
        case .number(let value, _) where value == value.rounded() && abs(value) < 1e15: return Int(value)
        case .string(let text): return Int(text)
        default: return nil
        }
    }

    @inline(never)
    /// A finite number; a numeric string counts too.
    public var number: Double? {
        switch content {
        case .number(let value, _) where value.isFinite: return value
        case .string(let text): return Double(text).flatMap { $0.isFinite ? $0 : nil }
        default: return nil
        }
    }

    @inline(never)
    public var array: [PlanValue]? {
        if case .array(let items) = content { return items }
        return nil
    }

    @inline(never)
    public var object: PlanObject? {
        if case .object(let members) = content { return members }
        return nil
    }

    @inline(never)
    public var isNull: Bool {
        if case .null = content { return true }
        return false
    }

    /// The member `key` of an object; nil for anything else.
    public subscript(key: String) -> PlanValue? { object?[key] }

    /// The strings of an array (or a single string), skipping anything else.
    @inline(never)
    public var strings: [String] {
        switch content {
        case .string(let text): return [text]
        case .array(let items): return items.compactMap(\.string)
        default: return []
        }
    }

    /// What this is, in words for messages.
    var kindDescription: String {
        switch content {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

/// A JSON object: its members in the order written, and by key.
public struct PlanObject: Sendable {
    public private(set) var keys: [String] = []
    private var members: [String: PlanValue] = [:]

    init() {}

    /// Adds a member, or replaces the value of one already there.
    mutating func add(_ key: String, _ value: PlanValue) {
        if members[key] == nil { keys.append(key) }
        members[key] = value
    }

    public subscript(key: String) -> PlanValue? { members[key] }

    /// The members, in the order written.
    public var entries: [(key: String, value: PlanValue)] { keys.map { ($0, members[$0]!) } }
}

/// Reads the JSON of `terraform show -json` through the spec's YAML reader: JSON is (nearly)
/// YAML's flow style, so libyaml gives every value its line and column, and the same limits
/// as a spec's (`LoadLimits`: size, depth, nodes) bound the work. What YAML accepts but JSON
/// does not (plain words, single quotes, anchors, block style) is refused here, so a file
/// that is not JSON is an error rather than a lucky guess.
public enum PlanJSONReader {
    /// The plan's top-level object, or located errors.
    public static func read(_ bytes: [UInt8], limits: LoadLimits = .default) -> Result<PlanValue, YAMLError> {
        if bytes.count > limits.maxFileBytes {
            return .failure(YAMLError("file of \(bytes.count) bytes is larger than the limit of \(limits.maxFileBytes) bytes (--max-file-size)", at: .start))
        }
        guard let first = firstSignificantByte(bytes) else {
            return .failure(YAMLError("the file is empty; expected the JSON that `terraform show -json` prints", at: .start))
        }
        guard first.byte == UInt8(ascii: "{") || first.byte == UInt8(ascii: "[") else {
            return .failure(YAMLError("not JSON: expected '{' (the JSON that `terraform show -json` prints)", at: first.position))
        }
        // libyaml takes a tab between tokens only inside a flow collection; JSON allows one
        // anywhere between tokens, so tabs before the first bracket are made spaces.
        var text = bytes
        for index in 0..<first.offset where text[index] == 0x09 { text[index] = 0x20 }
        let parsed = YAMLParser.parse(text, limits: limits)
        guard let root = parsed.root, parsed.errors.isEmpty else {
            let errors = parsed.errors.map(jsonWording)
            return .failure(errors.first ?? YAMLError("not JSON", at: .start))
        }
        var problem: YAMLError?
        let value = convert(root, &problem)
        if let problem { return .failure(problem) }
        return .success(value)
    }

    /// libyaml's errors speak of YAML; the reader is reading JSON.
    private static func jsonWording(_ error: YAMLError) -> YAMLError {
        var error = error
        if error.message.hasPrefix("YAML syntax: ") {
            error.message = "not valid JSON: " + error.message.dropFirst("YAML syntax: ".count)
        } else if error.message.hasPrefix("duplicate key") {
            error.message = "JSON object with a " + error.message
        }
        return error
    }

    private static func firstSignificantByte(_ bytes: [UInt8]) -> (byte: UInt8, offset: Int, position: SourcePosition)? {
        var line = 1
        var column = 1
        var index = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0D: column += 1
            case 0x0A:
                line += 1
                column = 1
            default: return (bytes[index], index, SourcePosition(line: line, column: column))
            }
            index += 1
        }
        return nil
    }

    /// The node as JSON; sets `problem` on the first thing JSON does not allow. Recursion is
    /// bounded by the parser's depth limit.
    private static func convert(_ node: YAMLNode, _ problem: inout YAMLError?) -> PlanValue {
        if problem != nil { return PlanValue(.null, at: node.position) }
        if node.use != nil {
            problem = YAMLError("not JSON: YAML anchors and aliases are not part of JSON", at: node.position)
            return PlanValue(.null, at: node.position)
        }
        switch node.content {
        case .scalar(let scalar):
            return PlanValue(scalarContent(scalar, at: node.position, &problem), at: node.position)
        case .sequence(let items):
            return PlanValue(.array(items.map { convert($0, &problem) }), at: node.position)
        case .mapping(let pairs):
            var object = PlanObject()
            for pair in pairs {
                guard let key = pair.key.scalar, key.style == .doubleQuoted else {
                    if problem == nil {
                        problem = YAMLError("not JSON: an object's keys are double-quoted strings", at: pair.key.position)
                    }
                    break
                }
                object.add(key.text, convert(pair.value, &problem))
            }
            return PlanValue(.object(object), at: node.position)
        }
    }

    private static func scalarContent(_ scalar: YAMLScalar, at position: SourcePosition, _ problem: inout YAMLError?) -> PlanValue.Content {
        switch scalar.style {
        case .doubleQuoted:
            return .string(scalar.text)
        case .plain:
            switch scalar.text {
            case "null": return .null
            case "true": return .bool(true)
            case "false": return .bool(false)
            default:
                if isJSONNumber(scalar.text), let value = Double(scalar.text) { return .number(value, text: scalar.text) }
            }
        default:
            break
        }
        problem = YAMLError("not JSON: '\(scalar.text.prefix(40))' is neither a double-quoted string, a number, true, false nor null", at: position)
        return .null
    }

    /// JSON's number grammar: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?`.
    static func isJSONNumber(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var index = 0
        func digits() -> Int {
            let start = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            return index - start
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        let whole = index
        guard digits() > 0 else { return false }
        if bytes[whole] == UInt8(ascii: "0"), index - whole > 1 { return false }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { return false }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") { index += 1 }
            guard digits() > 0 else { return false }
        }
        return index == bytes.count
    }
}
