import ArchlintModel
@testable import ArchlintRules
import Testing

private func network(_ subnets: [(String, String)], name: String = "main", cidr: String = "10.0.0.0/8", ipv6: String? = nil) -> String {
    var text = "networks:\n  - name: \(name)\n    cidr: \(cidr)\n"
    if let ipv6 { text += "    ipv6_cidr: \"\(ipv6)\"\n" }
    text += "    subnets:\n"
    for (index, subnet) in subnets.enumerated() {
        text += "      - {name: \(subnet.0), cidr: \"\(subnet.1)\", zone: z\(index % 2), tier: private}\n"
    }
    return text
}

@Suite("Built-in checks")
struct BuiltinCheckTests {
    let overlap = pack(rule("builtin: subnet-overlap"))

    @Test("adjacent subnets do not overlap; nested and equal ones do, reported on the later one")
    func subnetOverlap() {
        let adjacent = network([("a", "10.0.0.0/24"), ("b", "10.0.1.0/24"), ("c", "10.0.2.0/23")])
        #expect(findings(overlap, ["a.yaml": spec(adjacent)]) == [])
        let nested = network([("big", "10.0.0.0/16"), ("small", "10.0.5.0/24"), ("same", "10.0.5.0/24")])
        #expect(
            findings(overlap, ["a.yaml": spec(nested)]) == [
                "a.yaml:9: TST001 subnet/small", "a.yaml:10: TST001 subnet/same", "a.yaml:10: TST001 subnet/same",
            ])
        // The earlier subnet in the file is named, whichever is larger.
        let reversed = network([("small", "10.0.5.0/24"), ("big", "10.0.0.0/16")])
        let messages = fullFindings(overlap, ["a.yaml": spec(reversed)]).map(\.message)
        #expect(messages == ["subnet 'big' (10.0.0.0/16) overlaps subnet 'small' (10.0.5.0/24) in network 'main'; give each subnet its own address range"])
    }

    @Test("IPv6 subnets and host routes overlap by containment; families never overlap each other")
    func subnetOverlapFamilies() {
        let text = network(
            [
                ("v6a", "2001:db8::/56"), ("v6b", "2001:db8:0:10::/64"), ("host", "10.0.0.7/32"), ("v4", "10.0.0.0/29"),
                ("mapped", "::ffff:10.0.0.0/120"),
            ], ipv6: "2001:db8::/48")
        #expect(findings(overlap, ["a.yaml": spec(text)]) == ["a.yaml:10: TST001 subnet/v6b", "a.yaml:12: TST001 subnet/v4"])
    }

    @Test("subnets of different networks are not compared")
    func overlapPerNetwork() {
        let text = network([("a", "10.0.0.0/24")], name: "one") + network([("b", "10.0.0.0/24")], name: "two").replacingOccurrences(of: "networks:\n", with: "")
        #expect(findings(overlap, ["a.yaml": spec(text)]) == [])
    }

    @Test("peered networks that overlap: a finding on each side that declares the peer")
    func peeredOverlap() {
        let catalog = pack(rule("builtin: peered-network-overlap"))
        let files = [
            "hub.yaml": spec(stack: "hub", "networks:\n  - {name: core, cidr: 10.0.0.0/16, peers: [spoke/production/vpc]}\n"),
            "spoke.yaml": spec(
                stack: "spoke", "networks:\n  - {name: vpc, cidr: 10.0.128.0/17, peers: [hub/production/core]}\n  - {name: far, cidr: 10.9.0.0/16, peers: [hub/production/core]}\n"),
        ]
        #expect(findings(catalog, files) == ["hub.yaml:5: TST001 network/core", "spoke.yaml:5: TST001 network/vpc"])
    }

    @Test("address reuse across stack-environments, unless peered; listed once per network")
    func addressReuse() {
        let catalog = pack(rule(severity: "info", "builtin: address-space-reuse"))
        let files = [
            "a.yaml": spec(stack: "a", "networks:\n  - {name: n, cidr: 10.0.0.0/16}\n"),
            "b.yaml": spec("development", stack: "a", "networks:\n  - {name: n, cidr: 10.0.0.0/16}\n"),
            "c.yaml": spec(stack: "c", "networks:\n  - {name: n, cidr: 10.0.0.0/8, peers: [a/production/n]}\n  - {name: m, cidr: 192.168.0.0/16}\n"),
        ]
        #expect(findings(catalog, files) == ["a.yaml:5: TST001 network/n", "b.yaml:5: TST001 network/n", "c.yaml:5: TST001 network/n"])
        let message = fullFindings(catalog, files).first { $0.location.file == "c.yaml" }?.message ?? ""
        #expect(message.contains("overlaps a/development/n without peering"))
    }

    @Test("data store reachable: world ingress on its port, or ingress from an internet-facing balancer's group")
    func reachability() {
        let catalog = pack(rule("builtin: data-store-reachability"))
        let text = spec(
            """
            security_groups:
              - name: lb
              - name: internal-lb
              - name: db
                ingress:
                  - {ports: 5432, from: sg:lb}
                  - {ports: 5432, from: sg:internal-lb}
                  - {ports: 6379, from: 0.0.0.0/0}
              - name: cache
                ingress:
                  - {ports: 6000-7000, from: "::/0"}
            load_balancers:
              - {name: public, security_groups: [lb]}
              - {name: private, scheme: internal, security_groups: [internal-lb]}
            databases:
              - {name: main, engine: postgres, security_groups: [db]}
            caches:
              - {name: sessions, engine: redis, security_groups: [cache]}

            """)
        #expect(findings(catalog, ["a.yaml": text]) == ["a.yaml:9: TST001 database/main", "a.yaml:14: TST001 cache/sessions"])
    }

    @Test("one finding per single-zone tier, at its first subnet")
    func tierZones() {
        let catalog = pack(rule(severity: "{production: error, staging: warning}", "builtin: tier-zones"))
        let text = spec(
            """
            networks:
              - name: main
                cidr: 10.0.0.0/16
                subnets:
                  - {name: pa, cidr: 10.0.0.0/24, zone: a, tier: public}
                  - {name: pb, cidr: 10.0.1.0/24, zone: b, tier: public}
                  - {name: qa, cidr: 10.0.2.0/24, zone: a, tier: private}
                  - {name: qb, cidr: 10.0.3.0/24, zone: a, tier: private}
                  - {name: da, cidr: 10.0.4.0/24, zone: a, tier: database}

            """)
        #expect(findings(catalog, ["a.yaml": text]) == ["a.yaml:10: TST001 network/main", "a.yaml:12: TST001 network/main"])
        #expect(findings(catalog, ["a.yaml": text.replacingOccurrences(of: "production", with: "development")]) == [])
    }

    @Test("a role or secret used by production and another environment; shared-environment resolution")
    func sharedIdentity() {
        let catalog = pack(rule(severity: "warning", "builtin: shared-identity"))
        let files = [
            "shared.yaml": spec("shared", "roles: [{name: both}, {name: prod-only}]\nsecrets: [{name: key, store: secrets-manager}]\n"),
            "prod.yaml": spec("production", "services: [{name: api, task_role: both, execution_role: prod-only, secrets: {K: key}}]\n"),
            "dev.yaml": spec("development", "services: [{name: api, task_role: both}]\nroles: [{name: prod-only}]\nfunctions: [{name: f, role: prod-only}]\n"),
        ]
        #expect(findings(catalog, files) == ["shared.yaml:4: TST001 role/both"])
    }

    @Test("credential patterns anywhere; the message names the key, never the value")
    func credentials() {
        let catalog = pack(rule("builtin: credential-pattern"))
        let secret = "AKIAIOSFODNN7EXAMPLE"
        let text = spec(
            """
            description: "uses \(secret)"
            services:
              - name: api
                environment: {DATABASE_URL: "postgres://app:hunter2@db:5432/app", PLAIN: hello}
                tags: {note: "ghp_abcdefghijklmnopqrstuvwxyz0123456789"}

            """)
        let found = fullFindings(catalog, ["a.yaml": text])
        #expect(found.map { "\($0.location.line) \($0.resource)" } == ["4 stack/demo", "7 service/api", "8 service/api"])
        #expect(found.allSatisfy { !$0.message.contains(secret) && !$0.message.contains("hunter2") && !$0.message.contains("ghp_") })
        #expect(found[1].message.hasPrefix("'DATABASE_URL' of service 'api' holds what looks like a URL with a password"))
    }

    @Test("waivers: applied until they expire, then META001; unused ones are META002")
    func waivers() {
        let base = pack(rule(id: "DATA001", "check:\n  select: bucket\n  forbid: {path: public, is_true: true}\n  message: m"))
        var catalog = base
        catalog.add(Array(rule(id: "META001", severity: "warning", "builtin: waiver-expired").utf8), file: "m1.yaml")
        catalog.add(Array(rule(id: "META002", severity: "info", "builtin: waiver-unused").utf8), file: "m2.yaml")
        let text = spec(
            """
            buckets:
              - name: site
                public: true
                waivers: [{rule: DATA001, reason: public page, expires: 2026-06-01}]
              - name: old
                public: true
                waivers: [{rule: DATA001, reason: was public, expires: 2026-05-31}]
              - name: fixed
                waivers: [{rule: DATA001, reason: no longer, expires: 2099-01-01}]

            """)
        #expect(
            findings(catalog, ["a.yaml": text]) == [
                "a.yaml:6: DATA001 bucket/site waived",
                "a.yaml:9: DATA001 bucket/old",
                "a.yaml:10: META001 bucket/old",
                "a.yaml:12: META002 bucket/fixed",
            ])
        let waived = fullFindings(catalog, ["a.yaml": text]).first { $0.isWaived }?.waiver
        #expect(waived?.reason == "public page")
        #expect(waived?.expires == "2026-06-01")
        #expect(waived?.source == .spec)
    }
}

@Suite("Credential patterns")
struct CredentialPatternTests {
    @Test(
        "each shape is recognised",
        arguments: [
            ("AKIAIOSFODNN7EXAMPLE", CredentialPatterns.Kind.awsAccessKeyID),
            ("key ASIAABCDEFGHIJKLMNOP here", .awsAccessKeyID),
            ("-----BEGIN RSA PRIVATE KEY-----\nMIIE", .privateKey),
            ("-----BEGIN OPENSSH PRIVATE KEY-----", .privateKey),
            ("https://user:pa55@example.com/x", .passwordURL),
            ("redis://:token@cache:6379", .passwordURL),
            ("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl", .jwt),
            ("ghp_" + String(repeating: "a1", count: 18), .githubToken),
            ("gho_" + String(repeating: "Z9", count: 18), .githubToken),
            ("xoxb-123456789012-abcdef", .slackToken),
        ])
    func recognised(_ text: String, _ kind: CredentialPatterns.Kind) {
        #expect(CredentialPatterns.match(text) == kind)
    }

    @Test(
        "ordinary values are not",
        arguments: [
            "AKIA-not-a-key", "akiaiosfodnn7example", "https://example.com/path", "https://user@example.com",
            "postgres://db:5432/app", "eyJhbGciOiJIUzI1NiJ9", "ghp_short", "xoxb-short", "BEGIN PRIVATE KEY",
            "arn:aws:iam::123456789012:role/x", "10.0.0.0/16", "mailto:someone@example.com",
        ])
    func ordinary(_ text: String) {
        #expect(CredentialPatterns.match(text) == nil)
    }
}
