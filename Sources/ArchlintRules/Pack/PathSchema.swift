import ArchlintLoad
import ArchlintModel

/// Where an attribute path stands, as far as the spec format tells before any spec is read.
/// A pack's paths are walked over these when it loads, so a typo (`desired_cout`) or a step
/// that can never reach anything (`subnets.tier` where `subnets->tier` was meant) is a
/// located error in the pack, not a rule that quietly fires on everything or never.
///
/// Everything here comes from `SpecSchema`'s tables, the ones the loader decodes specs with,
/// and mirrors how `Evaluator.values` walks the model.
final class PathPoint {
    indirect enum Shape {
        /// A mapping of the format, with its keys.
        case record(RecordDescription)
        /// One entry of a map whose keys the user chooses (`tags`, `environment`, `secrets`).
        case entry(value: Shape)
        /// A name of a resource of this kind; `->` follows it.
        case reference(ResourceKind)
        /// A plain value: a string, a number, a CIDR, ports, a date.
        case plain
        /// Not known until a spec is read: free-form mappings, parameters, `<-*`.
        case unknown
    }

    let shape: Shape
    /// The mapping that holds this value, where `parent` steps to.
    let parent: PathPoint?
    /// Whether this is a resource's own mapping (the selected resource, or one reached by
    /// `->` or `<-KIND`): only there does `<-KIND` find anything.
    let isResource: Bool

    init(_ shape: Shape, parent: PathPoint?, isResource: Bool = false) {
        self.shape = shape
        self.parent = parent
        self.isResource = isResource
    }

    /// A resource's mapping, as `Evaluator.resourceScope` makes it: a subnet is held by its
    /// network, other resources by nothing.
    static func resource(_ kind: ResourceKind) -> PathPoint {
        guard let record = PathSchema.records[kind] else { return PathPoint(.unknown, parent: nil, isResource: true) }
        let holder = kind == .subnet ? resource(.network) : nil
        return PathPoint(.record(record), parent: holder, isResource: true)
    }

    /// "a load balancer", "an ingress rule", "an entry".
    var described: String {
        switch shape {
        case .record(let record): return "\(article(record.name)) \(record.name)"
        case .entry: return "an \(MapEntry.name) (\(MapEntry.keys.joined(separator: ", ")))"
        case .reference(let kind): return "a reference to \(article(kind.words)) \(kind.words)"
        case .plain: return "a plain value"
        case .unknown: return "a value"
        }
    }
}

/// The format's tables arranged for walking paths.
enum PathSchema {
    /// Every resource kind's mapping, found in the format's description from the top of a
    /// spec down (subnets inside networks included).
    static let records: [ResourceKind: RecordDescription] = {
        var found: [ResourceKind: RecordDescription] = [:]
        var pending = [SpecSchema.formatDescription]
        while let record = pending.popLast() {
            if let kind = record.kind, found[kind] == nil { found[kind] = record }
            pending += record.fields.compactMap(\.nested)
        }
        return found
    }()

    /// For each kind, the kinds its resources can name (anywhere inside them): what
    /// `<-KIND` can find from a resource of each of those.
    static let referencedKinds: [ResourceKind: Set<ResourceKind>] = records.mapValues { record in
        var kinds = Set<ResourceKind>()
        var pending = [record]
        while let record = pending.popLast() {
            for field in record.fields {
                if case .reference(let kind) = PathSchema.shape(of: field.type, nested: nil) { kinds.insert(kind) }
                if case .entry(value: .reference(let kind)) = PathSchema.shape(of: field.type, nested: nil) { kinds.insert(kind) }
                if let nested = field.nested { pending.append(nested) }
            }
        }
        return kinds
    }

    /// How the rule language reads a value of `type` (lists are walked through, so a list's
    /// shape is its items').
    static func shape(of type: FieldType, nested: RecordDescription?) -> PathPoint.Shape {
        switch type {
        case .list(let element): return shape(of: element, nested: nested)
        case .record: return nested.map(PathPoint.Shape.record) ?? .unknown
        case .reference(let kind): return .reference(kind)
        // `secret:NAME`, `NAME#key`: read as the secret's name, a reference.
        case .secretReference, .secretOrLiteral: return .reference(.secret)
        // A rule's other side: a CIDR, `self`, or `sg:NAME`.
        case .ruleEndpoint: return .reference(.securityGroup)
        case .stringMap, .scalarMap: return .entry(value: .plain)
        case .secretMap: return .entry(value: .reference(.secret))
        case .freeform: return .unknown
        // Shapes of rule packs and the configuration, never of a spec.
        case .map, .oneOf: return .unknown
        case .bool, .int, .number, .string, .pattern, .cidr, .ports, .date, .enumeration, .networkAddress: return .plain
        }
    }

    /// Where `path` leads from `current` (the value a condition is on) for an item selected
    /// as `item`, or why it can lead nowhere.
    static func walk(
        _ path: AttributePath, from current: PathPoint, item: PathPoint,
        parameters: [RuleParameter]
    ) -> Result<PathPoint, PathError> {
        var point: PathPoint
        // What the value at hand is called, for messages ("'subnets' names subnets").
        var word: String
        switch path.root {
        case .current: point = current; word = "the value"
        case .resource: point = item; word = "$resource"
        case .environment: point = PathPoint(.plain, parent: nil); word = "$environment"
        case .stack: point = PathPoint(.plain, parent: nil); word = "$stack"
        case .parameter(let name):
            guard parameters.contains(where: { $0.name == name }) else {
                return .failure(
                    PathError(
                        "the rule has no parameter '\(name)'",
                        suggesting: closestMatch(to: name, in: parameters.map(\.name))))
            }
            point = PathPoint(.unknown, parent: nil); word = "$param.\(name)"
        }
        for step in path.steps {
            if case .unknown = point.shape { return .success(point) }
            switch step {
            case .attribute(let key):
                switch attribute(key.text, of: point, word: word) {
                case .success(let next): point = next
                case .failure(let problem): return .failure(problem)
                }
                word = "'\(key)'"
            case .filter(let key, let wanted):
                if case .failure(let problem) = filter(key.text, wanted, on: point, word: word) { return .failure(problem) }
            case .follow:
                guard case .reference(let kind) = point.shape else {
                    return .failure(PathError("'->' follows a reference, but \(word) is \(point.described)"))
                }
                point = PathPoint.resource(kind)
                word = "the \(kind.words)"
            case .referrers(let kind):
                guard point.isResource, case .record(let record) = point.shape, let target = record.kind else {
                    return .failure(PathError("'<-\(kind?.rawValue ?? "*")' finds the resources that name a resource, but \(word) is \(point.described), not a resource"))
                }
                guard let kind else { return .success(PathPoint(.unknown, parent: nil)) }
                guard referencedKinds[kind]?.contains(target) == true else {
                    return .failure(PathError("'<-\(kind.rawValue)' can find nothing: \(article(kind.words)) \(kind.words) never names \(article(target.words)) \(target.words)"))
                }
                point = PathPoint.resource(kind)
                word = "the \(kind.words)"
            case .parent:
                guard let parent = point.parent else {
                    return .failure(PathError("'parent': \(point.described) is not held by another mapping"))
                }
                point = parent
                word = "'parent'"
            }
        }
        return .success(point)
    }

    private static func attribute(_ key: String, of point: PathPoint, word: String) -> Result<PathPoint, PathError> {
        switch point.shape {
        case .record(let record):
            if let field = record.fields.first(where: { $0.key == key }) {
                return .success(PathPoint(shape(of: field.type, nested: field.nested), parent: point))
            }
            if record.derivedKeys.contains(key) { return .success(PathPoint(.plain, parent: point)) }
            return .failure(unknownAttribute(key, of: point, keys: record.fields.map(\.key) + record.derivedKeys))
        case .entry(let value):
            guard MapEntry.keys.contains(key) else { return .failure(unknownAttribute(key, of: point, keys: MapEntry.keys)) }
            return .success(PathPoint(key == "value" ? value : .plain, parent: point))
        case .reference(let kind):
            return .failure(PathError("\(word) names \(article(kind.words)) \(kind.words); follow it with '->' to read its '\(key)'"))
        case .plain:
            return .failure(PathError("\(word) is a plain value, with no attribute '\(key)'"))
        case .unknown:
            return .success(point)
        }
    }

    private static func filter(_ key: String, _ wanted: String, on point: PathPoint, word: String) -> Result<Void, PathError> {
        let field: FieldDescription?
        switch point.shape {
        case .record(let record):
            field = record.fields.first { $0.key == key }
            guard field != nil || record.derivedKeys.contains(key) else {
                return .failure(unknownAttribute(key, of: point, keys: record.fields.map(\.key) + record.derivedKeys, in: "[\(key)=\(wanted)]"))
            }
        case .entry:
            guard MapEntry.keys.contains(key) else { return .failure(unknownAttribute(key, of: point, keys: MapEntry.keys, in: "[\(key)=\(wanted)]")) }
            field = nil
        case .unknown:
            return .success(())
        case .reference, .plain:
            return .failure(PathError("'[\(key)=\(wanted)]' keeps mappings whose '\(key)' reads '\(wanted)', but \(word) is \(point.described)"))
        }
        // A filter on a closed set of words can be checked too: `[tier=privte]` keeps nothing.
        if case .enumeration(let choices)? = field?.type, !choices.contains(wanted) {
            return .failure(
                PathError(
                    "'[\(key)=\(wanted)]' keeps nothing: '\(key)' is one of \(choices.joined(separator: ", "))",
                    suggesting: closestMatch(to: wanted, in: choices)))
        }
        return .success(())
    }

    private static func unknownAttribute(_ key: String, of point: PathPoint, keys: [String], in context: String? = nil) -> PathError {
        let message = "\(context.map { "'\($0)': " } ?? "")\(point.described) has no attribute '\(key)'"
        if let suggestion = closestMatch(to: key, in: keys) { return PathError(message, suggesting: suggestion) }
        return PathError("\(message); it has \(keys.joined(separator: ", "))")
    }
}

private func article(_ word: String) -> String {
    guard let first = word.first else { return "a" }
    return "aeiouAEIOU".contains(first) ? "an" : "a"
}
