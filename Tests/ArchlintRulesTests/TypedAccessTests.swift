import ArchlintLoad
import ArchlintModel
@testable import ArchlintRules
import Testing

/// Built-in checks and diagrams read resources through the typed model
/// (`Workspace.resource(at:)`); the condition language still reads the views the schema
/// tables make. These tests hold the two to the same values — addresses, defaults, and the
/// cross-kind lists `AnyResource` derives — so neither can drift from the other.
@Suite("typed access agrees with the schema's view")
struct TypedAccessTests {
    /// Every kind with the fields the derived lists and defaults read, written and left out.
    static let everyShape = spec(
        """
        networks:
          - name: main
            cidr: 10.0.0.0/16
            subnets:
              - {name: pub-a, cidr: 10.0.0.0/24, zone: z-a, tier: public}
              - {name: app-a, cidr: 10.0.1.0/24, zone: z-a, tier: private}
          - name: second
            cidr: 10.1.0.0/16
            subnets:
              - {name: data-a, cidr: 10.1.0.0/24, zone: z-a, tier: database}
              - {name: data-b, cidr: 10.1.1.0/24, zone: z-b, tier: database}
        security_groups:
          - name: web
            ingress:
              - {ports: 443, from: 0.0.0.0/0}
              - {ports: 53, protocol: udp, from: self}
          - name: db
            ingress:
              - {ports: 5432, from: sg:web, protocol: all}
        load_balancers:
          - name: plain
            subnets: [pub-a]
            security_groups: [web]
            listeners: [{port: 443, protocol: HTTPS, forward: api}]
          - name: inside
            type: network
            scheme: internal
            listeners: [{port: 80, protocol: TCP}]
        roles:
          - {name: task}
          - {name: exec}
        secrets:
          - {name: api-key, store: secrets-manager}
          - {name: db-pass, store: secrets-manager}
        services:
          - name: api
            subnets: [app-a]
            security_groups: [web]
            task_role: task
            execution_role: exec
            secrets: {KEY: api-key, PASSWORD: db-pass, AGAIN: api-key}
          - name: counted
            desired_count: 3
        functions:
          - {name: job, role: task, secrets: {KEY: api-key}}
        instances:
          - {name: bastion, subnet: pub-a, security_groups: [web], role: exec}
        databases:
          - {name: pg, engine: postgres, subnets: [data-a, data-b], security_groups: [db], master_password: "secret:db-pass"}
          - {name: my, engine: mysql, port: 3307, master_password: literal-value}
          - {name: odd, engine: something-else}
        caches:
          - {name: redis, engine: redis, auth_token: "secret:db-pass"}
          - {name: mem, engine: memcached, port: 11300}
          - {name: mem-default, engine: memcached}
        externals:
          - {name: payments, url: "https://pay.example", credentials: "secret:api-key"}
        """)

    static func load(_ files: [String: String]) -> ModelIndex {
        let loaded = SpecLoader().load(documents: files.sorted { $0.key < $1.key }.map { ($0.key, Array($0.value.utf8)) })
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics)")
        return ModelIndex(workspace: loaded.workspace)
    }

    /// The shipped specs and the inline one above.
    static func models() -> [ModelIndex] {
        let shipped = SpecLoader().load(paths: [packageRoot + "/specs"])
        #expect(shipped.diagnostics.isEmpty)
        return [ModelIndex(workspace: shipped.workspace), load(["every.yaml": everyShape])]
    }

    @Test("every handle's address names the resource the handle's view shows")
    func addresses() {
        var subnets = 0
        for index in Self.models() {
            let workspace = index.workspace
            for handle in index.resources.joined() {
                let common = workspace.common(at: handle.address)
                #expect(common.name.value == handle.name)
                #expect(common.position == handle.position)
                #expect(index.view(of: handle).position == handle.position)
                #expect(workspace.resource(at: handle.address).kind == handle.kind)
                if handle.kind == .subnet {
                    subnets += 1
                    let network = workspace.resource(Network.self, at: workspace.network(holding: handle.address))
                    #expect(network.name == handle.holder?.name)
                    #expect(workspace.subnet(at: handle.address).common == common)
                }
            }
        }
        #expect(subnets > 4, "the specs read hold subnets in several networks")
    }

    @Test("the defaults typed accessors apply are the ones the view reports for a left-out key")
    func defaults() {
        let index = Self.load(["every.yaml": Self.everyShape])
        let workspace = index.workspace
        var compared = 0
        func viewed(_ handle: ResourceHandle, _ key: String) -> String? {
            index.view(of: handle).value(AttributeKey(key)).map(\.value.text)
        }
        for handle in index.resources(of: .securityGroup, in: 0) {
            let group = workspace.resource(SecurityGroup.self, at: handle.address)
            for (rule, view) in zip(group.ingress, items(index.view(of: handle), "ingress")) {
                guard case .record(let view) = view else { Issue.record("an ingress rule is not a record"); continue }
                #expect(view.value("protocol")?.value.text == rule.effectiveProtocol.rawValue)
                compared += 1
            }
        }
        for handle in index.resources(of: .loadBalancer, in: 0) {
            let balancer = workspace.resource(LoadBalancer.self, at: handle.address)
            #expect(viewed(handle, "scheme") == balancer.effectiveScheme.rawValue)
            #expect(viewed(handle, "type") == balancer.effectiveType.rawValue)
            compared += 2
        }
        for handle in index.resources(of: .service, in: 0) {
            let service = workspace.resource(Service.self, at: handle.address)
            #expect(viewed(handle, "desired_count") == String(service.effectiveDesiredCount))
            #expect(viewed(handle, "minimum_task_count") == String(service.minimumTaskCount))
            compared += 2
        }
        for handle in index.resources(of: .database, in: 0) {
            #expect(viewed(handle, "port") == workspace.resource(Database.self, at: handle.address).effectivePort.map(String.init))
            compared += 1
        }
        for handle in index.resources(of: .cache, in: 0) {
            #expect(viewed(handle, "port") == String(workspace.resource(Cache.self, at: handle.address).effectivePort))
            compared += 1
        }
        #expect(compared == 3 + 4 + 4 + 3 + 3)
        // What the defaults are, so that a change to one is seen here and not only in outputs.
        let ports = index.resources(of: .database, in: 0).map { workspace.resource(Database.self, at: $0.address).effectivePort }
        #expect(ports == [5432, 3307, nil])
        let cachePorts = index.resources(of: .cache, in: 0).map { workspace.resource(Cache.self, at: $0.address).effectivePort }
        #expect(cachePorts == [6379, 11300, 11211])
    }

    @Test("security groups, placement subnets, roles and secrets agree with the references the view holds")
    func derivedLists() {
        var secretsSeen = 0
        for index in Self.models() {
            for handle in index.resources.joined() {
                let resource = index.workspace.resource(at: handle.address)
                let record = index.view(of: handle)
                #expect(resource.securityGroups.map(\.name) == references(record, "security_groups"), "\(handle.id)")
                var subnets = references(record, "subnets")
                if case .reference(.subnet, let name)? = record.value("subnet")?.value { subnets = [name] }
                #expect(resource.placementSubnets.map(\.name) == subnets, "\(handle.id)")
                let roles = ["task_role", "execution_role", "role"].compactMap { key -> String? in
                    if case .reference(.role, let name)? = record.value(AttributeKey(key))?.value { return name }
                    return nil
                }
                #expect(resource.roles.map(\.name) == roles, "\(handle.id)")
                var secrets: [String] = []
                collectSecrets(.record(record), into: &secrets)
                #expect(resource.secretReferences.map(\.name) == secrets, "\(handle.id)")
                secretsSeen += secrets.count
            }
        }
        #expect(secretsSeen >= 7, "the specs read refer to secrets in every way there is")
    }

    @Test("the references the schema walk finds in a resource are every reference its view holds, in order")
    func referenceWalk() {
        var seen = 0
        for index in Self.models() {
            for handle in index.resources.joined() {
                var viewed: [String] = []
                collectReferences(.record(index.view(of: handle)), into: &viewed)
                let walked = index.workspace.references(in: handle.address).map { "\($0.kind.rawValue)/\($0.name)" }
                #expect(walked == viewed, "\(handle.id)")
                seen += walked.count
            }
        }
        #expect(seen > 50)
    }

    private func collectReferences(_ value: ModelValue, into references: inout [String]) {
        switch value {
        case .reference(let kind, let name): references.append("\(kind.rawValue)/\(name)")
        case .list(let items): for item in items { collectReferences(item.value, into: &references) }
        case .record(let record): for (_, inner) in record.writtenValues { collectReferences(inner.value, into: &references) }
        default: break
        }
    }

    /// The items of a list the view holds under `key` (none when left out).
    private func items(_ record: ModelRecord, _ key: String) -> [ModelValue] {
        if case .list(let items)? = record.value(AttributeKey(key))?.value { return items.map(\.value) }
        return []
    }

    /// The names a list of references the view holds under `key` gives.
    private func references(_ record: ModelRecord, _ key: String) -> [String] {
        items(record, key).compactMap { item in
            if case .reference(_, let name) = item { return name }
            return nil
        }
    }

    /// Every secret reference inside a view, depth first, in field order.
    private func collectSecrets(_ value: ModelValue, into secrets: inout [String]) {
        switch value {
        case .reference(.secret, let name): secrets.append(name)
        case .list(let items): for item in items { collectSecrets(item.value, into: &secrets) }
        case .record(let record): for (_, inner) in record.writtenValues { collectSecrets(inner.value, into: &secrets) }
        default: break
        }
    }
}
