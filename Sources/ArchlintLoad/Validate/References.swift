import ArchlintModel

/// One reference a spec makes: who makes it, to what kind, and by which name.
struct ReferenceSite: Hashable {
    var owner: ReferenceOwner
    var kind: ResourceKind
    var reference: Reference

    init(owner: ReferenceOwner, kind: ResourceKind, reference: Reference) {
        self.owner = owner
        self.kind = kind
        self.reference = reference
    }

    /// A reference to a secret: by name, wherever the `#key` part points.
    init(owner: ReferenceOwner, secret: SecretReference) {
        self.init(owner: owner, kind: .secret, reference: Reference(secret.name, at: secret.position))
    }
}

/// The named mapping a reference is made by, for messages: "service 'api'".
struct ReferenceOwner: Hashable, CustomStringConvertible {
    /// Its schema's name ("service", "NAT gateway").
    var schema: String
    var name: String

    var description: String { "\(schema) '\(name)'" }
}

/// Appends the references a value holds to a list of sites, made by an owner.
typealias ReferenceWalk<Value> = @Sendable (Value, ReferenceOwner, inout [ReferenceSite]) -> Void

extension Spec {
    /// Every plain, `sg:` and `secret:` reference in the spec, in file order of owners:
    /// found through the schema, in every field typed as a reference.
    var referenceSites: [ReferenceSite] {
        var sites: [ReferenceSite] = []
        SpecSchema.spec.collectReferences(in: self, owner: ReferenceOwner(schema: "stack", name: stack.value), into: &sites)
        return sites
    }
}
