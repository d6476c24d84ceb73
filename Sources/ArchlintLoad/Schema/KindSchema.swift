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
    /// Each resource of this kind in a spec, as the rule language sees it, in file order.
    public let views: @Sendable (Spec) -> [ModelRecord]

    init<R: TopLevelResource>(_ schema: RecordSchema<R>, _ summary: String) {
        guard let list = R.kind.specList else { preconditionFailure("\(R.kind) has no list of its own") }
        self.list = list
        self.field = Field(list.key, R.specList, .list(.record(schema)), summary)
        self.views = { spec in R.all(in: spec).map(schema.view) }
    }
}
