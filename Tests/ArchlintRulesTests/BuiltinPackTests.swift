import ArchlintModel
import ArchlintPipeline
@testable import ArchlintRules
import Foundation
import Testing

/// The catalog's rules, ID → name: the contract (`rule-catalog.md`).
private let contract: [String: String] = [
    "REACH001": "data-store-behind-exposed-host", "REACH002": "production-data-reachable-from-non-production",
    "REACH003": "load-balancer-cannot-reach-target", "REACH004": "ingress-rule-admits-no-listener",
    "NET001": "subnet-overlap", "NET002": "subnet-outside-network", "NET003": "peered-network-overlap",
    "NET004": "address-space-reuse", "NET005": "data-store-exposed", "NET006": "workload-public-ip",
    "NET007": "flow-logs-disabled", "NET008": "private-service-no-egress", "NET009": "internet-lb-private-subnet",
    "SG001": "admin-port-open-to-world", "SG002": "world-ingress-non-web", "SG003": "all-traffic-ingress",
    "SG004": "data-store-cidr-ingress", "SG005": "unrestricted-egress", "SG006": "unused-security-group",
    "SG007": "data-store-reachable-from-internet", "SG008": "wide-port-range", "SG009": "service-bypasses-load-balancer",
    "ENC001": "database-unencrypted", "ENC002": "bucket-unencrypted", "ENC003": "cache-unencrypted-at-rest",
    "ENC004": "cache-unencrypted-in-transit", "ENC005": "plaintext-listener", "ENC006": "listener-without-certificate",
    "ENC007": "weak-tls-policy", "ENC008": "queue-or-topic-unencrypted", "ENC009": "instance-volume-unencrypted",
    "ENC010": "no-customer-managed-key", "ENC011": "frontend-allows-http",
    "HA001": "tier-single-zone", "HA002": "database-single-az", "HA003": "service-single-task",
    "HA004": "nat-single-zone", "HA005": "load-balancer-single-zone", "HA006": "cache-without-failover",
    "HA007": "short-backup-retention", "HA008": "deletion-protection-off",
    "SEC001": "secret-in-environment", "SEC002": "literal-credential", "SEC003": "secret-not-rotated",
    "SEC004": "plaintext-parameter", "SEC005": "long-lived-access-keys", "SEC006": "identity-shared-across-environments",
    "SEC007": "credential-pattern",
    "IAM001": "wildcard-action", "IAM002": "admin-policy", "IAM003": "console-user-without-mfa", "IAM004": "unused-role",
    "ID001": "user-pool-mfa-off", "ID002": "implicit-oauth-flow", "ID003": "weak-password-policy",
    "ID004": "api-without-auth", "ID005": "api-without-throttling", "ID006": "insecure-callback-url",
    "OPS001": "deprecated-runtime", "OPS002": "log-retention-unbounded", "OPS003": "imdsv1-allowed", "OPS004": "registry-scan-off",
    "DATA001": "public-bucket", "DATA002": "bucket-public-access-unblocked", "DATA003": "bucket-versioning-off",
    "META001": "waiver-expired", "META002": "waiver-unused",
    // terraform.md's table (issue #17).
    "DRIFT001": "missing-in-terraform", "DRIFT002": "missing-in-spec", "DRIFT003": "field-differs",
]

private let catalog = RuleCatalog.builtin()

/// Every example of every built-in rule, named for the test report.
struct ExampleCase: CustomTestStringConvertible, Sendable {
    let rule: String
    let index: Int
    var testDescription: String {
        let example = catalog.rule(rule)!.examples[index]
        return "\(rule) \(example.expectation.rawValue) (\(example.source))"
    }
}

private let exampleCases: [ExampleCase] = catalog.rules.flatMap { rule in
    rule.examples.indices.map { ExampleCase(rule: rule.id, index: $0) }
}

@Suite("The built-in rule packs")
struct BuiltinPackTests {
    @Test("the built-in packs load without errors")
    func loads() {
        #expect(catalog.errors.isEmpty, "\(catalog.errors.map(\.description))")
        #expect(
            catalog.packs.map(\.name).sorted() == [
                "availability", "data", "drift", "encryption", "iam", "identity",
                "meta", "network", "operations", "reachability", "secrets", "security-groups",
            ])
    }

    @Test("every rule of the catalog exists with its contract name, and nothing else")
    func matchesContract() {
        let rules = Dictionary(catalog.rules.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        #expect(rules == contract)
    }

    @Test("at least 40 rules are written in the condition language")
    func mostlyData() {
        #expect(catalog.rules.filter(\.isData).count >= 40)
    }

    @Test("every rule documents itself and has an example that fires and one that passes")
    func documented() {
        for rule in catalog.rules {
            #expect(!rule.summary.isEmpty && !rule.rationale.isEmpty && !rule.fix.isEmpty, "\(rule.id)")
            #expect(rule.examples.contains { $0.expectation == .fires }, "\(rule.id) has no example that fires")
            #expect(rule.examples.contains { $0.expectation == .passes }, "\(rule.id) has no example that passes")
        }
    }

    @Test("every example behaves: fires exactly at its markers, or stays silent", arguments: exampleCases)
    func example(_ example: ExampleCase) {
        let rule = catalog.rule(example.rule)!
        let runner = ExampleRunner(catalog: catalog, today: CalendarDate(year: 2026, month: 11, day: 23)!)
        let problems = runner.verify(rule.examples[example.index], of: rule)
        #expect(problems.isEmpty, "\(problems.map(\.description).joined(separator: "\n"))")
    }

    @Test("docs/rules holds the current page of every rule")
    func docsAreCurrent() throws {
        let folder = packageRoot + "/docs/rules"
        for rule in catalog.rules {
            let page = try? String(contentsOfFile: "\(folder)/\(rule.id).md", encoding: .utf8)
            #expect(page == RulePage.markdown(rule), "docs/rules/\(rule.id).md is stale: run `swift run archlint rules --write-docs docs/rules`")
        }
        let index = try? String(contentsOfFile: "\(folder)/README.md", encoding: .utf8)
        #expect(index == RulePage.index(catalog.packs), "docs/rules/README.md is stale: run `swift run archlint rules --write-docs docs/rules`")
        let pages = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".md") && $0 != "README.md" }
        #expect(Set(pages) == Set(catalog.rules.map { "\($0.id).md" }), "docs/rules has pages of rules that no longer exist")
    }
}

/// The package's root folder, found from this file's path.
let packageRoot: String = {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)
    return parts.joined(separator: "/")
}()
