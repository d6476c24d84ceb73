import ArchlintModel

/// Turns one YAML node into one model value of type `Value`, or records why it cannot.
public struct Codec<Value>: Sendable {
    public let type: FieldType
    let decode: @Sendable (YAMLNode, inout DecodeContext) -> Value?
    /// The decoded value as the rule language sees it, located where the spec wrote it
    /// (nil position: the owner's).
    let export: @Sendable (Value) -> (ModelValue, SourcePosition?)
    /// The fields of the nested mapping this codec reads (itself or as list items), for
    /// descriptions of the format such as the JSON Schema.
    let nested: (@Sendable () -> RecordDescription)?
    /// The references to other resources a decoded value holds, in the order written: set
    /// by the codecs of the reference types (and passed on by lists and nested mappings),
    /// so validation walks exactly the fields the schema types as references. Nil: none.
    let references: ReferenceWalk<Value>?
    /// Decodes the value straight from libyaml's events, given its first one; nil for
    /// codecs that read one node whole (scalars, free-form values), which are handed the
    /// value composed as a node. Lists, maps and records stream, so no tree is built for
    /// them; their result and errors are those of `decode` on the same value.
    let stream: (@Sendable (EventReader, StreamEvent, inout DecodeContext) throws(StreamFallback) -> Value?)?

    init(
        _ type: FieldType, nested: (@Sendable () -> RecordDescription)? = nil,
        references: ReferenceWalk<Value>? = nil,
        export: @escaping @Sendable (Value) -> (ModelValue, SourcePosition?),
        stream: (@Sendable (EventReader, StreamEvent, inout DecodeContext) throws(StreamFallback) -> Value?)? = nil,
        decode: @escaping @Sendable (YAMLNode, inout DecodeContext) -> Value?
    ) {
        self.type = type
        self.decode = decode
        self.export = export
        self.nested = nested
        self.references = references
        self.stream = stream
    }

    /// Decodes the value whose first event is `first` from `reader`'s events.
    func decode(from reader: EventReader, _ first: StreamEvent, _ context: inout DecodeContext) throws(StreamFallback) -> Value? {
        if let stream { return try stream(reader, first, &context) }
        return decode(try reader.compose(first), &context)
    }
}

extension Codec {
    /// A value of a format other than the spec's (rule packs, the configuration), read from
    /// its node whole by `decode`, which reports its own errors. The rule language never
    /// reads such values, so they export as null.
    public static func custom(
        _ type: FieldType, nested: (@Sendable () -> RecordDescription)? = nil,
        decode: @escaping @Sendable (YAMLNode, inout DecodeContext) -> Value?
    ) -> Codec {
        Codec(type, nested: nested, export: { _ in (ModelValue.null, nil) }, decode: decode)
    }
}

/// A scalar model value located where it was written.
private func located<T>(_ value: Located<T>, _ convert: (T) -> ModelValue) -> (ModelValue, SourcePosition?) {
    (convert(value.value), value.position)
}

// MARK: - Scalars

extension Codec where Value == Located<Bool> {
    static var bool: Codec {
        Codec(.bool, export: { located($0, ModelValue.bool) }) { node, context in
            guard let scalar = context.scalar(node, expected: "true or false") else { return nil }
            if case .bool(let value) = scalar.value { return Located(value, at: node.position) }
            if scalar.isQuoted, case .bool = ScalarValue.resolvePlain(scalar.text) {
                context.error("expected true or false, found the quoted string '\(scalar.text)'; remove the quotes", at: node.position)
            } else if ["yes", "no", "on", "off", "y", "n"].contains(scalar.text.lowercased()) {
                context.error("expected true or false, found '\(scalar.text)', which YAML 1.2 reads as a string; write true or false", at: node.position)
            } else {
                context.error("expected true or false, found \(node.kindDescription)", at: node.position)
            }
            return nil
        }
    }
}

extension Codec where Value == Located<Int> {
    /// A whole number within `range` (counts, sizes and days are never negative).
    static func int(_ range: ClosedRange<Int> = 0...Int.max) -> Codec {
        Codec(.int(range), export: { located($0, ModelValue.int) }) { node, context in
            guard let scalar = context.scalar(node, expected: "a whole number") else { return nil }
            guard case .int(let value) = scalar.value else {
                if scalar.isQuoted, case .int = ScalarValue.resolvePlain(scalar.text) {
                    context.error("expected a whole number, found the quoted string '\(scalar.text)'; remove the quotes", at: node.position)
                } else {
                    context.error("expected a whole number, found \(node.kindDescription)", at: node.position)
                }
                return nil
            }
            guard range.contains(value) else {
                let bound = range.upperBound == Int.max ? "\(range.lowerBound) or more" : "from \(range.lowerBound) to \(range.upperBound)"
                context.error("\(value) is out of range; expected a whole number \(bound)", at: node.position)
                return nil
            }
            return Located(value, at: node.position)
        }
    }

    /// A TCP/UDP port number.
    static var port: Codec { int(1...65535) }
}

extension Codec where Value == Located<Double> {
    static var number: Codec {
        Codec(.number, export: { located($0, ModelValue.number) }) { node, context in
            guard let scalar = context.scalar(node, expected: "a number") else { return nil }
            switch scalar.value {
            case .int(let value) where value >= 0: return Located(Double(value), at: node.position)
            case .float(let value) where value >= 0 && value.isFinite: return Located(value, at: node.position)
            default:
                context.error("expected a number of 0 or more, found \(node.kindDescription)", at: node.position)
                return nil
            }
        }
    }
}

extension Codec where Value == Located<String> {
    /// Any scalar, taken as written (`version: 16.4` is the string "16.4").
    static var string: Codec {
        Codec(.string, export: { located($0, ModelValue.string) }) { node, context in
            context.text(node).map { Located($0, at: node.position) }
        }
    }

    /// A stack name: `[a-z0-9][a-z0-9-]*`.
    static var stackName: Codec {
        Codec(
            .pattern("^[a-z0-9][a-z0-9-]*$", description: "lower-case letters, digits and '-', not starting with '-'"),
            export: { located($0, ModelValue.string) }
        ) { node, context in
            guard let text = context.text(node) else { return nil }
            let bytes = Array(text.utf8)
            let valid =
                !bytes.isEmpty
                && bytes.enumerated().allSatisfy { index, byte in
                    (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                        || (index > 0 && byte == UInt8(ascii: "-"))
                }
            guard valid else {
                context.error("stack name '\(text)' must be lower-case letters, digits and '-', starting with a letter or digit", at: node.position)
                return nil
            }
            return Located(text, at: node.position)
        }
    }
}

extension Codec where Value == Located<CIDR> {
    static var cidr: Codec {
        Codec(.cidr, export: { located($0, ModelValue.cidr) }) { node, context in
            guard let text = context.text(node, expected: "a CIDR such as 10.0.0.0/16") else { return nil }
            switch CIDR.parse(text) {
            case .success(let cidr): return Located(cidr, at: node.position)
            case .failure(let error):
                context.error(error.message, at: node.position)
                return nil
            }
        }
    }
}

extension Codec where Value == Located<PortRange> {
    /// A port (`443`), a range (`"8000-8999"`) or `all`.
    static var ports: Codec {
        Codec(.ports, export: { located($0, ModelValue.ports) }) { node, context in
            guard let scalar = context.scalar(node, expected: "a port, a range such as 8000-8999, or all") else { return nil }
            let result: Result<PortRange, PortRangeError>
            if case .int(let value) = scalar.value {
                result = PortRange.single(value)
            } else {
                result = PortRange.parse(scalar.text)
            }
            switch result {
            case .success(let ports): return Located(ports, at: node.position)
            case .failure(let error):
                context.error(error.message, at: node.position)
                return nil
            }
        }
    }
}

extension Codec where Value == Located<CalendarDate> {
    static var date: Codec {
        Codec(.date, export: { located($0) { ModelValue.string($0.description) } }) { node, context in
            guard let text = context.text(node, expected: "a date such as 2027-03-31") else { return nil }
            guard let date = CalendarDate(iso: text) else {
                context.error("'\(text)' is not a date; write YYYY-MM-DD, e.g. 2027-03-31", at: node.position)
                return nil
            }
            return Located(date, at: node.position)
        }
    }
}

extension Codec {
    /// One of a fixed set of words.
    static func enumeration<Choice>(_ choice: Choice.Type) -> Codec where Value == Located<Choice>, Choice: RawRepresentable & CaseIterable & Sendable, Choice.RawValue == String {
        let names = Choice.allCases.map(\.rawValue)
        return Codec(.enumeration(names), export: { located($0) { ModelValue.string($0.rawValue) } }) { node, context in
            guard let scalar = context.scalar(node, expected: "one of \(listInWords(names))") else { return nil }
            if case .string = scalar.value, let value = Choice(rawValue: scalar.text) {
                return Located(value, at: node.position)
            }
            if scalar.isQuoted, let value = Choice(rawValue: scalar.text) {
                return Located(value, at: node.position)
            }
            var message = "'\(scalar.text)' is not allowed here; expected \(listInWords(names))"
            if case .bool(false) = scalar.value, names.contains("off") {
                message += " (write off)"
            } else if let suggestion = closestMatch(to: scalar.text, in: names) {
                message += "; did you mean '\(suggestion)'?"
            }
            context.error(message, at: node.position)
            return nil
        }
    }
}

// MARK: - References

/// Prefixes that mark a reference where a literal could also stand.
private let referencePrefixes = ["sg:", "secret:"]

extension Codec where Value == Reference {
    /// The plain name of a resource of `kind`.
    static func reference(_ kind: ResourceKind) -> Codec {
        Codec(
            .reference(kind),
            references: { reference, owner, sites in
                sites.append(ReferenceSite(owner: owner, kind: kind, reference: reference))
            }, export: { (ModelValue.reference(kind, $0.name), $0.position) }
        ) { node, context in
            guard let text = context.text(node, expected: "the name of a \(kind.singular)") else { return nil }
            if let prefix = referencePrefixes.first(where: { text.hasPrefix($0) }) {
                context.error(
                    "'\(text)': write the plain name '\(text.dropFirst(prefix.count))' here; the '\(prefix)' prefix is only for fields that also take literals", at: node.position)
                return nil
            }
            guard !text.isEmpty else {
                context.error("expected the name of a \(kind.singular), found an empty string", at: node.position)
                return nil
            }
            return Reference(text, at: node.position)
        }
    }
}

/// Splits `NAME` or `NAME#key`.
private func parseSecretReference(_ text: Substring, at position: SourcePosition, _ context: inout DecodeContext) -> SecretReference? {
    let parts = text.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
    let name = String(parts[0])
    let key = parts.count > 1 ? String(parts[1]) : nil
    guard !name.isEmpty, key.map({ !$0.isEmpty }) ?? true else {
        context.error("'\(text)' is not a secret reference; write NAME or NAME#json-key", at: position)
        return nil
    }
    return SecretReference(name: name, key: key, at: position)
}

extension Codec where Value == SecretReference {
    /// `NAME` or `NAME#key`, without prefix (services' and functions' `secrets`).
    static var secretReference: Codec {
        Codec(
            .secretReference,
            references: { secret, owner, sites in
                sites.append(ReferenceSite(owner: owner, secret: secret))
            }, export: { (ModelValue.reference(.secret, $0.name), $0.position) }
        ) { node, context in
            guard let text = context.text(node, expected: "a secret name") else { return nil }
            if text.hasPrefix("secret:") {
                context.error("'\(text)': secrets maps take the plain name; write '\(text.dropFirst("secret:".count))'", at: node.position)
                return nil
            }
            return parseSecretReference(Substring(text), at: node.position, &context)
        }
    }
}

extension Codec where Value == Located<SecretValue> {
    /// `secret:NAME` or a literal value.
    static var secretOrLiteral: Codec {
        Codec(
            .secretOrLiteral,
            references: { value, owner, sites in
                if case .reference(let secret) = value.value { sites.append(ReferenceSite(owner: owner, secret: secret)) }
            },
            export: { value in
                switch value.value {
                case .reference(let secret): return (ModelValue.reference(.secret, secret.name), value.position)
                case .literal(let text): return (ModelValue.string(text), value.position)
                }
            }
        ) { node, context in
            guard let text = context.text(node, expected: "secret:NAME") else { return nil }
            if text.hasPrefix("secret:") {
                return parseSecretReference(text.dropFirst("secret:".count), at: node.position, &context)
                    .map { Located(.reference($0), at: node.position) }
            }
            return Located(.literal(text), at: node.position)
        }
    }
}

extension Codec where Value == Located<RuleEndpoint> {
    /// A CIDR, `sg:NAME` or `self`.
    static var ruleEndpoint: Codec {
        Codec(
            .ruleEndpoint,
            references: { value, owner, sites in
                if case .securityGroup(let reference) = value.value {
                    sites.append(ReferenceSite(owner: owner, kind: .securityGroup, reference: reference))
                }
            },
            export: { value in
                switch value.value {
                case .cidr(let cidr): return (ModelValue.cidr(cidr), value.position)
                case .securityGroup(let reference): return (ModelValue.reference(.securityGroup, reference.name), value.position)
                case .sameGroup: return (ModelValue.string("self"), value.position)
                }
            }
        ) { node, context in
            guard let text = context.text(node, expected: "a CIDR, sg:NAME or self") else { return nil }
            if text == "self" { return Located(.sameGroup, at: node.position) }
            if text.hasPrefix("sg:") {
                let name = String(text.dropFirst(3))
                guard !name.isEmpty else {
                    context.error("'sg:' names no security group; write sg:NAME", at: node.position)
                    return nil
                }
                return Located(.securityGroup(Reference(name, at: node.position)), at: node.position)
            }
            switch CIDR.parse(text) {
            case .success(let cidr): return Located(.cidr(cidr), at: node.position)
            case .failure(let error):
                let hint = text.contains("/") || text.contains(".") || text.contains(":") ? "" : " (a security group is written sg:\(text))"
                context.error(error.message + hint, at: node.position)
                return nil
            }
        }
    }
}

extension Codec where Value == Located<NetworkAddress> {
    /// `STACK/ENVIRONMENT/NETWORK`.
    static var networkAddress: Codec {
        Codec(.networkAddress, export: { located($0) { ModelValue.string($0.description) } }) { node, context in
            guard let text = context.text(node, expected: "STACK/ENVIRONMENT/NETWORK") else { return nil }
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 3, !parts[0].isEmpty, !parts[2].isEmpty else {
                context.error("peer '\(text)' must be written STACK/ENVIRONMENT/NETWORK", at: node.position)
                return nil
            }
            guard let environment = Environment(rawValue: String(parts[1])) else {
                let names = Environment.allCases.map(\.rawValue)
                var message = "peer '\(text)': '\(parts[1])' is not an environment; expected \(listInWords(names))"
                if let suggestion = closestMatch(to: String(parts[1]), in: names) { message += "; did you mean '\(suggestion)'?" }
                context.error(message, at: node.position)
                return nil
            }
            return Located(NetworkAddress(stack: String(parts[0]), environment: environment, network: String(parts[2])), at: node.position)
        }
    }
}

// MARK: - Collections

extension Codec {
    /// A list of values of `element`'s type.
    static func list<Element>(_ element: Codec<Element>) -> Codec where Value == [Element] {
        var references: ReferenceWalk<Value>?
        if let walk = element.references {
            references = { (values: [Element], owner: ReferenceOwner, sites: inout [ReferenceSite]) in
                for value in values { walk(value, owner, &sites) }
            }
        }
        return Codec(
            .list(element.type), nested: element.nested, references: references,
            export: { values in
                let items = values.map { value -> Located<ModelValue> in
                    let (model, position) = element.export(value)
                    return Located(model, at: position ?? .start)
                }
                return (ModelValue.list(items), items.first?.position)
            },
            stream: { reader, first, context throws(StreamFallback) in
                // Anything but a list: the tree decoder says what it is.
                guard case .sequenceStart = first else { return list(element).decode(try reader.compose(first), &context) }
                var values: [Element] = []
                while true {
                    let item = try reader.next()
                    if case .end = item { break }
                    let value: Element?
                    if case .node(let node) = item, let use = node.use {
                        // An alias as an item: as on the tree path, if its note can be worded yet.
                        guard context.useOwnerIsSettled else { throw StreamFallback() }
                        value = context.through(use, [node]) { element.decode(node, &$0) }
                    } else {
                        value = try element.decode(from: reader, item, &context)
                    }
                    if let value { values.append(value) }
                }
                return values
            }
        ) { node, context in
            guard case .sequence(let items) = node.content else {
                context.error("expected a list, found \(node.kindDescription)", at: node.position)
                return nil
            }
            var values: [Element] = []
            values.reserveCapacity(items.count)
            for item in items {
                let value: Element?
                if let use = item.use {
                    value = context.through(use, [item]) { element.decode(item, &$0) }
                } else {
                    value = element.decode(item, &context)
                }
                if let value { values.append(value) }
            }
            return values
        }
    }

    /// A nested mapping with its own schema.
    public static func record(_ schema: RecordSchema<Value>) -> Codec where Value: Positioned & Sendable {
        var references: ReferenceWalk<Value>?
        if schema.refersToResources {
            references = { (value: Value, owner: ReferenceOwner, sites: inout [ReferenceSite]) in
                schema.collectReferences(in: value, owner: owner, into: &sites)
            }
        }
        return Codec(
            .record(schema.name), nested: { schema.formatDescription }, references: references,
            export: { (ModelValue.record(schema.view($0)), schema.position($0)) },
            stream: { reader, first, context throws(StreamFallback) in try schema.decode(from: reader, first, &context) }
        ) { node, context in
            schema.decode(node, &context)
        }
    }

    /// Walks a `{string: …}` mapping, handing each key and value to `entry`.
    /// Exported as a list of `{key, value}` records, so rules can select entries.
    fileprivate static func mapping(
        _ type: FieldType, references: ReferenceWalk<Value>? = nil,
        export: @escaping @Sendable (Value.Element) -> (key: Located<String>, value: Located<ModelValue>),
        _ entry: @escaping @Sendable (Located<String>, YAMLNode, inout DecodeContext) -> Value.Element?
    ) -> Codec
    where Value: RangeReplaceableCollection & SendableMetatype, Value.Element: Sendable {
        Codec(
            type, references: references,
            export: { values in
                let entries = values.map { element -> Located<ModelValue> in
                    let (key, value) = export(element)
                    return Located(.record(entryRecord(key: key, value: value)), at: key.position)
                }
                return (ModelValue.list(entries), entries.first?.position)
            },
            stream: { reader, first, context throws(StreamFallback) in
                guard case .mappingStart = first else {
                    return mapping(type, export: export, entry).decode(try reader.compose(first), &context)
                }
                var values = Value()
                while true {
                    let keyEvent = try reader.next()
                    if case .end(let merged) = keyEvent {
                        for pair in merged {
                            if pair.key.use != nil || pair.value.use != nil, !context.useOwnerIsSettled { throw StreamFallback() }
                            if let value = mapEntry(pair, entry, &context) { values.append(value) }
                        }
                        break
                    }
                    // The reader hands over only scalar keys.
                    guard case .scalar(let keyNode) = keyEvent, let key = context.text(keyNode) else { throw StreamFallback() }
                    let valueEvent = try reader.next()
                    // `x-` keys are ignored wherever they appear, maps of names included.
                    if key.hasPrefix("x-") {
                        try reader.skip(valueEvent)
                        continue
                    }
                    if case .node(let node) = valueEvent {
                        if node.use != nil, !context.useOwnerIsSettled { throw StreamFallback() }
                        if let value = mapEntry(YAMLPair(key: keyNode, value: node), entry, &context) { values.append(value) }
                        continue
                    }
                    if let value = entry(Located(key, at: keyNode.position), try reader.compose(valueEvent), &context) { values.append(value) }
                }
                return values
            }
        ) { node, context in
            guard case .mapping(let pairs) = node.content else {
                context.error("expected a mapping of names to values, found \(node.kindDescription)", at: node.position)
                return nil
            }
            var values = Value()
            for pair in pairs {
                if let value = mapEntry(pair, entry, &context) { values.append(value) }
            }
            return values
        }
    }

    /// One pair of a `{string: …}` mapping handed to `entry`, through its use if it has one.
    fileprivate static func mapEntry(
        _ pair: YAMLPair, _ entry: (Located<String>, YAMLNode, inout DecodeContext) -> Value.Element?,
        _ context: inout DecodeContext
    ) -> Value.Element?
    where Value: RangeReplaceableCollection {
        guard let key = context.text(pair.key) else { return nil }
        // `x-` keys are ignored wherever they appear, maps of names included.
        if key.hasPrefix("x-") { return nil }
        let keyed = Located(key, at: pair.key.position)
        if let use = pair.key.use {
            return context.through(use, [pair.key, pair.value]) { entry(keyed, pair.value, &$0) }
        } else if let use = pair.value.use {
            return context.through(use, [pair.value]) { entry(keyed, pair.value, &$0) }
        }
        return entry(keyed, pair.value, &context)
    }
}

extension Codec where Value == [Tag] {
    /// `tags: {string: string}`.
    static var tags: Codec {
        mapping(.stringMap, export: { ($0.key, Located(.string($0.value.value), at: $0.value.position)) }) { key, node, context in
            guard let text = context.text(node, expected: "a tag value") else { return nil }
            return Tag(key: key, value: Located(text, at: node.position))
        }
    }
}

extension Codec where Value == [EnvironmentEntry] {
    /// Plain environment variables: `{NAME: scalar}`.
    static var environment: Codec {
        mapping(.scalarMap, export: { ($0.key, Located(ModelValue(scalar: $0.value.value, text: $0.text), at: $0.value.position)) }) { key, node, context in
            guard let scalar = context.scalar(node, expected: "a plain value (use 'secrets' for secret values)") else { return nil }
            return EnvironmentEntry(key: key, value: Located(scalar.value, at: node.position), text: scalar.text)
        }
    }
}

extension Codec where Value == [SecretBinding] {
    /// Secret environment variables: `{NAME: secret}` or `{NAME: secret#key}`.
    static var secretBindings: Codec {
        mapping(
            .secretMap,
            references: { bindings, owner, sites in
                for binding in bindings { sites.append(ReferenceSite(owner: owner, secret: binding.secret)) }
            }, export: { ($0.key, Located(.reference(.secret, $0.secret.name), at: $0.secret.position)) }
        ) { key, node, context in
            Codec<SecretReference>.secretReference.decode(node, &context).map { SecretBinding(key: key, secret: $0) }
        }
    }
}

extension Codec where Value == Located<FreeformValue> {
    /// Any mapping, kept as written (an IAM statement's `condition`).
    static var freeform: Codec {
        Codec(.freeform, export: { located($0, freeformModel) }) { node, context in
            guard case .mapping = node.content else {
                context.error("expected a mapping, found \(node.kindDescription)", at: node.position)
                return nil
            }
            return Located(freeformValue(node), at: node.position)
        }
    }
}

/// Copies a node as a free-form value. The tree is already bounded in depth and expanded
/// size by the parser, so the recursion here is bounded too.
private func freeformValue(_ node: YAMLNode) -> FreeformValue {
    switch node.content {
    case .scalar(let scalar): return .scalar(scalar.value, text: scalar.text)
    case .sequence(let items): return .list(items.map(freeformValue))
    case .mapping(let pairs):
        return .mapping(
            pairs.compactMap { pair in
                let key = pair.key.scalar?.text ?? ""
                return key.hasPrefix("x-") ? nil : FreeformEntry(key: key, value: freeformValue(pair.value))
            })
    }
}

// MARK: - Export helpers

/// How the rule language sees one entry of a map whose keys the user chooses (`tags`,
/// `environment`, `secrets`): a record of two attributes.
public enum MapEntry {
    /// What the record is called in messages.
    public static let name = "entry"
    /// Its attributes: the entry's key, and its value.
    public static let keys = ["key", "value"]
    /// The layout every entry shares: `key` in slot 0, `value` in slot 1.
    public static let layout = RecordLayout(schema: name, kind: nil, written: keys)
}

extension ModelRecord {
    /// The key and value of a map entry (`tags`, `environment`, `secrets`), read where the
    /// entry's layout is defined; nil for any other record.
    public var mapEntry: (key: String, value: Located<ModelValue>)? {
        guard layout === MapEntry.layout, case .string(let key)? = written(MapEntry.layout.keys[0])?.value,
            let value = written(MapEntry.layout.keys[1])
        else { return nil }
        return (key, value)
    }
}

/// One entry of a `{name: value}` map, as a record with `key` and `value`.
private func entryRecord(key: Located<String>, value: Located<ModelValue>) -> ModelRecord {
    ModelRecord(
        layout: MapEntry.layout, position: key.position,
        written: { slot in
            slot == 0 ? Located(.string(key.value), at: key.position) : value
        }, fallback: { _ in nil })
}

extension ModelValue {
    /// A plain scalar as the rule language sees it; strings keep their written text.
    init(scalar: ScalarValue, text: String) {
        switch scalar {
        case .null: self = .null
        case .bool(let value): self = .bool(value)
        case .int(let value): self = .int(value)
        case .float(let value): self = .number(value)
        case .string: self = .string(text)
        }
    }
}

/// A free-form value (an IAM condition): mappings become records of their keys.
private func freeformModel(_ value: FreeformValue) -> ModelValue {
    switch value {
    case .scalar(let scalar, let text): return ModelValue(scalar: scalar, text: text)
    case .list(let items): return .list(items.map { Located(freeformModel($0), at: .start) })
    case .mapping(let entries):
        // Keys the user chooses: a layout of their own, built when a rule reads the value.
        let layout = RecordLayout(schema: "mapping", kind: nil, written: entries.map(\.key))
        return .record(
            ModelRecord(
                layout: layout, position: .start,
                written: { slot in
                    let key = layout.keys[slot].text
                    return entries.first { $0.key == key }.map { Located(freeformModel($0.value), at: .start) }
                }, fallback: { _ in nil }))
    }
}
