import ArchlintModel

extension RecordSchema {
    /// `decode(_:_:)` over libyaml's events: the same keys accepted, the same errors in the
    /// same order (each own pair as it comes, then the pairs merge keys bring, then the
    /// missing required keys), without the mapping's node. Values the composer built
    /// (anchored ones, aliases) and merged pairs go through `decodePair`, as on the tree path.
    func decode(from reader: EventReader, _ first: StreamEvent, _ context: inout DecodeContext) throws(StreamFallback) -> Record? {
        guard case .mappingStart(let position) = first else {
            // Not a mapping (or built whole by the composer): the tree decoder reads it.
            return decode(try reader.compose(first), &context)
        }
        var record = make(position)
        // What notes about aliases and merge keys inside this mapping name; it learns the
        // mapping's name when the `name` pair arrives, and is complete at the end.
        var here = RecordInContext(schema: name, kind: kind, pairs: [], isComplete: false)
        let (outerRecord, outerResource) = (context.record, context.resource)
        defer { (context.record, context.resource) = (outerRecord, outerResource) }
        func enter(_ here: RecordInContext, _ context: inout DecodeContext) {
            context.record = here
            if kind != nil { context.resource = here }
        }
        // The tree path also tells the context a resource started (`resourceDecoded`); that
        // only matters inside a use, and no use is active while streaming.
        enter(here, &context)
        var present = [Bool](repeating: false, count: fields.count)
        // Required keys an unknown key was taken for: see `decode(_:_:)`.
        var misspelled: Set<String> = []
        // The value of the first `name` pair, for "subnet 'a' is missing …".
        var nameValue: YAMLNode?
        while true {
            let keyEvent = try reader.next()
            if case .end(let merged) = keyEvent {
                here.isComplete = true
                guard !merged.isEmpty else { break }
                here.pairs += merged
                enter(here, &context)
                if nameValue == nil, let pair = merged.first(where: { $0.key.scalar?.text == "name" }) { nameValue = pair.value }
                for pair in merged {
                    if pair.key.use != nil || pair.value.use != nil, !context.useOwnerIsSettled { throw StreamFallback() }
                    decodePair(pair, into: &record, present: &present, misspelled: &misspelled, &context)
                }
                break
            }
            guard case .scalar(let keyNode) = keyEvent, let key = keyNode.scalar?.text else { throw StreamFallback() }
            let valueEvent = try reader.next()
            if key == "name" {
                // Keys are unique, so this is the mapping's only own `name` pair.
                let value: YAMLNode
                switch valueEvent {
                case .scalar(let node), .node(let node): value = node
                default: value = YAMLNode(.sequence([]), at: position)  // not a scalar: no name
                }
                nameValue = value
                here.pairs.append(YAMLPair(key: keyNode, value: value))
                enter(here, &context)
            }
            // `x-` keys are ignored, whatever their value (often the anchored defaults).
            if key.hasPrefix("x-") {
                try reader.skip(valueEvent)
                continue
            }
            if case .node(let value) = valueEvent {
                if value.use != nil, !context.useOwnerIsSettled { throw StreamFallback() }
                decodePair(YAMLPair(key: keyNode, value: value), into: &record, present: &present, misspelled: &misspelled, &context)
                continue
            }
            guard let index = fieldIndex[key] else {
                let (message, suggestion) = unknownKeyMessage(key)
                if let suggestion { misspelled.insert(suggestion) }
                context.error(message, at: keyNode.position)
                try reader.skip(valueEvent)
                continue
            }
            // A null value (`key:`, `key: ~`) is the same as leaving the key out.
            if case .scalar(let value) = valueEvent, value.isNull { continue }
            present[index] = true
            try fields[index].streamStore(&record, reader, valueEvent, &context)
        }
        reportMissing(present: present, misspelled: misspelled, in: describe(named: nameValue), at: position, &context)
        return record
    }
}
