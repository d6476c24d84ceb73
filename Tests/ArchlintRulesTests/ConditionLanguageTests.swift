import ArchlintModel
@testable import ArchlintRules
import Testing

private let databases = spec(
    """
    networks:
      - name: main
        cidr: 10.0.0.0/16
        subnets:
          - {name: pub, cidr: 10.0.0.0/24, zone: a, tier: public}
          - {name: data, cidr: 10.0.1.0/24, zone: b, tier: database}
    databases:
      - name: open
        engine: postgres
        subnets: [pub]
      - name: closed
        engine: postgres
        encrypted: true
        subnets: [data]
      - name: explicit
        engine: mysql
        encrypted: false

    """)

@Suite("The condition language")
struct ConditionLanguageTests {
    @Test("paths parse, and bad paths say why")
    func paths() throws {
        let path = try AttributePath.parse("subnets->parent.nat_gateways").get()
        #expect(path.steps == [.attribute("subnets"), .follow, .parent, .attribute("nat_gateways")])
        #expect(try AttributePath.parse("<-load_balancer").get().steps == [.referrers(.loadBalancer)])
        #expect(try AttributePath.parse("$param.admin_ports").get().root == .parameter("admin_ports"))
        #expect(try AttributePath.parse(".").get().steps.isEmpty)
        #expect(try AttributePath.parse("subnets[tier=private].zone").get().steps == [.attribute("subnets"), .filter("tier", "private"), .attribute("zone")])
        #expect(throws: PathError.self) { try AttributePath.parse("subnets[tier]").get() }
        #expect(throws: PathError.self) { try AttributePath.parse("<-nothing").get() }
        #expect(throws: PathError.self) { try AttributePath.parse("a.").get() }
        #expect(throws: PathError.self) { try AttributePath.parse("$nope").get() }
    }

    @Test("require reports at the failing value, or at the item when the value is left out")
    func requireLocations() {
        let catalog = pack(
            rule(
                """
                check:
                  select: database
                  require: {path: encrypted, is_true: true}
                  message: "{name} is not encrypted ({encrypted})"
                """))
        #expect(findings(catalog, ["a.yaml": databases]) == ["a.yaml:11: TST001 database/open", "a.yaml:20: TST001 database/explicit"])
        let messages = fullFindings(catalog, ["a.yaml": databases]).map(\.message)
        #expect(messages == ["open is not encrypted (not declared)", "explicit is not encrypted (false)"])
    }

    @Test("following references, and pointing at the reference")
    func follow() {
        let catalog = pack(
            rule(
                """
                check:
                  select: database
                  forbid: {path: subnets->tier, equals: public}
                  message: "{name} sits in {subnets->tier} subnets"
                """))
        #expect(findings(catalog, ["a.yaml": databases]) == ["a.yaml:13: TST001 database/open"])
        #expect(fullFindings(catalog, ["a.yaml": databases]).first?.message == "open sits in public subnets")
    }

    @Test("where filters; parameters and in")
    func filtersAndParameters() {
        let catalog = pack(
            rule(
                parameters: "engines:\n  default: [mysql]\n  description: d",
                """
                check:
                  select: database
                  where: {path: engine, in: {param: engines}}
                  require: {path: encrypted, is_true: true}
                  message: "{name} ({param.engines})"
                """))
        #expect(findings(catalog, ["a.yaml": databases]) == ["a.yaml:20: TST001 database/explicit"])
        #expect(fullFindings(catalog, ["a.yaml": databases]).first?.message == "explicit (mysql)")
    }

    @Test("not, any, all and absent-value semantics")
    func combinators() {
        let text = spec(
            """
            instances:
              - {name: bastion, purpose: bastion, public_ip: true}
              - {name: web, public_ip: true}
              - {name: batch, purpose: batch, public_ip: true}
              - {name: private}

            """)
        let catalog = pack(
            rule(
                """
                check:
                  select: instance
                  forbid:
                    all:
                      - {path: public_ip, is_true: true}
                      - {not: {path: purpose, equals: bastion}}
                  message: m
                """))
        #expect(findings(catalog, ["a.yaml": text]) == ["a.yaml:6: TST001 instance/web", "a.yaml:7: TST001 instance/batch"])
        // An element operator on a left-out value never holds.
        let strict = pack(
            rule(
                """
                check:
                  select: instance
                  forbid: {path: purpose, not_equals: bastion}
                  message: m
                """))
        #expect(findings(strict, ["a.yaml": text]) == ["a.yaml:7: TST001 instance/batch"])
    }

    @Test("quantifiers, counts, distinct counts, exists and absent")
    func collections() {
        let text = spec(
            """
            load_balancers:
              - name: one-zone
                subnets: [a1, a2]
                listeners:
                  - {port: 80, protocol: HTTP}
                  - {port: 443, protocol: HTTPS, certificate: arn}
              - name: two-zones
                subnets: [a1, b1]
            networks:
              - name: n
                cidr: 10.0.0.0/16
                subnets:
                  - {name: a1, cidr: 10.0.1.0/24, zone: za, tier: public}
                  - {name: a2, cidr: 10.0.2.0/24, zone: za, tier: public}
                  - {name: b1, cidr: 10.0.3.0/24, zone: zb, tier: public}

            """)
        let zones = pack(
            rule(
                """
                check:
                  select: load_balancer
                  forbid: {path: subnets->zone, distinct_count_lt: 2}
                  message: m
                """))
        #expect(findings(zones, ["a.yaml": text]) == ["a.yaml:6: TST001 load_balancer/one-zone"])
        let listeners = pack(
            rule(
                """
                check:
                  select: load_balancer
                  forbid: {path: listeners, some: {all: [{path: protocol, equals: HTTP}, {path: certificate, absent: true}]}}
                  message: m
                """))
        #expect(findings(listeners, ["a.yaml": text]) == ["a.yaml:8: TST001 load_balancer/one-zone"])
        let filtered = pack(
            rule(
                """
                check:
                  select: network
                  forbid: {path: "subnets[zone=za].name", count_gte: 2}
                  message: m
                """))
        #expect(findings(filtered, ["a.yaml": text]) == ["a.yaml:16: TST001 network/n"])
        let counted = pack(
            rule(
                """
                check:
                  select: load_balancer
                  require: {path: listeners, count_gte: 1}
                  message: m
                """))
        #expect(findings(counted, ["a.yaml": text]) == ["a.yaml:10: TST001 load_balancer/two-zones"])
    }

    @Test("CIDR and port operators")
    func networkOperators() {
        let text = spec(
            """
            security_groups:
              - name: g
                ingress:
                  - {ports: 22, from: 0.0.0.0/0}
                  - {ports: 8000-8100, from: 10.0.0.0/8}
                  - {ports: all, from: "::/0"}
                  - {ports: 443, from: sg:g}

            """)
        let covers = pack(
            rule(
                parameters: "admin_ports:\n  default: [22, 3389]\n  description: d",
                """
                check:
                  select: security_group.ingress
                  where: {path: from, in: ["0.0.0.0/0", "::/0"]}
                  forbid: {path: ports, port_range_covers: {param: admin_ports}}
                  message: m
                """))
        #expect(findings(covers, ["a.yaml": text]) == ["a.yaml:7: TST001 security_group/g", "a.yaml:9: TST001 security_group/g"])
        let wide = pack(
            rule(
                """
                check:
                  select: security_group.ingress
                  forbid: {all: [{path: ports, port_count_gt: 100}, {not: {path: ports, equals: all}}]}
                  message: m
                """))
        #expect(findings(wide, ["a.yaml": text]) == ["a.yaml:8: TST001 security_group/g"])
        let within = pack(
            rule(
                """
                check:
                  select: security_group.ingress
                  forbid: {all: [{path: from, is_cidr: true}, {path: from, cidr_within: 10.0.0.0/8}]}
                  message: m
                """))
        #expect(findings(within, ["a.yaml": text]) == ["a.yaml:8: TST001 security_group/g"])
        let references = pack(
            rule(
                """
                check:
                  select: security_group.ingress
                  forbid: {path: from, is_reference: true}
                  message: m
                """))
        #expect(findings(references, ["a.yaml": text]) == ["a.yaml:10: TST001 security_group/g"])
    }

    @Test("per-environment severity: the rule runs only where it is named; shared counts as production")
    func environments() {
        let catalog = pack(
            rule(
                severity: "{production: error, staging: warning}",
                """
                check:
                  select: bucket
                  require: {path: versioning, is_true: true}
                  message: m
                """))
        let files = [
            "d.yaml": spec("development", "buckets: [{name: b}]\n"),
            "p.yaml": spec("production", "buckets: [{name: b}]\n"),
            "s.yaml": spec("shared", "buckets: [{name: b}]\n"),
            "t.yaml": spec("staging", "buckets: [{name: b}]\n"),
        ]
        #expect(findings(catalog, files) == ["p.yaml:4: TST001 bucket/b", "s.yaml:4: TST001 bucket/b", "t.yaml:4: TST001 bucket/b"])
        let severities = fullFindings(catalog, files).map(\.severity.rawValue)
        #expect(severities == ["error", "error", "warning"])
    }

    @Test("referrers across environments: <-kind sees a shared role's users in every environment")
    func referrers() {
        let files = [
            "shared.yaml": spec("shared", "roles: [{name: used}, {name: idle}]\n"),
            "dev.yaml": spec("development", "services: [{name: api, task_role: used}]\n"),
        ]
        let catalog = pack(
            rule(
                """
                check:
                  select: role
                  require: {path: <-service, count_gte: 1}
                  message: m
                """))
        #expect(findings(catalog, files) == ["shared.yaml:4: TST001 role/idle"])
    }

    @Test("pack errors are located and suggest fixes")
    func packErrors() {
        let catalog = pack(
            rule(
                """
                check:
                  select: databse
                  require: {path: encrypted, is_ture: true}
                  message: "{param.nope}"
                """))
        let messages = catalog.errors.map { "\($0.location.line):\($0.location.column): \($0.message)" }
        #expect(messages.contains { $0.contains("'databse' is not a resource kind; did you mean 'database'?") })
        #expect(messages.contains { $0.contains("unknown operator 'is_ture'; did you mean 'is_true'?") })
        #expect(messages.contains { $0.contains("no parameter 'nope'") })
        #expect(catalog.rules.isEmpty)
    }

    @Test("a bad regular expression, an unknown builtin and a missing example are pack errors")
    func morePackErrors() {
        #expect(!pack(rule("check:\n  select: bucket\n  forbid: {path: name, matches: \"([\"}\n  message: m")).errors.isEmpty)
        #expect(pack(rule("builtin: subnet-overlaps")).errors.first?.message == "unknown built-in check 'subnet-overlaps'; did you mean 'subnet-overlap'?")
        var catalog = RuleCatalog()
        catalog.add(Array("pack: p\nrules:\n  - {id: X1, name: n, severity: info, summary: s, rationale: r, fix: f, builtin: tier-zones}\n".utf8), file: "p.yaml")
        #expect(catalog.errors.map(\.message) == ["rule X1 is missing required key 'examples' (one that fires, one that passes)"])
    }

    @Test("a rule ID may be defined once across packs")
    func duplicateIDs() {
        var catalog = pack(rule("builtin: tier-zones"))
        catalog.add(Array(rule("builtin: tier-zones").utf8), file: "other.yaml")
        #expect(catalog.errors.count == 1)
        #expect(catalog.errors.first?.message.hasPrefix("rule TST001 is already defined at test-pack.yaml:") == true)
    }
}
