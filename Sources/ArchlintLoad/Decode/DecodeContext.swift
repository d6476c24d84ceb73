import ArchlintModel

/// Collects the shape errors of one file while it is decoded, so that a user sees all of
/// them at once rather than one per run.
public struct DecodeContext {
    /// Errors kept per file: enough to fix a file in one pass, and a bound on the time and
    /// memory a file full of mistakes can cost.
    public static let maxErrors = 100

    public private(set) var errors: [YAMLError] = []
    /// Errors found beyond `maxErrors`, counted but not kept.
    public private(set) var suppressed = 0
    /// Values written under an anchor and used elsewhere, as the model keeps them.
    public private(set) var valueUses: [ValueUse] = []

    /// The innermost mapping being decoded, and the innermost resource: what a note about
    /// an alias or merge key names ("merged into database 'db'").
    var record: RecordInContext?
    var resource: RecordInContext?
    /// The alias or merge key the value being decoded came through, if any (the innermost).
    private var activeUse: ActiveUse?
    /// Errors that carry use notes, by position, so that one error reached through several
    /// uses is reported once, naming them all.
    private var noted: [SourcePosition: [Int]] = [:]
    /// Nodes walked to find the spans of used values; past `maxSpanWalk` in one file (only
    /// a hostile one), uses are no longer recorded for findings.
    private var spanWalk = 0
    static let maxSpanWalk = 200_000
    /// Places one error names at most; the rest are counted.
    static let maxNotes = 3

    public init() {}

    public mutating func error(_ message: String, at position: SourcePosition) {
        if let activeUse, activeUse.position != position {
            noteError(message, at: position, use: UseNote(activeUse.note, at: activeUse.position))
            return
        }
        guard errors.count < DecodeContext.maxErrors else {
            suppressed += 1
            return
        }
        errors.append(YAMLError(message, at: position))
    }

    /// An error on a value that came from an anchor: the message names where it was used.
    /// The same error met again through another use gains that use, not a second line.
    private mutating func noteError(_ message: String, at position: SourcePosition, use: UseNote) {
        if let index = noted[position]?.first(where: { errors[$0].baseMessage == message }) {
            if errors[index].uses.count < DecodeContext.maxErrors, !errors[index].uses.contains(use) {
                errors[index].uses.append(use)
                errors[index].message = YAMLError.withUses(message, errors[index].uses)
            }
            return
        }
        guard errors.count < DecodeContext.maxErrors else {
            suppressed += 1
            return
        }
        var error = YAMLError(YAMLError.withUses(message, [use]), at: position)
        error.baseMessage = message
        error.uses = [use]
        noted[position, default: []].append(errors.count)
        errors.append(error)
    }

    /// Decodes a node that came through an alias or a merge key (`use`): errors inside it
    /// name that place, and the span of what it brought is recorded for findings.
    mutating func through<T>(_ use: AnchorUse, _ nodes: [YAMLNode], _ body: (inout DecodeContext) -> T) -> T {
        let owner = self.owner()
        let isMerge = use.kind == .merge
        let saved = activeUse
        activeUse = ActiveUse(
            owner: owner, isMerge: isMerge, position: use.position,
            resources: resource.flatMap(\.usedResource).map { [$0] } ?? [])
        let result = body(&self)
        if let finished = activeUse, let span = span(of: nodes, excluding: use.position) {
            valueUses.append(ValueUse(span: span, resources: finished.resources, owner: owner, isMerge: isMerge, at: use.position))
        }
        activeUse = saved
        return result
    }

    /// Whether a note about a use made now would read as it will on the tree path, where
    /// every mapping is complete before it is decoded: the names it uses must be settled.
    /// The streaming decoder hands a file to the tree path when they are not.
    var useOwnerIsSettled: Bool {
        (record?.nameIsSettled ?? true) && (resource?.nameIsSettled ?? true)
    }

    /// A resource decoded inside a used value: findings on it may name the use.
    /// Costs nothing unless a use is active (the name is looked up only then).
    mutating func resourceDecoded(_ resource: RecordInContext) {
        guard activeUse != nil, let used = resource.usedResource else { return }
        if !activeUse!.resources.contains(used) { activeUse!.resources.append(used) }
    }

    /// What a note names: "database 'db'", "a listener of load balancer 'lb'", or "the spec".
    private func owner() -> UseOwner {
        guard let record else { return .spec }
        if let name = record.name { return .named(schema: record.schema, name: abbreviated(name)) }
        if record.kind == nil, let resource, let name = resource.name {
            return .item(schema: record.schema, article: article(record.schema), resourceSchema: resource.schema, resourceName: abbreviated(name))
        }
        return record.schema == "spec" ? .spec : .this(schema: record.schema)
    }

    /// The first and last positions inside `nodes`, leaving out `use` (where an alias
    /// node itself now stands). Nil when nothing is left or the walk budget is spent.
    private mutating func span(of nodes: [YAMLNode], excluding use: SourcePosition) -> ClosedRange<SourcePosition>? {
        var low: SourcePosition?, high: SourcePosition?
        var pending = nodes
        while let node = pending.popLast() {
            spanWalk += 1
            if spanWalk > DecodeContext.maxSpanWalk { return nil }
            if node.position != use {
                low = min(low ?? node.position, node.position)
                high = max(high ?? node.position, node.position)
            }
            switch node.content {
            case .scalar: break
            case .sequence(let items): pending += items
            case .mapping(let pairs):
                for pair in pairs { pending.append(pair.key); pending.append(pair.value) }
            }
        }
        guard let low, let high else { return nil }
        return low...high
    }

    /// The errors kept, then one line saying how many more there were, if any.
    public var reportedErrors: [YAMLError] { DecodeContext.capped(errors, suppressed: suppressed) }

    /// At most `maxErrors` of `errors`, then one line saying how many more there were
    /// (`suppressed` of them never kept).
    static func capped(_ errors: [YAMLError], suppressed: Int = 0) -> [YAMLError] {
        let limit = DecodeContext.maxErrors
        let extra = suppressed + max(0, errors.count - limit)
        guard extra > 0 else { return errors }
        var kept = Array(errors.prefix(limit))
        let last = kept.map(\.position).max { ($0.line, $0.column) < ($1.line, $1.column) } ?? .start
        kept.append(YAMLError("\(extra) more \(extra == 1 ? "error" : "errors") in this file not shown; fix these first", at: last))
        return kept
    }

    /// The scalar of `node`, or an error saying what was expected instead.
    mutating func scalar(_ node: YAMLNode, expected: String) -> YAMLScalar? {
        if case .scalar(let scalar) = node.content { return scalar }
        error("expected \(expected), found \(node.kindDescription)", at: node.position)
        return nil
    }

    /// The text of a string-like scalar (any scalar is taken as written).
    mutating func text(_ node: YAMLNode, expected: String = "a string") -> String? {
        scalar(node, expected: expected)?.text
    }
}

/// A mapping being decoded, as a note about an anchor use names it.
struct RecordInContext {
    /// What the schema calls it ("database", "listener").
    let schema: String
    let kind: ResourceKind?
    /// The mapping's pairs; while it is streamed, only those seen so far that name it.
    var pairs: [YAMLPair]
    /// False while the mapping is streamed and its end not yet reached.
    var isComplete = true
    /// The key that names the mapping (`RecordWording.namingKey`: a pack's rules are named
    /// by their `id`, as the pack's other messages name them).
    var namingKey = "name"

    /// Whether `name` is what it will be once the mapping is complete: the first `name`
    /// pair decides it, and a streamed mapping may not have reached it yet.
    var nameIsSettled: Bool {
        isComplete || pairs.contains { $0.key.scalar?.text == namingKey }
    }

    /// The mapping's name, if it has one.
    var name: String? {
        guard let pair = pairs.first(where: { $0.key.scalar?.text == namingKey }), let name = pair.value.scalar?.text,
            !name.isEmpty, !pair.value.isNull
        else { return nil }
        return name
    }

    /// The resource, as a use records it (`KIND/NAME` once asked).
    var usedResource: UsedResource? {
        guard let kind, let name else { return nil }
        return UsedResource(kind: kind, name: name)
    }
}

private struct ActiveUse {
    let owner: UseOwner
    let isMerge: Bool
    let position: SourcePosition
    var resources: [UsedResource]

    /// Worded only for an error: most uses never need it.
    var note: String { UseOwner.note(isMerge: isMerge, owner: owner) }
}

/// The closest candidate to `word`, if one is close enough to be a likely typo; among equally
/// close ones, the one sharing the longest prefix (`encryption` → `encrypted`, not
/// `description`).
///
/// Bounded, because the words come from hostile files: long words get no suggestion, a
/// candidate whose length alone rules it out costs nothing, the distance is computed only
/// within the band that matters, and at most `maxCandidates` candidates are examined.
public func closestMatch(to word: String, in candidates: some Sequence<String>, maxCandidates: Int = 2_000) -> String? {
    let word = Array(word.lowercased().unicodeScalars)
    guard !word.isEmpty, word.count <= 64 else { return nil }
    let limit = max(2, word.count / 3)
    var best: (candidate: String, distance: Int, prefix: Int)?
    for (examined, candidate) in candidates.enumerated() {
        if examined >= maxCandidates { break }
        let other = Array(candidate.lowercased().unicodeScalars)
        guard abs(other.count - word.count) <= limit,
            let distance = boundedEditDistance(word, other, limit: best.map { min(limit, $0.distance) } ?? limit)
        else { continue }
        let prefix = zip(word, other).prefix { $0 == $1 }.count
        if best == nil || distance < best!.distance || (distance == best!.distance && prefix > best!.prefix) {
            best = (candidate, distance, prefix)
        }
    }
    return best?.candidate
}

/// Levenshtein distance if it is at most `limit`, else nil; only the diagonal band of
/// width 2·limit+1 is computed.
func boundedEditDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int? {
    if abs(a.count - b.count) > limit { return nil }
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    let infinity = limit + 1
    var previous = [Int](repeating: infinity, count: b.count + 1)
    var current = previous
    for j in 0...min(b.count, limit) { previous[j] = j }
    for i in 1...a.count {
        let low = max(1, i - limit), high = min(b.count, i + limit)
        current = [Int](repeating: infinity, count: b.count + 1)
        if i <= limit { current[0] = i }
        if low > high { return nil }
        var rowMinimum = current[0]
        for j in low...high {
            let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
            current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1, infinity)
            rowMinimum = min(rowMinimum, current[j])
        }
        if rowMinimum > limit { return nil }
        swap(&previous, &current)
    }
    return previous[b.count] <= limit ? previous[b.count] : nil
}

/// User text echoed in a message, cut short: a hostile file must not make messages huge.
public func abbreviated(_ text: String, limit: Int = 80) -> String {
    guard text.count > limit else { return text }
    return String(text.prefix(limit)) + "… (\(text.utf8.count) bytes)"
}

/// "a, b or c", for messages that list choices.
func listInWords(_ items: [String]) -> String {
    switch items.count {
    case 0: return ""
    case 1: return items[0]
    default: return items.dropLast().joined(separator: ", ") + " or " + items[items.count - 1]
    }
}
