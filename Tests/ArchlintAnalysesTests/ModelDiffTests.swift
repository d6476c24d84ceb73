import ArchlintAnalyses
import ArchlintFindings
import ArchlintLoad
import ArchlintModel
import Foundation
import Testing

/// Loads specs from texts (sorted by name, as files are read).
private func workspace(_ files: [String: String]) -> Workspace {
    let loaded = SpecLoader().load(documents: files.sorted { $0.key < $1.key }.map { ($0.key, Array($0.value.utf8)) })
    #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics)")
    return loaded.workspace
}

private func diff(_ base: [String: String], _ head: [String: String]) -> [ResourceChange] {
    ModelDiff.changes(from: workspace(base), to: workspace(head))
}

/// `old → new` per field, for messages and compact expectations.
private func describe(_ changes: [ResourceChange]) -> [String] {
    changes.flatMap { change -> [String] in
        let resource = "\(change.stackEnvironment) \(change.change.rawValue) \(change.resource)"
        guard change.change == .changed else { return [resource] }
        return change.fields.map { "\(resource) \($0.path): \($0.old ?? "(none)") → \($0.new ?? "(none)")" }
    }
}

private let header = "archlint: 1\nstack: demo\nenvironment: production\nregion: eu-west-1\n"

/// A stack with something of every shape the comparison walks: subnets, rule lists, named
/// and unnamed nested items, single nested mappings, maps, lists of names, statements.
private let stack =
    header + """
        networks:
          - name: main
            cidr: 10.0.0.0/16
            subnets:
              - {name: pub, cidr: 10.0.0.0/24, zone: a, tier: public}
              - {name: app, cidr: 10.0.1.0/24, zone: a, tier: private}
            nat_gateways:
              - {name: nat, subnet: pub}
            endpoints: [s3, logs]
        security_groups:
          - name: alb
            network: main
            ingress:
              - {ports: 443, from: 0.0.0.0/0}
          - name: api
            network: main
            ingress:
              - {ports: 8000-8100, from: sg:alb}
          - name: db
            network: main
            ingress:
              - {ports: 5432, from: sg:api}
              - {ports: 5432, from: 10.0.1.0/24, description: app subnet}
        load_balancers:
          - name: public
            subnets: [pub]
            security_groups: [alb]
            listeners:
              - {port: 80, protocol: HTTP, redirect_to_https: true}
              - {port: 443, protocol: HTTPS, certificate: api.example.com, forward: api}
        clusters:
          - name: main
            platform: ec2
            capacity: {instance_type: t4g.small, min: 1, max: 2}
        services:
          - name: api
            cluster: main
            subnets: [app]
            security_groups: [api]
            port: 8000
            environment: {LOG_LEVEL: info, WORKERS: 4}
            secrets: {DB_PASSWORD: db-password}
            tags: {team: core}
        databases:
          - name: db
            engine: postgres
            subnets: [app]
            security_groups: [db]
            master_password: secret:db-password
        secrets:
          - name: db-password
            store: secrets-manager
        roles:
          - name: api
            assumed_by: [ecs-tasks.amazonaws.com]
            statements:
              - {effect: Allow, actions: ["s3:GetObject"], resources: ["*"]}
              - {effect: Allow, actions: ["sqs:SendMessage"], resources: ["arn:aws:sqs:eu-west-1:1:jobs"]}

        """

/// `stack` with `replacement` in place of `original`, which must be there.
private func edited(_ original: String, _ replacement: String, in text: String = stack) -> String {
    #expect(text.contains(original), "the spec has no \(original)")
    return text.replacingOccurrences(of: original, with: replacement)
}

@Suite struct ModelDiffTests {
    @Test func identicalSpecsHaveNoChange() {
        #expect(diff(["a.yaml": stack], ["a.yaml": stack]).isEmpty)
    }

    @Test func movingResourcesReorderingKeysAndRulesIsNoChange() {
        // Security groups before networks, keys of mappings in another order, rules, listeners,
        // statements, subnets and names of lists in another order, and a file of another name.
        let reordered =
            header + """
                security_groups:
                  - name: db
                    ingress:
                      - {description: app subnet, from: 10.0.1.0/24, ports: 5432}
                      - {from: sg:api, ports: 5432}
                    network: main
                  - network: main
                    name: api
                    ingress: [{ports: 8000-8100, from: sg:alb}]
                  - name: alb
                    network: main
                    ingress:
                      - {ports: 443, from: 0.0.0.0/0}
                networks:
                  - name: main
                    cidr: 10.0.0.0/16
                    endpoints: [logs, s3]
                    nat_gateways:
                      - {subnet: pub, name: nat}
                    subnets:
                      - {name: app, cidr: 10.0.1.0/24, zone: a, tier: private}
                      - {name: pub, cidr: 10.0.0.0/24, zone: a, tier: public}
                databases:
                  - name: db
                    master_password: secret:db-password
                    security_groups: [db]
                    subnets: [app]
                    engine: postgres
                load_balancers:
                  - name: public
                    listeners:
                      - {port: 443, protocol: HTTPS, certificate: api.example.com, forward: api}
                      - {port: 80, protocol: HTTP, redirect_to_https: true}
                    security_groups: [alb]
                    subnets: [pub]
                services:
                  - name: api
                    tags: {team: core}
                    secrets: {DB_PASSWORD: db-password}
                    environment: {WORKERS: 4, LOG_LEVEL: info}
                    port: 8000
                    security_groups: [api]
                    subnets: [app]
                    cluster: main
                clusters:
                  - name: main
                    capacity: {max: 2, min: 1, instance_type: t4g.small}
                    platform: ec2
                roles:
                  - name: api
                    statements:
                      - {effect: Allow, actions: ["sqs:SendMessage"], resources: ["arn:aws:sqs:eu-west-1:1:jobs"]}
                      - {resources: ["*"], effect: Allow, actions: ["s3:GetObject"]}
                    assumed_by: [ecs-tasks.amazonaws.com]
                secrets:
                  - name: db-password
                    store: secrets-manager

                """
        #expect(describe(diff(["a.yaml": stack], ["b.yaml": reordered])) == [])
    }

    @Test func writingADefaultIsNoChange() {
        // `encrypted: false` is what leaving it out means; so is `protocol: tcp` on a rule,
        // `type: application` on a load balancer, and a postgres database's port 5432.
        let explicit = edited("    engine: postgres\n", "    engine: postgres\n    encrypted: false\n    port: 5432\n")
        let withRuleDefaults = edited("{ports: 5432, from: sg:api}", "{ports: 5432, protocol: tcp, from: sg:api}", in: explicit)
        let head = edited("  - name: public\n", "  - name: public\n    type: application\n", in: withRuleDefaults)
        #expect(describe(diff(["a.yaml": stack], ["a.yaml": head])) == [])
        #expect(describe(diff(["a.yaml": head], ["a.yaml": stack])) == [])
    }

    @Test func aValueWrittenOnceUnderAnAnchorIsTheSameAsWrittenInPlace() {
        let head = edited(
            "security_groups:\n  - name: alb\n    network: main\n",
            "x-group: &group\n  network: main\nsecurity_groups:\n  - name: alb\n    <<: *group\n")
        #expect(describe(diff(["a.yaml": stack], ["a.yaml": head])) == [])
    }

    @Test func aChangedConditionShowsWhole() {
        let base = edited(#"resources: ["*"]}"#, #"resources: ["*"], condition: {StringEquals: {"aws:RequestedRegion": eu-west-1}}}"#)
        let head = edited("eu-west-1}}}", "eu-central-1}}}", in: base)
        #expect(
            describe(diff(["a.yaml": base], ["a.yaml": head])) == [
                "demo/production changed role/api statements[0].condition: {StringEquals: {aws:RequestedRegion: eu-west-1}} → {StringEquals: {aws:RequestedRegion: eu-central-1}}"
            ])
    }

    @Test func anAddedIngressRuleIsOneChangeOfItsGroupWhereTheRuleIsWritten() throws {
        let head = edited(
            "      - {ports: 5432, from: 10.0.1.0/24, description: app subnet}\n",
            "      - {ports: 5432, from: 10.0.1.0/24, description: app subnet}\n      - {ports: 5432, from: 0.0.0.0/0}\n")
        let changes = diff(["specs/demo.yaml": stack], ["specs/demo.yaml": head])
        #expect(describe(changes) == ["demo/production changed security_group/db ingress[2]: (none) → {ports: 5432, from: 0.0.0.0/0}"])
        let change = try #require(changes.first)
        let line = try #require(head.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("{ports: 5432, from: 0.0.0.0/0}") })
        #expect(change.fields.first?.location == SourceLocation(file: "specs/demo.yaml", line: line + 1, column: 9))
        let groupLine = try #require(head.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasSuffix("name: db") })
        #expect(change.location == SourceLocation(file: "specs/demo.yaml", line: groupLine + 1, column: 5))
    }

    @Test func aChangedRuleShowsTheFieldAtItsHeadIndexAndARemovedRuleItsOldValue() {
        // The first rule of `db` changes its source and moves below the second: the pair is
        // found by elimination, and the path names where the rule is now.
        let changedRule = edited(
            "      - {ports: 5432, from: sg:api}\n      - {ports: 5432, from: 10.0.1.0/24, description: app subnet}\n",
            "      - {ports: 5432, from: 10.0.1.0/24, description: app subnet}\n      - {ports: 5432, from: 0.0.0.0/0}\n")
        #expect(
            describe(diff(["a.yaml": stack], ["a.yaml": changedRule])) == [
                "demo/production changed security_group/db ingress[1].from: sg:api → 0.0.0.0/0"
            ])
        let removedRule = edited("      - {ports: 5432, from: sg:api}\n", "")
        let changes = diff(["a.yaml": stack], ["a.yaml": removedRule])
        #expect(describe(changes) == ["demo/production changed security_group/db ingress[0]: {ports: 5432, from: sg:api} → (none)"])
        // Located at the group in the head, which no longer has the rule.
        #expect(changes.first?.fields.first?.location == changes.first?.location)
    }

    @Test func turningOnFlowLogsIsOneChange() {
        let head = edited("    cidr: 10.0.0.0/16\n", "    cidr: 10.0.0.0/16\n    flow_logs: true\n")
        #expect(describe(diff(["a.yaml": stack], ["a.yaml": head])) == ["demo/production changed network/main flow_logs: false → true"])
        #expect(describe(diff(["a.yaml": head], ["a.yaml": stack])) == ["demo/production changed network/main flow_logs: true → false"])
    }

    @Test func aRenamedResourceIsRemovedAndAdded() {
        let head = edited("  - name: db-password\n", "  - name: database-password\n")
        #expect(
            describe(diff(["a.yaml": stack], ["a.yaml": head.replacingOccurrences(of: "db-password", with: "database-password")])) == [
                "demo/production changed database/db master_password: secret:db-password → secret:database-password",
                "demo/production added secret/database-password",
                "demo/production removed secret/db-password",
                "demo/production changed service/api secrets.DB_PASSWORD: db-password → database-password",
            ])
    }

    @Test func changesInsideNestedItemsNameTheItem() {
        let listener = edited("certificate: api.example.com", "certificate: www.example.com")
        #expect(
            describe(diff(["a.yaml": stack], ["a.yaml": listener])) == [
                "demo/production changed load_balancer/public listeners[1].certificate: api.example.com → www.example.com"
            ])
        let subnet = edited("{name: app, cidr: 10.0.1.0/24, zone: a, tier: private}", "{name: app, cidr: 10.0.2.0/24, zone: b, tier: private}")
        #expect(
            describe(diff(["a.yaml": stack], ["a.yaml": subnet])) == [
                "demo/production changed subnet/app cidr: 10.0.1.0/24 → 10.0.2.0/24",
                "demo/production changed subnet/app zone: a → b",
            ])
        let gateway = edited("{name: nat, subnet: pub}", "{name: nat, subnet: app}")
        #expect(describe(diff(["a.yaml": stack], ["a.yaml": gateway])) == ["demo/production changed network/main nat_gateways[0].subnet: pub → app"])
        let capacity = edited("min: 1, max: 2", "min: 2, max: 2, spot: true")
        #expect(
            describe(diff(["a.yaml": stack], ["a.yaml": capacity])) == [
                "demo/production changed cluster/main capacity.min: 1 → 2",
                "demo/production changed cluster/main capacity.spot: false → true",
            ])
        let statement = edited(#"actions: ["s3:GetObject"]"#, #"actions: ["s3:GetObject", "s3:PutObject"]"#)
        #expect(
            describe(diff(["a.yaml": stack], ["a.yaml": statement])) == [
                "demo/production changed role/api statements[0].actions: [s3:GetObject] → [s3:GetObject, s3:PutObject]"
            ])
    }

    @Test func listsOfNamesShowWholeAndMapsByKey() {
        let head = edited("endpoints: [s3, logs]", "endpoints: [logs, s3, ecr.api]")
        let mapped = edited("{LOG_LEVEL: info, WORKERS: 4}", "{LOG_LEVEL: debug, WORKERS: 4, REGION: eu-west-1}", in: head)
        let untagged = edited("    tags: {team: core}\n", "", in: mapped)
        #expect(
            describe(diff(["a.yaml": stack], ["a.yaml": untagged])) == [
                "demo/production changed network/main endpoints: [s3, logs] → [logs, s3, ecr.api]",
                "demo/production changed service/api tags.team: core → (none)",
                "demo/production changed service/api environment.LOG_LEVEL: info → debug",
                "demo/production changed service/api environment.REGION: (none) → eu-west-1",
            ])
    }

    @Test func aSubnetMovedToAnotherNetworkChangesItsNetwork() {
        let app = "      - {name: app, cidr: 10.0.1.0/24, zone: a, tier: private}\n"
        let moved = edited(
            "    endpoints: [s3, logs]\n", "    endpoints: [s3, logs]\n  - name: other\n    cidr: 10.0.0.0/8\n    subnets:\n" + app,
            in: edited(app, ""))
        #expect(
            describe(diff(["a.yaml": stack], ["a.yaml": moved])) == [
                "demo/production added network/other",
                "demo/production changed subnet/app network: main → other",
            ])
    }

    @Test func aNewStackEnvironmentIsAddedAndAGoneOneRemoved() {
        let staging = stack.replacingOccurrences(of: "environment: production", with: "environment: staging")
        let changes = diff(["a.yaml": stack], ["a.yaml": stack, "b.yaml": staging])
        #expect(changes.count == 12)
        #expect(changes.allSatisfy { $0.change == .added && $0.environment == "staging" && $0.location.file == "b.yaml" })
        #expect(changes.map(\.resource).contains("subnet/app"))
        let gone = diff(["a.yaml": stack, "b.yaml": staging], ["a.yaml": stack])
        #expect(gone.count == 12)
        #expect(gone.allSatisfy { $0.change == .removed && $0.location.file == "b.yaml" })
    }

    @Test func theSpecsOwnFieldsAreAChangeOfTheStack() {
        let head = edited("region: eu-west-1\n", "region: eu-central-1\nowner: platform\n")
        #expect(
            describe(diff(["a.yaml": stack], ["a.yaml": head])) == [
                "demo/production changed stack/demo region: eu-west-1 → eu-central-1",
                "demo/production changed stack/demo owner: (none) → platform",
            ])
    }

    @Test func aLiteralCredentialIsNotRepeated() {
        let head = edited("master_password: secret:db-password", "master_password: hunter2")
        let changes = diff(["a.yaml": stack], ["a.yaml": head])
        #expect(describe(changes) == ["demo/production changed database/db master_password: secret:db-password → (a literal value)"])
    }

    @Test func theShippedSpecsAgainstThemselvesHaveNoChange() {
        let loaded = SpecLoader().load(paths: [packageRoot + "/specs"])
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics)")
        #expect(loaded.workspace.resourceCount > 100)
        let again = SpecLoader().load(paths: [packageRoot + "/specs"])
        #expect(ModelDiff.changes(from: loaded.workspace, to: again.workspace).isEmpty)
    }
}

/// The package's root folder, found from this file's path.
private let packageRoot: String = {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)
    return parts.joined(separator: "/")
}()
