import ArchlintModel

/// Functions (`aws_lambda_function` and its event source mappings), instances
/// (`aws_instance`), container clusters, log groups and registries.
extension ImportContext {
    mutating func importCompute() {
        importFunctions()
        importInstances()
        importClusters()
        importServices()
        importLogGroups()
        importRegistries()
    }

    /// The environment of a function or service: plain values, except those SEC001 or
    /// SEC007 would report, which are written as `REDACTED`.
    mutating func environment(_ variables: PlanObject?, owner: ResourceKey) -> [EnvironmentEntry] {
        guard let variables else { return [] }
        return variables.entries.sorted { $0.key < $1.key }.compactMap { name, value in
            let text: String
            switch value.content {
            case .string(let string): text = string
            case .number(_, let written): text = written
            case .bool(let flag): text = flag ? "true" : "false"
            default: return nil
            }
            let scalar: ScalarValue
            if case .string = value.content {
                scalar = .string(text)
            } else {
                scalar = ScalarValue.resolvePlain(text)
            }
            if Self.looksLikeSecretName(name) && !text.isEmpty && !isPlainNumberOrBool(text) || Self.looksLikeCredential(text) {
                note(owner, "environment \(name): a literal secret in the plan, not repeated here")
                return EnvironmentEntry(key: fromPlan(name), value: fromPlan(.string(Self.redacted)), text: Self.redacted)
            }
            return EnvironmentEntry(key: fromPlan(name), value: fromPlan(scalar), text: text)
        }
    }

    private func isPlainNumberOrBool(_ text: String) -> Bool {
        switch ScalarValue.resolvePlain(text) {
        case .int, .float, .bool: return true
        default: return false
        }
    }

    /// The shapes SEC007 reports anywhere: AWS key ids, private keys, URLs with a password,
    /// JWTs, GitHub and Slack tokens.
    static func looksLikeCredential(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        func isUpperOrDigit(_ byte: UInt8) -> Bool { (65...90).contains(byte) || (48...57).contains(byte) }
        for start in bytes.indices where start + 20 <= bytes.count {
            let prefix = String(decoding: bytes[start..<start + 4], as: UTF8.self)
            if prefix == "AKIA" || prefix == "ASIA", bytes[(start + 4)..<(start + 20)].allSatisfy(isUpperOrDigit) { return true }
        }
        if text.contains("PRIVATE KEY-----") || text.contains("eyJ") && text.contains(".eyJ") { return true }
        if text.hasPrefix("ghp_") || text.hasPrefix("gho_") || text.hasPrefix("ghu_") || text.hasPrefix("ghs_") || text.hasPrefix("ghr_") { return true }
        if text.hasPrefix("xoxa-") || text.hasPrefix("xoxb-") || text.hasPrefix("xoxp-") || text.hasPrefix("xoxr-") || text.hasPrefix("xoxs-") { return true }
        if let scheme = text.range(of: "://") {
            let rest = text[scheme.upperBound...]
            if let at = rest.firstIndex(of: "@"), rest[..<at].contains(":") { return true }
        }
        return false
    }

    private mutating func importFunctions() {
        let functions = resources("aws_lambda_function")
        let names = uniqueNames(functions, nameKeys: ["function_name"])
        for (resource, name) in zip(functions, names) {
            let key = ResourceKey(.function, name)
            var function = Function()
            function.common.name = fromPlan(name)
            recordImport(resource, as: key)
            if let description = resource["description"]?.string, !description.isEmpty { function.common.description = fromPlan(description) }
            function.runtime = resource["runtime"]?.string.map { fromPlan($0) }
            function.memory = resource["memory_size"]?.int.map { fromPlan($0) }
            function.timeout = resource["timeout"]?.int.map { fromPlan($0) }
            function.role = resolvedReferences(of: resource, "role", types: Self.roleTypes, kind: .role, owner: key).first
            if let network = resource["vpc_config"]?.array?.first {
                let expressions = expression(of: resource, "vpc_config")?.array?.first
                function.subnets = references(
                    to: targets(value: network["subnet_ids"], expression: expressions?["subnet_ids"], modulePath: resource.modulePath, types: Self.subnetTypes),
                    kind: .subnet)
                function.securityGroups = references(
                    to: targets(
                        value: network["security_group_ids"], expression: expressions?["security_group_ids"], modulePath: resource.modulePath,
                        types: Self.securityGroupTypes), kind: .securityGroup)
                for (field, written, values) in [
                    ("subnets", function.subnets, network["subnet_ids"]?.strings ?? []),
                    ("security_groups", function.securityGroups, network["security_group_ids"]?.strings ?? []),
                ] where written.isEmpty && !values.isEmpty {
                    note(key, "not resolved: \(field) \(values.joined(separator: ", "))")
                }
            }
            function.environment = environment(resource["environment"]?.array?.first?["variables"]?.object, owner: key)
            spec.functions.append(function)
        }
        for mapping in resources("aws_lambda_event_source_mapping", "aws_lambda_permission") {
            guard let target = targets(of: mapping, "function_name", types: ["aws_lambda_function"]).first, let key = owner(of: target.address),
                let index = spec.functions.firstIndex(where: { $0.name == key.name })
            else {
                skip(mapping, NotImportedResource.noOwner)
                continue
            }
            if mapping.type == "aws_lambda_event_source_mapping" {
                let source = targets(of: mapping, "event_source_arn", types: ["aws_sqs_queue", "aws_dynamodb_table", "aws_kinesis_stream", "aws_msk_cluster"]).first
                let trigger = source.map { "\($0.type.dropFirst(4)):\(Self.addressName($0))" } ?? mapping["event_source_arn"]?.string ?? Self.addressName(mapping)
                spec.functions[index].triggers.append(fromPlan(trigger))
            }
            merged(mapping, into: key)
        }
    }

    private mutating func importInstances() {
        let instances = resources("aws_instance")
        let names = uniqueNames(instances, nameKeys: ["tags.Name"])
        for (resource, name) in zip(instances, names) {
            let key = ResourceKey(.instance, name)
            var instance = Instance()
            instance.common.name = fromPlan(name)
            recordImport(resource, as: key)
            instance.instanceType = resource["instance_type"]?.string.map { fromPlan($0) }
            instance.subnet = resolvedReferences(of: resource, "subnet_id", types: Self.subnetTypes, kind: .subnet, owner: key).first
            if let publicIp = resource["associate_public_ip_address"]?.bool {
                instance.publicIp = fromPlan(publicIp)
            } else if resource.isUnknown("associate_public_ip_address") {
                note(key, "unknown until apply: public_ip (the subnet's map_public_ip_on_launch decides)")
            }
            instance.securityGroups = references(
                to: targets(of: resource, "vpc_security_group_ids", types: Self.securityGroupTypes)
                    + targets(of: resource, "security_groups", types: Self.securityGroupTypes), kind: .securityGroup)
            instance.sshKey = resource["key_name"]?.string.flatMap { $0.isEmpty ? nil : fromPlan($0) }
            if let tokens = resource["metadata_options"]?.array?.first?["http_tokens"]?.string {
                instance.imdsv2 = fromPlan(tokens == "required")
            }
            let volumes = (resource["root_block_device"]?.array ?? []) + (resource["ebs_block_device"]?.array ?? [])
            if !volumes.isEmpty, volumes.allSatisfy({ $0["encrypted"]?.bool != nil }) {
                instance.encryptedVolumes = fromPlan(volumes.allSatisfy { $0["encrypted"]?.bool == true })
            }
            let profiles = targets(of: resource, "iam_instance_profile", types: ["aws_iam_instance_profile"])
            instance.role = references(to: profiles.flatMap { targets(of: $0, "role", types: Self.roleTypes) }, kind: .role).first
            spec.instances.append(instance)
        }
    }

    private mutating func importClusters() {
        let clusters = resources("aws_ecs_cluster")
        let names = uniqueNames(clusters, nameKeys: ["name"])
        for (resource, name) in zip(clusters, names) {
            var cluster = Cluster()
            cluster.common.name = fromPlan(name)
            for setting in resource["setting"]?.array ?? [] where setting["name"]?.string == "containerInsights" {
                cluster.containerInsights = fromPlan(setting["value"]?.string == "enabled" || setting["value"]?.string == "enhanced")
            }
            spec.clusters.append(cluster)
            recordImport(resource, as: ResourceKey(.cluster, name))
        }
    }

    private mutating func importLogGroups() {
        let groups = resources("aws_cloudwatch_log_group")
        let names = uniqueNames(groups, nameKeys: ["name"])
        for (resource, name) in zip(groups, names) {
            var group = LogGroup()
            group.common.name = fromPlan(name)
            // 0 is Terraform's "never expire", the same as leaving it out.
            if let days = resource["retention_in_days"]?.int, days > 0 { group.retentionDays = fromPlan(days) }
            group.kmsKey = resource["kms_key_id"]?.string.flatMap { $0.isEmpty ? nil : fromPlan($0) }
            spec.logGroups.append(group)
            recordImport(resource, as: ResourceKey(.logGroup, name))
        }
    }

    private mutating func importRegistries() {
        let repositories = resources("aws_ecr_repository")
        let names = uniqueNames(repositories, nameKeys: ["name"])
        for (resource, name) in zip(repositories, names) {
            var registry = Registry()
            registry.common.name = fromPlan(name)
            if let scan = resource["image_scanning_configuration"]?.array?.first?["scan_on_push"]?.bool { registry.scanOnPush = fromPlan(scan) }
            if let mutability = resource["image_tag_mutability"]?.string { registry.immutableTags = fromPlan(mutability.hasPrefix("IMMUTABLE")) }
            spec.registries.append(registry)
            recordImport(resource, as: ResourceKey(.registry, name))
        }
        for policy in resources("aws_ecr_lifecycle_policy") {
            guard let target = targets(of: policy, "repository", types: ["aws_ecr_repository"]).first, let key = owner(of: target.address),
                let index = spec.registries.firstIndex(where: { $0.name == key.name })
            else {
                skip(policy, NotImportedResource.noOwner)
                continue
            }
            if let text = policy["policy"]?.string, case .success(let document) = PlanJSONReader.read(Array(text.utf8)) {
                for rule in document["rules"]?.array ?? [] where rule["selection"]?["countType"]?.string == "imageCountMoreThan" {
                    if let count = rule["selection"]?["countNumber"]?.int { spec.registries[index].keepImages = fromPlan(count) }
                }
            }
            merged(policy, into: key)
        }
    }

    // MARK: Messaging

    mutating func importMessaging() {
        let queues = resources("aws_sqs_queue")
        let queueNames = uniqueNames(queues, nameKeys: ["name"])
        for (resource, name) in zip(queues, queueNames) {
            var queue = Queue()
            queue.common.name = fromPlan(name)
            if let key = resource["kms_master_key_id"]?.string, !key.isEmpty {
                queue.encryption = fromPlan(key == "alias/aws/sqs" ? .managed : .kms)
            } else if let managed = resource["sqs_managed_sse_enabled"]?.bool {
                queue.encryption = fromPlan(managed ? .managed : .none)
            }
            spec.queues.append(queue)
            recordImport(resource, as: ResourceKey(.queue, name))
        }
        for resource in queues {
            guard let policy = resource["redrive_policy"]?.string, case .success(let document) = PlanJSONReader.read(Array(policy.utf8)),
                let target = document["deadLetterTargetArn"]
            else { continue }
            let queue = targets(value: target, expression: nil, modulePath: resource.modulePath, types: ["aws_sqs_queue"]).first
            if let owner = owner(of: resource.address), let index = spec.queues.firstIndex(where: { $0.name == owner.name }) {
                spec.queues[index].deadLetterQueue = queue.flatMap { self.owner(of: $0.address) }.map { Reference($0.name, at: .start) }
            }
        }
        let topics = resources("aws_sns_topic")
        let topicNames = uniqueNames(topics, nameKeys: ["name"])
        for (resource, name) in zip(topics, topicNames) {
            var topic = Topic()
            topic.common.name = fromPlan(name)
            if let key = resource["kms_master_key_id"]?.string, !key.isEmpty { topic.encryption = fromPlan(key == "alias/aws/sns" ? .managed : .kms) }
            spec.topics.append(topic)
            recordImport(resource, as: ResourceKey(.topic, name))
        }
    }
}
