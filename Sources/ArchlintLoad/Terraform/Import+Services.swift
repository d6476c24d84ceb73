import ArchlintModel

/// Container services: `aws_ecs_service` with its task definition (size, roles, the first
/// container's image, environment and secrets), its network configuration, the container
/// port of its load balancer, and `aws_appautoscaling_target`/`_policy` → `autoscaling`.
extension ImportContext {
    static let targetGroupTypes: Set<String> = ["aws_lb_target_group", "aws_alb_target_group"]

    mutating func importServices() {
        let services = resources("aws_ecs_service")
        let names = uniqueNames(services, nameKeys: ["name"])
        for (resource, name) in zip(services, names) {
            let key = ResourceKey(.service, name)
            var service = Service()
            service.common.name = fromPlan(name)
            recordImport(resource, as: key)
            if let cluster = targets(of: resource, "cluster", types: ["aws_ecs_cluster"]).first, let owner = owner(of: cluster.address) {
                service.cluster = Reference(owner.name, at: .start)
                if let launchType = resource["launch_type"]?.string, let index = spec.clusters.firstIndex(where: { $0.name == owner.name }) {
                    spec.clusters[index].platform = fromPlan(launchType == "FARGATE" ? .fargate : .ec2)
                }
            }
            if let network = resource["network_configuration"]?.array?.first {
                let expressions = expression(of: resource, "network_configuration")?.array?.first
                service.subnets = references(
                    to: targets(value: network["subnets"], expression: expressions?["subnets"], modulePath: resource.modulePath, types: Self.subnetTypes),
                    kind: .subnet)
                service.securityGroups = references(
                    to: targets(
                        value: network["security_groups"], expression: expressions?["security_groups"], modulePath: resource.modulePath,
                        types: Self.securityGroupTypes), kind: .securityGroup)
                service.publicIp = network["assign_public_ip"]?.bool.map { fromPlan($0) }
            }
            service.desiredCount = resource["desired_count"]?.int.map { fromPlan($0) }
            service.port = resource["load_balancer"]?.array?.first?["container_port"]?.int.map { fromPlan($0) }
            if let task = targets(of: resource, "task_definition", types: ["aws_ecs_task_definition"]).first {
                applyTaskDefinition(task, to: &service, owner: key)
                merged(task, into: key)
            } else {
                note(key, "not resolved: task_definition")
            }
            spec.services.append(service)
        }
        for task in resources("aws_ecs_task_definition") where owner(of: task.address) == nil { skip(task, NotImportedResource.noOwner) }
        importAutoscaling()
    }

    private mutating func applyTaskDefinition(_ task: PlanResource, to service: inout Service, owner: ResourceKey) {
        service.cpu = task["cpu"]?.int.map { fromPlan($0) }
        service.memory = task["memory"]?.int.map { fromPlan($0) }
        service.taskRole = references(to: targets(of: task, "task_role_arn", types: Self.roleTypes), kind: .role).first
        service.executionRole = references(to: targets(of: task, "execution_role_arn", types: Self.roleTypes), kind: .role).first
        guard let definitions = task["container_definitions"]?.string, case .success(let containers) = PlanJSONReader.read(Array(definitions.utf8)),
            let container = containers.array?.first
        else {
            if task.isUnknown("container_definitions") { note(owner, "unknown until apply: image, environment, secrets") }
            return
        }
        service.image = container["image"]?.string.map { fromPlan($0) }
        var variables = PlanObject()
        for entry in container["environment"]?.array ?? [] {
            if let name = entry["name"]?.string, let value = entry["value"] { variables.add(name, value) }
        }
        service.environment = environment(variables, owner: owner)
        for entry in container["secrets"]?.array ?? [] {
            guard let name = entry["name"]?.string, let source = entry["valueFrom"]?.string else { continue }
            if let reference = secretReference(source) {
                service.secrets.append(SecretBinding(key: fromPlan(name), secret: reference))
            } else {
                note(owner, "not resolved: secret \(name) from \(source)")
            }
        }
    }

    /// The imported secret an ECS `valueFrom` names: a Secrets Manager ARN (with a JSON key
    /// as `ARN:KEY::`) or an SSM parameter's ARN or name.
    func secretReference(_ source: String) -> SecretReference? {
        let secretTypes: Set<String> = ["aws_secretsmanager_secret", "aws_ssm_parameter"]
        var candidates = [(source, nil as String?)]
        let parts = source.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count > 7, parts[2] == "secretsmanager" {
            let arn = parts[0..<7].joined(separator: ":")
            let key = parts[7].isEmpty ? nil : String(parts[7])
            candidates.append((arn, key))
        }
        if let slash = source.range(of: ":parameter") { candidates.append((String(source[slash.upperBound...]), nil)) }
        for (text, key) in candidates {
            let value = PlanValue(.string(text), at: .start)
            if let target = targets(value: value, expression: nil, modulePath: [], types: secretTypes).first, let owner = owner(of: target.address) {
                return SecretReference(name: owner.name, key: key, at: .start)
            }
        }
        return nil
    }

    private mutating func importAutoscaling() {
        for target in resources("aws_appautoscaling_target") {
            guard let index = autoscaledService(target) else {
                skip(target, NotImportedResource.noOwner)
                continue
            }
            var autoscaling = spec.services[index].autoscaling ?? Autoscaling()
            autoscaling.min = target["min_capacity"]?.int.map { fromPlan($0) }
            autoscaling.max = target["max_capacity"]?.int.map { fromPlan($0) }
            spec.services[index].autoscaling = autoscaling
            merged(target, into: ResourceKey(.service, spec.services[index].name))
        }
        for policy in resources("aws_appautoscaling_policy") {
            guard let index = autoscaledService(policy) else {
                skip(policy, NotImportedResource.noOwner)
                continue
            }
            var autoscaling = spec.services[index].autoscaling ?? Autoscaling()
            let tracking = policy["target_tracking_scaling_policy_configuration"]?.array?.first
            let metric = tracking?["predefined_metric_specification"]?.array?.first?["predefined_metric_type"]?.string
            if let value = tracking?["target_value"]?.number, abs(value) < 1e9 {
                if metric == "ECSServiceAverageCPUUtilization" { autoscaling.cpuTarget = fromPlan(Int(value.rounded())) }
                if metric == "ECSServiceAverageMemoryUtilization" { autoscaling.memoryTarget = fromPlan(Int(value.rounded())) }
            }
            spec.services[index].autoscaling = autoscaling
            merged(policy, into: ResourceKey(.service, spec.services[index].name))
        }
    }

    /// The service `service/CLUSTER/SERVICE` names, by value or through the configuration.
    private func autoscaledService(_ resource: PlanResource) -> Int? {
        if let id = resource["resource_id"]?.string, id.hasPrefix("service/") {
            let serviceName = String(id.split(separator: "/").last ?? "")
            if let service = resources("aws_ecs_service").first(where: { $0["name"]?.string == serviceName }), let key = owner(of: service.address) {
                return spec.services.firstIndex { $0.name == key.name }
            }
        }
        let services =
            targets(of: resource, "resource_id", types: ["aws_ecs_service"])
            + targets(of: resource, "service_namespace", types: ["aws_ecs_service"])
        if let key = services.first.flatMap({ owner(of: $0.address) }) { return spec.services.firstIndex { $0.name == key.name } }
        return nil
    }

    /// The service a target group sends to: the one whose `load_balancer` names the group.
    func service(forTargetGroups groups: [PlanResource]) -> String? {
        for service in resources("aws_ecs_service") {
            guard let key = owner(of: service.address), key.kind == .service else { continue }
            for (offset, balancer) in (service["load_balancer"]?.array ?? []).enumerated() {
                let expression = expression(of: service, "load_balancer")?.array?[safe: offset]?["target_group_arn"]
                let named = targets(value: balancer["target_group_arn"], expression: expression, modulePath: service.modulePath, types: Self.targetGroupTypes)
                if named.contains(where: { group in groups.contains { $0.address == group.address } }) { return key.name }
            }
        }
        return nil
    }
}
