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
        var changes: [ResourceChange] = []
        for (headSpec, spec) in head.specs.enumerated() where !spec.isContext {
            let baseSpec = base.spec(for: spec.stackEnvironment)
            if let baseSpec, base.specs[baseSpec].isContext { continue }
            SpecPair(base: base, baseSpec: baseSpec, head: head, headSpec: headSpec).appendChanges(to: &changes)
        }
        for (baseSpec, spec) in base.specs.enumerated() where !spec.isContext && head.spec(for: spec.stackEnvironment) == nil {
            for kind in ResourceKind.allCases {
                for (_, index) in base.indices[baseSpec].names[kind] ?? [:] {
                    let address = ResourceAddress(spec: baseSpec, kind: kind, index: index)
                    changes.append(resourceChange(.removed, at: address, in: base))
                }
            }
        }
        changes.sort(by: ResourceChange.ordered)
        return changes
    }

    /// A resource added or removed as a whole, located on the side that has it.
    fileprivate static func resourceChange(_ change: ResourceChange.Kind, at address: ResourceAddress, in workspace: Workspace) -> ResourceChange {
        let spec = workspace.specs[address.spec]
        let view = workspace.view(of: address)
        return ResourceChange(
            stack: spec.stack.value, environment: spec.environment.value.rawValue,
            resource: resourceName(address.kind, view.name ?? ""), change: change,
            location: location(view.position, in: spec))
    }

    /// `KIND/NAME`, as findings name a resource.
    fileprivate static func resourceName(_ kind: ResourceKind, _ name: String) -> String {
        kind.singular + "/" + name
    }

    fileprivate static func location(_ position: SourcePosition, in spec: Spec) -> SourceLocation {
        SourceLocation(file: spec.path, line: position.line, column: position.column)
    }
}

/// The format's description of each kind's mapping (subnets' too, found inside networks'),
/// by kind's ordinal, and of a spec's own: what field types and nested mappings the
/// comparison walks by. Built once.
private enum KindDescriptions {
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
private struct SpecPair {
    let base: Workspace
    let baseSpec: Int?
    let head: Workspace
    let headSpec: Int

    func appendChanges(to changes: inout [ResourceChange]) {
        let spec = head.specs[headSpec]
        if let baseSpec {
            var comparison = RecordComparison(file: spec.path)
            comparison.compare(base.view(ofSpec: baseSpec), head.view(ofSpec: headSpec), as: KindDescriptions.spec)
            if !comparison.changes.isEmpty {
                changes.append(
                    ResourceChange(
                        stack: spec.stack.value, environment: spec.environment.value.rawValue, resource: "stack/" + spec.stack.value,
                        change: .changed, fields: comparison.changes, location: ModelDiff.location(spec.position, in: spec)))
            }
        }
        for kind in ResourceKind.allCases {
            let headNames = head.indices[headSpec].names[kind] ?? [:]
            let baseNames = baseSpec.flatMap { base.indices[$0].names[kind] } ?? [:]
            for (name, index) in headNames {
                let headAddress = ResourceAddress(spec: headSpec, kind: kind, index: index)
                guard let baseSpec, let baseIndex = baseNames[name] else {
                    changes.append(ModelDiff.resourceChange(.added, at: headAddress, in: head))
                    continue
                }
                let baseAddress = ResourceAddress(spec: baseSpec, kind: kind, index: baseIndex)
                if let change = compare(baseAddress, headAddress) { changes.append(change) }
            }
            for (name, index) in baseNames where headNames[name] == nil {
                guard let baseSpec else { continue }
                changes.append(ModelDiff.resourceChange(.removed, at: ResourceAddress(spec: baseSpec, kind: kind, index: index), in: base))
            }
        }
    }

    /// The resource's changed fields, or nil when it is the same on both sides.
    private func compare(_ baseAddress: ResourceAddress, _ headAddress: ResourceAddress) -> ResourceChange? {
        guard let description = KindDescriptions.byOrdinal[headAddress.kind.ordinal] else { return nil }
        let spec = head.specs[headSpec]
        let headView = head.view(of: headAddress)
        var comparison = RecordComparison(file: spec.path)
        comparison.compare(base.view(of: baseAddress), headView, as: description)
        var fields = comparison.changes
        if headAddress.kind == .subnet, let moved = networkChange(baseAddress, headAddress, at: headView.position) {
            // The network holds the subnet rather than the subnet naming it: it leads.
            fields.insert(moved, at: 0)
        }
        guard !fields.isEmpty else { return nil }
        return ResourceChange(
            stack: spec.stack.value, environment: spec.environment.value.rawValue,
            resource: ModelDiff.resourceName(headAddress.kind, headView.name ?? ""), change: .changed, fields: fields,
            location: ModelDiff.location(headView.position, in: spec))
    }

    /// A subnet whose network is another one in the head: its `network` changes.
    private func networkChange(_ baseAddress: ResourceAddress, _ headAddress: ResourceAddress, at position: SourcePosition) -> FieldChange? {
        func networkName(_ subnet: ResourceAddress, in workspace: Workspace) -> String {
            let network = workspace.network(holding: subnet)
            return workspace.specs[network.spec].networks[network.index].common.name.value
        }
        let old = networkName(baseAddress, in: base)
        let new = networkName(headAddress, in: head)
        guard old != new else { return nil }
        return FieldChange(
            path: ResourceKind.network.singular, old: old, new: new, location: ModelDiff.location(position, in: head.specs[headSpec]))
    }
}
