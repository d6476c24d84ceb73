import ArchlintModel

/// Load balancers: `aws_lb`/`aws_alb` with their listeners, the classic `aws_elb` with its
/// `listener` blocks, and WAF associations.
extension ImportContext {
    static let loadBalancerTypes: Set<String> = ["aws_lb", "aws_alb", "aws_elb"]

    mutating func importLoadBalancers() {
        let balancers = resources("aws_lb", "aws_alb", "aws_elb")
        let names = uniqueNames(balancers, nameKeys: ["name"])
        var balancerIndex: [String: Int] = [:]
        for (resource, name) in zip(balancers, names) {
            var balancer = LoadBalancer()
            let key = ResourceKey(.loadBalancer, name)
            balancer.common.name = fromPlan(name)
            switch resource["load_balancer_type"]?.string {
            case "network"?: balancer.type = fromPlan(.network)
            case "application"?: balancer.type = fromPlan(.application)
            case let other?: note(key, "load_balancer_type \(other) has no word in the format; written as the default")
            case nil: break
            }
            balancer.scheme = fromPlan(resource["internal"]?.bool == true ? .internal : .internetFacing)
            var subnetResources = targets(of: resource, "subnets", types: Self.subnetTypes)
            for (offset, mapping) in (resource["subnet_mapping"]?.array ?? []).enumerated() {
                let expression = expression(of: resource, "subnet_mapping")?.array?[safe: offset]?["subnet_id"]
                subnetResources += targets(value: mapping["subnet_id"], expression: expression, modulePath: resource.modulePath, types: Self.subnetTypes)
            }
            balancer.subnets = references(to: subnetResources, kind: .subnet)
            if balancer.subnets.isEmpty, let ids = resource["subnets"]?.strings, !ids.isEmpty {
                note(key, "not resolved: subnets \(ids.joined(separator: ", "))")
            }
            balancer.securityGroups = resolvedReferences(of: resource, "security_groups", types: Self.securityGroupTypes, kind: .securityGroup, owner: key)
            if let protection = resource["enable_deletion_protection"]?.bool { balancer.deletionProtection = fromPlan(protection) }
            if let logs = resource["access_logs"]?.array?.first {
                balancer.accessLogs = fromPlan(logs["enabled"]?.bool ?? (resource.type == "aws_elb"))
            }
            if resource.type == "aws_elb" { balancer.listeners = classicListeners(resource, owner: key) }
            balancerIndex[resource.address] = spec.loadBalancers.count
            spec.loadBalancers.append(balancer)
            recordImport(resource, as: key)
        }
        importListeners(balancerIndex: balancerIndex)
        for group in resources("aws_lb_target_group", "aws_alb_target_group") where owner(of: group.address) == nil {
            skip(group, NotImportedResource.noOwner)
        }
        for association in resources("aws_wafv2_web_acl_association", "aws_wafregional_web_acl_association") {
            guard let balancer = targets(of: association, "resource_arn", types: Self.loadBalancerTypes).first, let index = balancerIndex[balancer.address] else {
                skip(association, NotImportedResource.noOwner)
                continue
            }
            spec.loadBalancers[index].waf = fromPlan(true)
            merged(association, into: ResourceKey(.loadBalancer, spec.loadBalancers[index].name))
        }
    }

    /// References to the imported resources of `kind` that `resource`'s `key` names; a value
    /// that names nothing imported gets a `# not resolved` comment on `owner`.
    mutating func resolvedReferences(of resource: PlanResource, _ key: String, types: Set<String>, kind: ResourceKind, owner: ResourceKey) -> [Reference] {
        let found = references(to: targets(of: resource, key, types: types), kind: kind)
        guard found.isEmpty else { return found }
        let values = (resource[key]?.strings ?? []).filter { !$0.isEmpty }
        let written = expression(of: resource, key)?["references"]?.strings.filter { !$0.hasPrefix("var.") && !$0.hasPrefix("local.") } ?? []
        if !values.isEmpty {
            note(owner, "not resolved: \(key) \(values.joined(separator: ", "))")
        } else if resource.isUnknown(key), !written.isEmpty {
            note(owner, "not resolved: \(key) (\(written.joined(separator: ", ")))")
        }
        return []
    }

    /// Plain references to the imported resources among `resources`, in order, once each.
    func references(to resources: [PlanResource], kind: ResourceKind) -> [Reference] {
        var seen = Set<String>()
        return resources.compactMap { resource in
            guard let key = owner(of: resource.address), key.kind == kind, seen.insert(key.name).inserted else { return nil }
            return Reference(key.name, at: .start)
        }
    }

    private mutating func classicListeners(_ resource: PlanResource, owner: ResourceKey) -> [Listener] {
        (resource["listener"]?.array ?? []).compactMap { block in
            guard let port = block["lb_port"]?.int, let protocolText = block["lb_protocol"]?.string else { return nil }
            guard let listenerProtocol = listenerProtocol(protocolText) else {
                note(owner, "not imported: the listener on port \(port), of protocol \(protocolText.uppercased()), which the format lacks")
                return nil
            }
            var listener = Listener()
            listener.port = fromPlan(port)
            listener.listenerProtocol = fromPlan(listenerProtocol)
            if let certificate = block["ssl_certificate_id"]?.string, !certificate.isEmpty { listener.certificate = fromPlan(certificate) }
            return listener
        }
    }

    /// The format's word for a listener protocol (a classic ELB's `ssl` is TLS); nil for
    /// those it lacks (`UDP`, `TCP_UDP`, `GENEVE`).
    private func listenerProtocol(_ text: String) -> ListenerProtocol? {
        switch text.uppercased() {
        case "HTTP": return .http
        case "HTTPS": return .https
        case "TCP": return .tcp
        case "TLS", "SSL": return .tls
        default: return nil
        }
    }

    private mutating func importListeners(balancerIndex: [String: Int]) {
        for resource in resources("aws_lb_listener", "aws_alb_listener") {
            guard let balancer = targets(of: resource, "load_balancer_arn", types: Self.loadBalancerTypes).first,
                let index = balancerIndex[balancer.address]
            else {
                skip(resource, NotImportedResource.noOwner)
                continue
            }
            let owner = ResourceKey(.loadBalancer, spec.loadBalancers[index].name)
            let port = resource["port"]?.int
            // A listener without a protocol takes the balancer type's default.
            let defaultProtocol = spec.loadBalancers[index].effectiveType == .network ? "TCP" : "HTTP"
            let protocolText = resource["protocol"]?.string ?? defaultProtocol
            guard let port, let listenerProtocol = listenerProtocol(protocolText) else {
                let reason =
                    port == nil
                    ? "its port is unknown until apply" : "its protocol \(protocolText) is one the format lacks"
                note(owner, "not imported: listener \(resource.address), \(reason)")
                skip(resource, reason)
                continue
            }
            var listener = Listener()
            listener.port = fromPlan(port)
            listener.listenerProtocol = fromPlan(listenerProtocol)
            if let certificate = resource["certificate_arn"]?.string, !certificate.isEmpty {
                listener.certificate = fromPlan(certificate)
            } else if resource.isUnknown("certificate_arn") {
                note(owner, "unknown until apply: certificate of the listener on port \(port)")
            }
            if let policy = resource["ssl_policy"]?.string, !policy.isEmpty { listener.tlsPolicy = fromPlan(policy) }
            for action in resource["default_action"]?.array ?? [] {
                if action["type"]?.string == "redirect", action["redirect"]?.array?.first?["protocol"]?.string == "HTTPS" {
                    listener.redirectToHttps = fromPlan(true)
                }
            }
            // Forwarding goes to a target group; the service behind it is the one whose
            // `load_balancer` names the group.
            let groups = forwardedGroups(resource, "default_action", owner: owner)
            if let service = service(forTargetGroups: groups) { listener.forward = Reference(service, at: .start) }
            listenerPlaces[resource.address] = (index, spec.loadBalancers[index].listeners.count)
            spec.loadBalancers[index].listeners.append(listener)
            merged(resource, into: owner)
        }
        importListenerRules()
    }

    /// The target groups the forward actions of `resource`'s `key` blocks name; they are
    /// folded into the balancer `owner`.
    private mutating func forwardedGroups(_ resource: PlanResource, _ key: String, owner: ResourceKey) -> [PlanResource] {
        var groups: [PlanResource] = []
        for (offset, action) in (resource[key]?.array ?? []).enumerated() where action["type"]?.string ?? "forward" == "forward" {
            let expression = expression(of: resource, key)?.array?[safe: offset]?["target_group_arn"]
            groups += targets(value: action["target_group_arn"], expression: expression, modulePath: resource.modulePath, types: Self.targetGroupTypes)
        }
        for group in groups where self.owner(of: group.address) == nil { merged(group, into: owner) }
        return groups
    }

    /// `aws_lb_listener_rule` with a `path_pattern` condition → a route of its listener.
    private mutating func importListenerRules() {
        for resource in resources("aws_lb_listener_rule", "aws_alb_listener_rule") {
            guard let listener = targets(of: resource, "listener_arn", types: ["aws_lb_listener", "aws_alb_listener"]).first,
                let (balancer, index) = listenerPlaces[listener.address]
            else {
                skip(resource, NotImportedResource.noOwner)
                continue
            }
            let owner = ResourceKey(.loadBalancer, spec.loadBalancers[balancer].name)
            var paths: [String] = []
            for condition in resource["condition"]?.array ?? [] {
                paths += condition["path_pattern"]?.array?.flatMap { $0["values"]?.strings ?? [] } ?? []
                if condition["field"]?.string == "path-pattern" { paths += condition["values"]?.strings ?? [] }
            }
            let service = service(forTargetGroups: forwardedGroups(resource, "action", owner: owner))
            for path in paths {
                var route = ListenerRoute()
                route.path = fromPlan(path)
                route.service = service.map { Reference($0, at: .start) }
                spec.loadBalancers[balancer].listeners[index].routes.append(route)
            }
            if paths.isEmpty { note(owner, "not imported: the conditions of \(resource.address), which are not paths") }
            merged(resource, into: owner)
        }
    }
}
