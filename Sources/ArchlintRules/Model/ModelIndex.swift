import ArchlintAnalyses
import ArchlintLoad
import ArchlintModel
import Synchronization

/// A resource as rules see it: where it is (its `ResourceAddress`, for typed access through
/// the workspace), its kind and name, and the resource that holds it (a subnet's network).
/// It holds no copy of the resource: the condition language reads it through
/// `ModelIndex.view(of:)`, made from the typed model when a rule asks. A class: handles are
/// passed around and stored in indexes by the hundred thousand, and copying one is then a
/// single reference count.
public final class ResourceHandle: Sendable {
    public let address: ResourceAddress
    public var spec: Int { address.spec }
    public var kind: ResourceKind { address.kind }
    public let name: String
    /// Where the resource's mapping starts.
    public let position: SourcePosition
    /// The network holding a subnet; nil for every other kind.
    public let holder: ResourceHandle?
    public let stackEnvironment: StackEnvironment

    init(
        address: ResourceAddress, name: String, position: SourcePosition, holder: ResourceHandle?,
        stackEnvironment: StackEnvironment
    ) {
        self.address = address
        self.name = name
        self.position = position
        self.holder = holder
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

/// Every resource of every loaded spec as a handle, with names resolved the way the format
/// resolves them and a reverse index of references. Built once per run.
public final class ModelIndex: Sendable {
    public let workspace: Workspace
    /// Resources by spec, in file order, all kinds (subnets after their network).
    public let resources: [[ResourceHandle]]
    /// The resources that carry `waivers:`, by spec, in file order: four checks read every
    /// waiver, and finding them by reading every resource's common part was 7% of a run.
    public let waived: [[ResourceHandle]]
    private let byName: [ResourceKey: ResourceHandle]
    /// Resources by spec and kind, so a rule selecting one kind does not scan all of them.
    private let byKind: [[ResourceKind: [ResourceHandle]]]
    private let referrersByTarget: [ResourceKey: [ResourceHandle]]
    /// The traffic graph, built by the first rule that asks (the four reachability rules run
    /// in parallel and share one; a run without them never builds it).
    private let reachabilityGraph = Mutex<ReachabilityGraph?>(nil)

    public init(workspace: Workspace) {
        self.workspace = workspace
        // Every top-level resource of every spec, in file order (kinds in the format's order).
        var addresses: [ResourceAddress] = []
        for (specIndex, spec) in workspace.specs.enumerated() {
            for list in ResourceKind.specLists {
                for offset in 0..<list.count(spec) {
                    addresses.append(ResourceAddress(spec: specIndex, kind: list.kind, index: offset))
                }
            }
        }

        // Each resource's handle (a network's subnets after it), and the resources it names
        // resolved, across every core — per resource rather than per spec, so one large file
        // uses them all too.
        let converted = addresses.concurrentMap { address -> [(handle: ResourceHandle, targets: [ResourceKey], isWaived: Bool)] in
            let stackEnvironment = workspace.specs[address.spec].stackEnvironment
            let common = workspace.common(at: address)
            let resource = ResourceHandle(
                address: address, name: common.name.value, position: common.position,
                holder: nil, stackEnvironment: stackEnvironment)
            var handles = [(resource, !common.waivers.isEmpty)]
            if address.kind == .network {
                let firstSubnet = workspace.indices[address.spec].firstSubnet[address.index]
                for (offset, subnet) in workspace.specs[address.spec].networks[address.index].subnets.enumerated() {
                    let subnetAddress = ResourceAddress(spec: address.spec, kind: .subnet, index: firstSubnet + offset)
                    handles.append(
                        (
                            ResourceHandle(
                                address: subnetAddress, name: subnet.name, position: subnet.position,
                                holder: resource, stackEnvironment: stackEnvironment), !subnet.common.waivers.isEmpty
                        ))
                }
            }
            return handles.map { handle, isWaived in
                var targets: [ResourceKey] = []
                var seen = Set<ResourceKey>()
                let own = ResourceKey(spec: handle.spec, kind: handle.kind, name: handle.name)
                for (kind, name) in workspace.references(in: handle.address) {
                    guard let target = workspace.resolve(name, kind: kind, from: handle.spec) else { continue }
                    let key = ResourceKey(spec: target.spec, kind: kind, name: name)
                    if key != own, seen.insert(key).inserted { targets.append(key) }
                }
                return (handle, targets, isWaived)
            }
        }

        var resources = [[ResourceHandle]](repeating: [], count: workspace.specs.count)
        var waived = [[ResourceHandle]](repeating: [], count: workspace.specs.count)
        var byName: [ResourceKey: ResourceHandle] = [:]
        var referrers: [ResourceKey: [ResourceHandle]] = [:]
        for group in converted {
            for (handle, targets, isWaived) in group {
                resources[handle.spec].append(handle)
                if isWaived { waived[handle.spec].append(handle) }
                let key = ResourceKey(spec: handle.spec, kind: handle.kind, name: handle.name)
                if byName[key] == nil { byName[key] = handle }
                for target in targets { referrers[target, default: []].append(handle) }
            }
        }
        self.resources = resources
        self.waived = waived
        self.byName = byName
        self.byKind = resources.map { Dictionary(grouping: $0, by: \.kind) }
        self.referrersByTarget = referrers
    }

    /// The traffic graph of `reachability.md` over the workspace, built once per run.
    public var reachability: ReachabilityGraph {
        reachabilityGraph.withLock { graph in
            if let graph { return graph }
            let built = ReachabilityGraph(workspace: workspace)
            graph = built
            return built
        }
    }

    /// The resource as the condition language reads it: made from the typed model now, kept
    /// only as long as the caller keeps it.
    public func view(of handle: ResourceHandle) -> ModelRecord {
        workspace.view(of: handle.address)
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
}

extension ModelValue {
    /// The items of a list, or the value alone.
    var listItems: [Located<ModelValue>]? {
        if case .list(let items) = self { return items }
        return nil
    }
}
