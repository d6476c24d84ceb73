import ArchlintModel

/// One top-level kind of the format: its entry in the model's kind table, and its record
/// schema with its type erased, so that the spec's list fields and the rule language's
/// views of every kind come from one list.
public struct KindSchema: Sendable {
    /// The model's entry: the kind, its `Spec` list, its key.
    public let list: SpecList
    public var kind: ResourceKind { list.kind }
    /// The spec's key listing resources of this kind.
    let field: Field<Spec>
    /// The resource at an index of a spec's list, as the rule language sees it.
    let view: @Sendable (Spec, Int) -> ModelRecord
    /// Appends the references the resource at an index of a spec's list makes, anywhere in
    /// its mapping (a network's subnets and NAT gateways included).
    let references: @Sendable (Spec, Int, inout [ReferenceSite]) -> Void

    init<R: TopLevelResource>(_ schema: RecordSchema<R>, _ summary: String) {
        guard let list = R.kind.specList else { preconditionFailure("\(R.kind) has no list of its own") }
        self.list = list
        self.field = Field(list.key, R.specList, .list(.record(schema)), summary)
        self.view = { spec, index in schema.view(R.all(in: spec)[index]) }
        self.references = { spec, index, sites in
            schema.collectReferences(in: R.all(in: spec)[index], owner: ReferenceOwner(schema: schema.name, name: ""), into: &sites)
        }
    }
}

/// The model as the rule language reads it: views made from the typed resources when a
/// rule reads them, never kept.
extension Workspace {
    /// The resource at `address` as the rule language sees it.
    public func view(of address: ResourceAddress) -> ModelRecord {
        guard let view = SpecSchema.viewByOrdinal[address.kind.ordinal] else { return SpecSchema.subnet.view(subnet(at: address)) }
        // Through the buffer's address: subscripting the array copied the whole spec (every
        // list retained and released) to make one resource's view.
        return specs.withUnsafeBufferPointer { view($0[address.spec], address.index) }
    }

    /// The spec's own mapping (its stack, environment, owner…) as the rule language sees it.
    public func view(ofSpec spec: Int) -> ModelRecord {
        SpecSchema.spec.view(specs[spec])
    }

    /// Every reference written anywhere in the mapping of the resource at `address`, as the
    /// kind and name it names, in the order the schema walks them.
    public func references(in address: ResourceAddress) -> [(kind: ResourceKind, name: String)] {
        var sites: [ReferenceSite] = []
        if let references = SpecSchema.referencesByOrdinal[address.kind.ordinal] {
            references(specs[address.spec], address.index, &sites)
        } else {
            SpecSchema.subnet.collectReferences(in: subnet(at: address), owner: ReferenceOwner(schema: "subnet", name: ""), into: &sites)
        }
        return sites.map { ($0.kind, $0.reference.name) }
    }
}
