/// A 1-based line and column inside one spec file.
///
/// The file itself is not stored here: every node and model value belongs to exactly one
/// `SpecFile`, which knows its path, so positions stay two machine words.
/// Columns count Unicode scalars, as libyaml's marks do.
public struct SourcePosition: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The start of a file; used for errors about a file as a whole (empty, unreadable).
    public static let start = SourcePosition(line: 1, column: 1)

    public static func < (a: SourcePosition, b: SourcePosition) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// A value together with the position of the YAML node it was read from.
public struct Located<Value> {
    public var value: Value
    public var position: SourcePosition

    public init(_ value: Value, at position: SourcePosition) {
        self.value = value
        self.position = position
    }
}

extension Located: Equatable where Value: Equatable {}
extension Located: Hashable where Value: Hashable {}
extension Located: Sendable where Value: Sendable {}

/// A value written once under a YAML anchor (`&defaults`) and used elsewhere through an
/// alias or a merge key. Values keep the anchor's positions, so a finding on one lands at
/// the anchor; this says where it was used, so the finding can say so too.
public struct ValueUse: Hashable, Sendable {
    /// The first and last positions of the value as written under the anchor.
    public var span: ClosedRange<SourcePosition>
    /// The resources (`KIND/NAME`) whose values came through this use.
    public var resources: [String]
    /// What happened, in words that read after the value: "merged into database 'db'".
    public var note: String
    /// Where the alias or merge key is written.
    public var position: SourcePosition

    public init(span: ClosedRange<SourcePosition>, resources: [String], note: String, at position: SourcePosition) {
        self.span = span
        self.resources = resources
        self.note = note
        self.position = position
    }
}
