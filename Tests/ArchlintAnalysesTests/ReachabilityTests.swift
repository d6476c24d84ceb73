import ArchlintAnalyses
import ArchlintLoad
import ArchlintModel
import Testing

/// Loads specs from texts (sorted by name, as files are read).
private func graph(_ files: [String: String]) -> ReachabilityGraph {
    let loaded = SpecLoader().load(documents: files.sorted { $0.key < $1.key }.map { ($0.key, Array($0.value.utf8)) })
    #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics)")
    return ReachabilityGraph(workspace: loaded.workspace)
}

private func spec(_ body: String, stack: String = "demo", environment: String = "development") -> String {
    "archlint: 1\nstack: \(stack)\nenvironment: \(environment)\n" + body
}

private func node(_ graph: ReachabilityGraph, _ qualifiedName: String) -> Int {
    let found = graph.nodes.firstIndex { $0.qualifiedName == qualifiedName }
    #expect(found != nil, "no node \(qualifiedName)")
    return found ?? 0
}

/// `internet →22 instance/a →5432 database/b`, names relative to `stack`/`environment`.
private func describe(_ graph: ReachabilityGraph, _ path: [NetworkHop]?, in stackEnvironment: StackEnvironment? = nil) -> String {
    guard let path, let first = path.first else { return "none" }
    var text = graph.name(of: first.from, in: stackEnvironment)
    for hop in path {
        let port: String
        switch hop.port {
        case .port(let value): port = String(value)
        case .invoke: port = "invoke"
        case .all: port = "all"
        }
        text += " →\(port) \(graph.name(of: hop.to, in: stackEnvironment))"
    }
    return text
}

private let network = """
    networks:
      - name: main
        cidr: 10.40.0.0/16
        subnets:
          - {name: pub, cidr: 10.40.0.0/24, zone: z1, tier: public}
          - {name: app, cidr: 10.40.10.0/24, zone: z1, tier: private}
          - {name: data, cidr: 10.40.20.0/24, zone: z1, tier: database}

    """

private let dev = StackEnvironment(stack: "demo", environment: .development)

@Suite struct ReachabilityTests {
    @Test func bastionToDatabaseIsTwoHopsWithTheRulesThatAllowedThem() {
        let graph = graph([
            "a.yaml": spec(
                network + """
                    security_groups:
                      - name: jump
                        network: main
                        ingress:
                          - {ports: 22, from: 0.0.0.0/0}
                      - name: db
                        network: main
                        ingress:
                          - {ports: 5432, from: sg:jump}
                    instances:
                      - {name: bastion, subnet: pub, public_ip: true, security_groups: [jump]}
                    databases:
                      - {name: main, engine: postgres, subnets: [data], security_groups: [db]}
                    """)
        ])
        let tree = PathTree(graph: graph, sources: [ReachabilityGraph.internet])
        let path = tree.path(to: node(graph, "demo/development/database/main"))
        #expect(describe(graph, path, in: dev) == "internet →22 instance/bastion →5432 database/main")
        #expect(path?[0].allowedBy.position == SourcePosition(line: 15, column: 9))
        #expect(path?[1].allowedBy.position == SourcePosition(line: 19, column: 9))
        #expect(graph.file(of: path![1].allowedBy) == "a.yaml")
    }

    @Test func frontDoorsAreNotShortcutsAndLoadBalancersOnlyReachTheirTargets() {
        let graph = graph([
            "a.yaml": spec(
                network + """
                    security_groups:
                      - name: lb
                        network: main
                        ingress:
                          - {ports: 443, from: 0.0.0.0/0}
                      - name: app
                        network: main
                        ingress:
                          - {ports: 8080, from: sg:lb}
                      - name: db
                        network: main
                        ingress:
                          - {ports: 5432, from: sg:lb}
                          - {ports: 5432, from: sg:app}
                    load_balancers:
                      - name: front
                        subnets: [pub]
                        security_groups: [lb]
                        listeners:
                          - {port: 443, protocol: HTTP, forward: api}
                    services:
                      - {name: api, subnets: [app], security_groups: [app], port: 8080}
                    databases:
                      - {name: main, engine: postgres, subnets: [data], security_groups: [db]}
                    """)
        ])
        let tree = PathTree(graph: graph, sources: [ReachabilityGraph.internet])
        // Not internet → load balancer → database: the load balancer is no pivot.
        #expect(
            describe(graph, tree.path(to: node(graph, "demo/development/database/main")), in: dev)
                == "internet →443 load_balancer/front →8080 service/api →5432 database/main")
        // REACH001's search: the first hop must enter a service or an instance.
        let hostsOnly = PathTree(graph: graph, sources: [ReachabilityGraph.internet]) { hop in
            graph.nodes[hop.to].kind == .service || graph.nodes[hop.to].kind == .instance
        }
        #expect(hostsOnly.path(to: node(graph, "demo/development/database/main")) == nil)
    }

    @Test func tiesAreBrokenByTheNodeSequenceAndPortsByTheLowestCarried() {
        let graph = graph([
            "a.yaml": spec(
                network + """
                    security_groups:
                      - name: open
                        network: main
                        ingress:
                          - {ports: 8000-8100, from: 0.0.0.0/0}
                          - {ports: all, from: 0.0.0.0/0}
                      - name: db
                        network: main
                        egress: []
                        ingress:
                          - {ports: all, from: sg:open}
                    instances:
                      - {name: zeta, subnet: pub, public_ip: true, security_groups: [open]}
                      - {name: alpha, subnet: pub, public_ip: true, security_groups: [open]}
                    databases:
                      - {name: main, engine: somedb, subnets: [data], security_groups: [db]}
                    """)
        ])
        let tree = PathTree(graph: graph, sources: [ReachabilityGraph.internet])
        // An unknown engine listens on every port; no rule into it names a port: `all`.
        #expect(
            describe(graph, tree.path(to: node(graph, "demo/development/database/main")), in: dev)
                == "internet →8000 instance/alpha →all database/main")
    }

    @Test func egressAndPeeringDecidePivotEdgesAcrossStacks() {
        let graph = graph([
            "a.yaml": spec(
                network + """
                    security_groups:
                      - name: jump
                        network: main
                        ingress:
                          - {ports: 22, from: 0.0.0.0/0}
                        egress:
                          - {ports: 6379, to: 10.50.0.0/16}
                    instances:
                      - {name: bastion, subnet: pub, public_ip: true, security_groups: [jump]}
                    """),
            "b.yaml": spec(
                """
                networks:
                  - name: other
                    cidr: 10.50.0.0/16
                    peers: [demo/development/main]
                    subnets:
                      - {name: data, cidr: 10.50.20.0/24, zone: z1, tier: database}
                security_groups:
                  - name: cache
                    network: other
                    ingress:
                      - {ports: 6379, from: 10.40.0.0/24}
                      - {ports: 5432, from: 10.40.0.0/24}
                caches:
                  - {name: sessions, engine: redis, subnets: [data], security_groups: [cache]}
                databases:
                  - {name: orders, engine: postgres, subnets: [data], security_groups: [cache]}
                """, stack: "shop", environment: "production"),
        ])
        let tree = PathTree(graph: graph, sources: [ReachabilityGraph.internet])
        #expect(
            describe(graph, tree.path(to: node(graph, "shop/production/cache/sessions")), in: dev)
                == "internet →22 instance/bastion →6379 shop/production/cache/sessions")
        // The bastion's egress allows only 6379.
        #expect(tree.path(to: node(graph, "shop/production/database/orders")) == nil)
    }

    @Test func addressRulesAdmitOnlyFromConnectedNetworks() {
        // Three stacks on the same address plan; only `peer` is peered with `demo`. Every
        // database admits the whole of 10.0.0.0/8, `peer`'s the world: the bastion reaches
        // its own and the peered one, never the unconnected one with the same addresses.
        func store(_ stack: String, from: String, peers: String = "[]") -> String {
            spec(
                """
                networks:
                  - name: main
                    cidr: 10.40.0.0/16
                    peers: \(peers)
                    subnets:
                      - {name: data, cidr: 10.40.20.0/24, zone: z1, tier: database}
                security_groups:
                  - name: db
                    network: main
                    ingress:
                      - {ports: 5432, from: \(from)}
                databases:
                  - {name: main, engine: postgres, subnets: [data], security_groups: [db]}
                """, stack: stack)
        }
        let graph = graph([
            "a.yaml": spec(
                network + """
                    security_groups:
                      - name: jump
                        network: main
                        ingress:
                          - {ports: 22, from: 0.0.0.0/0}
                      - name: db
                        network: main
                        ingress:
                          - {ports: 5432, from: 10.0.0.0/8}
                    instances:
                      - {name: bastion, subnet: pub, public_ip: true, security_groups: [jump]}
                    databases:
                      - {name: own, engine: postgres, subnets: [data], security_groups: [db]}
                    """),
            "b.yaml": store("apart", from: "10.0.0.0/8"),
            "c.yaml": store("peer", from: "0.0.0.0/0", peers: "[demo/development/main]"),
        ])
        let tree = PathTree(graph: graph, sources: [ReachabilityGraph.internet])
        #expect(describe(graph, tree.path(to: node(graph, "demo/development/database/own")), in: dev) == "internet →22 instance/bastion →5432 database/own")
        #expect(
            describe(graph, tree.path(to: node(graph, "peer/development/database/main")), in: dev)
                == "internet →22 instance/bastion →5432 peer/development/database/main")
        #expect(tree.path(to: node(graph, "apart/development/database/main")) == nil)
    }

    @Test func apisInvokeFunctionsAndSelfGroupsStayLinear() {
        var services = ""
        for index in 0..<2000 { services += "  - {name: s\(index), subnets: [app], security_groups: [mesh], port: 9000}\n" }
        let graph = graph([
            "a.yaml": spec(
                network + """
                    security_groups:
                      - name: fn
                        network: main
                      - name: mesh
                        network: main
                        ingress:
                          - {ports: 9000, from: self}
                          - {ports: 9000, from: sg:fn}
                    apis:
                      - name: public
                        routes:
                          - {path: /x, method: GET, function: handler}
                    functions:
                      - {name: handler, subnets: [app], security_groups: [fn]}
                    services:

                    """ + services)
        ])
        let tree = PathTree(graph: graph, sources: [ReachabilityGraph.internet])
        #expect(
            describe(graph, tree.path(to: node(graph, "demo/development/service/s1999")), in: dev)
                == "internet →443 api/public →invoke function/handler →9000 service/s1999")
        let fromServices = PathTree(graph: graph, sources: [node(graph, "demo/development/service/s5")])
        #expect(describe(graph, fromServices.path(to: node(graph, "demo/development/service/s0")), in: dev) == "service/s5 →9000 service/s0")
    }

    @Test func egressKeyLeftOutIsOpenEmptyEgressAllowsNothingAndOpenNetworkBalancersAdmitEveryone() {
        let graph = graph([
            "a.yaml": spec(
                network + """
                    security_groups:
                      - name: open
                        network: main
                      - name: shut
                        network: main
                        egress: []
                      - name: db
                        network: main
                        ingress:
                          - {ports: 5432, from: 10.40.0.0/16}
                    instances:
                      - {name: free, subnet: app, security_groups: [shut, open]}
                      - {name: jailed, subnet: app, security_groups: [shut]}
                    load_balancers:
                      - name: inner
                        type: network
                        scheme: internal
                        subnets: [app]
                        listeners:
                          - {port: 7000, protocol: TCP}
                    databases:
                      - {name: main, engine: postgres, subnets: [data], security_groups: [db]}
                    """)
        ])
        // One group without an `egress` key opens egress, whatever the other says.
        let free = PathTree(graph: graph, sources: [node(graph, "demo/development/instance/free")])
        #expect(describe(graph, free.path(to: node(graph, "demo/development/database/main")), in: dev) == "instance/free →5432 database/main")
        // A network load balancer without groups admits every source, at its listener.
        let inner = free.path(to: node(graph, "demo/development/load_balancer/inner"))
        #expect(describe(graph, inner, in: dev) == "instance/free →7000 load_balancer/inner")
        #expect(inner?.first?.allowedBy.position == SourcePosition(line: 30, column: 9))
        // `egress: []` lets nothing out.
        let jailed = PathTree(graph: graph, sources: [node(graph, "demo/development/instance/jailed")])
        #expect(jailed.path(to: node(graph, "demo/development/database/main")) == nil)
        #expect(jailed.path(to: node(graph, "demo/development/load_balancer/inner")) == nil)
        #expect(graph.missingHop(from: node(graph, "demo/development/instance/jailed"), to: node(graph, "demo/development/database/main")) == .egressDenied)
    }
}
