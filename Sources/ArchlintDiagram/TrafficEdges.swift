import Foundation
import ArchlintModel

/// Solid edges: what may send traffic to what — the internet to what faces it, a load
/// balancer's listeners to their services, an API's routes to their functions, and what
/// security groups let in on the ports a resource listens on.
extension DiagramBuilder {
    /// The internet to an internet-facing balancer, labelled with each listener's protocol
    /// and port; the balancer to the services its listeners and routes forward to.
    mutating func connectListeners(of balancer: LoadBalancer, _ id: String) {
        let internetFacing = balancer.effectiveScheme == .internetFacing
        for listener in balancer.listeners {
            let entry = "\(listener.listenerProtocol.value.rawValue) \(listener.port.value)"
            if internetFacing { add(internet(), id, entry) }
            // The listener's protocol and port label the edge from the internet; the edge on
            // to the service gets the container port from the security-group rules.
            if let forward = listener.forward {
                link(id, .service, forward.name, "")
            }
            for route in listener.routes {
                if let service = route.service { link(id, .service, service.name, route.path?.value ?? "") }
            }
        }
    }

    /// The internet to an API (labelled with its type, REST when unsaid), and the API to the
    /// function behind each route.
    mutating func connectRoutes(of api: Api, _ id: String) {
        add(internet(), id, (api.type?.value ?? .rest).rawValue.uppercased())
        for route in api.routes {
            if let function = route.function {
                link(id, .function, function.name, "\(route.method?.value ?? "") \(route.path?.value ?? "")".trimmingCharacters(in: .whitespaces))
            }
        }
    }

    mutating func connectPublicRead(of bucket: Bucket, _ id: String) {
        if bucket.public.isTrue { add(internet(), id, "public read") }
    }

    /// A hosted frontend serves the public; an S3 website or CloudFront frontend named like
    /// a bucket is served from it.
    mutating func connectFrontend(_ frontend: Frontend, _ id: String) {
        add(internet(), id, frontend.httpsOnly.isTrue ? "HTTPS" : "HTTP, HTTPS")
        if let provider = frontend.provider?.value, [.s3Website, .cloudfront].contains(provider),
            let bucket = nodeID(.bucket, frontend.name)
        {
            add(id, bucket, "serves from", dependency: true)
        }
    }

    /// Traffic allowed in by the resource's security groups, on the ports it listens on.
    mutating func connectIngress(to resource: AnyResource, _ id: String) {
        let listening = listeningPorts(resource)
        if listening?.isEmpty == true { return }
        for group in resource.securityGroups {
            guard let address = workspace.resolve(group.name, kind: .securityGroup, from: spec) else { continue }
            for rule in workspace.resource(SecurityGroup.self, at: address).ingress {
                // A group shared by several resources opens each one's port to all of them:
                // only the ports this resource listens on are traffic to it.
                var ports = rule.ports.value.description
                if let listening {
                    let open = listening.filter { rule.ports.value.covers($0) }
                    guard !open.isEmpty else { continue }
                    ports = open.map(String.init).joined(separator: ", ")
                }
                switch rule.peer.value {
                case .cidr(let cidr):
                    let text = "\(cidr)"
                    let source = text == "0.0.0.0/0" || text == "::/0" ? internet() : external(text, title: text)
                    add(source, id, ports)
                case .securityGroup(let peer):
                    for member in members[peer.name] ?? [] where member != id { add(member, id, ports) }
                case .sameGroup:
                    for member in members[group.name] ?? [] where member != id { add(member, id, ports) }
                }
            }
        }
    }

    /// The ports a resource accepts traffic on: a load balancer's listeners, a service's
    /// port (none: a worker that listens on nothing), a data store's port or its engine's.
    /// nil when the model does not say (an instance): every allowed port is drawn.
    func listeningPorts(_ resource: AnyResource) -> [Int]? {
        switch resource {
        case .loadBalancer(let balancer): return balancer.listeners.map(\.port.value)
        case .service(let service): return service.port.map { [$0.value] } ?? []
        case .database(let database): return database.effectivePort.map { [$0] }
        case .cache(let cache): return [cache.effectivePort]
        default: return nil
        }
    }
}
