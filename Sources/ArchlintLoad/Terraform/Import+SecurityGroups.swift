import ArchlintModel

/// Security groups with their inline rules, and the rule resources that add to them:
/// `aws_security_group_rule`, `aws_vpc_security_group_ingress_rule` and `_egress_rule`.
extension ImportContext {
    static let securityGroupTypes: Set<String> = ["aws_security_group", "aws_default_security_group"]

    mutating func importSecurityGroups() {
        let groups = resources("aws_security_group", "aws_default_security_group")
        let names = uniqueNames(groups, nameKeys: ["name"])
        var groupIndex: [String: Int] = [:]
        for (resource, name) in zip(groups, names) {
            var group = SecurityGroup()
            group.common.name = fromPlan(name)
            if let description = resource["description"]?.string, !description.isEmpty, description != "Managed by Terraform" {
                group.common.description = fromPlan(description)
            }
            groupIndex[resource.address] = spec.securityGroups.count
            spec.securityGroups.append(group)
            recordImport(resource, as: ResourceKey(.securityGroup, name))
        }
        // Groups whose rules are resources of their own: their inline rules are unknown
        // only because Terraform leaves them to those resources.
        let ruleTypes = ["aws_security_group_rule", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"]
        let groupsWithRuleResources = Set(
            ruleTypes.flatMap { resources($0) }.flatMap { targets(of: $0, "security_group_id", types: Self.securityGroupTypes).map(\.address) })
        for resource in groups {
            guard let index = groupIndex[resource.address] else { continue }
            let key = ResourceKey(.securityGroup, spec.securityGroups[index].name)
            spec.securityGroups[index].network = resolvedReferences(of: resource, "vpc_id", types: Self.vpcTypes, kind: .network, owner: key).first
            for direction in ["ingress", "egress"] {
                guard let blocks = resource[direction]?.array else {
                    if resource.isUnknown(direction), direction == "ingress", !groupsWithRuleResources.contains(resource.address) {
                        note(key, "unknown until apply: ingress")
                    }
                    continue
                }
                let expressions = expression(of: resource, direction)?.array
                var rules: [SecurityGroupRule] = []
                for (offset, block) in blocks.enumerated() {
                    // Planned blocks are a set (sorted); the configuration's are as written:
                    // the same place is the same block only when the counts agree.
                    let blockExpression = expressions?.count == blocks.count ? expressions?[offset] : nil
                    rules += self.rules(
                        from: block, expression: blockExpression, groupAddress: resource.address, protocolKey: "protocol",
                        modulePath: resource.modulePath, owner: key)
                }
                if direction == "ingress" {
                    spec.securityGroups[index].ingress = Self.unique(rules)
                } else {
                    // A planned `egress` of `[]` is Terraform removing AWS's default rule.
                    spec.securityGroups[index].writtenEgress = Self.unique(rules)
                }
            }
        }
        importRuleResources(groupIndex: groupIndex)
    }

    private mutating func importRuleResources(groupIndex: [String: Int]) {
        for resource in resources("aws_security_group_rule") + resources("aws_vpc_security_group_ingress_rule") + resources("aws_vpc_security_group_egress_rule") {
            guard let group = targets(of: resource, "security_group_id", types: Self.securityGroupTypes).first,
                let index = groupIndex[group.address]
            else {
                skip(resource, NotImportedResource.noOwner)
                continue
            }
            let key = ResourceKey(.securityGroup, spec.securityGroups[index].name)
            let isIngress: Bool
            let rules: [SecurityGroupRule]
            if resource.type == "aws_security_group_rule" {
                isIngress = resource["type"]?.string != "egress"
                rules = self.rules(
                    from: resource.values, sourceGroupKey: "source_security_group_id", resource: resource, groupAddress: group.address,
                    protocolKey: "protocol", owner: key)
            } else {
                isIngress = resource.type == "aws_vpc_security_group_ingress_rule"
                var block = resource.values
                // The newer resources name one source each, in fields of their own.
                for (from, to) in [("cidr_ipv4", "cidr_blocks"), ("cidr_ipv6", "ipv6_cidr_blocks")] {
                    if let value = resource[from] { block.add(to, PlanValue(.array([value]), at: value.position)) }
                }
                rules = self.rules(
                    from: block, sourceGroupKey: "referenced_security_group_id", resource: resource, groupAddress: group.address,
                    protocolKey: "ip_protocol", owner: key)
            }
            // A group's planned rules already hold those of the rule resources that exist
            // (the state lists them inline too): each rule is written once.
            if isIngress {
                spec.securityGroups[index].ingress = Self.unique(spec.securityGroups[index].ingress + rules)
            } else if !rules.isEmpty {
                spec.securityGroups[index].writtenEgress = Self.unique(spec.securityGroups[index].egress + rules)
            }
            if rules.isEmpty { note(key, "\(resource.address): a rule with no source the plan knows") }
            merged(resource, into: key)
        }
    }

    /// `rules` without repeats (the same ports, protocol and peer), first kept.
    static func unique(_ rules: [SecurityGroupRule]) -> [SecurityGroupRule] {
        var kept: [SecurityGroupRule] = []
        for rule in rules
        where !kept.contains(where: { $0.ports.value == rule.ports.value && $0.effectiveProtocol == rule.effectiveProtocol && $0.peer.value == rule.peer.value }) {
            kept.append(rule)
        }
        return kept
    }

    /// The rules of a rule resource, whose source group is a field of its own.
    private mutating func rules(
        from values: PlanObject, sourceGroupKey: String, resource: PlanResource, groupAddress: String, protocolKey: String,
        owner: ResourceKey
    ) -> [SecurityGroupRule] {
        var block = values
        if let source = values[sourceGroupKey], !source.isNull {
            block.add("security_groups", PlanValue(.array([source]), at: source.position))
        }
        var expression = PlanObject()
        if let sourceExpression = self.expression(of: resource, sourceGroupKey) { expression.add("security_groups", sourceExpression) }
        if resource.isUnknown(sourceGroupKey), values[sourceGroupKey] == nil || values[sourceGroupKey]!.isNull {
            block.add("security_groups", PlanValue(.array([]), at: resource.position))
        }
        return rules(
            from: PlanValue(.object(block), at: resource.position), expression: PlanValue(.object(expression), at: resource.position),
            groupAddress: groupAddress, protocolKey: protocolKey, modulePath: resource.modulePath, owner: owner)
    }

    /// One spec rule per source of a Terraform rule block: each CIDR, each IPv6 CIDR, each
    /// group (`sg:NAME`), and `self`.
    private mutating func rules(
        from block: PlanValue, expression: PlanValue?, groupAddress: String, protocolKey: String, modulePath: [String], owner: ResourceKey
    ) -> [SecurityGroupRule] {
        let protocolText = (block[protocolKey]?.string ?? block[protocolKey]?.int.map(String.init) ?? "tcp").lowercased()
        let ipProtocol: IPProtocol
        switch protocolText {
        case "-1", "all": ipProtocol = .all
        case "tcp", "6": ipProtocol = .tcp
        case "udp", "17": ipProtocol = .udp
        case "icmp", "1", "icmpv6", "58": ipProtocol = .icmp
        default:
            note(owner, "not imported: a rule of protocol \(protocolText), which the format has no word for")
            return []
        }
        let ports: PortRange
        let from = block["from_port"]?.int ?? 0
        let to = block["to_port"]?.int ?? 65535
        if ipProtocol == .all || ipProtocol == .icmp || (from <= 0 && to >= 65535) || from < 0 || to > 65535 || from > to {
            ports = .all
        } else {
            ports = .range(lower: from, upper: to)
        }
        var peers: [RuleEndpoint] = []
        for text in (block["cidr_blocks"]?.strings ?? []) + (block["ipv6_cidr_blocks"]?.strings ?? []) {
            if case .success(let cidr) = CIDR.parse(text) { peers.append(.cidr(cidr)) } else { note(owner, "not resolved: CIDR \(text)") }
        }
        let groupValue = block["security_groups"]
        let groupTargets = targets(
            value: groupValue, expression: expression?["security_groups"], modulePath: modulePath, types: Self.securityGroupTypes)
        for group in groupTargets {
            if group.address == groupAddress {
                peers.append(.sameGroup)
            } else if let key = self.owner(of: group.address) {
                peers.append(.securityGroup(Reference(key.name, at: .start)))
            }
        }
        let unresolved = (groupValue?.strings ?? []).filter { text in
            !groupTargets.contains { target in target["id"]?.string == text || target["arn"]?.string == text }
        }
        if groupTargets.isEmpty {
            for text in unresolved { note(owner, "not resolved: security group \(text)") }
        }
        if block["self"]?.bool == true { peers.append(.sameGroup) }
        for prefixList in block["prefix_list_ids"]?.strings ?? [] { note(owner, "not resolved: prefix list \(prefixList)") }
        let description = block["description"]?.string.flatMap { $0.isEmpty ? nil : $0 }
        return peers.map { peer in
            var rule = SecurityGroupRule()
            rule.ports = fromPlan(ports)
            if ipProtocol != .tcp { rule.ipProtocol = fromPlan(ipProtocol) }
            rule.peer = fromPlan(peer)
            rule.description = description.map { fromPlan($0) }
            return rule
        }
    }
}
