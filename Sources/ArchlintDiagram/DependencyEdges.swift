import ArchlintModel

/// Dashed edges (and the calls they imply): what a resource uses rather than sends traffic
/// to — secrets it reads, what its role's statements let it use, the events that trigger a
/// function, what a DNS record points at, the service an external's credentials are for,
/// and peered networks.
extension DiagramBuilder {
    /// Secrets the resource reads. A database or cache does not read its password: the
    /// secret holds it for the clients.
    mutating func connectSecrets(of resource: AnyResource, _ id: String) {
        guard resource.kind != .external else { return }
        let label = resource.kind == .database || resource.kind == .cache ? "password in" : "reads"
        for secret in secretsByNode[id] ?? [] { link(id, .secret, secret, label, dependency: true) }
    }

    /// What the role the resource's code runs as lets it use, where a statement names one
    /// drawn resource.
    mutating func connectPermissions(of resource: AnyResource, _ id: String) {
        guard let roleName = resource.codeRole?.name,
            let role = workspace.resolve(roleName, kind: .role, from: spec)
        else { return }
        connectPermissions(of: workspace.resource(Role.self, at: role), from: id)
    }

    /// Dashed edges to the buckets, queues and topics a role's Allow statements name
    /// exactly (`arn:aws:s3:::NAME`, `NAME/*`); wildcards over names are too broad to draw.
    mutating func connectPermissions(of role: Role, from id: String) {
        var actions: [String: [String]] = [:]
        var order: [String] = []
        for statement in role.statements where statement.effect.value == .allow {
            let verbs = statement.actions.map(\.value)
            for resource in statement.resources {
                let parts = resource.value.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
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

    /// `sqs:NAME …`, `s3:NAME ObjectCreated`, `apigateway:NAME POST /path`, `cognito:POOL event`:
    /// an edge from the source to the function, labelled with the rest. Sources archlint
    /// does not model (a schedule, a stream) are drawn as outside nodes named by the text.
    mutating func connectTrigger(_ text: String, to function: String) {
        let words = text.split(separator: " ", maxSplits: 1).map(String.init)
        guard let head = words.first else { return }
        let label = words.count > 1 ? words[1] : "trigger"
        if let colon = head.firstIndex(of: ":"), let kind = ArchitectureDiagram.triggerKinds[String(head[..<colon])],
            let source = nodeID(kind, String(head[head.index(after: colon)...]))
        {
            add(source, function, label)
        } else if workspace.resolve(head, kind: .userPool, from: spec) == nil, workspace.resolve(head, kind: .function, from: spec) == nil {
            // (Resolved without `nodeID`, which would draw a shared-environment node it finds.)
            add(external("trigger:" + text, title: text), function, "trigger")
        }
    }

    /// Lambda triggers are named by function; the function's own `cognito:` trigger says
    /// which event, so this edge carries no label of its own.
    mutating func connectTriggers(of pool: UserPool, _ id: String) {
        for function in pool.triggers {
            if let target = nodeID(.function, function.value) { add(id, target, "") }
        }
    }

    /// Each record to the drawn resource its target names (most likely kind first), or to
    /// an outside node named by the target.
    mutating func connectRecords(of zone: DnsZone, _ id: String) {
        for record in zone.records {
            guard let target = record.target?.value, !target.isEmpty else { continue }
            var targetID: String?
            for kind in ArchitectureDiagram.recordTargetKinds where targetID == nil { targetID = nodeID(kind, target) }
            add(id, targetID ?? external("dns-target:" + target, title: target), record.name.value, dependency: true)
        }
    }

    /// The secret holds the credentials for this service; whoever reads it calls it.
    mutating func connectCredentials(of external: External, _ id: String) {
        guard case .reference(let secret)? = external.credentials?.value else { return }
        if let secretID = nodeID(.secret, secret.name) { add(id, secretID, "credentials in", dependency: true) }
        for reader in secretReaders[secret.name] ?? [] { add(reader, id, "calls") }
    }

    mutating func connectPeers(of network: Network) {
        for peer in network.peers {
            let text = peer.value.description
            let target = external(text, title: "peered network \(text)")
            add(networkNodes[network.name]!, target, "peering", dependency: true)
        }
    }
}
