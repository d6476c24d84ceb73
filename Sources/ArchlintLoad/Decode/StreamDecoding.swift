import ArchlintModel

extension RecordSchema {
    /// `decode(_:_:)` over libyaml's events: the same keys accepted, the same errors in the
    /// same order (each pair as it comes, then the missing required keys), without the
    /// mapping's node. The reader has already refused anchors, aliases and merge keys, so
    /// no value here came through a use, and nothing needs `DecodeContext.through`.
    func decode(from reader: EventReader, _ first: StreamEvent, _ context: inout DecodeContext) throws(StreamFallback) -> Record? {
        guard case .mappingStart(let position) = first else {
            // Not a mapping: the tree decoder's error says what it is.
            return decode(try reader.compose(first), &context)
        }
        var record = make(position)
        var present = [Bool](repeating: false, count: fields.count)
        // Required keys an unknown key was taken for: see `decode(_:_:)`.
        var misspelled: Set<String> = []
        // The value of the `name` key, for "subnet 'a' is missing …"; keys are unique here.
        var nameValue: YAMLNode?
        while true {
            let keyEvent = try reader.next()
            if case .end = keyEvent { break }
            guard case .scalar(let keyNode) = keyEvent, let key = keyNode.scalar?.text else { throw StreamFallback() }
            let valueEvent = try reader.next()
            if key == "name" {
                if case .scalar(let value) = valueEvent { nameValue = value } else { nameValue = YAMLNode(.sequence([]), at: position) }
            }
            if key.hasPrefix("x-") {
                try reader.skip(valueEvent)
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
        for (index, field) in fields.enumerated() where field.isRequired && !present[index] && !misspelled.contains(field.key) {
            context.error("\(describe(named: nameValue)) is missing required key '\(field.key)'", at: position)
        }
        return record
    }
}
