import ArchlintFindings
import ArchlintLoad
import ArchlintModel

/// The structural difference between two workspaces (base and head): resources matched by
/// stack, environment, kind and name, compared field by field after the format's defaults.
///
/// - Subnets are resources of their own (`subnet/NAME`, as findings and diagrams name them),
///   matched by name within their stack-environment; their network's `subnets` list is not
///   compared again. A subnet moved to another network shows as its `network` changing.
/// - A spec's own fields (`region`, `account`, `owner`, `description`) show as a change of
///   `stack/STACK`, as findings on a spec's top-level fields name it; only when the
///   stack-environment is on both sides (a new one shows as its resources added).
/// - Context specs (loaded only so references resolve) are compared on neither side.
public enum ModelDiff {
    /// Every added, removed and changed resource of the specs both sides check (context
    /// specs left out), ordered by stack, environment and resource.
    public static func changes(from base: Workspace, to head: Workspace) -> [ResourceChange] {
        let pairs = head.specs.indices.compactMap { headSpec -> SpecPair? in
            let spec = head.specs[headSpec]
            guard !spec.isContext else { return nil }
            let baseSpec = base.spec(for: spec.stackEnvironment)
            if let baseSpec, base.specs[baseSpec].isContext { return nil }
            return SpecPair(base: base, baseSpec: baseSpec, head: head, headSpec: headSpec)
        }
        // Stack-environments are independent of each other: compared on every core.
        var changes = pairs.concurrentMap { $0.changes() }.flatMap { $0 }
        for (baseSpec, spec) in base.specs.enumerated() where !spec.isContext && head.spec(for: spec.stackEnvironment) == nil {
            let file = SpecFile(spec)
            for kind in ResourceKind.allCases {
                for (_, index) in base.indices[baseSpec].names[kind] ?? [:] {
                    changes.append(file.whole(.removed, base.view(of: ResourceAddress(spec: baseSpec, kind: kind, index: index))))
                }
            }
        }
        changes.sort(by: ResourceChange.ordered)
        return changes
    }
}

/// What every change found in one spec file says about where it is, read once per file
/// (a `Spec` read out of the workspace's list is a copy of all its lists).
private struct SpecFile: Sendable {
    let path: String
    let stack: String
    let environment: String

    init(_ spec: Spec) {
        path = spec.path
        stack = spec.stack.value
        environment = spec.environment.value.rawValue
    }

    func location(_ position: SourcePosition) -> SourceLocation {
        SourceLocation(file: path, line: position.line, column: position.column)
    }

    /// A resource added or removed as a whole, located in this file.
    func whole(_ change: ResourceChange.Kind, _ resource: ModelRecord) -> ResourceChange {
        ResourceChange(
            stack: stack, environment: environment, resource: Self.resourceName(resource), change: change,
            location: location(resource.position))
    }

    func changed(_ resource: String, _ fields: [FieldChange], at position: SourcePosition) -> ResourceChange {
        ResourceChange(stack: stack, environment: environment, resource: resource, change: .changed, fields: fields, location: location(position))
    }

    /// `KIND/NAME`, as findings name a resource.
    static func resourceName(_ resource: ModelRecord) -> String {
        (resource.kind?.singular ?? resource.schema) + "/" + (resource.name ?? "")
    }
}

/// The format's description of each kind's mapping (subnets' too, found inside networks'),
/// by kind's ordinal, and of a spec's own: what field types and nested mappings the
/// comparison walks by. Built once.
enum KindDescriptions {
    static let spec = SpecSchema.formatDescription
    static let byOrdinal: [RecordDescription?] = ResourceKind.allCases.map { find($0, in: spec) }

    private static func find(_ kind: ResourceKind, in description: RecordDescription) -> RecordDescription? {
        for field in description.fields {
            guard let nested = field.nested, nested.kind != nil else { continue }
            if nested.kind == kind { return nested }
            if let found = find(kind, in: nested) { return found }
        }
        return nil
    }
}

/// One stack-environment on both sides (or only in the head).
private struct SpecPair: Sendable {
    let base: Workspace
    let baseSpec: Int?
    let head: Workspace
    let headSpec: Int

    func changes() -> [ResourceChange] {
        let headSpecValue = head.specs[headSpec]
        let file = SpecFile(headSpecValue)
        let baseFile = baseSpec.map { SpecFile(base.specs[$0]) }
        var changes: [ResourceChange] = []
        if let baseSpec {
            // A file the change did not touch reads into the same model (but for its path,
            // when the sides are two folders): nothing in it can differ. Most files of a
            // pull request are such, and comparing the typed model is far quicker than
            // walking its views.
            var unchanged = base.specs[baseSpec]
            unchanged.path = headSpecValue.path
            if unchanged == headSpecValue { return [] }
            var comparison = RecordComparison(file: file.path)
            comparison.compare(base.view(ofSpec: baseSpec), head.view(ofSpec: headSpec), as: KindDescriptions.spec)
            if !comparison.changes.isEmpty {
                changes.append(file.changed("stack/" + file.stack, comparison.changes, at: headSpecValue.position))
            }
        }
        for kind in ResourceKind.allCases {
            let headNames = head.indices[headSpec].names[kind] ?? [:]
            let baseNames = baseSpec.flatMap { base.indices[$0].names[kind] } ?? [:]
            for (name, index) in headNames {
                let headAddress = ResourceAddress(spec: headSpec, kind: kind, index: index)
                guard let baseSpec, let baseIndex = baseNames[name] else {
                    changes.append(file.whole(.added, head.view(of: headAddress)))
                    continue
                }
                let baseAddress = ResourceAddress(spec: baseSpec, kind: kind, index: baseIndex)
                if let change = compare(baseAddress, headAddress, in: file) { changes.append(change) }
            }
            guard let baseSpec, let baseFile else { continue }
            for (name, index) in baseNames where headNames[name] == nil {
                changes.append(baseFile.whole(.removed, base.view(of: ResourceAddress(spec: baseSpec, kind: kind, index: index))))
            }
        }
        return changes
    }

    /// The resource's changed fields, or nil when it is the same on both sides.
    private func compare(_ baseAddress: ResourceAddress, _ headAddress: ResourceAddress, in file: SpecFile) -> ResourceChange? {
        guard let description = KindDescriptions.byOrdinal[headAddress.kind.ordinal] else { return nil }
        let headView = head.view(of: headAddress)
        var comparison = RecordComparison(file: file.path)
        comparison.compare(base.view(of: baseAddress), headView, as: description)
        var fields = comparison.changes
        if headAddress.kind == .subnet, let moved = networkChange(baseAddress, headAddress, at: file.location(headView.position)) {
            // The network holds the subnet rather than the subnet naming it: it leads.
            fields.insert(moved, at: 0)
        }
        guard !fields.isEmpty else { return nil }
        return file.changed(SpecFile.resourceName(headView), fields, at: headView.position)
    }

    /// A subnet whose network is another one in the head: its `network` changes.
    private func networkChange(_ baseAddress: ResourceAddress, _ headAddress: ResourceAddress, at location: SourceLocation) -> FieldChange? {
        func networkName(_ subnet: ResourceAddress, in workspace: Workspace) -> String? {
            workspace.view(of: workspace.network(holding: subnet)).name
        }
        let old = networkName(baseAddress, in: base)
        let new = networkName(headAddress, in: head)
        guard old != new else { return nil }
        return FieldChange(path: ResourceKind.network.singular, old: old, new: new, location: location)
    }
}
