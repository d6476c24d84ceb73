import ArchlintModel

/// A resource of a spec by kind and name (names are unique within a kind).
public struct ResourceKey: Hashable, Sendable, Comparable {
    public var kind: ResourceKind
    public var name: String

    public init(_ kind: ResourceKind, _ name: String) {
        self.kind = kind
        self.name = name
    }

    public static func < (a: ResourceKey, b: ResourceKey) -> Bool { (a.kind, a.name) < (b.kind, b.name) }
}

/// What a written resource carries beside its fields: where it came from (`x-` keys, which
/// the loader ignores) and comments.
public struct ResourceAnnotation: Hashable, Sendable {
    /// The Terraform address it was imported from (`x-terraform`).
    public var address: String?
    /// Addresses of other Terraform resources folded into it (`x-terraform-merged`): its
    /// rules, listeners, attachments.
    public var merged: [String] = []
    /// Comment lines, without the `# `.
    public var notes: [String] = []

    public init() {}
}

/// Everything the spec writer adds to a model: a comment block at the top, and each
/// resource's annotation.
public struct SpecAnnotations: Sendable {
    /// Comment lines at the top of the file, without the `# `.
    public var header: [String] = []
    public var resources: [ResourceKey: ResourceAnnotation] = [:]

    public init() {}

    public subscript(key: ResourceKey) -> ResourceAnnotation {
        get { resources[key] ?? ResourceAnnotation() }
        set { resources[key] = newValue }
    }
}
