import ArchlintFindings
import ArchlintModel
import CYAML

/// A problem found while reading YAML, located in its file.
public struct YAMLError: Error, Sendable, Hashable {
    public var message: String
    public var position: SourcePosition
    /// Where the value this error is about was used, when it was written under an anchor
    /// (the message already names these places).
    public var uses: [UseNote] = []
    /// The message without the uses, when there are some.
    var baseMessage: String?

    public init(_ message: String, at position: SourcePosition) {
        self.message = message
        self.position = position
    }

    /// "MESSAGE (merged into database 'a' at line 10; merged into database 'b' at line 20)".
    static func withUses(_ message: String, _ uses: [UseNote]) -> String {
        let shown = uses.prefix(DecodeContext.maxNotes).map(\.description)
        let more = uses.count > shown.count ? "; and \(uses.count - shown.count) more" : ""
        return "\(message) (\(shown.joined(separator: "; "))\(more))"
    }
}

/// One place a value written under an anchor was used: "merged into database 'db'" at
/// line 70.
public struct UseNote: Sendable, Hashable {
    public var note: String
    public var position: SourcePosition

    public init(_ note: String, at position: SourcePosition) {
        self.note = note
        self.position = position
    }

    public var description: String { "\(note) at line \(position.line)" }
}

/// Composes libyaml's events into a `YAMLNode` tree.
///
/// Everything is iterative (an explicit stack of open collections), so no input can
/// overflow the call stack, and every bound in `LoadLimits` is enforced as events arrive,
/// so a hostile file stops being read as soon as it crosses one.
public enum YAMLParser {
    /// Parses one spec's bytes. On success `root` is set and `errors` is empty; otherwise
    /// `errors` holds every problem found before parsing had to stop.
    public static func parse(_ bytes: [UInt8], limits: LoadLimits = .default) -> (root: YAMLNode?, errors: [YAMLError]) {
        bytes.withUnsafeBufferPointer { buffer in
            if let problem = TextScan.check(buffer) {
                return (nil, [YAMLError(problem.message, at: problem.position)])
            }
            var composer = Composer(limits: limits)
            return composer.run(buffer)
        }
    }
}

/// An open sequence or mapping, waiting for its children.
private struct OpenCollection {
    var isMapping: Bool
    var position: SourcePosition
    var anchor: String?
    var expandedSize = 1
    var items: [YAMLNode] = []
    // Mappings only.
    var pendingKey: YAMLNode?
    var pairs: [YAMLPair] = []
    /// Each merge key's value, and where the `<<` is.
    var mergeSources: [(node: YAMLNode, at: SourcePosition)] = []
    /// Keys by value, built only once a mapping grows past a few keys: spec mappings are
    /// small, and a linear scan of their pairs is cheaper than hashing every key; a huge
    /// (hostile) mapping still costs linear time, not quadratic.
    var keyIndex: [ScalarValue: SourcePosition]?

    /// Where `key` first appears in this mapping, if it does.
    func firstPosition(of key: ScalarValue) -> SourcePosition? {
        if let keyIndex { return keyIndex[key] }
        for pair in pairs {
            if case .scalar(let written) = pair.key.content, written.value == key { return pair.key.position }
        }
        return nil
    }

    /// Adds a pair whose key is not in the mapping yet.
    mutating func append(_ pair: YAMLPair, key: ScalarValue) {
        pairs.append(pair)
        if keyIndex != nil {
            keyIndex![key] = pair.key.position
        } else if pairs.count > 12 {
            var index: [ScalarValue: SourcePosition] = [:]
            for pair in pairs {
                if case .scalar(let written) = pair.key.content, index[written.value] == nil { index[written.value] = pair.key.position }
            }
            keyIndex = index
        }
    }
}

struct Fatal: Error {}

/// Builds nodes from events. `YAMLParser` runs it over a whole document; the streaming
/// decoder's `EventReader` runs it over the values it does not stream (anchored nodes,
/// aliases, merge keys' values), so those are built by this one piece of code.
struct Composer {
    let limits: LoadLimits
    private var stack: [OpenCollection] = []
    /// Open collections around the ones on `stack` (the streaming decoder's), for the depth bound.
    var outerDepth = 0
    var anchors: [String: YAMLNode] = [:]
    var errors: [YAMLError] = []
    var nodeCount = 0
    var root: YAMLNode?
    var documents = 0

    init(limits: LoadLimits) {
        self.limits = limits
    }

    mutating func run(_ buffer: UnsafeBufferPointer<UInt8>) -> (root: YAMLNode?, errors: [YAMLError]) {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            return (nil, [YAMLError("libyaml could not be initialised (out of memory)", at: .start)])
        }
        defer { yaml_parser_delete(&parser) }
        if let base = buffer.baseAddress {
            yaml_parser_set_input_string(&parser, base, buffer.count)
        } else {
            var empty: UInt8 = 0
            yaml_parser_set_input_string(&parser, &empty, 0)
        }
        var event = yaml_event_t()
        loop: while true {
            guard yaml_parser_parse(&parser, &event) == 1 else {
                errors.append(syntaxError(parser, buffer))
                return (nil, errors)
            }
            defer { yaml_event_delete(&event) }
            do {
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    break loop
                case YAML_DOCUMENT_START_EVENT:
                    documents += 1
                    if documents > 1 {
                        errors.append(
                            YAMLError(
                                "a spec file holds one YAML document, but a second one starts here; split it into its own file",
                                at: position(event.start_mark)))
                        return (nil, errors)
                    }
                default:
                    try feed(event)
                }
            } catch {
                return (nil, errors)
            }
        }
        if documents == 0 || root == nil {
            errors.append(YAMLError("the file is empty; a spec is a mapping with 'archlint', 'stack' and 'environment'", at: .start))
        }
        return (errors.isEmpty ? root : nil, errors)
    }

    // MARK: Events

    /// Takes one node event (scalar, alias, start or end of a collection); others are ignored.
    mutating func feed(_ event: yaml_event_t) throws {
        switch event.type {
        case YAML_SCALAR_EVENT:
            try scalar(event)
        case YAML_SEQUENCE_START_EVENT:
            try open(event, isMapping: false)
        case YAML_MAPPING_START_EVENT:
            try open(event, isMapping: true)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            try close()
        case YAML_ALIAS_EVENT:
            try alias(event)
        default:
            break
        }
    }

    /// The node finished by the last event fed, once no collection is open; taken away,
    /// so the next value starts afresh.
    mutating func takeFinished() -> YAMLNode? {
        guard stack.isEmpty, let node = root else { return nil }
        root = nil
        return node
    }

    mutating func scalar(_ event: yaml_event_t) throws {
        let data = event.data.scalar
        let at = position(event.start_mark)
        let length = Int(data.length)
        if length > limits.maxScalarBytes {
            try fail("scalar of \(length) bytes is longer than the limit of \(limits.maxScalarBytes) bytes (--max-scalar-size)", at: at)
        }
        let text = data.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self) } ?? ""
        let style = YAMLScalar.Style(data.style)
        let value = resolve(text: text, style: style, tag: data.tag.map { String(cString: $0) }, at: at)
        let node = YAMLNode(.scalar(YAMLScalar(text: text, style: style, value: value)), at: at)
        try countNode(at: at)
        try add(node, anchor: data.anchor.map { String(cString: $0) })
    }

    mutating func open(_ event: yaml_event_t, isMapping: Bool) throws {
        let at = position(event.start_mark)
        let anchorPointer = isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor
        let tagPointer = isMapping ? event.data.mapping_start.tag : event.data.sequence_start.tag
        if let tag = tagPointer.map({ String(cString: $0) }) {
            let wanted = isMapping ? "tag:yaml.org,2002:map" : "tag:yaml.org,2002:seq"
            if tag != wanted && tag != "!" {
                errors.append(YAMLError(tagMessage(tag, on: isMapping ? "a mapping" : "a list"), at: at))
            }
        }
        try countNode(at: at)
        if outerDepth + stack.count >= limits.maxDepth {
            try fail("nesting deeper than \(limits.maxDepth) levels; specs are never this deep (--max-depth)", at: at)
        }
        stack.append(OpenCollection(isMapping: isMapping, position: at, anchor: anchorPointer.map { String(cString: $0) }))
    }

    mutating func close() throws {
        var open = stack.removeLast()
        let node: YAMLNode
        if open.isMapping {
            applyMerges(&open)
            node = YAMLNode(.mapping(open.pairs), at: open.position, expandedSize: open.expandedSize)
        } else {
            node = YAMLNode(.sequence(open.items), at: open.position, expandedSize: open.expandedSize)
        }
        try add(node, anchor: open.anchor)
    }

    mutating func alias(_ event: yaml_event_t) throws {
        let at = position(event.start_mark)
        let name = event.data.alias.anchor.map { String(cString: $0) } ?? ""
        if stack.contains(where: { $0.anchor == name }) {
            try fail("alias '*\(name)' refers to the node that contains it; recursive aliases are not allowed", at: at)
        }
        guard var target = anchors[name] else {
            try fail("alias '*\(name)' names no anchor defined before it (write '&\(name)' on the node first)", at: at)
        }
        try countNode(at: at)
        // The alias stands where it is written, so errors about it point here; what is
        // inside it keeps the anchor's positions, and `use` says where it was used.
        target.position = at
        target.use = AnchorUse(.alias, at: at)
        try add(target, anchor: nil)
    }

    // MARK: Building

    /// Places a finished node in its parent (or as the document root).
    mutating func add(_ node: YAMLNode, anchor: String?) throws {
        if let anchor { anchors[anchor] = node }
        guard !stack.isEmpty else {
            root = node
            return
        }
        let top = stack.count - 1
        let size = stack[top].expandedSize &+ node.expandedSize
        if size > limits.maxExpandedNodes || size < 0 {
            try fail(
                "aliases expand this document past \(limits.maxExpandedNodes) nodes; refusing to expand it (a \"billion laughs\" pattern; --max-alias-expansion)", at: node.position
            )
        }
        stack[top].expandedSize = size
        guard stack[top].isMapping else {
            stack[top].items.append(node)
            return
        }
        guard let key = stack[top].pendingKey else {
            stack[top].pendingKey = node
            return
        }
        stack[top].pendingKey = nil
        addPair(key: key, value: node, to: top)
    }

    mutating func addPair(key: YAMLNode, value: YAMLNode, to index: Int) {
        guard case .scalar(let scalar) = key.content else {
            errors.append(YAMLError("a mapping key must be a plain value, not \(key.kindDescription)", at: key.position))
            return
        }
        if scalar.style == .plain && scalar.text == "<<" {
            stack[index].mergeSources.append((value, key.position))
            return
        }
        if let first = stack[index].firstPosition(of: scalar.value) {
            errors.append(YAMLError("duplicate key '\(scalar.text)' (first at line \(first.line), column \(first.column))", at: key.position))
            return
        }
        stack[index].append(YAMLPair(key: key, value: value), key: scalar.value)
    }

    /// YAML 1.1 merge keys: a mapping's own keys win over merged ones, and earlier merge
    /// sources win over later ones.
    fileprivate mutating func applyMerges(_ open: inout OpenCollection) {
        for (source, mergeKey) in open.mergeSources {
            let mappings: [YAMLNode]
            switch source.content {
            case .mapping: mappings = [source]
            case .sequence(let items): mappings = items
            case .scalar: mappings = [source]
            }
            for mapping in mappings {
                guard case .mapping(let pairs) = mapping.content else {
                    errors.append(
                        YAMLError("merge key '<<' takes a mapping (usually an alias such as *defaults) or a list of them, not \(mapping.kindDescription)", at: mapping.position))
                    continue
                }
                // Pairs that came through an alias are written elsewhere: mark them with
                // this merge key, so errors and findings on them can say where they were used.
                let merged = mapping.use != nil
                for var pair in pairs {
                    guard case .scalar(let key) = pair.key.content, open.firstPosition(of: key.value) == nil else { continue }
                    if merged { pair.key.use = AnchorUse(.merge, at: mergeKey) }
                    open.append(pair, key: key.value)
                }
            }
        }
    }

    /// Counts one node as written (the bound on nodes covers streamed ones too).
    mutating func countNode(at position: SourcePosition) throws {
        nodeCount += 1
        if nodeCount > limits.maxNodes {
            try fail("more than \(limits.maxNodes) YAML nodes in one file; split it (--max-nodes)", at: position)
        }
    }

    // MARK: Scalars and tags

    mutating func resolve(text: String, style: YAMLScalar.Style, tag: String?, at: SourcePosition) -> ScalarValue {
        guard let tag, tag != "!" else {
            return style == .plain && tag == nil ? ScalarValue.resolvePlain(text) : .string(text)
        }
        switch tag {
        case "tag:yaml.org,2002:str":
            return .string(text)
        case "tag:yaml.org,2002:int":
            if case .int(let value)? = ScalarValue.parseCoreInt(text) { return .int(value) }
            errors.append(YAMLError("'\(text)' is tagged !!int but is not an integer", at: at))
        case "tag:yaml.org,2002:float":
            if let number = ScalarValue.resolveNumber(text) {
                if case .int(let value) = number { return .float(Double(value)) }
                return number
            }
            errors.append(YAMLError("'\(text)' is tagged !!float but is not a number", at: at))
        case "tag:yaml.org,2002:bool":
            if case .bool(let value) = ScalarValue.resolvePlain(text) { return .bool(value) }
            errors.append(YAMLError("'\(text)' is tagged !!bool but is not true or false", at: at))
        case "tag:yaml.org,2002:null":
            if case .null = ScalarValue.resolvePlain(text) { return .null }
            errors.append(YAMLError("'\(text)' is tagged !!null but is not null", at: at))
        case "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map":
            errors.append(YAMLError(tagMessage(tag, on: "a scalar"), at: at))
        default:
            errors.append(YAMLError(tagMessage(tag, on: "a scalar"), at: at))
        }
        return .string(text)
    }

    func tagMessage(_ tag: String, on what: String) -> String {
        let core = ["str", "int", "float", "bool", "null", "seq", "map"]
        let shown = tag.hasPrefix("tag:yaml.org,2002:") ? "!!" + tag.dropFirst("tag:yaml.org,2002:".count) : tag
        if shown.hasPrefix("!!"), core.contains(String(shown.dropFirst(2))) {
            return "tag \(shown) cannot be used on \(what)"
        }
        return "tag '\(shown)' is not allowed; specs may use only YAML's core tags (!!str, !!int, !!float, !!bool, !!null, !!seq, !!map)"
    }

    // MARK: Errors and positions

    /// Records a fatal error and stops composing.
    mutating func fail(_ message: String, at position: SourcePosition) throws -> Never {
        errors.append(YAMLError(message, at: position))
        throw Fatal()
    }

    func position(_ mark: yaml_mark_t) -> SourcePosition {
        SourcePosition(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    func syntaxError(_ parser: yaml_parser_t, _ buffer: UnsafeBufferPointer<UInt8>) -> YAMLError {
        switch parser.error {
        case YAML_MEMORY_ERROR:
            return YAMLError("out of memory while reading YAML", at: .start)
        case YAML_READER_ERROR:
            let problem = parser.problem.map { String(cString: $0) } ?? "unreadable text"
            return YAMLError(problem, at: Self.position(ofByte: Int(parser.problem_offset), in: buffer))
        default:
            let problem = parser.problem.map { String(cString: $0) } ?? "YAML syntax error"
            let context = parser.context.map { String(cString: $0) }
            var detail = problem
            if let context {
                let mark = parser.context_mark
                detail += " (\(context) that starts at line \(mark.line + 1), column \(mark.column + 1))"
            }
            let at = position(parser.problem_mark)
            guard
                let advice = SyntaxAdvice.advice(
                    problem: problem, context: context,
                    character: Self.character(at: at, in: buffer))
            else {
                return YAMLError("YAML syntax: " + detail, at: at)
            }
            // The advice first, in plain words; libyaml's own text after it, as detail.
            return YAMLError("YAML syntax: \(advice) [libyaml: \(detail)]", at: at)
        }
    }

    /// The character at `position`, for advice that depends on it (a tab or an '@');
    /// nil past the end. Only called for an error, so a scan from the start is fine.
    static func character(at position: SourcePosition, in buffer: UnsafeBufferPointer<UInt8>) -> Unicode.Scalar? {
        guard let line = SourceLine.lines(at: [(position.line, position.column)], in: Array(buffer)).first ?? nil else { return nil }
        let scalars = Array(line.text.unicodeScalars)
        return line.column - 1 < scalars.count ? scalars[line.column - 1] : nil
    }

    static func position(ofByte offset: Int, in buffer: UnsafeBufferPointer<UInt8>) -> SourcePosition {
        var line = 1, column = 1, i = 0
        while i < min(offset, buffer.count) {
            let byte = buffer[i]
            if byte == 0x0A { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return SourcePosition(line: line, column: column)
    }
}

extension YAMLScalar.Style {
    /// The style libyaml reports for a scalar event (the composer and the event reader both
    /// read it).
    init(_ style: yaml_scalar_style_t) {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: self = .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: self = .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: self = .literal
        case YAML_FOLDED_SCALAR_STYLE: self = .folded
        default: self = .plain
        }
    }
}
