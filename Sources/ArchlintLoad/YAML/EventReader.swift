import ArchlintModel
import CYAML

/// Thrown when the streaming decoder meets something only the node-tree path reports the
/// way archlint does (a YAML error of any kind, a crossed `LoadLimits` bound, or a use of an
/// anchor whose note could not yet be worded): the file is then decoded again on the tree
/// path, which gives today's errors and model, so the stream never has to reproduce them.
struct StreamFallback: Error {}

/// One event of the document as the streaming decoder sees it.
enum StreamEvent {
    /// A scalar, resolved as the composer resolves it.
    case scalar(YAMLNode)
    case mappingStart(SourcePosition)
    case sequenceStart(SourcePosition)
    /// A value the composer built whole: an anchored node (`&a …`), an alias (`*a`, with
    /// its `use`), or a tagged one.
    case node(YAMLNode)
    /// The end of the innermost open collection; for a mapping, the pairs its merge keys
    /// (`<<`) bring, in the composer's order, each marked with its use.
    case end(merged: [YAMLPair])
}

/// Pulls libyaml's events for the streaming decoder, without building a node tree.
///
/// Values the decoder streams (plain scalars and collections without anchors or tags) are
/// checked here exactly as the composer (`YAMLParser`) checks them: nodes counted, depth,
/// scalar size and expanded size bounded, keys scalar and unique. Anchored nodes, aliases,
/// tagged nodes and merge keys' values are built by the composer itself, sharing the
/// anchors and the node count, and merge keys are applied at the end of their mapping as
/// the composer applies them. Anything the composer would report throws `StreamFallback`.
final class EventReader {
    /// On the heap, so libyaml's state never moves while it is in use.
    private let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
    private let limits: LoadLimits
    private var initialized = false
    /// The open collections, innermost last.
    // The reader is used by one decoder on one thread and never hands out its state, so
    // the run-time exclusivity checks on these (a tenth of the streaming path's
    // instructions when measured) buy nothing.
    @exclusivity(unchecked) private var stack: [OpenLevel] = []
    /// Builds the values the decoder does not stream; it also holds the anchors and the
    /// count of nodes (streamed ones included), so both paths bound the same numbers.
    @exclusivity(unchecked) private var composer: Composer
    @exclusivity(unchecked) private var documents = 0
    @exclusivity(unchecked) private var rootSeen = false

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
        /// Nodes this collection stands for with aliases expanded, as the composer counts.
        var expandedSize = 1
        /// Mappings: where the `<<` whose value comes next is.
        var mergeKey: SourcePosition?
        /// Mappings: each merge key's value, and where the `<<` is.
        var mergeSources: [(node: YAMLNode, at: SourcePosition)] = []

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
        composer = Composer(limits: limits)
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
        case .scalar, .node: return
        case .end: throw StreamFallback()
        case .mappingStart, .sequenceStart: depth = 1
        }
        while depth > 0 {
            switch try next() {
            case .scalar, .node: break
            case .mappingStart, .sequenceStart: depth += 1
            case .end: depth -= 1
            }
        }
    }

    /// The value whose first event is `first` as a node, exactly as the composer would
    /// build it (a mapping's own pairs, then the merged ones). For values a codec reads
    /// whole: scalars, free-form mappings, and values of the wrong shape, whose error names
    /// what they are.
    func compose(_ first: StreamEvent) throws(StreamFallback) -> YAMLNode {
        var open: [(position: SourcePosition, isMapping: Bool, items: [YAMLNode], pairs: [YAMLPair], key: YAMLNode?)] = []
        var event = first
        while true {
            var finished: YAMLNode
            switch event {
            case .scalar(let node), .node(let node):
                finished = node
            case .mappingStart(let position):
                open.append((position, true, [], [], nil))
                event = try next()
                continue
            case .sequenceStart(let position):
                open.append((position, false, [], [], nil))
                event = try next()
                continue
            case .end(let merged):
                guard let done = open.popLast() else { throw StreamFallback() }
                finished = YAMLNode(done.isMapping ? .mapping(done.pairs + merged) : .sequence(done.items), at: done.position)
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
    /// markers are consumed here, and so are merge keys and their values.
    private func pull() throws(StreamFallback) -> StreamEvent? {
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(parser, &event) == 1 else { throw StreamFallback() }
            defer { yaml_event_delete(&event) }
            let result: StreamEvent?
            do {
                result = try streamEvent(event)
            } catch {
                throw StreamFallback()
            }
            if let result { return result }
            if event.type == YAML_STREAM_END_EVENT { return nil }
        }
    }

    /// `event` as the decoder sees it; nil for events consumed here (markers, and a merge
    /// key with its value). Throws `Fatal` where the composer would stop, `StreamFallback`
    /// where it would record an error and go on.
    private func streamEvent(_ event: yaml_event_t) throws -> StreamEvent? {
        switch event.type {
        case YAML_STREAM_START_EVENT, YAML_DOCUMENT_END_EVENT, YAML_STREAM_END_EVENT:
            return nil
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 { throw StreamFallback() }
            return nil
        case YAML_MAPPING_END_EVENT, YAML_SEQUENCE_END_EVENT:
            guard let closed = stack.popLast() else { throw StreamFallback() }
            let merged = closed.mergeSources.isEmpty ? [] : try merge(closed)
            try addToParent(expandedSize: closed.expandedSize)
            completedChild()
            return .end(merged: merged)
        case YAML_SCALAR_EVENT, YAML_MAPPING_START_EVENT, YAML_SEQUENCE_START_EVENT, YAML_ALIAS_EVENT:
            let awaitingMergeValue = stack.indices.last.map { stack[$0].mergeKey != nil } ?? false
            if !awaitingMergeValue {
                switch event.type {
                case YAML_SCALAR_EVENT where event.data.scalar.anchor == nil && event.data.scalar.tag == nil:
                    return try scalar(event)
                case YAML_MAPPING_START_EVENT where event.data.mapping_start.anchor == nil && event.data.mapping_start.tag == nil:
                    return .mappingStart(try open(event, isMapping: true))
                case YAML_SEQUENCE_START_EVENT where event.data.sequence_start.anchor == nil && event.data.sequence_start.tag == nil:
                    return .sequenceStart(try open(event, isMapping: false))
                default:
                    break
                }
            }
            // Anchored, tagged, an alias, or a merge key's value: the composer builds it whole.
            if let top = stack.indices.last, stack[top].isMapping, stack[top].expectingKey {
                // As a key it would need the composer's key checks; no spec does this.
                throw StreamFallback()
            }
            let node = try composeWhole(startingWith: event)
            try addToParent(expandedSize: node.expandedSize)
            if awaitingMergeValue, let top = stack.indices.last, let mergeKey = stack[top].mergeKey {
                stack[top].mergeSources.append((node, mergeKey))
                completedChild()
                return nil
            }
            completedChild()
            return .node(node)
        default:
            return nil
        }
    }

    /// Feeds the composer from `first` until the value it starts is built.
    private func composeWhole(startingWith first: yaml_event_t) throws -> YAMLNode {
        composer.outerDepth = stack.count
        try composer.feed(first)
        var event = yaml_event_t()
        while true {
            if let node = composer.takeFinished() {
                guard composer.errors.isEmpty else { throw StreamFallback() }
                return node
            }
            guard yaml_parser_parse(parser, &event) == 1 else { throw StreamFallback() }
            defer { yaml_event_delete(&event) }
            switch event.type {
            case YAML_SCALAR_EVENT, YAML_MAPPING_START_EVENT, YAML_SEQUENCE_START_EVENT,
                YAML_MAPPING_END_EVENT, YAML_SEQUENCE_END_EVENT, YAML_ALIAS_EVENT:
                try composer.feed(event)
            default:
                throw StreamFallback()
            }
        }
    }

    private func scalar(_ event: yaml_event_t) throws -> StreamEvent? {
        let data = event.data.scalar
        let length = Int(data.length)
        let at = position(event.start_mark)
        guard length <= limits.maxScalarBytes else { throw StreamFallback() }
        let text = data.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self) } ?? ""
        let style = YAMLScalar.Style(data.style)
        // As the composer resolves an untagged scalar.
        let value = style == .plain ? ScalarValue.resolvePlain(text) : .string(text)
        try composer.countNode(at: at)
        try addToParent(expandedSize: 1)
        if let top = stack.indices.last, stack[top].isMapping, stack[top].expectingKey {
            if style == .plain && text == "<<" {
                // The value comes next and is the composer's to build; the pairs it brings
                // are applied when this mapping ends.
                stack[top].mergeKey = at
                stack[top].expectingKey = false
                return nil
            }
            // A key written twice: the composer reports it.
            guard stack[top].insertKey(value) else { throw StreamFallback() }
        }
        completedChild()
        return .scalar(YAMLNode(.scalar(YAMLScalar(text: text, style: style, value: value)), at: at))
    }

    private func open(_ event: yaml_event_t, isMapping: Bool) throws -> SourcePosition {
        let at = position(event.start_mark)
        // A collection as a key is an error the composer reports.
        if let top = stack.indices.last, stack[top].isMapping, stack[top].expectingKey { throw StreamFallback() }
        try composer.countNode(at: at)
        guard stack.count < limits.maxDepth else { throw StreamFallback() }
        stack.append(OpenLevel(isMapping: isMapping))
        return at
    }

    /// Adds a finished child's expanded size to the innermost open collection, bounded as
    /// the composer bounds it (the root has no parent and is not bounded there either).
    private func addToParent(expandedSize: Int) throws {
        guard let top = stack.indices.last else { return }
        let size = stack[top].expandedSize &+ expandedSize
        if size > limits.maxExpandedNodes || size < 0 { throw StreamFallback() }
        stack[top].expandedSize = size
    }

    /// A key or value of the innermost mapping is complete: the next one is the other.
    private func completedChild() {
        if let top = stack.indices.last, stack[top].isMapping {
            stack[top].expectingKey.toggle()
            stack[top].mergeKey = nil
        }
    }

    /// The pairs `closed`'s merge keys bring, as the composer's `applyMerges` adds them:
    /// the mapping's own keys win, earlier sources win over later ones, and pairs that came
    /// through an alias are marked with their merge key.
    private func merge(_ closed: OpenLevel) throws -> [YAMLPair] {
        var level = closed
        var merged: [YAMLPair] = []
        for (source, mergeKey) in closed.mergeSources {
            let mappings: [YAMLNode]
            switch source.content {
            case .sequence(let items): mappings = items
            case .mapping, .scalar: mappings = [source]
            }
            for mapping in mappings {
                // Anything but a mapping is an error the composer reports.
                guard case .mapping(let pairs) = mapping.content else { throw StreamFallback() }
                let throughAlias = mapping.use != nil
                for var pair in pairs {
                    guard case .scalar(let key) = pair.key.content, level.insertKey(key.value) else { continue }
                    if throughAlias { pair.key.use = AnchorUse(.merge, at: mergeKey) }
                    merged.append(pair)
                }
            }
        }
        return merged
    }

    private func position(_ mark: yaml_mark_t) -> SourcePosition {
        SourcePosition(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }
}
