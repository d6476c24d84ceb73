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

    public init() {}

    public mutating func error(_ message: String, at position: SourcePosition) {
        guard errors.count < DecodeContext.maxErrors else {
            suppressed += 1
            return
        }
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
              let distance = boundedEditDistance(word, other, limit: best.map { min(limit, $0.distance) } ?? limit) else { continue }
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
