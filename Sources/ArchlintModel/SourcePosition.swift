/// A 1-based line and column inside one spec file.
///
/// The file itself is not stored here: every node and model value belongs to exactly one
/// `SpecFile`, which knows its path. Lines and columns are kept in 32 bits each, so a
/// position is one machine word: the model holds one beside nearly every value, and two
/// words each were a sixth of its memory. Files are far below 4 G lines or columns
/// (`LoadLimits`); a larger number would be clamped, never wrapped.
/// Columns count Unicode scalars, as libyaml's marks do.
public struct SourcePosition: Hashable, Comparable, Sendable, CustomStringConvertible {
    private var storedLine: UInt32
    private var storedColumn: UInt32

    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = UInt32(clamping: newValue) }
    }

    public var column: Int {
        get { Int(storedColumn) }
        set { storedColumn = UInt32(clamping: newValue) }
    }

    public init(line: Int, column: Int) {
        self.storedLine = UInt32(clamping: line)
        self.storedColumn = UInt32(clamping: column)
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
///
/// Recorded for every use while decoding and read only for the few findings it annotates,
/// so it keeps the pieces of its note rather than the words: no string is made per use.
public struct ValueUse: Hashable, Sendable {
    /// The first and last positions of the value as written under the anchor.
    public var span: ClosedRange<SourcePosition>
    /// The resources whose values came through this use.
    public var resources: [UsedResource]
    /// What the value was merged into or used in.
    public var owner: UseOwner
    /// A merge key (`<<: *defaults`) rather than an alias (`*defaults`).
    public var isMerge: Bool
    /// Where the alias or merge key is written.
    public var position: SourcePosition

    public init(
        span: ClosedRange<SourcePosition>, resources: [UsedResource], owner: UseOwner, isMerge: Bool,
        at position: SourcePosition
    ) {
        self.span = span
        self.resources = resources
        self.owner = owner
        self.isMerge = isMerge
        self.position = position
    }

    /// What happened, in words that read after the value: "merged into database 'db'".
    public var note: String { UseOwner.note(isMerge: isMerge, owner: owner) }
}

/// A resource a used value went into, as findings name it (`KIND/NAME`) once asked.
public struct UsedResource: Hashable, Sendable {
    public var kind: ResourceKind
    public var name: String

    public init(kind: ResourceKind, name: String) {
        self.kind = kind
        self.name = name
    }

    /// `KIND/NAME`.
    public var id: String { "\(kind.singular)/\(name)" }
}

/// The mapping a used value went into, as a note names it. Names are kept as the note shows
/// them (already shortened).
public enum UseOwner: Hashable, Sendable {
    /// The spec's own top level.
    case spec
    /// A named mapping: "database 'db'".
    case named(schema: String, name: String)
    /// An unnamed item of a named resource: "a listener of load balancer 'lb'".
    case item(schema: String, article: String, resourceSchema: String, resourceName: String)
    /// Any other mapping: "this listener".
    case this(schema: String)

    public var description: String {
        switch self {
        case .spec: return "the spec"
        case .named(let schema, let name): return "\(schema) '\(name)'"
        case .item(let schema, let article, let resourceSchema, let resourceName):
            return "\(article) \(schema) of \(resourceSchema) '\(resourceName)'"
        case .this(let schema): return "this \(schema)"
        }
    }

    /// "merged into OWNER" for a merge key, "used in OWNER" for an alias.
    public static func note(isMerge: Bool, owner: UseOwner) -> String {
        (isMerge ? "merged into " : "used in ") + owner.description
    }
}
