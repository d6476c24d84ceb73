import Foundation

/// Findings accepted as they are today, so that a gate can be turned on for an existing
/// stack and fail only on new problems. Entries are keyed by rule, stack, environment and
/// resource — never by line — so edits that move lines keep matching.
public struct Baseline: Codable, Sendable, Equatable {
    public struct Entry: Codable, Sendable, Hashable, Comparable {
        public var rule: String
        public var stack: String
        public var environment: String
        public var resource: String
        /// How many findings of this rule this resource had.
        public var count: Int

        public static func < (a: Entry, b: Entry) -> Bool {
            (a.stack, a.environment, a.resource, a.rule) < (b.stack, b.environment, b.resource, b.rule)
        }

        var key: String { "\(rule)\u{0}\(stack)\u{0}\(environment)\u{0}\(resource)" }
    }

    public var archlint: String
    public var entries: [Entry]

    /// The baseline of `findings`: every finding not already waived.
    public init(recording findings: [Finding]) {
        var counts: [String: Entry] = [:]
        for finding in findings where !finding.isWaived {
            let entry = Entry(rule: finding.rule, stack: finding.stack, environment: finding.environment, resource: finding.resource, count: 1)
            counts[entry.key, default: Entry(rule: entry.rule, stack: entry.stack, environment: entry.environment, resource: entry.resource, count: 0)].count += 1
        }
        archlint = ArchlintVersion.current
        entries = counts.values.sorted()
    }

    /// The file's bytes: sorted keys, one entry per line of the array, same findings same bytes.
    public func encoded() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self) + "\n"
    }

    /// Reads a baseline file's bytes, or says why it cannot.
    public static func decode(_ data: Data) -> Result<Baseline, BaselineError> {
        do {
            return .success(try JSONDecoder().decode(Baseline.self, from: data))
        } catch DecodingError.keyNotFound(let key, _) {
            return .failure(BaselineError("not an archlint baseline: missing '\(key.stringValue)'"))
        } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context) {
            return .failure(BaselineError("not an archlint baseline: wrong type at \(context.codingPath.map(\.stringValue).joined(separator: "."))"))
        } catch {
            return .failure(BaselineError("not an archlint baseline: not valid JSON"))
        }
    }

    /// Marks findings the baseline holds as accepted (`waiver.source: baseline`), up to each
    /// entry's count, and returns the entries nothing matched any more (stale).
    public func apply(to findings: inout [Finding]) -> [Entry] {
        var remaining = Dictionary(entries.map { ($0.key, $0.count) }, uniquingKeysWith: +)
        for index in findings.indices where !findings[index].isWaived {
            let finding = findings[index]
            let key = Entry(rule: finding.rule, stack: finding.stack, environment: finding.environment, resource: finding.resource, count: 0).key
            guard let left = remaining[key], left > 0 else { continue }
            remaining[key] = left - 1
            findings[index].waiver = WaiverNote(reason: "in baseline", expires: nil, source: .baseline)
        }
        return entries.filter { remaining[$0.key] == $0.count }
    }
}

public struct BaselineError: Error, Sendable {
    public let message: String
    init(_ message: String) { self.message = message }
}
