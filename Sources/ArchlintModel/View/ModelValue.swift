/// The model as the rule language sees it: every value of a spec, by the key the spec
/// format gives it, with its source position. Built from the typed model through the
/// schema tables, so rule packs use exactly the vocabulary users write in specs.
public indirect enum ModelValue: Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case number(Double)
    case string(String)
    case cidr(CIDR)
    case ports(PortRange)
    /// The name of another resource, resolved when a rule follows it (`->`).
    case reference(ResourceKind, String)
    case list([Located<ModelValue>])
    case record(ModelRecord)

    /// The value as a user would write it: for comparisons with literals and for messages.
    public var text: String {
        switch self {
        case .null: return ""
        case .bool(let value): return value ? "true" : "false"
        case .int(let value): return String(value)
        case .number(let value): return value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
        case .string(let value): return value
        case .cidr(let value): return value.description
        case .ports(let value): return value.description
        case .reference(_, let name): return name
        case .list(let items): return items.map(\.value.text).joined(separator: ", ")
        case .record(let record): return record.name ?? record.schema
        }
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

/// One mapping of the spec (a resource, or a nested item such as a listener), read where it
/// is: each attribute is converted from the typed model when a rule reads it, through the
/// slot its key has in the mapping's layout. Nothing is copied or kept.
public struct ModelRecord: Sendable {
    public let layout: RecordLayout
    public let position: SourcePosition
    /// The value written in a field's slot (nil: left out).
    private let read: @Sendable (Int) -> Located<ModelValue>?
    /// The value a slot stands for when the spec writes none: a field's default, or a
    /// computed attribute.
    private let fallback: @Sendable (Int) -> ModelValue?

    public init(
        layout: RecordLayout, position: SourcePosition,
        written: @escaping @Sendable (Int) -> Located<ModelValue>?,
        fallback: @escaping @Sendable (Int) -> ModelValue?
    ) {
        self.layout = layout
        self.position = position
        self.read = written
        self.fallback = fallback
    }

    /// What the mapping is ("database", "listener"), as the schema names it.
    public var schema: String { layout.schema }
    /// The resource kind, when the mapping is a resource.
    public var kind: ResourceKind? { layout.kind }

    /// The value the spec wrote for `key`, or nil when it left the key out.
    public func written(_ key: AttributeKey) -> Located<ModelValue>? {
        guard let slot = layout.slot(key), slot < layout.writtenCount else { return nil }
        return read(slot)
    }

    /// Every value the spec wrote, with its key, in schema order.
    public var writtenValues: [(key: AttributeKey, value: Located<ModelValue>)] {
        (0..<layout.writtenCount).compactMap { slot in read(slot).map { (layout.keys[slot], $0) } }
    }

    /// The values the spec wrote that can hold free text, with their keys, in schema order:
    /// `writtenValues` without the fields whose type cannot (numbers, booleans, CIDRs,
    /// ports, references), which would be converted only to be skipped.
    public var writtenTextValues: [(key: AttributeKey, value: Located<ModelValue>)] {
        layout.textSlots.compactMap { slot in read(slot).map { (layout.keys[slot], $0) } }
    }

    /// The value of `key` with the format's default applied when it was left out (a
    /// boolean left out is false; `desired_count` is 1; a database's port follows its
    /// engine), or computed. Nil when the key is absent and has no default.
    public func value(_ key: AttributeKey) -> Located<ModelValue>? {
        guard let slot = layout.slot(key) else { return nil }
        if slot < layout.writtenCount, let value = read(slot) { return value }
        return fallback(slot).map { Located($0, at: position) }
    }

    /// The `name` attribute, when the mapping has one.
    public var name: String? {
        if case .string(let name)? = written(.name)?.value { return name }
        return nil
    }
}

/// A value of the model that knows where its mapping starts in the spec.
public protocol Positioned {
    var position: SourcePosition { get }
}

extension Spec: Positioned {}
extension Network: Positioned {}
extension Subnet: Positioned {}
extension NatGateway: Positioned {}
extension SecurityGroup: Positioned {}
extension SecurityGroupRule: Positioned {}
extension LoadBalancer: Positioned {}
extension Listener: Positioned {}
extension ListenerRoute: Positioned {}
extension Cluster: Positioned {}
extension ClusterCapacity: Positioned {}
extension Autoscaling: Positioned {}
extension Service: Positioned {}
extension Function: Positioned {}
extension Instance: Positioned {}
extension Throttle: Positioned {}
extension ApiRoute: Positioned {}
extension Api: Positioned {}
extension Database: Positioned {}
extension ServerlessCapacity: Positioned {}
extension Cache: Positioned {}
extension Bucket: Positioned {}
extension LifecycleRule: Positioned {}
extension LogGroup: Positioned {}
extension Queue: Positioned {}
extension Topic: Positioned {}
extension Registry: Positioned {}
extension Secret: Positioned {}
extension PolicyStatement: Positioned {}
extension Role: Positioned {}
extension User: Positioned {}
extension PasswordPolicy: Positioned {}
extension UserPool: Positioned {}
extension Frontend: Positioned {}
extension DnsZone: Positioned {}
extension DnsRecord: Positioned {}
extension External: Positioned {}
extension Waiver: Positioned {}
