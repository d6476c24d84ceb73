import ArchlintLoad
import ArchlintModel

/// A resource as rules see it: where it is (its `ResourceAddress`, for typed access through
/// the workspace), its kind, name and view, and the mapping that holds it (a subnet's
/// network). A class: handles are passed around and stored in indexes by the hundred
/// thousand, and copying one is then a single reference count.
///
/// Built-in checks and diagrams read the resource through `address` (typed); only the
/// condition language reads `record` and `holder`, the views, until it is compiled.
public final class ResourceHandle: Sendable {
    public let address: ResourceAddress
    public var spec: Int { address.spec }
    public var kind: ResourceKind { address.kind }
    public let record: ModelRecord
    /// The holder's view, for resources nested in others (subnets in networks).
    public let holder: ModelRecord?
    public let name: String
    public let stackEnvironment: StackEnvironment

    init(address: ResourceAddress, record: ModelRecord, holder: ModelRecord?, name: String,
         stackEnvironment: StackEnvironment) {
        self.address = address
        self.record = record
        self.holder = holder
        self.name = name
        self.stackEnvironment = stackEnvironment
    }

    /// `KIND/NAME`.
    public var id: String { "\(kind.singular)/\(name)" }
}

/// Identifies one resource across the workspace.
public struct ResourceKey: Hashable, Sendable {
    public let spec: Int
    public let kind: ResourceKind
    public let name: String
}

/// Every resource of every loaded spec as a rule-language view, with names resolved the way
/// the format resolves them and a reverse index of references. Built once per run.
public final class ModelIndex: Sendable {
    public let workspace: Workspace
    /// Each spec's top-level view.
    public let specViews: [ModelRecord]
    /// Resources by spec, in file order, all kinds (subnets after their network).
    public let resources: [[ResourceHandle]]
    private let byName: [ResourceKey: ResourceHandle]
    /// Resources by spec and kind, so a rule selecting one kind does not scan all of them.
    private let byKind: [[ResourceKind: [ResourceHandle]]]
    private let referrersByTarget: [ResourceKey: [ResourceHandle]]

    public init(workspace: Workspace) {
        self.workspace = workspace
        // Every resource of every spec, in file order (kinds in the format's order): views
        // that convert nothing yet.
        let roots = workspace.specs.map { SpecSchema.spec.view($0) }
        // Each with its address: its place in its kind's list, and for a network the number
        // of its first subnet (subnets are numbered across the networks of a spec).
        var items: [(address: ResourceAddress, firstSubnet: Int, record: ModelRecord)] = []
        for (specIndex, spec) in workspace.specs.enumerated() {
            for kind in SpecSchema.kinds {
                for (offset, record) in kind.views(spec).enumerated() {
                    let address = ResourceAddress(spec: specIndex, kind: kind.kind, index: offset)
                    let firstSubnet = kind.kind == .network ? workspace.indices[specIndex].firstSubnet[offset] : 0
                    items.append((address, firstSubnet, record))
                }
            }
        }

        // Each resource converted once, and the references it makes resolved, across every
        // core — per resource rather than per spec, so one large file uses them all too.
        let converted = items.concurrentMap { item -> [(handle: ResourceHandle, targets: [ResourceKey])] in
            let record = item.record.materialized()
            let stackEnvironment = workspace.specs[item.address.spec].stackEnvironment
            var handles = [ResourceHandle(address: item.address, record: record, holder: nil,
                                          name: record.name ?? "", stackEnvironment: stackEnvironment)]
            if item.address.kind == .network {
                for (offset, subnetItem) in (record.value("subnets")?.value.listItems ?? []).enumerated() {
                    guard case .record(let subnet) = subnetItem.value else { continue }
                    let address = ResourceAddress(spec: item.address.spec, kind: .subnet, index: item.firstSubnet + offset)
                    handles.append(ResourceHandle(address: address, record: subnet, holder: record,
                                                  name: subnet.name ?? "", stackEnvironment: stackEnvironment))
                }
            }
            return handles.map { handle in
                var targets: [ResourceKey] = []
                var seen = Set<ResourceKey>()
                let own = ResourceKey(spec: handle.spec, kind: handle.kind, name: handle.name)
                ModelIndex.forEachReference(in: .record(handle.record)) { kind, name in
                    guard let target = workspace.resolve(name, kind: kind, from: handle.spec) else { return }
                    let key = ResourceKey(spec: target.spec, kind: kind, name: name)
                    if key != own, seen.insert(key).inserted { targets.append(key) }
                }
                return (handle, targets)
            }
        }

        var resources = [[ResourceHandle]](repeating: [], count: workspace.specs.count)
        var byName: [ResourceKey: ResourceHandle] = [:]
        var referrers: [ResourceKey: [ResourceHandle]] = [:]
        for group in converted {
            for (handle, targets) in group {
                resources[handle.spec].append(handle)
                let key = ResourceKey(spec: handle.spec, kind: handle.kind, name: handle.name)
                if byName[key] == nil { byName[key] = handle }
                for target in targets { referrers[target, default: []].append(handle) }
            }
        }
        // The file's own fields are read by few rules: its view stays lazy.
        self.specViews = roots
        self.resources = resources
        self.byName = byName
        self.byKind = resources.map { Dictionary(grouping: $0, by: \.kind) }
        self.referrersByTarget = referrers
    }

    /// Resources of `kind` in `spec`, in file order.
    public func resources(of kind: ResourceKind, in spec: Int) -> [ResourceHandle] {
        byKind[spec][kind] ?? []
    }

    /// The resource a plain reference made from `spec` names: in the same stack-environment,
    /// then in the stack's `shared` one.
    public func resolve(_ name: String, kind: ResourceKind, from spec: Int) -> ResourceHandle? {
        guard let address = workspace.resolve(name, kind: kind, from: spec) else { return nil }
        return byName[ResourceKey(spec: address.spec, kind: kind, name: name)]
    }

    /// Resources that refer to `handle` (any spec of the workspace), in spec and file order.
    public func referrers(of handle: ResourceHandle, kind: ResourceKind? = nil) -> [ResourceHandle] {
        let all = referrersByTarget[ResourceKey(spec: handle.spec, kind: handle.kind, name: handle.name)] ?? []
        guard let kind else { return all }
        return all.filter { $0.kind == kind }
    }

    public func handle(for key: ResourceKey) -> ResourceHandle? { byName[key] }

    /// The environment a spec is judged as: `shared` counts as `production`.
    public func judgedEnvironment(of spec: Int) -> Environment {
        workspace.specs[spec].environment.value.judgedAs
    }

    /// Calls `body` for every reference inside `value`, depth first.
    static func forEachReference(in value: ModelValue, _ body: (ResourceKind, String) -> Void) {
        switch value {
        case .reference(let kind, let name): body(kind, name)
        case .list(let items): for item in items { forEachReference(in: item.value, body) }
        case .record(let record):
            for (_, written) in record.writtenValues { forEachReference(in: written.value, body) }
        default: break
        }
    }
}

extension ModelValue {
    /// The items of a list, or the value alone.
    var listItems: [Located<ModelValue>]? {
        if case .list(let items) = self { return items }
        return nil
    }
}
