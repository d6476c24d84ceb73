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
    /// Beyond this many boxes a diagram is no longer legible on a page, and Graphviz's
    /// layout time grows steeply (measured: 1,266 boxes 11 s; a 5,000-resource spec 4 min).
    public static let legibleNodeLimit = 600
    /// What Mermaid, as GitHub and GitLab run it, refuses to draw (its `maxEdges` and
    /// `maxTextSize` defaults).
    public static let mermaidEdgeLimit = 500
    public static let mermaidTextLimit = 50_000

    /// Why this diagram is too large to embed in a page, or nil.
    public var tooLargeToDraw: String? {
        nodes.count > Self.legibleNodeLimit
            ? "\(title) has \(nodes.count) boxes, too many to draw legibly (at most \(Self.legibleNodeLimit)); draw it with archlint graph --format dot and a tool for large graphs."
            : nil
    }
}

extension ArchitectureDiagram {
    /// Kinds drawn as boxes; the others (roles, users, log groups, …) appear only through
    /// their findings in reports.
    static let drawnKinds: [ResourceKind] = [
        .loadBalancer, .service, .function, .instance, .database, .cache, .bucket, .api,
        .frontend, .queue, .topic, .userPool, .secret, .dnsZone, .external,
    ]

    /// What a DNS record's target may name, most likely first.
    static let recordTargetKinds: [ResourceKind] = [
        .loadBalancer, .frontend, .api, .bucket, .database, .cache, .instance, .service, .function,
    ]

    /// The event sources a function trigger names by prefix (`sqs:NAME …`).
    static let triggerKinds: [String: ResourceKind] = [
        "sqs": .queue, "sns": .topic, "s3": .bucket, "apigateway": .api, "cognito": .userPool,
    ]

    /// The ARN service of each kind a role statement may name (`arn:aws:s3:::NAME`).
    static let arnKinds: [String: ResourceKind] = ["s3": .bucket, "sqs": .queue, "sns": .topic]

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
            nodes.append(.init(id: id, title: "network \(network.name)", details: [], status: .clean, isExternal: false))
            networkNodes[network.name] = id
            nodeIDs[network.id] = id
            for subnet in network.record.records("subnets") {
                if let name = subnet.name { carriers["subnet/\(name)", default: []].append(id) }
            }
            placed[network.name, default: [:]] = placed[network.name] ?? [:]
        }
        for kind in ArchitectureDiagram.drawnKinds {
            for handle in index.resources(of: kind, in: spec) {
                let id = "n\(nodes.count)"
                // Third-party services sit outside the cloud account, beside the internet, and
                // so does a public DNS zone: it is where a visitor's path begins.
                let outside = kind == .external
                nodes.append(.init(id: id, title: "\(kind == .dnsZone ? "DNS zone" : kind.words) \(handle.name)", details: [], status: .clean, isExternal: outside))
                nodeIDs[handle.id] = id
                if outside || (kind == .dnsZone && !handle.record.isTrue("private")) { loose.append(id) } else { place(id, handle) }
            }
        }
        for handle in handles {
            guard let id = nodeIDs[handle.id] else { continue }
            for group in handle.record.references("security_groups") {
                members[group.value, default: []].append(id)
                carriers["security_group/\(group.value)", default: []].append(id)
            }
            for key in ["task_role", "execution_role", "role"] {
                if let role = reference(handle.record, key), !(carriers["role/\(role)"] ?? []).contains(id) { carriers["role/\(role)", default: []].append(id) }
            }
            if handle.kind != .external {
                let secrets = secretsRead(handle.record)
                secretsByNode[id] = secrets
                for secret in secrets { secretReaders[secret, default: []].append(id) }
            }
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
        var own: Set<String> = []
        for subnet in subnets where subnet.holder?.name == network && subnet.record.string("tier") == tier {
            if let zone = subnet.record.string("zone") { own.insert(zone) }
        }
        zones[network, default: [:]][tier, default: []].formUnion(own)
        resourceZones[id] = own
    }

    /// The zones of the subnets each placed resource runs in (within its tier).
    var resourceZones: [String: Set<String>] = [:]

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

    struct EdgeKey: Hashable {
        let from: String, to: String, isDependency: Bool
    }
    /// Where each edge is in `edges`: one edge per pair and kind, its labels merged.
    var edgeIndex: [EdgeKey: Int] = [:]

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
                // The listener's protocol and port label the edge from the internet; the edge on
                // to the service gets the container port from the security-group rules.
                if let forward = listener.references("forward").first?.value ?? reference(listener, "forward") {
                    link(id, .service, forward, "")
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
        case .frontend:
            // A hosted frontend serves the public; an S3 website or CloudFront frontend named
            // like a bucket is served from it.
            add(external("internet", title: "Internet"), id, record.isTrue("https_only") ? "HTTPS" : "HTTP, HTTPS")
            if ["s3-website", "cloudfront"].contains(record.string("provider") ?? ""), let bucket = nodeID(.bucket, handle.name) {
                add(id, bucket, "serves from", dependency: true)
            }
        case .function:
            for trigger in record.items("triggers") { connectTrigger(trigger.value.text, to: id) }
        case .userPool:
            // Lambda triggers are named by function; the function's own `cognito:` trigger
            // says which event, so this edge carries no label of its own.
            for function in record.items("triggers") {
                if let target = nodeID(.function, function.value.text) { add(id, target, "") }
            }
        case .dnsZone:
            for entry in record.records("records") {
                guard let target = entry.string("target"), !target.isEmpty else { continue }
                var targetID: String?
                for kind in ArchitectureDiagram.recordTargetKinds where targetID == nil { targetID = nodeID(kind, target) }
                add(id, targetID ?? external("dns-target:" + target, title: target), entry.string("name") ?? "", dependency: true)
            }
        case .external:
            // The secret holds the credentials for this service; whoever reads it calls it.
            if case .reference(.secret, let secret)? = record.value("credentials")?.value {
                if let secretID = nodeID(.secret, secret) { add(id, secretID, "credentials in", dependency: true) }
                for reader in secretReaders[secret] ?? [] { add(reader, id, "calls") }
            }
        default:
            break
        }
        // Secrets the resource reads: its `secrets` map, and secret references anywhere. A
        // database or cache does not read its password: the secret holds it for the clients.
        if handle.kind != .external {
            let label = handle.kind == .database || handle.kind == .cache ? "password in" : "reads"
            for secret in secretsByNode[id] ?? [] { link(id, .secret, secret, label, dependency: true) }
        }
        // What its role lets it use, where a statement names one drawn resource.
        for key in ["task_role", "role"] {
            guard let roleName = reference(record, key), let role = index.resolve(roleName, kind: .role, from: spec) else { continue }
            connectPermissions(of: role.record, from: id)
        }
        // Traffic allowed in by its security groups, on the ports it listens on.
        let listening = listeningPorts(handle)
        if listening?.isEmpty == true { return }
        for group in record.references("security_groups") {
            guard let securityGroup = index.resolve(group.value, kind: .securityGroup, from: spec) else { continue }
            for rule in securityGroup.record.records("ingress") {
                // A group shared by several resources opens each one's port to all of them:
                // only the ports this resource listens on are traffic to it.
                var ports = rule.string("ports") ?? ""
                if let listening, case .ports(let range)? = rule.value("ports")?.value {
                    let open = listening.filter { range.covers($0) }
                    guard !open.isEmpty else { continue }
                    ports = open.map(String.init).joined(separator: ", ")
                }
                switch rule.value("from")?.value {
                case .cidr(let cidr)?:
                    let text = "\(cidr)"
                    let source = text == "0.0.0.0/0" || text == "::/0" ? external("internet", title: "Internet") : external(text, title: text)
                    add(source, id, ports)
                case .reference(.securityGroup, let name)?:
                    for member in members[name] ?? [] where member != id { add(member, id, ports) }
                case .string("self")?:
                    for member in members[group.value] ?? [] where member != id { add(member, id, ports) }
                default:
                    break
                }
            }
        }
    }

    /// The ports a resource accepts traffic on: a load balancer's listeners, a service's
    /// port (none: a worker that listens on nothing), a data store's port or its engine's.
    /// nil when the model does not say (an instance): every allowed port is drawn.
    func listeningPorts(_ handle: ResourceHandle) -> [Int]? {
        switch handle.kind {
        case .loadBalancer:
            return handle.record.records("listeners").compactMap { $0.int("port") }
        case .service:
            return handle.record.int("port").map { [$0] } ?? []
        case .database, .cache:
            return handle.record.int("port").map { [$0] }
        default:
            return nil
        }
    }

    /// Node ids of the drawn resources each security group is attached to, in file order.
    var members: [String: [String]] = [:]
    /// Undrawn resources whose findings show on drawn ones, by `kind/name`: a security
    /// group's on its members, a role's on what runs with it, a subnet's on its network.
    var carriers: [String: [String]] = [:]
    /// The secrets each drawn resource (other than an external) reads, by node id, and the
    /// other way round: the node ids reading each secret, in file order.
    var secretsByNode: [String: [String]] = [:]
    var secretReaders: [String: [String]] = [:]

    func secretsRead(_ record: ModelRecord) -> [String] {
        var secrets: [String] = []
        for (_, value) in record.writtenValues { collectSecrets(value.value, into: &secrets) }
        return secrets
    }

    /// `sqs:NAME …`, `s3:NAME ObjectCreated`, `apigateway:NAME POST /path`, `cognito:POOL event`:
    /// an edge from the source to the function, labelled with the rest. Sources archlint
    /// does not model (a schedule, a stream) are drawn as outside nodes named by the text.
    mutating func connectTrigger(_ text: String, to function: String) {
        let words = text.split(separator: " ", maxSplits: 1).map(String.init)
        guard let head = words.first else { return }
        let label = words.count > 1 ? words[1] : "trigger"
        if let colon = head.firstIndex(of: ":"), let kind = ArchitectureDiagram.triggerKinds[String(head[..<colon])],
           let source = nodeID(kind, String(head[head.index(after: colon)...])) {
            add(source, function, label)
        } else if index.resolve(head, kind: .userPool, from: spec) == nil, index.resolve(head, kind: .function, from: spec) == nil {
            // (Resolved without `nodeID`, which would draw a shared-environment node it finds.)
            add(external("trigger:" + text, title: text), function, "trigger")
        }
    }

    /// Dashed edges to the buckets, queues and topics a role's Allow statements name
    /// exactly (`arn:aws:s3:::NAME`, `NAME/*`); wildcards over names are too broad to draw.
    mutating func connectPermissions(of role: ModelRecord, from id: String) {
        var actions: [String: [String]] = [:]
        var order: [String] = []
        for statement in role.records("statements") where (statement.string("effect") ?? "Allow") == "Allow" {
            let verbs = statement.items("actions").map { $0.value.text }
            for resource in statement.items("resources") {
                let parts = resource.value.text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
                guard parts.count == 6, parts[0] == "arn", let kind = ArchitectureDiagram.arnKinds[parts[2]] else { continue }
                var name = parts[5]
                if kind == .bucket, let slash = name.firstIndex(of: "/") { name = String(name[..<slash]) }
                guard !name.contains("*"), !name.contains("?"), let target = nodeID(kind, name) else { continue }
                if actions[target] == nil { order.append(target) }
                for verb in verbs where !(actions[target] ?? []).contains(verb) { actions[target, default: []].append(verb) }
            }
        }
        for target in order {
            let verbs = (actions[target] ?? []).map { verb in verb.split(separator: ":").last.map(String.init) ?? verb }
            let shown = verbs.count > 3 ? verbs.prefix(2).joined(separator: ", ") + " +\(verbs.count - 2)" : verbs.joined(separator: ", ")
            add(id, target, "IAM " + shown, dependency: true)
        }
    }

    /// The node of a resource this spec draws, or an outside node for one in the stack's
    /// shared environment; nil when the name resolves to nothing.
    mutating func nodeID(_ kind: ResourceKind, _ name: String) -> String? {
        guard let target = index.resolve(name, kind: kind, from: spec) else { return nil }
        if let id = nodeIDs[target.id], target.spec == spec { return id }
        let stack = index.workspace.specs[target.spec]
        return external("\(target.spec)/\(target.id)", title: "\(kind.words) \(name) (\(stack.environment.value.rawValue))")
    }

    func reference(_ record: ModelRecord, _ key: String) -> String? {
        if case .reference(_, let name)? = record.value(key)?.value { return name }
        return nil
    }

    mutating func link(_ from: String, _ kind: ResourceKind, _ name: String, _ label: String, dependency: Bool = false) {
        guard let target = nodeID(kind, name) else { return }
        add(from, target, label, dependency: dependency)
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
        let nodePositions = Dictionary(uniqueKeysWithValues: nodes.enumerated().map { ($1.id, $0) })
        for finding in findings {
            let status: ArchitectureDiagram.Status = failsGate(finding) ? .gating : (finding.severity >= .warning ? .warning : .clean)
            for id in nodeIDs[finding.resource].map({ [$0] }) ?? carriers[finding.resource] ?? [] {
                guard let position = nodePositions[id] else { continue }
                nodes[position].status = max(nodes[position].status, status)
                if status != .clean, !(rules[id] ?? []).contains(finding.rule) { rules[id, default: []].append(finding.rule) }
            }
        }
        for (id, ids) in rules {
            if let position = nodePositions[id] { nodes[position].details.append(ids.sorted().joined(separator: " ")) }
        }
    }

    /// Networks (each with its tiers, zones named), then the services outside them.
    func groups() -> [ArchitectureDiagram.Group] {
        var result: [ArchitectureDiagram.Group] = []
        // Once, not per network: a spec of many networks would otherwise scan every node for each.
        let markedNodes = Set(nodes.lazy.filter { $0.status != .clean }.map(\.id))
        for (offset, network) in index.resources[spec].filter({ $0.kind == .network }).enumerated() {
            let tiers = placed[network.name] ?? [:]
            let inner = ["public", "private", "database"].filter { tiers[$0] != nil } + tiers.keys.filter { !["public", "private", "database"].contains($0) }.sorted()
            let tierGroups = inner.enumerated().map { tierOffset, tier in
                let tierZones = (zones[network.name]?[tier] ?? []).sorted()
                let members = tiers[tier] ?? []
                // Where a tier spans zones, a resource confined to one of them sits in that
                // zone's box: a single-zone resource is what one zone's outage takes down.
                var spanning: [String] = []
                var confined: [String: [String]] = [:]
                for id in members {
                    if tierZones.count > 1, let zones = resourceZones[id], zones.count == 1 {
                        confined[zones.first!, default: []].append(id)
                    } else {
                        spanning.append(id)
                    }
                }
                let zoneGroups = tierZones.filter { confined[$0] != nil }.enumerated().map { zoneOffset, zone in
                    ArchitectureDiagram.Group(id: "g\(offset)_\(tierOffset)_\(zoneOffset)", label: "zone \(zone) only", nodes: confined[zone]!, groups: [])
                }
                let zoneList = tierZones.joined(separator: ", ")
                return ArchitectureDiagram.Group(id: "g\(offset)_\(tierOffset)", label: zoneList.isEmpty ? "\(tier) subnets" : "\(tier) subnets · \(zoneList)",
                                                 nodes: spanning, groups: zoneGroups)
            }
            // The network's own box is drawn only to carry its findings; its range goes in the label.
            let networkNode = networkNodes[network.name]!
            let marked = markedNodes.contains(networkNode)
            let cidr = network.record.cidr("cidr").map { " · \($0.value)" } ?? ""
            result.append(.init(id: "g\(offset)", label: "network \(network.name)\(cidr)", nodes: marked ? [networkNode] : [], groups: tierGroups))
        }
        if !managed.isEmpty {
            result.append(.init(id: "managed", label: "managed services (outside the networks)", nodes: managed, groups: []))
        }
        return result
    }
}
