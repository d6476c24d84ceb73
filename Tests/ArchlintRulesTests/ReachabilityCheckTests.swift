import ArchlintFindings
import ArchlintModel
@testable import ArchlintRules
import Testing

/// One network with a public, a private and a database subnet.
private func network(_ name: String, cidr: String, third: Int, peers: String = "") -> String {
    """
    networks:
      - name: \(name)
        cidr: \(cidr)
    \(peers.isEmpty ? "" : "    peers: [\(peers)]\n")    subnets:
          - {name: pub, cidr: 10.\(third).0.0/24, zone: z1, tier: public}
          - {name: app, cidr: 10.\(third).10.0/24, zone: z1, tier: private}
          - {name: data, cidr: 10.\(third).20.0/24, zone: z1, tier: database}

    """
}

@Suite("The reachability pack's checks")
struct ReachabilityCheckTests {
    @Test("REACH001: a public host the store admits gives a finding at the store carrying the path; a cache too")
    func exposedHost() throws {
        let catalog = pack(rule(id: "REACH001", "builtin: data-store-behind-exposed-host"))
        let text = spec(
            "development",
            network("main", cidr: "10.40.0.0/16", third: 40) + """
                security_groups:
                  - name: web
                    network: main
                    ingress:
                      - {ports: 8000-8100, from: 0.0.0.0/0}
                  - name: store
                    network: main
                    ingress:
                      - {ports: 6379, from: sg:web}
                      - {ports: 5432, from: 10.40.10.0/24}
                services:
                  - {name: web, subnets: [app], security_groups: [web], public_ip: true, port: 8080}
                caches:
                  - {name: sessions, engine: redis, subnets: [data], security_groups: [store]}
                databases:
                  - {name: orders, engine: aurora-postgresql, subnets: [data], security_groups: [store]}
                """)
        let found = fullFindings(catalog, ["a.yaml": text]).sorted { $0.resource < $1.resource }
        #expect(found.map(\.resource) == ["cache/sessions", "database/orders"])
        #expect(found[0].path?.text == "internet →8080 service/web →6379 cache/sessions")
        // aurora-postgresql: postgres comes first in the contract's order, so 5432; the CIDR
        // rule overlapping the service's subnet admits it.
        #expect(found[1].path?.text == "internet →8080 service/web →5432 database/orders")
        #expect(found[1].path?[1].allowedBy == PathOrigin(resource: "security_group/store", location: SourceLocation(file: "a.yaml", line: 20, column: 9)))
        #expect(found[1].message.contains("internet →8080 service/web →5432 database/orders; "))
        #expect(found[1].location.line == 26)
    }

    @Test("REACH002: production data reached from development over a peering, named across stack-environments")
    func nonProduction() throws {
        let catalog = pack(rule(id: "REACH002", severity: "{production: error}", "builtin: production-data-reachable-from-non-production"))
        let development = spec(
            "development", stack: "lab",
            network("dev", cidr: "10.1.0.0/16", third: 1, peers: "shop/production/prod") + """
                security_groups:
                  - {name: worker, network: dev}
                functions:
                  - {name: sync, subnets: [app], security_groups: [worker]}
                """)
        let production = spec(
            "production", stack: "shop",
            network("prod", cidr: "10.2.0.0/16", third: 2) + """
                security_groups:
                  - name: db
                    network: prod
                    ingress:
                      - {ports: 3306, from: 10.1.0.0/16}
                databases:
                  - {name: orders, engine: MySQL, subnets: [data], security_groups: [db]}
                """)
        let found = fullFindings(catalog, ["dev.yaml": development, "prod.yaml": production])
        #expect(found.map(\.resource) == ["database/orders"])
        #expect(found.first?.path?.text == "lab/development/function/sync →3306 database/orders")
        #expect(found.first?.path?.first?.from == "lab/development/function/sync")
        // Without the peering the networks are not connected: nothing.
        let apart = development.replacingOccurrences(of: "    peers: [shop/production/prod]\n", with: "")
        #expect(fullFindings(catalog, ["dev.yaml": apart, "prod.yaml": production]).isEmpty)
    }

    @Test("REACH003: no port, not admitted, egress denied — each said; a working target is quiet")
    func unreachableTarget() throws {
        let catalog = pack(rule(id: "REACH003", "builtin: load-balancer-cannot-reach-target"))
        let text = spec(
            """
            security_groups:
              - name: lb
                egress:
                  - {ports: 8080, to: sg:app}
              - name: app
                ingress:
                  - {ports: 8080, from: sg:lb}
                  - {ports: 9090, from: sg:lb}
            load_balancers:
              - name: front
                security_groups: [lb]
                listeners:
                  - {port: 80, protocol: HTTP, forward: ok}
                  - port: 81
                    protocol: HTTP
                    routes:
                      - {path: /a, service: portless}
                      - {path: /b, service: closed}
                      - {path: /c, service: blocked}
                      - {path: /d, service: ok}
            services:
              - {name: ok, security_groups: [app], port: 8080}
              - {name: portless, security_groups: [app]}
              - {name: closed, security_groups: [app], port: 7000}
              - {name: blocked, security_groups: [app], port: 9090}
            """)
        let found = fullFindings(catalog, ["a.yaml": text])
        #expect(found.map(\.location.line) == [20, 21, 22])
        #expect(found.map(\.resource) == ["load_balancer/front", "load_balancer/front", "load_balancer/front"])
        #expect(found[0].message.contains("service 'portless', which has no port"))
        #expect(found[1].message.contains("do not admit the load balancer on port 7000"))
        #expect(found[2].message.contains("egress does not allow the service on port 9090"))
        #expect(found.allSatisfy { $0.path == nil })
    }

    @Test("REACH004: only groups whose members all listen on known ports; udp rules count, ports all does not")
    func idleRule() throws {
        let catalog = pack(rule(id: "REACH004", severity: "info", "builtin: ingress-rule-admits-no-listener"))
        let text = spec(
            """
            security_groups:
              - name: db
                ingress:
                  - {ports: 5432, from: 10.0.0.0/8}
                  - {ports: 53, protocol: udp, from: 10.0.0.0/8}
                  - {ports: all, from: 10.0.0.0/8}
                  - {ports: 1-100, protocol: all, from: 10.0.0.0/8}
              - name: odd
                ingress:
                  - {ports: 22, from: 10.0.0.0/8}
              - name: empty
                ingress:
                  - {ports: 22, from: 10.0.0.0/8}
            databases:
              - {name: orders, engine: postgres, security_groups: [db]}
              - {name: legacy, engine: db2, security_groups: [odd]}
            """)
        // The unknown engine listens on every port: its group is left alone; a group worn by
        // nothing has no members to judge.
        #expect(findings(catalog, ["a.yaml": text]) == ["a.yaml:8: REACH004 security_group/db"])
    }

    @Test("the same specs give the same findings, paths included, every run")
    func deterministic() throws {
        let catalog = pack(rule(id: "REACH001", "builtin: data-store-behind-exposed-host"))
        var hosts = "", groups = ""
        for index in (0..<30).reversed() {
            groups += "  - {name: h\(index), network: main, ingress: [{ports: \(1000 + index % 3), from: 0.0.0.0/0}]}\n"
            hosts += "  - {name: host-\(index), subnet: pub, public_ip: true, security_groups: [h\(index)]}\n"
        }
        let text = spec(
            network("main", cidr: "10.40.0.0/16", third: 40) + "security_groups:\n" + groups
                + "  - {name: db, network: main, ingress: [{ports: 5432, from: 10.40.0.0/24}]}\ninstances:\n" + hosts
                + "databases:\n  - {name: orders, engine: postgres, subnets: [data], security_groups: [db]}\n")
        let first = fullFindings(catalog, ["a.yaml": text])
        #expect(first.first?.path?.text == "internet →1000 instance/host-0 →5432 database/orders")
        for _ in 0..<3 { #expect(fullFindings(catalog, ["a.yaml": text]) == first) }
    }
}
