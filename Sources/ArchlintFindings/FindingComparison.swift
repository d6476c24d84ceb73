/// How the findings of two runs (base and head) correspond, by the baseline's line-free key:
/// rule, stack, environment, resource, and the occurrence number on that resource (the n-th
/// finding of a rule on a resource, in `check`'s order). Lines move with every edit above a
/// resource; this key does not.
public struct FindingComparison: Sendable {
    /// In the head only.
    public var new: [Finding] = []
    /// In both, more severe in the head.
    public var escalated: [EscalatedFinding] = []
    /// In the base only (located in the base).
    public var fixed: [Finding] = []
    /// In both, as severe or less in the head (the head's finding).
    public var unchanged: [Finding] = []

    /// Compares two runs' findings; each list keeps `check`'s order.
    public init(base: [Finding], head: [Finding]) {
        let baseByKey = Dictionary(Self.keyed(base).map { ($0.key, $0.finding) }, uniquingKeysWith: { first, _ in first })
        var matched = Set<Key>()
        for (key, finding) in Self.keyed(head) {
            guard let previous = baseByKey[key] else {
                new.append(finding)
                continue
            }
            matched.insert(key)
            if finding.severity > previous.severity {
                escalated.append(EscalatedFinding(finding: finding, previousSeverity: previous.severity))
            } else {
                unchanged.append(finding)
            }
        }
        fixed = Self.keyed(base).filter { !matched.contains($0.key) }.map(\.finding)
    }

    struct Key: Hashable {
        let rule: String
        let stack: String
        let environment: String
        let resource: String
        let occurrence: Int
    }

    /// Each finding with its key, in `check`'s order (which numbers the occurrences).
    static func keyed(_ findings: [Finding]) -> [(key: Key, finding: Finding)] {
        var seen: [Key: Int] = [:]
        return findings.sorted(by: Finding.ordered).map { finding in
            let first = Key(rule: finding.rule, stack: finding.stack, environment: finding.environment, resource: finding.resource, occurrence: 0)
            let occurrence = (seen[first] ?? 0) + 1
            seen[first] = occurrence
            return (
                Key(rule: finding.rule, stack: finding.stack, environment: finding.environment, resource: finding.resource, occurrence: occurrence),
                finding
            )
        }
    }
}
