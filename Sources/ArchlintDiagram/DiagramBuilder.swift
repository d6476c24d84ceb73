import ArchlintModel
import ArchlintRules
import Foundation

/// Collects the nodes, their places and the edges of one spec's diagram. The work is split
/// by what it does: this file holds the state, the boxes and the order edges are made in;
/// `DiagramPlacement.swift` puts boxes into networks, tiers and zones; `TrafficEdges.swift`
/// draws what may connect to what (listeners, routes, security groups);
/// `DependencyEdges.swift` draws what uses what (secrets, IAM, triggers, DNS, peering);
/// `DiagramFindings.swift` marks boxes with findings. Resources are read through the typed
/// model (`Workspace.resource(at:)`), never by field name.
struct DiagramBuilder {
    let index: ModelIndex
    let spec: Int
    var workspace: Workspace { index.workspace }
    var nodes: [ArchitectureDiagram.Node] = []
    var edges: [ArchitectureDiagram.Edge] = []
    var loose: [String] = []
    /// Node ids by `kind/name` (for findings and edges).
    var nodeIDs: [String: String] = [:]
    /// Network name → tier → node ids, and the zones seen per tier.
    var placed: [String: [SubnetTier: [String]]] = [:]
    var zones: [String: [SubnetTier: Set<String>]] = [:]
    /// The zones of the subnets each placed resource runs in (within its tier).
    var resourceZones: [String: Set<String>] = [:]
    var networkNodes: [String: String] = [:]
    var managed: [String] = []
    var externalNodes: [String: String] = [:]
    /// Where each edge is in `edges`: one edge per pair and kind, its labels merged.
    var edgeIndex: [EdgeKey: Int] = [:]
    /// Node ids of the drawn resources each security group is attached to, in file order.
    var members: [String: [String]] = [:]
    /// Undrawn resources whose findings show on drawn ones, by `kind/name`: a security
    /// group's on its members, a role's on what runs with it, a subnet's on its network.
    var carriers: [String: [String]] = [:]
    /// The secrets each drawn resource (other than an external) reads, by node id, and the
    /// other way round: the node ids reading each secret, in file order.
    var secretsByNode: [String: [String]] = [:]
    var secretReaders: [String: [String]] = [:]

    struct EdgeKey: Hashable {
        let from: String, to: String, isDependency: Bool
    }

    init(index: ModelIndex, spec: Int) {
        self.index = index
        self.spec = spec
    }

    /// Boxes first (networks, then the drawn kinds), then what each resource's findings and
    /// edges need to know about the others, then the edges, resource by resource in file order.
    mutating func build() {
        let handles = index.resources[spec]
        for network in workspace.specs[spec].networks {
            let id = "net_\(nodes.count)"
            nodes.append(.init(id: id, title: "network \(network.name)", details: [], status: .clean, isExternal: false))
            networkNodes[network.name] = id
            nodeIDs[network.id] = id
            for subnet in network.subnets {
                carriers[subnet.id, default: []].append(id)
            }
            placed[network.name, default: [:]] = placed[network.name] ?? [:]
        }
        for kind in ArchitectureDiagram.drawnKinds {
            for handle in index.resources(of: kind, in: spec) {
                let id = "n\(nodes.count)"
                let resource = workspace.resource(at: handle.address)
                // Third-party services sit outside the cloud account, beside the internet, and
                // so does a public DNS zone: it is where a visitor's path begins.
                let outside = kind == .external
                nodes.append(.init(id: id, title: "\(kind == .dnsZone ? "DNS zone" : kind.words) \(handle.name)", details: [], status: .clean, isExternal: outside))
                nodeIDs[handle.id] = id
                if case .dnsZone(let zone) = resource, !zone.private.isTrue {
                    loose.append(id)
                } else if outside {
                    loose.append(id)
                } else {
                    place(id, resource)
                }
            }
        }
        for handle in handles {
            guard let id = nodeIDs[handle.id] else { continue }
            let resource = workspace.resource(at: handle.address)
            for group in resource.securityGroups {
                members[group.name, default: []].append(id)
                carriers["security_group/\(group.name)", default: []].append(id)
            }
            for role in resource.roles where !(carriers["role/\(role.name)"] ?? []).contains(id) {
                carriers["role/\(role.name)", default: []].append(id)
            }
            if handle.kind != .external {
                var secrets: [String] = []
                for secret in resource.secretReferences where !secrets.contains(secret.name) { secrets.append(secret.name) }
                secretsByNode[id] = secrets
                for secret in secrets { secretReaders[secret, default: []].append(id) }
            }
        }
        for handle in handles { connect(handle) }
        for network in workspace.specs[spec].networks {
            connectPeers(of: network)
        }
    }

    /// The edges a resource's fields stand for, in a fixed order: what its kind connects
    /// (listeners, routes, triggers, records, credentials), the secrets it reads, what its
    /// role lets it use, and the traffic its security groups let in.
    mutating func connect(_ handle: ResourceHandle) {
        guard let id = nodeIDs[handle.id] else { return }
        let resource = workspace.resource(at: handle.address)
        switch resource {
        case .loadBalancer(let balancer): connectListeners(of: balancer, id)
        case .api(let api): connectRoutes(of: api, id)
        case .bucket(let bucket): connectPublicRead(of: bucket, id)
        case .frontend(let frontend): connectFrontend(frontend, id)
        case .function(let function):
            for trigger in function.triggers { connectTrigger(trigger.value, to: id) }
        case .userPool(let pool): connectTriggers(of: pool, id)
        case .dnsZone(let zone): connectRecords(of: zone, id)
        case .external(let external): connectCredentials(of: external, id)
        default: break
        }
        connectSecrets(of: resource, id)
        connectPermissions(of: resource, id)
        connectIngress(to: resource, id)
    }

    /// A node outside the stack (the internet, an address range, a peered network).
    mutating func external(_ key: String, title: String) -> String {
        if let id = externalNodes[key] { return id }
        let id = "x\(nodes.count)"
        nodes.append(.init(id: id, title: title, details: [], status: .clean, isExternal: true))
        externalNodes[key] = id
        loose.append(id)
        return id
    }

    /// The one node standing for the internet.
    mutating func internet() -> String {
        external("internet", title: "Internet")
    }

    mutating func add(_ from: String, _ to: String, _ label: String, dependency: Bool = false) {
        let key = EdgeKey(from: from, to: to, isDependency: dependency)
        if let existing = edgeIndex[key] {
            var parts = edges[existing].label.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            // "443" from a security-group rule says less than "HTTPS 443" from a listener.
            if label.isEmpty || parts.contains(where: { $0 == label || $0.hasSuffix(" " + label) }) { return }
            parts.removeAll { label.hasSuffix(" " + $0) }
            edges[existing].label = (parts + [label]).joined(separator: ", ")
            return
        }
        edgeIndex[key] = edges.count
        edges.append(.init(from: from, to: to, label: label, isDependency: dependency))
    }

    /// The node of a resource this spec draws, or an outside node for one in the stack's
    /// shared environment; nil when the name resolves to nothing.
    mutating func nodeID(_ kind: ResourceKind, _ name: String) -> String? {
        guard let target = workspace.resolve(name, kind: kind, from: spec) else { return nil }
        let targetID = "\(kind.singular)/\(name)"
        if let id = nodeIDs[targetID], target.spec == spec { return id }
        let stack = workspace.specs[target.spec]
        return external("\(target.spec)/\(targetID)", title: "\(kind.words) \(name) (\(stack.environment.value.rawValue))")
    }

    mutating func link(_ from: String, _ kind: ResourceKind, _ name: String, _ label: String, dependency: Bool = false) {
        guard let target = nodeID(kind, name) else { return }
        add(from, target, label, dependency: dependency)
    }
}
