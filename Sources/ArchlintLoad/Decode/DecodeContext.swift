import ArchlintModel

/// Collects the shape errors of one file while it is decoded, so that a user sees all of
/// them at once rather than one per run.
public struct DecodeContext {
    public private(set) var errors: [YAMLError] = []

    public init() {}

    public mutating func error(_ message: String, at position: SourcePosition) {
        errors.append(YAMLError(message, at: position))
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

/// The closest candidate to `word`, if one is close enough to be a likely typo.
public func closestMatch(to word: String, in candidates: some Sequence<String>) -> String? {
    let limit = max(2, word.count / 3)
    var best: (String, Int)?
    for candidate in candidates {
        let distance = editDistance(word.lowercased(), candidate.lowercased())
        if distance <= limit, distance < (best?.1 ?? Int.max) { best = (candidate, distance) }
    }
    return best?.0
}

/// Levenshtein distance over Unicode scalars.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}

/// "a, b or c", for messages that list choices.
func listInWords(_ items: [String]) -> String {
    switch items.count {
    case 0: return ""
    case 1: return items[0]
    default: return items.dropLast().joined(separator: ", ") + " or " + items[items.count - 1]
    }
}
