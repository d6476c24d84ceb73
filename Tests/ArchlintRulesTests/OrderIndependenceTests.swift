import ArchlintLoad
import ArchlintModel
@testable import ArchlintRules
import PropertyBased
import Testing

/// Resources written one per entry, so that a test can write them in any order.
private let entries: [(kind: String, text: String)] = [
    ("security_groups", "  - {name: lb, ingress: [{ports: 443, from: 0.0.0.0/0}, {ports: 22, from: 0.0.0.0/0}]}"),
    ("security_groups", "  - {name: app, ingress: [{ports: 8080, from: sg:lb}, {ports: all, from: 10.0.0.0/8}]}"),
    ("security_groups", "  - {name: db, ingress: [{ports: 5432, from: sg:app}, {ports: 5432, from: 0.0.0.0/0}]}"),
    ("security_groups", "  - {name: spare}"),
    ("load_balancers", "  - {name: public, subnets: [pub-a], security_groups: [lb], listeners: [{port: 80, protocol: HTTP, forward: api}]}"),
    ("services", "  - {name: api, subnets: [app-a, app-b], security_groups: [app], port: 8080, environment: {DB_PASSWORD: hunter2hunter2}}"),
    ("services", "  - {name: worker, subnets: [app-a], desired_count: 3, autoscaling: {min: 1, max: 4}}"),
    ("databases", "  - {name: main, engine: postgres, subnets: [pub-a], security_groups: [db], master_password: literal-pass}"),
    ("databases", "  - {name: replica, engine: mysql, encrypted: true, multi_az: true, backup_retention_days: 14}"),
    ("buckets", "  - {name: site, public: true}"),
    ("buckets", "  - {name: logs, encryption: AES256, versioning: true, public_access_block: true}"),
    ("roles", "  - {name: task, statements: [{effect: Allow, actions: ['*'], resources: ['*']}]}"),
    ("roles", "  - {name: unused, managed_policies: [AdministratorAccess]}"),
    ("users", "  - {name: ci, access_keys: 2, console_access: true}"),
    ("secrets", "  - {name: token, store: ssm-string}"),
    ("log_groups", "  - {name: app-logs}"),
]

private let network = """
    networks:
      - name: main
        cidr: 10.0.0.0/16
        subnets:
          - {name: pub-a, cidr: 10.0.0.0/24, zone: a, tier: public}
          - {name: app-a, cidr: 10.0.1.0/24, zone: a, tier: private}
          - {name: app-b, cidr: 10.0.2.0/24, zone: b, tier: private}

    """

/// A production spec with the entries in `order`, grouped by kind in first-seen order.
private func spec(_ order: [Int]) -> String {
    var kinds: [String] = []
    var byKind: [String: [String]] = [:]
    for index in order {
        let entry = entries[index]
        if byKind[entry.kind] == nil { kinds.append(entry.kind) }
        byKind[entry.kind, default: []].append(entry.text)
    }
    var text = "archlint: 1\nstack: shop\nenvironment: production\n" + network
    for kind in kinds { text += "\(kind):\n" + byKind[kind]!.joined(separator: "\n") + "\n" }
    return text
}

/// Findings without their positions, which move with the order.
private func findings(_ files: [(String, String)]) -> [String] {
    let loaded = SpecLoader().load(documents: files.map { ($0.0, Array($0.1.utf8)) })
    #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics)")
    let result = RuleEngine(rules: RuleCatalog.builtin().rules).run(loaded.workspace, today: CalendarDate(year: 2026, month: 11, day: 23)!)
    return result.findings.map { "\($0.location.file) \($0.rule) \($0.resource) \($0.message)" }.sorted()
}

@Suite("Findings do not depend on order")
struct OrderIndependenceTests {
    @Test("the same findings whatever the order of resources within a file and of files")
    func anyOrder() async {
        let reference = findings([("shop.yaml", spec(Array(entries.indices))), ("other.yaml", "archlint: 1\nstack: other\nenvironment: staging\nbuckets: [{name: b}]\n")])
        #expect(reference.count > 20)
        await propertyCheck(count: 40, input: Gen.shuffled(Array(entries.indices)), Gen.bool) { order, otherFirst in
            var files = [("shop.yaml", spec(order)), ("other.yaml", "archlint: 1\nstack: other\nenvironment: staging\nbuckets: [{name: b}]\n")]
            if otherFirst { files.reverse() }
            #expect(findings(files) == reference)
        }
    }
}
