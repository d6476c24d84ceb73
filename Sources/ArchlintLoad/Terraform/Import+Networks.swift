import ArchlintModel

/// Networks and their subnets: `aws_vpc`, `aws_subnet` (with its tier from subnet groups,
/// route tables and `map_public_ip_on_launch`), internet gateways, flow logs, NAT gateways,
/// endpoints and peering.
extension ImportContext {
    static let vpcTypes: Set<String> = ["aws_vpc", "aws_default_vpc"]
    static let subnetTypes: Set<String> = ["aws_subnet", "aws_default_subnet"]
    static let inferredNetworkNote = "network inferred: its vpc_id goes through a value the plan does not show"

    mutating func importNetworks() {
        let vpcs = resources("aws_vpc", "aws_default_vpc")
        let vpcNames = uniqueNames(vpcs, nameKeys: ["tags.Name"])
        var networkIndex: [String: Int] = [:]
        for (vpc, name) in zip(vpcs, vpcNames) {
            guard let text = vpc["cidr_block"]?.string, case .success(let cidr) = CIDR.parse(text) else {
                skip(vpc, vpc.isUnknown("cidr_block") ? "its cidr_block is unknown until apply" : "no IPv4 cidr_block")
                continue
            }
            var network = Network()
            network.common.name = fromPlan(name)
            network.cidr = fromPlan(cidr)
            if let text = vpc["ipv6_cidr_block"]?.string, case .success(let ipv6) = CIDR.parse(text) {
                network.ipv6Cidr = fromPlan(ipv6)
            }
            networkIndex[vpc.address] = spec.networks.count
            spec.networks.append(network)
            recordImport(vpc, as: ResourceKey(.network, name))
        }

        importSubnets(networkIndex: networkIndex)
        attachToNetworks(networkIndex: networkIndex)
    }

    /// The network `resource`'s `vpc_id` names, if it was imported. When the reference goes
    /// through something the plan does not show (a `local` value, as the community VPC
    /// module writes it), the one network of the same module whose range holds the
    /// resource's `cidr_block` (or the only network of the module) is taken, and `inferred`
    /// says so.
    func network(of resource: PlanResource, key: String = "vpc_id", networkIndex: [String: Int]) -> (index: Int, inferred: Bool)? {
        if let index = targets(of: resource, key, types: Self.vpcTypes).compactMap({ networkIndex[$0.address] }).first {
            return (index, false)
        }
        guard resource[key]?.string == nil || resource.isUnknown(key) else { return nil }
        let sameModule = resources("aws_vpc", "aws_default_vpc").filter { $0.modulePath == resource.modulePath }.compactMap { networkIndex[$0.address] }
        var candidates = sameModule
        if let text = resource["cidr_block"]?.string, case .success(let cidr) = CIDR.parse(text) {
            candidates = sameModule.filter { spec.networks[$0].cidr.value.contains(cidr) }
        }
        return candidates.count == 1 ? (candidates[0], true) : nil
    }

    private mutating func importSubnets(networkIndex: [String: Int]) {
        let subnets = resources("aws_subnet", "aws_default_subnet")
        let names = uniqueNames(subnets, nameKeys: ["tags.Name"])
        let databaseSubnets = Set(
            resources("aws_db_subnet_group", "aws_elasticache_subnet_group", "aws_redshift_subnet_group")
                .flatMap { targets(of: $0, "subnet_ids", types: Self.subnetTypes).map(\.address) })
        let publicSubnets = subnetsRoutedToInternet()
        for (subnetResource, name) in zip(subnets, names) {
            guard let (index, inferred) = network(of: subnetResource, networkIndex: networkIndex) else {
                skip(subnetResource, NotImportedResource.noOwner)
                continue
            }
            guard let text = subnetResource["cidr_block"]?.string ?? subnetResource["ipv6_cidr_block"]?.string,
                case .success(let cidr) = CIDR.parse(text)
            else {
                skip(subnetResource, subnetResource.isUnknown("cidr_block") ? "its cidr_block is unknown until apply" : "no cidr_block")
                continue
            }
            var subnet = Subnet()
            let key = ResourceKey(.subnet, name)
            subnet.common.name = fromPlan(name)
            subnet.cidr = fromPlan(cidr)
            subnet.zone = fromPlan(subnetResource["availability_zone"]?.string ?? "unknown")
            if subnetResource["availability_zone"]?.string == nil { note(key, "unknown until apply: zone") }
            if databaseSubnets.contains(subnetResource.address) {
                subnet.tier = fromPlan(.database)
            } else if publicSubnets.contains(subnetResource.address) || subnetResource["map_public_ip_on_launch"]?.bool == true {
                subnet.tier = fromPlan(.public)
            } else {
                subnet.tier = fromPlan(.private)
            }
            spec.networks[index].subnets.append(subnet)
            recordImport(subnetResource, as: key)
            if inferred { note(key, Self.inferredNetworkNote) }
        }
        // Route table associations belong to their subnets.
        for association in resources("aws_route_table_association") {
            if let subnet = targets(of: association, "subnet_id", types: Self.subnetTypes).first, let owner = owner(of: subnet.address) {
                merged(association, into: owner)
            } else {
                skip(association, NotImportedResource.noOwner)
            }
        }
    }

    /// Subnets whose route table (associated, or their VPC's main one) sends `0.0.0.0/0`
    /// (or `::/0`) to an internet gateway.
    private func subnetsRoutedToInternet() -> Set<String> {
        let gatewayTypes: Set<String> = ["aws_internet_gateway"]
        var routedTables = Set<String>()
        for table in resources("aws_route_table", "aws_default_route_table") {
            for (offset, route) in (table["route"]?.array ?? []).enumerated() {
                let destination = route["cidr_block"]?.string ?? route["ipv6_cidr_block"]?.string
                guard destination == "0.0.0.0/0" || destination == "::/0" else { continue }
                let expression = expression(of: table, "route")?.array?[safe: offset]?["gateway_id"]
                let gateway = route["gateway_id"]
                if gateway?.string?.hasPrefix("igw-") == true
                    || !targets(value: gateway, expression: expression, modulePath: table.modulePath, types: gatewayTypes).isEmpty
                {
                    routedTables.insert(table.address)
                }
            }
        }
        let tableTypes: Set<String> = ["aws_route_table", "aws_default_route_table"]
        for route in resources("aws_route") {
            let destination = route["destination_cidr_block"]?.string ?? route["destination_ipv6_cidr_block"]?.string
            guard destination == "0.0.0.0/0" || destination == "::/0",
                route["gateway_id"]?.string?.hasPrefix("igw-") == true || !targets(of: route, "gateway_id", types: gatewayTypes).isEmpty
            else { continue }
            for table in targets(of: route, "route_table_id", types: tableTypes) { routedTables.insert(table.address) }
        }
        var associated: [String: String] = [:]
        for association in resources("aws_route_table_association") {
            guard let table = targets(of: association, "route_table_id", types: tableTypes).first else { continue }
            for subnet in targets(of: association, "subnet_id", types: Self.subnetTypes) { associated[subnet.address] = table.address }
        }
        // Subnets without an association use their VPC's main table.
        var mainTable: [String: String] = [:]
        for association in resources("aws_main_route_table_association") {
            guard let table = targets(of: association, "route_table_id", types: tableTypes).first else { continue }
            for vpc in targets(of: association, "vpc_id", types: Self.vpcTypes) { mainTable[vpc.address] = table.address }
        }
        for table in resources("aws_default_route_table") {
            for vpc in targets(of: table, "default_route_table_id", types: Self.vpcTypes) { mainTable[vpc.address] = table.address }
        }
        var routed = Set<String>()
        for subnet in resources("aws_subnet", "aws_default_subnet") {
            let table = associated[subnet.address] ?? targets(of: subnet, "vpc_id", types: Self.vpcTypes).first.flatMap { mainTable[$0.address] }
            if let table, routedTables.contains(table) { routed.insert(subnet.address) }
        }
        return routed
    }

    /// Internet gateways, flow logs, NAT gateways, endpoints, route tables and peering:
    /// facts about their network.
    private mutating func attachToNetworks(networkIndex: [String: Int]) {
        func attach(_ resource: PlanResource, key: String = "vpc_id", _ update: (inout Network) -> Void) {
            guard let (index, inferred) = network(of: resource, key: key, networkIndex: networkIndex) else {
                skip(resource, NotImportedResource.noOwner)
                return
            }
            update(&spec.networks[index])
            let owner = ResourceKey(.network, spec.networks[index].name)
            merged(resource, into: owner)
            if inferred { note(owner, "\(resource.address): \(Self.inferredNetworkNote)") }
        }
        for gateway in resources("aws_internet_gateway", "aws_egress_only_internet_gateway") {
            attach(gateway) { if gateway.type == "aws_internet_gateway" { $0.internetGateway = fromPlan(true) } }
        }
        for attachment in resources("aws_internet_gateway_attachment") {
            attach(attachment) { $0.internetGateway = fromPlan(true) }
        }
        for flowLog in resources("aws_flow_log") {
            attach(flowLog) { $0.flowLogs = fromPlan(true) }
        }
        for table in resources("aws_route_table", "aws_default_route_table", "aws_main_route_table_association") {
            attach(table) { _ in }
        }
        for route in resources("aws_route") {
            let tables = targets(of: route, "route_table_id", types: ["aws_route_table", "aws_default_route_table"])
            if let owner = tables.compactMap({ owner(of: $0.address) }).first {
                merged(route, into: owner)
            } else {
                skip(route, NotImportedResource.noOwner)
            }
        }
        for endpoint in resources("aws_vpc_endpoint") {
            attach(endpoint) { network in
                guard let service = endpoint["service_name"]?.string else { return }
                // `com.amazonaws.us-east-1.ecr.dkr` → `ecr.dkr`.
                let parts = service.split(separator: ".")
                let name = parts.count > 3 ? parts.dropFirst(3).joined(separator: ".") : service
                if !network.endpoints.contains(where: { $0.value == name }) { network.endpoints.append(fromPlan(name)) }
            }
        }
        importNatGateways(networkIndex: networkIndex)
        for peering in resources("aws_vpc_peering_connection") {
            guard let first = network(of: peering, networkIndex: networkIndex)?.index,
                let second = network(of: peering, key: "peer_vpc_id", networkIndex: networkIndex)?.index
            else {
                skip(peering, "its peer network is not in the plan")
                continue
            }
            for (from, to) in [(first, second), (second, first)] {
                let peer = NetworkAddress(stack: stack, environment: environment, network: spec.networks[to].name)
                if !spec.networks[from].peers.contains(where: { $0.value == peer }) { spec.networks[from].peers.append(fromPlan(peer)) }
            }
            merged(peering, into: ResourceKey(.network, spec.networks[first].name))
        }
    }

    private mutating func importNatGateways(networkIndex: [String: Int]) {
        let gateways = resources("aws_nat_gateway")
        let names = uniqueNames(gateways, nameKeys: ["tags.Name"])
        for (gateway, name) in zip(gateways, names) {
            guard let subnetResource = targets(of: gateway, "subnet_id", types: Self.subnetTypes).first,
                case .some(let key) = owner(of: subnetResource.address), key.kind == .subnet,
                let index = spec.networks.firstIndex(where: { $0.subnets.contains { $0.name == key.name } })
            else {
                skip(gateway, NotImportedResource.noOwner)
                continue
            }
            var nat = NatGateway()
            nat.name = fromPlan(name)
            nat.subnet = Reference(key.name, at: .start)
            spec.networks[index].natGateways.append(nat)
            let owner = ResourceKey(.network, spec.networks[index].name)
            merged(gateway, into: owner)
            for address in targets(of: gateway, "allocation_id", types: ["aws_eip"]) { merged(address, into: owner) }
        }
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
