import ArchlintModel

/// One reference a spec makes: who makes it, to what kind, and by which name.
public struct ReferenceSite: Hashable, Sendable {
    public var owner: ReferenceOwner
    public var kind: ResourceKind
    public var reference: Reference

    public init(owner: ReferenceOwner, kind: ResourceKind, reference: Reference) {
        self.owner = owner
        self.kind = kind
        self.reference = reference
    }

    /// A reference to a secret: by name, wherever the `#key` part points.
    public init(owner: ReferenceOwner, secret: SecretReference) {
        self.init(owner: owner, kind: .secret, reference: Reference(secret.name, at: secret.position))
    }
}

/// The named mapping a reference is made by, for messages: "service 'api'".
public struct ReferenceOwner: Hashable, Sendable, CustomStringConvertible {
    /// Its schema's name ("service", "NAT gateway").
    public var schema: String
    public var name: String

    public init(schema: String, name: String) {
        self.schema = schema
        self.name = name
    }

    public var description: String { "\(schema) '\(name)'" }
}

/// Appends the references a value holds to a list of sites, made by an owner.
typealias ReferenceWalk<Value> = @Sendable (Value, ReferenceOwner, inout [ReferenceSite]) -> Void

extension Spec {
    /// Every plain, `sg:` and `secret:` reference in the spec, in file order of owners:
    /// found through the schema, in every field typed as a reference.
    public var referenceSites: [ReferenceSite] {
        var sites: [ReferenceSite] = []
        SpecSchema.spec.collectReferences(in: self, owner: ReferenceOwner(schema: "stack", name: stack.value), into: &sites)
        return sites
    }
}
