import ArchlintModel
import CYAML

/// Thrown when the streaming decoder meets something only the node-tree path handles the
/// way archlint reports it (an anchor, an alias, a merge key, a tag, a YAML error, a
/// crossed `LoadLimits` bound): the file is then decoded again on the tree path, which
/// gives today's errors and model, so the stream never has to reproduce them.
struct StreamFallback: Error {}

/// One event of the document as the streaming decoder sees it: a scalar already resolved
/// (as the composer resolves it), the start of a collection, or the end of one.
enum StreamEvent {
    case scalar(YAMLNode)
    case mappingStart(SourcePosition)
    case sequenceStart(SourcePosition)
    case end
}

/// Pulls libyaml's events for the streaming decoder, without building a node tree.
///
/// It accepts exactly the documents on which the tree path's composer (`YAMLParser`) would
/// record no error and use no anchor: one document, no anchors, aliases, tags or merge
/// keys, only scalar keys, no duplicate key, and every `LoadLimits` bound kept with room to
/// spare. Anything else throws `StreamFallback`. On the documents it accepts, its events
/// are those the composer turns into nodes, so decoding them gives what decoding the tree
/// gives.
final class EventReader {
    /// On the heap, so libyaml's state never moves while it is in use.
    private let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
    private let limits: LoadLimits
    private var initialized = false
    /// The open collections, innermost last.
    private var stack: [OpenLevel] = []
    private var nodeCount = 0
    private var documents = 0
    private var rootSeen = false

    /// What the reader remembers of one open collection.
    private struct OpenLevel {
        var isMapping: Bool
        /// Mappings: the next scalar is a key.
        var expectingKey = true
        /// Mappings: the keys seen so far, to refuse duplicates as the composer does
        /// (by resolved value: `1` and `0x1` are the same key). A linear scan while small,
        /// a set past a few keys, so a hostile mapping costs linear time.
        var keys: [ScalarValue] = []
        var keyIndex: Set<ScalarValue>?

        mutating func insertKey(_ key: ScalarValue) -> Bool {
            if let keyIndex {
                if keyIndex.contains(key) { return false }
            } else if keys.contains(key) {
                return false
            }
            keys.append(key)
            if keyIndex != nil {
                keyIndex!.insert(key)
            } else if keys.count > 12 {
                keyIndex = Set(keys)
            }
            return true
        }
    }

    /// `buffer` must outlive the reader (libyaml reads it in place).
    init(_ buffer: UnsafeBufferPointer<UInt8>, limits: LoadLimits) throws(StreamFallback) {
        self.limits = limits
        parser.initialize(to: yaml_parser_t())
        guard yaml_parser_initialize(parser) == 1 else { throw StreamFallback() }
        initialized = true
        if let base = buffer.baseAddress {
            yaml_parser_set_input_string(parser, base, buffer.count)
        } else {
            // An empty file: the tree path reports it.
            throw StreamFallback()
        }
    }

    deinit {
        if initialized { yaml_parser_delete(parser) }
        parser.deallocate()
    }

    /// The document's root: the first node event.
    func root() throws(StreamFallback) -> StreamEvent {
        let event = try next()
        if case .end = event { throw StreamFallback() }
        rootSeen = true
        return event
    }

    /// Reads past the root to the end of the stream, so that a syntax error or a second
    /// document after it sends the file to the tree path as well.
    func finish() throws(StreamFallback) {
        guard rootSeen, stack.isEmpty else { throw StreamFallback() }
        // Only the end of the document and of the stream may follow the root.
        if try pull() != nil { throw StreamFallback() }
    }

    /// The next node event (a scalar, a collection's start, or the end of the innermost
    /// open collection).
    func next() throws(StreamFallback) -> StreamEvent {
        guard let event = try pull() else { throw StreamFallback() }
        return event
    }

    /// Consumes the rest of a value whose first event is `first`: nothing for a scalar,
    /// everything up to its end for a collection (still checked, as the composer checks it).
    func skip(_ first: StreamEvent) throws(StreamFallback) {
        var depth: Int
        switch first {
        case .scalar: return
        case .end: throw StreamFallback()
        case .mappingStart, .sequenceStart: depth = 1
        }
        while depth > 0 {
            switch try next() {
            case .scalar: break
            case .mappingStart, .sequenceStart: depth += 1
            case .end: depth -= 1
            }
        }
    }

    /// The value whose first event is `first` as a node, exactly as the composer would
    /// build it (no anchors here, so no uses). For values a codec reads whole: scalars,
    /// free-form mappings, and values of the wrong shape, whose error names what they are.
    func compose(_ first: StreamEvent) throws(StreamFallback) -> YAMLNode {
        var open: [(position: SourcePosition, isMapping: Bool, items: [YAMLNode], pairs: [YAMLPair], key: YAMLNode?)] = []
        var event = first
        while true {
            var finished: YAMLNode
            switch event {
            case .scalar(let node):
                finished = node
            case .mappingStart(let position):
                open.append((position, true, [], [], nil))
                event = try next()
                continue
            case .sequenceStart(let position):
                open.append((position, false, [], [], nil))
                event = try next()
                continue
            case .end:
                guard let done = open.popLast() else { throw StreamFallback() }
                finished = YAMLNode(done.isMapping ? .mapping(done.pairs) : .sequence(done.items), at: done.position)
            }
            guard !open.isEmpty else { return finished }
            let top = open.count - 1
            if !open[top].isMapping {
                open[top].items.append(finished)
            } else if let key = open[top].key {
                open[top].pairs.append(YAMLPair(key: key, value: finished))
                open[top].key = nil
            } else {
                open[top].key = finished
            }
            event = try next()
        }
    }

    // MARK: Events

    /// The next node event, or nil at the end of the stream; the document and stream
    /// markers are consumed here.
    private func pull() throws(StreamFallback) -> StreamEvent? {
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(parser, &event) == 1 else { throw StreamFallback() }
            defer { yaml_event_delete(&event) }
            switch event.type {
            case YAML_STREAM_START_EVENT, YAML_DOCUMENT_END_EVENT:
                continue
            case YAML_STREAM_END_EVENT:
                return nil
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents > 1 { throw StreamFallback() }
                continue
            case YAML_SCALAR_EVENT:
                return .scalar(try scalar(event))
            case YAML_MAPPING_START_EVENT:
                let data = event.data.mapping_start
                guard data.anchor == nil, data.tag == nil else { throw StreamFallback() }
                return .mappingStart(try open(event, isMapping: true))
            case YAML_SEQUENCE_START_EVENT:
                let data = event.data.sequence_start
                guard data.anchor == nil, data.tag == nil else { throw StreamFallback() }
                return .sequenceStart(try open(event, isMapping: false))
            case YAML_MAPPING_END_EVENT, YAML_SEQUENCE_END_EVENT:
                guard stack.popLast() != nil else { throw StreamFallback() }
                completedChild()
                return .end
            default:
                // Aliases, and anything else the composer would treat specially.
                throw StreamFallback()
            }
        }
    }

    private func scalar(_ event: yaml_event_t) throws(StreamFallback) -> YAMLNode {
        let data = event.data.scalar
        guard data.anchor == nil, data.tag == nil else { throw StreamFallback() }
        let length = Int(data.length)
        guard length <= limits.maxScalarBytes else { throw StreamFallback() }
        try count()
        let text = data.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self) } ?? ""
        let style: YAMLScalar.Style
        switch data.style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: style = .literal
        case YAML_FOLDED_SCALAR_STYLE: style = .folded
        default: style = .plain
        }
        // As the composer resolves an untagged scalar.
        let value = style == .plain ? ScalarValue.resolvePlain(text) : .string(text)
        if let top = stack.indices.last, stack[top].isMapping, stack[top].expectingKey {
            // A merge key, or a key written twice: the tree path's business.
            if style == .plain && text == "<<" { throw StreamFallback() }
            guard stack[top].insertKey(value) else { throw StreamFallback() }
        }
        completedChild()
        return YAMLNode(.scalar(YAMLScalar(text: text, style: style, value: value)), at: position(event.start_mark))
    }

    private func open(_ event: yaml_event_t, isMapping: Bool) throws(StreamFallback) -> SourcePosition {
        // A collection as a key is an error the composer reports.
        if let top = stack.last, top.isMapping, top.expectingKey { throw StreamFallback() }
        try count()
        guard stack.count < limits.maxDepth else { throw StreamFallback() }
        stack.append(OpenLevel(isMapping: isMapping))
        return position(event.start_mark)
    }

    /// A key or value of the innermost mapping is complete: the next one is the other.
    private func completedChild() {
        if let top = stack.indices.last, stack[top].isMapping { stack[top].expectingKey.toggle() }
    }

    /// Without aliases no subtree is larger than the whole document, so a document within
    /// both node bounds crosses neither; past either, the tree path decides and reports.
    private func count() throws(StreamFallback) {
        nodeCount += 1
        if nodeCount > limits.maxNodes || nodeCount > limits.maxExpandedNodes { throw StreamFallback() }
    }

    private func position(_ mark: yaml_mark_t) -> SourcePosition {
        SourcePosition(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }
}
