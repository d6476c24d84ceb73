import ArchlintModel

/// One kind of mapping of a format (specs, rule packs, the configuration), described without
/// the model's types: what the JSON Schema for editors (and any other description of the
/// format) is generated from, so that it cannot drift from what the reader accepts.
public struct RecordDescription: Sendable {
    /// The schema's name ("spec", "database", "listener", "NAT gateway").
    public let name: String
    /// The resource kind, when the mapping is a resource.
    public let kind: ResourceKind?
    public let fields: [FieldDescription]
    /// Attributes the rule language can read that no spec writes (a service's
    /// `minimum_task_count`).
    public let derivedKeys: [String]
}

/// One key of a mapping.
public struct FieldDescription: Sendable {
    public let key: String
    public let type: FieldType
    public let isRequired: Bool
    public let summary: String
    /// The nested mapping, when the value is one or a list of them.
    public let nested: RecordDescription?
}

extension SpecSchema {
    /// The whole format, from the top of a spec file down.
    public static var formatDescription: RecordDescription { spec.formatDescription }
}
