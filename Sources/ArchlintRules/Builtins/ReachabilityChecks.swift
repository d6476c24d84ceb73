import ArchlintAnalyses
import ArchlintFindings
import ArchlintModel

/// The `reachability` pack's checks (REACH001–REACH004 of `reachability.md`), over the
/// path engine of `ArchlintAnalyses`.

/// The path as findings carry it: nodes named within the finding's stack-environment. The
/// `paths` command prints its paths the same way.
public func findingPath(_ hops: [NetworkHop], in graph: ReachabilityGraph, from stackEnvironment: StackEnvironment) -> [PathHop] {
    hops.map { hop in
        let port: PathHop.Port
        switch hop.port {
        case .port(let number): port = .number(number)
        case .invoke: port = .invoke
        case .all: port = .all
        }
        let origin = hop.allowedBy
        return PathHop(
            from: graph.name(of: hop.from, in: stackEnvironment), to: graph.name(of: hop.to, in: stackEnvironment), port: port,
            allowedBy: PathOrigin(
                resource: graph.name(of: origin.resource, in: stackEnvironment),
                location: SourceLocation(file: graph.file(of: origin), line: origin.position.line, column: origin.position.column)))
    }
}

/// Databases and caches of the specs the rule applies to, in file order.
private func dataStores(_ context: CheckContext, in spec: Int) -> [ResourceHandle] {
    context.index.resources(of: .database, in: spec) + context.index.resources(of: .cache, in: spec)
}

/// REACH001: a data store reached from the internet through a service or instance that is
/// itself open to the world.
struct ExposedHostPathCheck: BuiltinCheck {
    let name = "data-store-behind-exposed-host"
    let summary = "Data stores reached from the internet by a path whose first hop enters a service or instance (REACH001), with the shortest such path."

    func run(_ context: inout CheckContext) {
        let graph = context.index.reachability
        let paths = PathTree(graph: graph, sources: [ReachabilityGraph.internet]) { hop in
            let kind = graph.nodes[hop.to].kind
            return kind == .service || kind == .instance
        }
        for spec in context.applicableSpecs {
            let stackEnvironment = context.index.workspace.specs[spec].stackEnvironment
            for store in dataStores(context, in: spec) {
                context.evaluated(store)
                guard let node = graph.node(of: store.address), let hops = paths.path(to: node) else { continue }
                let path = findingPath(hops, in: graph, from: stackEnvironment)
                context.report(
                    store, at: store.position,
                    "\(store.kind.words) '\(store.name)' can be reached from the internet through a host that is exposed directly: \(path.text); close the host to the world or stop admitting it on the data store's port",
                    path: path)
            }
        }
    }
}

/// REACH002: a production data store reached from a service, instance or function of a
/// development or staging environment.
struct NonProductionPathCheck: BuiltinCheck {
    let name = "production-data-reachable-from-non-production"
    let summary =
        "Production databases and caches reached by a path from a service, instance or function of a development or staging environment (REACH002), "
        + "with the shortest such path."

    func run(_ context: inout CheckContext) {
        let workspace = context.index.workspace
        let graph = context.index.reachability
        let sources = graph.nodes.indices.filter { node in
            let value = graph.nodes[node]
            guard value.isPivot, let environment = value.stackEnvironment?.environment else { return false }
            return environment == .development || environment == .staging
        }
        guard !sources.isEmpty else {
            for spec in context.applicableSpecs { for store in dataStores(context, in: spec) { context.evaluated(store) } }
            return
        }
        let paths = PathTree(graph: graph, sources: sources)
        for spec in context.applicableSpecs where context.index.judgedEnvironment(of: spec) == .production {
            let stackEnvironment = workspace.specs[spec].stackEnvironment
            for store in dataStores(context, in: spec) {
                context.evaluated(store)
                guard let node = graph.node(of: store.address), let hops = paths.path(to: node), let first = hops.first,
                    let sourceEnvironment = graph.nodes[first.from].stackEnvironment?.environment
                else { continue }
                let path = findingPath(hops, in: graph, from: stackEnvironment)
                context.report(
                    store, at: store.position,
                    "\(store.kind.words) '\(store.name)' of \(stackEnvironment.environment.rawValue) can be reached from \(sourceEnvironment.rawValue): \(path.text); stop admitting non-production groups and address ranges on the data store's port, or keep production networks apart from the others",
                    path: path)
            }
        }
    }
}

/// REACH003: a load balancer that forwards to a service it has no edge to.
struct UnreachableTargetCheck: BuiltinCheck {
    let name = "load-balancer-cannot-reach-target"
    let summary = "Load balancers forwarding to a service they cannot reach: no port, not admitted, or not allowed out (REACH003)."

    func run(_ context: inout CheckContext) {
        let workspace = context.index.workspace
        let graph = context.index.reachability
        for spec in context.applicableSpecs {
            for handle in context.index.resources(of: .loadBalancer, in: spec) {
                context.evaluated(handle)
                guard let balancer = graph.node(of: handle.address) else { continue }
                // Each service once, at the first listener or route that names it.
                var named: [(service: ResourceAddress, position: SourcePosition)] = []
                for listener in workspace.resource(LoadBalancer.self, at: handle.address).listeners {
                    let references = [(listener.forward, listener.position)] + listener.routes.map { ($0.service, $0.position) }
                    for case (let reference?, let position) in references {
                        guard let service = workspace.resolve(reference.name, kind: .service, from: spec),
                            !named.contains(where: { $0.service == service })
                        else { continue }
                        named.append((service, position))
                    }
                }
                for (address, position) in named {
                    guard let service = graph.node(of: address), let missing = graph.missingHop(from: balancer, to: service) else { continue }
                    let serviceValue = workspace.resource(Service.self, at: address)
                    let port = serviceValue.port.map { String($0.value) } ?? ""
                    let why: String
                    switch missing {
                    case .listensOnNothing:
                        why = "which has no port, so nothing can reach it; give the service its `port`"
                    case .notAdmitted:
                        why = "but the service's security groups do not admit the load balancer on port \(port); admit the load balancer's group on that port"
                    case .egressDenied:
                        why = "but the load balancer's egress does not allow the service on port \(port); allow it in the egress of the load balancer's group"
                    }
                    context.report(
                        handle, at: position,
                        "load balancer '\(handle.name)' forwards to service '\(serviceValue.name)', \(why)")
                }
            }
        }
    }
}

/// REACH004: an ingress rule of a group worn only by load balancers, services, databases
/// and caches, none of which listens on a port the rule covers.
struct IdleIngressRuleCheck: BuiltinCheck {
    let name = "ingress-rule-admits-no-listener"
    let summary =
        "Ingress rules (not `ports: all`, not `protocol: all`) of groups worn only by load balancers, services, databases and caches, "
        + "none listening on a covered port (REACH004)."

    func run(_ context: inout CheckContext) {
        let workspace = context.index.workspace
        let graph = context.index.reachability
        for spec in context.applicableSpecs {
            for handle in context.index.resources(of: .securityGroup, in: spec) {
                context.evaluated(handle)
                let wearers = graph.wearers(of: handle.address)
                // Only groups whose every member listens on known ports: an instance or a
                // function may listen on anything, and so may a node listening on every port.
                guard !wearers.isEmpty,
                    wearers.allSatisfy({ wearer in
                        switch wearer.address.kind {
                        case .loadBalancer, .service, .database, .cache: return wearer.listening != .everyPort
                        default: return false
                        }
                    })
                else { continue }
                for rule in workspace.resource(SecurityGroup.self, at: handle.address).ingress {
                    // `ports: all` and `protocol: all` are SG003's.
                    guard rule.effectiveProtocol != .all, case .range = rule.ports.value else { continue }
                    let range = rule.ports.value.bounds
                    let listened = wearers.contains { wearer in
                        if case .ports(let ports) = wearer.listening { return ports.contains(where: range.contains) }
                        return false
                    }
                    if listened { continue }
                    let members = wearers.map { wearer -> String in
                        let name = "\(wearer.address.kind.words) '\(workspace.common(at: wearer.address).name.value)'"
                        switch wearer.listening {
                        case .ports(let ports): return "\(name) listens on \(inWords(ports.map(String.init)))"
                        case .nothing, .everyPort: return "\(name) listens on no port"
                        }
                    }
                    context.report(
                        handle, at: rule.position,
                        "security group '\(handle.name)' admits ports \(rule.ports.value) from \(describe(rule.peer.value)), but none of its members listens there (\(members.joined(separator: "; "))); remove the rule or correct its ports"
                    )
                }
            }
        }
    }

    private func describe(_ endpoint: RuleEndpoint) -> String {
        switch endpoint {
        case .cidr(let cidr): return cidr.description
        case .securityGroup(let reference): return "sg:\(reference.name)"
        case .sameGroup: return "self"
        }
    }
}
