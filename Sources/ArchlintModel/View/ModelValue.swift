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

/// One mapping of the spec (a resource, or a nested item such as a listener), read lazily:
/// attributes are converted only when a rule asks for them.
public struct ModelRecord: Sendable {
    /// What the mapping is ("database", "listener"), as the schema names it.
    public let schema: String
    /// The resource kind, when the mapping is a resource.
    public let kind: ResourceKind?
    public let position: SourcePosition
    /// Keys the format allows here, in schema order.
    public let keys: [String]
    private let read: @Sendable (String) -> Located<ModelValue>?
    private let fallback: @Sendable (String) -> ModelValue?
    /// Set once the record is materialized: the written values, in schema order.
    private let converted: [(key: String, value: Located<ModelValue>)]?

    public init(schema: String, kind: ResourceKind?, position: SourcePosition, keys: [String],
                written: @escaping @Sendable (String) -> Located<ModelValue>?,
                fallback: @escaping @Sendable (String) -> ModelValue?) {
        self.schema = schema
        self.kind = kind
        self.position = position
        self.keys = keys
        self.read = written
        self.fallback = fallback
        self.converted = nil
    }

    private init(_ record: ModelRecord, converted: [(key: String, value: Located<ModelValue>)]) {
        self.schema = record.schema
        self.kind = record.kind
        self.position = record.position
        self.keys = record.keys
        self.read = { _ in nil }
        self.fallback = record.fallback
        self.converted = converted
    }

    /// The value the spec wrote for `key`, or nil when it left the key out.
    public func written(_ key: String) -> Located<ModelValue>? {
        if let converted { return converted.first { $0.key == key }?.value }
        return read(key)
    }

    /// Every value the spec wrote, with its key, in schema order.
    public var writtenValues: [(key: String, value: Located<ModelValue>)] {
        if let converted { return converted }
        return keys.compactMap { key in read(key).map { (key, $0) } }
    }

    /// The value of `key` with the format's default applied when it was left out (a
    /// boolean left out is false; `desired_count` is 1; a database's port follows its
    /// engine). Nil when the key is absent and has no default.
    public func value(_ key: String) -> Located<ModelValue>? {
        if let value = written(key) { return value }
        return fallback(key).map { Located($0, at: position) }
    }

    /// The `name` attribute, when the mapping has one.
    public var name: String? {
        if case .string(let name)? = written("name")?.value { return name }
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

extension ModelRecord {
    /// The same record with every written value converted once, up front, nested records
    /// included. A view converts a value each time a rule reads it; sixty rules read the
    /// same attributes of the same resources, so the rule engine works on this copy.
    public func materialized() -> ModelRecord {
        // Only the values the spec wrote, beside their keys (shared strings), found by
        // comparing keys: a resource writes a handful of its fields, spec keys are short
        // strings compared as two machine words, and this copy is kept for every mapping of
        // every spec while the rules run.
        if converted != nil { return self }
        let values = writtenValues.map { ($0.key, Located($0.value.value.materialized(), at: $0.value.position)) }
        return ModelRecord(self, converted: values)
    }
}

extension ModelValue {
    /// The value with every record inside it materialized.
    public func materialized() -> ModelValue {
        switch self {
        case .list(let items): return .list(items.map { Located($0.value.materialized(), at: $0.position) })
        case .record(let record): return .record(record.materialized())
        default: return self
        }
    }
}
