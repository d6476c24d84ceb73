import ArchlintFindings
import Foundation
import ArchlintModel
import ArchlintRules

/// One stack-environment drawn as boxes and arrows: what the renderers (Mermaid, DOT) turn
/// into text. Built from the same model the rules read, and marked with their findings.
public struct ArchitectureDiagram: Sendable {
    public enum Status: Sendable, Comparable {
        case clean, warning, gating
    }

    public struct Node: Sendable {
        /// A stable identifier made of letters, digits and `_` (both formats accept it).
        public let id: String
        /// First line of the label ("load balancer api-alb").
        public let title: String
        /// Further lines (a network's range, the rule IDs of findings).
        public var details: [String]
        public var status: Status
        public let isExternal: Bool
    }

    public struct Group: Sendable {
        public let id: String
        public let label: String
        public var nodes: [String]
        public var groups: [Group]
    }

    public struct Edge: Sendable, Hashable {
        public let from: String
        public let to: String
        public var label: String
        /// Dashed: a dependency (a secret read, peering) rather than traffic.
        public let isDependency: Bool
    }

    public let title: String
    public private(set) var nodes: [Node] = []
    /// Top-level groups (networks, then the managed services outside them); nodes outside
    /// every group are listed in `looseNodes`.
    public private(set) var groups: [Group] = []
    public private(set) var looseNodes: [String] = []
    public private(set) var edges: [Edge] = []
}

extension ArchitectureDiagram {
    /// Kinds drawn as boxes; the others (roles, users, log groups, …) appear only through
    /// their findings in reports.
    static let drawnKinds: [ResourceKind] = [
        .loadBalancer, .service, .function, .instance, .database, .cache, .bucket, .api,
        .frontend, .queue, .topic, .userPool, .secret, .external,
    ]

    /// The diagram of `spec` in `index`, marked with `findings` (those of other specs are
    /// ignored) judged against `report`'s gate.
    public init(spec: Int, index: ModelIndex, findings: [Finding], failsGate: (Finding) -> Bool) {
        let loaded = index.workspace.specs[spec]
        title = "\(loaded.stack.value)/\(loaded.environment.value.rawValue)"
        var builder = Builder(index: index, spec: spec)
        builder.build()
        builder.mark(findings.filter { $0.stack == loaded.stack.value && $0.environment == loaded.environment.value.rawValue && !$0.isWaived },
                     failsGate: failsGate)
        nodes = builder.nodes
        groups = builder.groups()
        looseNodes = builder.loose
        edges = builder.edges
    }
}

/// Collects nodes, their places and edges for one spec.
private struct Builder {
    let index: ModelIndex
    let spec: Int
    var nodes: [ArchitectureDiagram.Node] = []
    var edges: [ArchitectureDiagram.Edge] = []
    var loose: [String] = []
    /// Node ids by `kind/name` (for findings and edges).
    var nodeIDs: [String: String] = [:]
    /// Network name → tier → node ids, and the zones seen per tier.
    var placed: [String: [String: [String]]] = [:]
    var zones: [String: [String: Set<String>]] = [:]
    var networkNodes: [String: String] = [:]
    var managed: [String] = []
    var externalNodes: [String: String] = [:]

    init(index: ModelIndex, spec: Int) {
        self.index = index
        self.spec = spec
    }

    mutating func build() {
        let handles = index.resources[spec]
        for network in handles where network.kind == .network {
            let id = "net_\(nodes.count)"
            let cidr = network.record.cidr("cidr").map { "\($0.value)" } ?? ""
            nodes.append(.init(id: id, title: "network \(network.name)", details: [cidr], status: .clean, isExternal: false))
            networkNodes[network.name] = id
            placed[network.name, default: [:]] = placed[network.name] ?? [:]
        }
        for kind in ArchitectureDiagram.drawnKinds {
            for handle in index.resources(of: kind, in: spec) {
                let id = "n\(nodes.count)"
                nodes.append(.init(id: id, title: "\(kind.words) \(handle.name)", details: [], status: .clean, isExternal: false))
                nodeIDs[handle.id] = id
                place(id, handle)
            }
        }
        for handle in handles {
            guard let id = nodeIDs[handle.id] else { continue }
            for group in handle.record.references("security_groups") { members[group.value, default: []].append(id) }
        }
        for handle in handles { connect(handle) }
        for network in handles where network.kind == .network {
            for peer in network.record.items("peers") {
                let target = external(peer.value.text, title: "peered network \(peer.value.text)")
                add(networkNodes[network.name]!, target, "peering", dependency: true)
            }
        }
    }

    /// Puts a resource in the tier of its first subnet, or among the managed services.
    mutating func place(_ id: String, _ handle: ResourceHandle) {
        // A list of subnets (services, databases, …) or one (an instance).
        var subnetNames = handle.record.references("subnets").map(\.value)
        if case .reference(.subnet, let name)? = handle.record.value("subnet")?.value { subnetNames = [name] }
        let subnets = subnetNames.compactMap { index.resolve($0, kind: .subnet, from: spec) }
        guard let first = subnets.first, let network = first.holder?.name else {
            managed.append(id)
            return
        }
        let tier = first.record.string("tier") ?? "subnet"
        placed[network, default: [:]][tier, default: []].append(id)
        for subnet in subnets where subnet.holder?.name == network && subnet.record.string("tier") == tier {
            if let zone = subnet.record.string("zone") { zones[network, default: [:]][tier, default: []].insert(zone) }
        }
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

    mutating func add(_ from: String, _ to: String, _ label: String, dependency: Bool = false) {
        if let existing = edges.firstIndex(where: { $0.from == from && $0.to == to && $0.isDependency == dependency }) {
            var parts = edges[existing].label.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            // "443" from a security-group rule says less than "HTTPS 443" from a listener.
            if label.isEmpty || parts.contains(where: { $0 == label || $0.hasSuffix(" " + label) }) { return }
            parts.removeAll { label.hasSuffix(" " + $0) }
            edges[existing].label = (parts + [label]).joined(separator: ", ")
            return
        }
        edges.append(.init(from: from, to: to, label: label, isDependency: dependency))
    }

    /// The edges a resource's attributes stand for.
    mutating func connect(_ handle: ResourceHandle) {
        guard let id = nodeIDs[handle.id] else { return }
        let record = handle.record
        switch handle.kind {
        case .loadBalancer:
            let internetFacing = (record.string("scheme") ?? "internet-facing") == "internet-facing"
            for listener in record.records("listeners") {
                let entry = "\(listener.string("protocol") ?? "") \(listener.string("port") ?? "")"
                if internetFacing { add(external("internet", title: "Internet"), id, entry) }
                if let forward = listener.references("forward").first?.value ?? reference(listener, "forward") {
                    link(id, .service, forward, entry)
                }
                for route in listener.records("routes") {
                    if let service = reference(route, "service") { link(id, .service, service, route.string("path") ?? "") }
                }
            }
        case .api:
            add(external("internet", title: "Internet"), id, (record.string("type") ?? "rest").uppercased())
            for route in record.records("routes") {
                if let function = reference(route, "function") {
                    link(id, .function, function, "\(route.string("method") ?? "") \(route.string("path") ?? "")".trimmingCharacters(in: .whitespaces))
                }
            }
        case .bucket:
            if record.isTrue("public") { add(external("internet", title: "Internet"), id, "public read") }
        default:
            break
        }
        // Secrets the resource reads: its `secrets` map, and secret references anywhere.
        var secrets: [String] = []
        for (_, value) in record.writtenValues { collectSecrets(value.value, into: &secrets) }
        for secret in secrets { link(id, .secret, secret, "reads", dependency: true) }
        // Traffic allowed in by its security groups.
        for group in record.references("security_groups") {
            guard let securityGroup = index.resolve(group.value, kind: .securityGroup, from: spec) else { continue }
            for rule in securityGroup.record.records("ingress") {
                // A group shared by several services may open each one's port to all of them:
                // only the port this resource listens on (when it says) is traffic to it.
                var ports = rule.string("ports") ?? ""
                if let listening = record.int("port"), case .ports(let range)? = rule.value("ports")?.value {
                    guard range.covers(listening) else { continue }
                    ports = String(listening)
                }
                switch rule.value("from")?.value {
                case .cidr(let cidr)?:
                    let text = "\(cidr)"
                    let source = text == "0.0.0.0/0" || text == "::/0" ? external("internet", title: "Internet") : external(text, title: text)
                    add(source, id, ports)
                case .reference(.securityGroup, let name)?:
                    for member in members[name] ?? [] where member != id { add(member, id, ports) }
                default:
                    break
                }
            }
        }
    }

    /// Node ids of the drawn resources each security group is attached to, in file order.
    var members: [String: [String]] = [:]

    func reference(_ record: ModelRecord, _ key: String) -> String? {
        if case .reference(_, let name)? = record.value(key)?.value { return name }
        return nil
    }

    mutating func link(_ from: String, _ kind: ResourceKind, _ name: String, _ label: String, dependency: Bool = false) {
        guard let target = index.resolve(name, kind: kind, from: spec) else { return }
        let targetID: String
        if let id = nodeIDs[target.id], target.spec == spec {
            targetID = id
        } else {
            // In the stack's shared environment.
            let stack = index.workspace.specs[target.spec]
            targetID = external("\(target.spec)/\(target.id)", title: "\(kind.words) \(name) (\(stack.environment.value.rawValue))")
        }
        add(from, targetID, label, dependency: dependency)
    }

    func collectSecrets(_ value: ModelValue, into secrets: inout [String]) {
        switch value {
        case .reference(.secret, let name): if !secrets.contains(name) { secrets.append(name) }
        case .list(let items): for item in items { collectSecrets(item.value, into: &secrets) }
        case .record(let record): for (_, inner) in record.writtenValues { collectSecrets(inner.value, into: &secrets) }
        default: break
        }
    }

    /// Colours and rule IDs from the findings on drawn resources.
    mutating func mark(_ findings: [Finding], failsGate: (Finding) -> Bool) {
        var rules: [String: [String]] = [:]
        for finding in findings {
            guard let id = nodeIDs[finding.resource], let position = nodes.firstIndex(where: { $0.id == id }) else { continue }
            let status: ArchitectureDiagram.Status = failsGate(finding) ? .gating : (finding.severity >= .warning ? .warning : .clean)
            nodes[position].status = max(nodes[position].status, status)
            if status != .clean, !(rules[id] ?? []).contains(finding.rule) { rules[id, default: []].append(finding.rule) }
        }
        for (id, ids) in rules {
            if let position = nodes.firstIndex(where: { $0.id == id }) { nodes[position].details.append(ids.sorted().joined(separator: " ")) }
        }
    }

    /// Networks (each with its tiers, zones named), then the services outside them.
    func groups() -> [ArchitectureDiagram.Group] {
        var result: [ArchitectureDiagram.Group] = []
        for (offset, network) in index.resources[spec].filter({ $0.kind == .network }).enumerated() {
            let tiers = placed[network.name] ?? [:]
            let inner = ["public", "private", "database"].filter { tiers[$0] != nil } + tiers.keys.filter { !["public", "private", "database"].contains($0) }.sorted()
            let tierGroups = inner.enumerated().map { tierOffset, tier in
                let zoneList = (zones[network.name]?[tier] ?? []).sorted().joined(separator: ", ")
                return ArchitectureDiagram.Group(id: "g\(offset)_\(tierOffset)", label: zoneList.isEmpty ? "\(tier) subnets" : "\(tier) subnets · \(zoneList)",
                                                 nodes: tiers[tier] ?? [], groups: [])
            }
            result.append(.init(id: "g\(offset)", label: "network \(network.name)", nodes: [networkNodes[network.name]!], groups: tierGroups))
        }
        if !managed.isEmpty {
            result.append(.init(id: "managed", label: "managed services (outside the networks)", nodes: managed, groups: []))
        }
        return result
    }
}
