@testable import ArchlintLoad
import ArchlintModel
import Foundation
import Testing

/// The reference walk derived from the schema's field types, against the hand list it
/// replaces (kept here only as the oracle), on every spec that decodes.
@Suite("Reference walking")
struct ReferenceWalkTests {
    @Test("the derived walk finds what the hand list found: same references, order, kinds and owners")
    func derivedWalkEqualsHandList() throws {
        var files = try FileManager.default.contentsOfDirectory(atPath: corpusFolder)
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.map { corpusFolder + "/" + $0 }
        files += SpecLoader.discover(paths: [packageRoot + "/specs"], root: RepositoryRoot(path: packageRoot, workingDirectory: packageRoot))
            .map { packageRoot + "/" + $0 }
        var compared = 0
        var sites = 0
        for file in files.sorted() {
            guard let bytes = FileManager.default.contents(atPath: file),
                  let spec = SpecLoader().decode(Array(bytes), path: file).spec else { continue }
            compared += 1
            let derived = spec.referenceSites.map { "\($0.owner) \($0.kind) \($0.reference.name) \($0.reference.position)" }
            let listed = spec.handListedReferenceSites.map { "\($0.owner) \($0.kind) \($0.reference.name) \($0.reference.position)" }
            #expect(derived == listed, "\(file)")
            sites += derived.count
        }
        #expect(compared >= 20)
        #expect(sites > 100)
        print("compared \(compared) specs, \(sites) reference sites")
    }
}

extension Spec {
    var handListedReferenceSites: [(owner: String, kind: ResourceKind, reference: Reference)] {
        var sites: [(owner: String, kind: ResourceKind, reference: Reference)] = []
        func add(_ owner: String, _ kind: ResourceKind, _ reference: Reference?) {
            if let reference { sites.append((owner, kind, reference)) }
        }
        func addAll(_ owner: String, _ kind: ResourceKind, _ references: [Reference]) {
            for reference in references { add(owner, kind, reference) }
        }
        func addSecret(_ owner: String, _ secret: SecretReference) {
            add(owner, .secret, Reference(secret.name, at: secret.position))
        }
        func addSecretValue(_ owner: String, _ value: Located<SecretValue>?) {
            if case .reference(let secret)? = value?.value { addSecret(owner, secret) }
        }
        func addRules(_ owner: String, _ rules: [SecurityGroupRule]) {
            for rule in rules {
                if case .securityGroup(let reference) = rule.peer.value { add(owner, .securityGroup, reference) }
            }
        }

        for network in networks {
            for gateway in network.natGateways {
                add("NAT gateway '\(gateway.name.value)'", .subnet, gateway.subnet)
            }
        }
        for group in securityGroups {
            let owner = "security group '\(group.name)'"
            add(owner, .network, group.network)
            addRules(owner, group.ingress)
            addRules(owner, group.egress)
        }
        for balancer in loadBalancers {
            let owner = "load balancer '\(balancer.name)'"
            addAll(owner, .subnet, balancer.subnets)
            addAll(owner, .securityGroup, balancer.securityGroups)
            for listener in balancer.listeners {
                add(owner, .service, listener.forward)
                for route in listener.routes { add(owner, .service, route.service) }
            }
        }
        for service in services {
            let owner = "service '\(service.name)'"
            add(owner, .cluster, service.cluster)
            addAll(owner, .subnet, service.subnets)
            addAll(owner, .securityGroup, service.securityGroups)
            add(owner, .role, service.taskRole)
            add(owner, .role, service.executionRole)
            for binding in service.secrets { addSecret(owner, binding.secret) }
        }
        for database in databases {
            let owner = "database '\(database.name)'"
            addAll(owner, .subnet, database.subnets)
            addAll(owner, .securityGroup, database.securityGroups)
            addSecretValue(owner, database.masterPassword)
        }
        for cache in caches {
            let owner = "cache '\(cache.name)'"
            addAll(owner, .subnet, cache.subnets)
            addAll(owner, .securityGroup, cache.securityGroups)
            addSecretValue(owner, cache.authToken)
        }
        for function in functions {
            let owner = "function '\(function.name)'"
            add(owner, .role, function.role)
            addAll(owner, .subnet, function.subnets)
            addAll(owner, .securityGroup, function.securityGroups)
            for binding in function.secrets { addSecret(owner, binding.secret) }
        }
        for api in apis {
            for route in api.routes { add("api '\(api.name)'", .function, route.function) }
        }
        for instance in instances {
            let owner = "instance '\(instance.name)'"
            add(owner, .subnet, instance.subnet)
            addAll(owner, .securityGroup, instance.securityGroups)
            add(owner, .role, instance.role)
        }
        for queue in queues {
            add("queue '\(queue.name)'", .queue, queue.deadLetterQueue)
        }
        for external in externals {
            addSecretValue("external service '\(external.name)'", external.credentials)
        }
        return sites
    }
}
