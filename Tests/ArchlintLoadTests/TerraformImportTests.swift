import ArchlintFindings
import ArchlintLoad
import ArchlintModel
import Foundation
import Testing

/// The plans other projects wrote for their own tests (`../shared/terraform-plans/`, see its
/// SOURCES.md), read where they are: they are never copied into the repository.
private let sharedPlans: URL = {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/terraform-plans")
}()

private let planFiles: [String] = {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: sharedPlans.path)) ?? []
    return names.filter { $0.hasSuffix(".json") }.sorted()
}()

private let checkovPlan = "checkov__tests__terraform__runner__resources__plan__tfplan.json"

/// Literal credentials the plans hold (TerraGoat's database password, the AWS example
/// access key of the Lambda's environment): no output may repeat them.
private let plantedSecrets = ["Aa1234321Bb", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "AKIAIOSFODNN7EXAMPLE"]

/// Terraform types the importer maps to a resource of its own, which must be written with
/// `x-terraform: ADDRESS`.
private let resourceTypes: Set<String> = [
    "aws_vpc", "aws_security_group", "aws_lb", "aws_alb", "aws_elb", "aws_db_instance", "aws_rds_cluster",
    "aws_elasticache_replication_group", "aws_s3_bucket", "aws_secretsmanager_secret", "aws_iam_role", "aws_iam_user",
    "aws_lambda_function", "aws_instance", "aws_cloudwatch_log_group", "aws_ecr_repository", "aws_sqs_queue", "aws_sns_topic",
    "aws_ecs_cluster",
]

private func importPlan(_ name: String, environment: Environment = .production) throws -> (TerraformImport, String) {
    let path = sharedPlans.appendingPathComponent(name).path
    let result = TerraformImporter(stack: "demo", environment: environment, source: "plans/\(name)").importFile(at: path)
    let imported = try result.get()
    return (imported, SpecWriter.write(imported.spec, annotations: imported.annotations))
}

private func importText(_ json: String) -> Result<TerraformImport, Diagnostic> {
    TerraformImporter(stack: "demo", environment: .production, source: "plan.json").importBytes(Array(json.utf8), path: "plan.json")
}

/// Every managed resource address of a plan, read with Foundation's JSON reader (not the
/// importer's), root module and child modules.
private func managedAddresses(_ name: String) throws -> [(address: String, type: String)] {
    let data = try Data(contentsOf: sharedPlans.appendingPathComponent(name))
    let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let values = try #require((root["planned_values"] ?? root["values"]) as? [String: Any])
    var found: [(String, String)] = []
    func walk(_ module: [String: Any]) {
        for resource in module["resources"] as? [[String: Any]] ?? [] where (resource["mode"] as? String ?? "managed") == "managed" {
            found.append((resource["address"] as! String, resource["type"] as! String))
        }
        for child in module["child_modules"] as? [[String: Any]] ?? [] { walk(child) }
    }
    walk(try #require(values["root_module"] as? [String: Any]))
    return found
}

/// The addresses a written spec names in `x-terraform` and in `x-terraform-merged`, read
/// back with the YAML reader.
private func provenance(_ text: String) throws -> (resources: Set<String>, merged: Set<String>) {
    let parsed = YAMLParser.parse(Array(text.utf8))
    let root = try #require(parsed.root)
    var resources = Set<String>(), merged = Set<String>()
    func walk(_ node: YAMLNode) {
        switch node.content {
        case .scalar: break
        case .sequence(let items): items.forEach(walk)
        case .mapping(let pairs):
            for pair in pairs {
                switch pair.key.scalar?.text {
                case "x-terraform": pair.value.scalar.map { resources.insert($0.text) }
                case "x-terraform-merged":
                    if case .sequence(let items) = pair.value.content { items.compactMap(\.scalar?.text).forEach { merged.insert($0) } }
                default: walk(pair.value)
                }
            }
        }
    }
    walk(root)
    return (resources, merged)
}

@Suite struct TerraformImportTests {
    @Test func theSharedPlansAreThere() {
        #expect(planFiles.count >= 7, "expected the plans of ../shared/terraform-plans at \(sharedPlans.path)")
    }

    @Test(arguments: planFiles)
    func everyPlanImportsIntoASpecThatValidates(_ name: String) throws {
        let (_, text) = try importPlan(name)
        let loaded = SpecLoader().load(documents: [("imported.yaml", Array(text.utf8))])
        #expect(loaded.diagnostics.map(\.description) == [])
        #expect(loaded.workspace.specs.count == 1)
    }

    @Test(arguments: planFiles)
    func everyManagedResourceIsImportedOrListed(_ name: String) throws {
        let (imported, text) = try importPlan(name)
        let listed = Set(imported.notImported.map(\.address))
        let (written, folded) = try provenance(text)
        for (address, type) in try managedAddresses(name) {
            let isResource = written.contains(address)
            let isMerged = folded.contains(address)
            if resourceTypes.contains(type) {
                #expect(isResource, "\(address) of a mapped type is not written with its x-terraform")
            }
            #expect(isResource || isMerged || listed.contains(address), "\(address) is neither imported nor listed as not imported")
            if listed.contains(address) {
                #expect(!isResource && !isMerged, "\(address) is both imported and listed")
                #expect(text.contains("#   \(address): "), "\(address) is not in the header")
            }
        }
        // One summary line per type left out, naming the count.
        let types = Set(imported.notImported.map(\.type))
        #expect(imported.notImportedSummary.count == types.count)
    }

    @Test(arguments: planFiles)
    func importingTwiceGivesTheSameBytes(_ name: String) throws {
        let (_, first) = try importPlan(name)
        let (_, second) = try importPlan(name)
        #expect(first == second)
    }

    @Test(arguments: planFiles)
    func noPlantedSecretIsRepeated(_ name: String) throws {
        let (imported, text) = try importPlan(name)
        let outputs = [text] + imported.notImportedSummary
        for secret in plantedSecrets {
            #expect(!outputs.contains { $0.contains(secret) }, "\(name) repeats a planted secret")
        }
    }

    @Test func checkovsPlanKeepsWhatTheRulesRead() throws {
        let (imported, text) = try importPlan(checkovPlan)
        let spec = imported.spec
        let database = try #require(spec.databases.first)
        #expect(database.encrypted?.value == false)
        #expect(database.publiclyAccessible?.value == true)
        #expect(database.multiAz?.value == false)
        #expect(database.backupRetentionDays?.value == 0)
        #expect(database.masterPassword?.value == .literal("REDACTED"))
        #expect(text.contains("master_password: REDACTED"))
        #expect(database.subnets.count == 2)
        #expect(database.securityGroups.map(\.name) == ["123456789123-acme-corp-rds-sg"])

        let webNode = try #require(spec.securityGroups.first { imported.annotations[ResourceKey(.securityGroup, $0.name)].address == "aws_security_group.web-node" })
        #expect(webNode.ingress.map(\.ports.value) == [.range(lower: 22, upper: 22), .range(lower: 80, upper: 80)])
        #expect(webNode.ingress.allSatisfy { $0.peer.value == .cidr(try! CIDR.parse("0.0.0.0/0").get()) })

        let data = try #require(spec.buckets.first { imported.annotations[ResourceKey(.bucket, $0.name)].address == "aws_s3_bucket.data" })
        #expect(data.public?.value == true)
        #expect(spec.instances.count == 2)
        #expect(spec.instances.allSatisfy { $0.imdsv2 == nil })
        #expect(spec.users.first?.accessKeys?.value == 1)
        // The security group rule resources are folded into the group they name.
        let rds = try #require(spec.securityGroups.first { $0.name == "123456789123-acme-corp-rds-sg" })
        #expect(rds.ingress.count == 1)
        #expect(rds.egress.count == 1)
        #expect(imported.annotations[ResourceKey(.securityGroup, rds.name)].merged.count == 2)
    }

    @Test func modulesAndCountIndexesResolve() throws {
        let (imported, _) = try importPlan("terraform-compliance__tests__functional__test_issue-158__plan.out.json")
        let network = try #require(imported.spec.networks.first)
        #expect(network.subnets.count == 6)
        #expect(network.subnets.filter { $0.tier.value == .public }.count == 3)
        #expect(network.subnets.filter { $0.tier.value == .private }.count == 3)
        #expect(network.internetGateway?.value == true)
        // One NAT gateway per zone, each in the public subnet of its own index.
        #expect(network.natGateways.compactMap(\.subnet?.name) == ["my-vpc-public-eu-west-1a", "my-vpc-public-eu-west-1b", "my-vpc-public-eu-west-1c"])
        #expect(imported.annotations[ResourceKey(.subnet, "my-vpc-private-eu-west-1b")].address == "module.vpc.aws_subnet.private[1]")
    }

    @Test func nestedModulesImportWithTheirAddresses() throws {
        let (imported, text) = try importPlan("regula__rego__tests__lib__inputs__resource_view_06_tf_v1_0_infra.json")
        #expect(imported.spec.networks.count == 4)
        #expect(imported.spec.securityGroups.count == 3)
        #expect(text.contains("x-terraform: module.child1.module.grandchild1.aws_vpc."))
    }

    @Test func valuesNamingNothingInThePlanAreNotedOnTheirOwner() throws {
        let (imported, text) = try importPlan("terraform-compliance__tests__functional__test_issue-249__plan.out.json")
        let balancer = try #require(imported.spec.loadBalancers.first)
        #expect(balancer.subnets.isEmpty)
        #expect(imported.annotations[ResourceKey(.loadBalancer, balancer.name)].notes.contains("not resolved: subnets subnet-13f44a58, subnet-9918eec4"))
        #expect(text.contains("# not resolved: vpc_id vpc-32E071F6"))
        // The function's group is named by an id unknown to the plan's values, and found
        // through the configuration's references.
        #expect(imported.spec.functions.first?.securityGroups.map(\.name) == ["myapp-lambda-security-group-sandbox"])
    }

    @Test func listenersTheFormatLacksAreLeftOutWithAComment() throws {
        let (imported, text) = try importPlan("terraform-compliance__tests__functional__test_issue-172__plan.out.json")
        let balancer = try #require(imported.spec.loadBalancers.first)
        #expect(balancer.type?.value == .network)
        #expect(balancer.listeners.map(\.port.value).sorted() == [53, 80])
        #expect(imported.notImported.contains { $0.type == "aws_lb_listener" && $0.reason.contains("UDP") })
        #expect(text.contains("UDP"))
    }
}

// MARK: - A plan written for the contract's cases

/// A small plan in `terraform show -json`'s shape covering what the shared plans do not:
/// a module output reference, an unknown zone, `egress = []`, an RDS-managed password, a
/// cache token, split bucket resources, SSM parameters and an environment secret.
private let contractPlan = #"""
    {
      "format_version": "1.2",
      "terraform_version": "1.6.0",
      "planned_values": {"root_module": {
        "resources": [
          {"address": "aws_security_group.db", "mode": "managed", "type": "aws_security_group", "name": "db",
           "values": {"name": "db", "description": "database", "egress": [],
             "ingress": [{"cidr_blocks": [], "ipv6_cidr_blocks": [], "security_groups": [], "self": true, "prefix_list_ids": [],
                          "from_port": 5432, "to_port": 5432, "protocol": "tcp", "description": "peers"}]}},
          {"address": "aws_security_group.app", "mode": "managed", "type": "aws_security_group", "name": "app",
           "values": {"name": "app", "description": "Managed by Terraform"}},
          {"address": "aws_vpc_security_group_ingress_rule.db_from_app", "mode": "managed", "type": "aws_vpc_security_group_ingress_rule", "name": "db_from_app",
           "values": {"from_port": 5432, "to_port": 5432, "ip_protocol": "tcp"}},
          {"address": "aws_db_instance.main", "mode": "managed", "type": "aws_db_instance", "name": "main",
           "values": {"identifier": "main", "engine": "postgres", "manage_master_user_password": true, "storage_encrypted": true,
                      "multi_az": true, "backup_retention_period": 14}},
          {"address": "aws_elasticache_replication_group.cache", "mode": "managed", "type": "aws_elasticache_replication_group", "name": "cache",
           "values": {"replication_group_id": "cache", "engine": "redis", "auth_token": "hunter2-token-literal", "num_cache_clusters": 2,
                      "automatic_failover_enabled": true}},
          {"address": "aws_s3_bucket.site", "mode": "managed", "type": "aws_s3_bucket", "name": "site", "values": {"bucket": "site"}},
          {"address": "aws_s3_bucket_public_access_block.site", "mode": "managed", "type": "aws_s3_bucket_public_access_block", "name": "site",
           "values": {"bucket": "site", "block_public_acls": true, "block_public_policy": true, "ignore_public_acls": true, "restrict_public_buckets": true}},
          {"address": "aws_s3_bucket_versioning.site", "mode": "managed", "type": "aws_s3_bucket_versioning", "name": "site",
           "values": {"versioning_configuration": [{"status": "Enabled"}]}},
          {"address": "aws_s3_bucket_server_side_encryption_configuration.site", "mode": "managed", "type": "aws_s3_bucket_server_side_encryption_configuration", "name": "site",
           "values": {"bucket": "site", "rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms", "kms_master_key_id": "alias/site"}]}]}},
          {"address": "aws_ssm_parameter.db_password", "mode": "managed", "type": "aws_ssm_parameter", "name": "db_password",
           "values": {"name": "/app/db_password", "type": "String", "value": "plain-text-password"}},
          {"address": "aws_ssm_parameter.colour", "mode": "managed", "type": "aws_ssm_parameter", "name": "colour",
           "values": {"name": "/app/colour", "type": "String", "value": "blue"}},
          {"address": "aws_lambda_function.worker", "mode": "managed", "type": "aws_lambda_function", "name": "worker",
           "values": {"function_name": "worker", "runtime": "python3.12",
                      "environment": [{"variables": {"API_TOKEN": "tok-123456", "MODE": "fast", "RETRIES": "3"}}]}}
        ],
        "child_modules": [{"address": "module.net", "resources": [
          {"address": "module.net.aws_vpc.main", "mode": "managed", "type": "aws_vpc", "name": "main",
           "values": {"cidr_block": "10.1.0.0/16", "tags": {"Name": "core"}}},
          {"address": "module.net.aws_subnet.private[0]", "mode": "managed", "type": "aws_subnet", "name": "private", "index": 0,
           "values": {"cidr_block": "10.1.1.0/24", "map_public_ip_on_launch": false}}
        ]}]
      }},
      "resource_changes": [
        {"address": "module.net.aws_subnet.private[0]", "change": {"actions": ["create"], "after_unknown": {"availability_zone": true, "vpc_id": true, "id": true}}},
        {"address": "aws_security_group.db", "change": {"actions": ["create"], "after_unknown": {"vpc_id": true, "id": true}}},
        {"address": "aws_security_group.app", "change": {"actions": ["create"], "after_unknown": {"ingress": true, "egress": true, "id": true}}},
        {"address": "aws_vpc_security_group_ingress_rule.db_from_app", "change": {"actions": ["create"],
          "after_unknown": {"security_group_id": true, "referenced_security_group_id": true}}}
      ],
      "configuration": {"root_module": {
        "resources": [
          {"address": "aws_security_group.db", "mode": "managed", "type": "aws_security_group", "name": "db",
           "expressions": {"vpc_id": {"references": ["module.net.vpc_id", "module.net"]}}},
          {"address": "aws_vpc_security_group_ingress_rule.db_from_app", "mode": "managed", "type": "aws_vpc_security_group_ingress_rule", "name": "db_from_app",
           "expressions": {"security_group_id": {"references": ["aws_security_group.db.id", "aws_security_group.db"]},
                           "referenced_security_group_id": {"references": ["aws_security_group.app.id", "aws_security_group.app"]}}},
          {"address": "aws_s3_bucket_versioning.site", "mode": "managed", "type": "aws_s3_bucket_versioning", "name": "site",
           "expressions": {"bucket": {"references": ["aws_s3_bucket.site.id", "aws_s3_bucket.site"]}}}
        ],
        "module_calls": {"net": {"source": "./net", "module": {
          "outputs": {"vpc_id": {"expression": {"references": ["aws_vpc.main.id", "aws_vpc.main"]}}},
          "resources": [
            {"address": "aws_subnet.private", "mode": "managed", "type": "aws_subnet", "name": "private",
             "expressions": {"vpc_id": {"references": ["aws_vpc.main.id", "aws_vpc.main"]}}}
          ]}}}
      }}
    }
    """#

@Suite struct TerraformContractTests {
    private func imported() throws -> (TerraformImport, String) {
        let imported = try importText(contractPlan).get()
        return (imported, SpecWriter.write(imported.spec, annotations: imported.annotations))
    }

    @Test func theContractPlanValidates() throws {
        let (_, text) = try imported()
        let loaded = SpecLoader().load(documents: [("imported.yaml", Array(text.utf8))])
        #expect(loaded.diagnostics.map(\.description) == [])
    }

    @Test func referencesResolveThroughModuleOutputsAndConfiguration() throws {
        let (imported, _) = try imported()
        let db = try #require(imported.spec.securityGroups.first { $0.name == "db" })
        #expect(db.network?.name == "core")
        #expect(db.ingress.map(\.peer.value) == [.sameGroup, .securityGroup(Reference("app", at: .start))])
        #expect(imported.spec.networks.first?.subnets.first?.name == "net.private-0")
    }

    @Test func anUnknownRequiredFieldIsWrittenAsUnknownWithAComment() throws {
        let (imported, text) = try imported()
        #expect(imported.spec.networks.first?.subnets.first?.zone.value == "unknown")
        #expect(text.contains("# unknown until apply: zone"))
        #expect(text.contains("zone: unknown"))
    }

    @Test func terraformsEmptyEgressIsWrittenAndReadBack() throws {
        let (_, text) = try imported()
        #expect(text.contains("egress: []"))
        let loaded = SpecLoader().load(documents: [("imported.yaml", Array(text.utf8))])
        let db = try #require(loaded.workspace.specs.first?.securityGroups.first { $0.name == "db" })
        #expect(db.writesEgress && db.egress.isEmpty)
        // A group whose egress is unknown keeps AWS's default: no egress key.
        let app = try #require(loaded.workspace.specs.first?.securityGroups.first { $0.name == "app" })
        #expect(!app.writesEgress)
    }

    @Test func credentialsAreRedactedOrReferenced() throws {
        let (imported, text) = try imported()
        #expect(!text.contains("hunter2-token-literal"))
        #expect(!text.contains("tok-123456"))
        #expect(!text.contains("plain-text-password"))
        #expect(imported.spec.caches.first?.authToken?.value == .literal("REDACTED"))
        #expect(imported.spec.databases.first?.masterPassword?.value == .reference(SecretReference(name: "main-master-password", key: nil, at: .start)))
        #expect(imported.spec.secrets.contains { $0.name == "main-master-password" && $0.store.value == .secretsManager })
        let environment = try #require(imported.spec.functions.first?.environment)
        #expect(environment.map(\.text) == ["REDACTED", "fast", "3"])
        #expect(imported.spec.caches.first?.replicas?.value == 1)
    }

    @Test func splitBucketResourcesAndParameters() throws {
        let (imported, _) = try imported()
        let bucket = try #require(imported.spec.buckets.first)
        #expect(bucket.publicAccessBlock?.value == true)
        #expect(bucket.versioning?.value == true)
        #expect(bucket.encryption?.value == .kms)
        #expect(bucket.kmsKey?.value == "alias/site")
        #expect(imported.spec.secrets.first { $0.name == "/app/db_password" }?.store.value == .ssmString)
        #expect(imported.notImported.contains { $0.address == "aws_ssm_parameter.colour" })
    }
}

// MARK: - Inputs that are not plans

@Suite struct TerraformMalformedInputTests {
    private func error(_ text: String) -> Diagnostic? {
        if case .failure(let diagnostic) = importText(text) { return diagnostic }
        return nil
    }

    @Test func notJSON() throws {
        let diagnostic = try #require(error("archlint: 1\nstack: demo\n"))
        #expect(diagnostic.location.line == 1 && diagnostic.location.column == 1)
        #expect(diagnostic.message.contains("not JSON"))
        let unquoted = try #require(error("{\"format_version\": \"1.0\",\n  \"planned_values\": {root_module: {}}}"))
        #expect(unquoted.location.line == 2)
        #expect(unquoted.message.contains("not JSON"))
    }

    @Test func aJSONArray() throws {
        let diagnostic = try #require(error("[1, 2]"))
        #expect(diagnostic.message.contains("expected a JSON object"))
        #expect(diagnostic.location.line == 1)
    }

    @Test func formatVersionTwo() throws {
        let diagnostic = try #require(error("{\n  \"format_version\": \"2.0\",\n  \"planned_values\": {\"root_module\": {}}\n}"))
        #expect(diagnostic.location.line == 2 && diagnostic.location.column == 21)
        #expect(diagnostic.message.contains("format_version 2.0"))
    }

    @Test func anotherShapeOfJSON() throws {
        let diagnostic = try #require(error("{\"format_version\": \"1.0\", \"resources\": []}"))
        #expect(diagnostic.message.contains("planned_values"))
    }

    @Test func aTruncatedPlan() throws {
        let bytes = try Array(Data(contentsOf: sharedPlans.appendingPathComponent(checkovPlan)))
        let truncated = String(decoding: bytes.prefix(bytes.count / 2), as: UTF8.self)
        let diagnostic = try #require(error(truncated))
        #expect(diagnostic.location.line > 1)
        #expect(diagnostic.message.contains("not valid JSON"))
    }

    @Test func deeplyNested() throws {
        let depth = 10_000
        let text = "{\"format_version\": \"1.0\", \"x\": " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}"
        let diagnostic = try #require(error(text))
        #expect(diagnostic.message.contains("nesting deeper than"))
        #expect(diagnostic.location.line == 1 && diagnostic.location.column > 1)
    }

    @Test func emptyAndDuplicateKeys() throws {
        #expect(error("")?.message.contains("empty") == true)
        let duplicate = try #require(error("{\"format_version\": \"1.0\",\n\"format_version\": \"1.1\"}"))
        #expect(duplicate.location.line == 2)
    }

    @Test func tabsBetweenTokensAreJSON() throws {
        let text = "\t{\"format_version\":\t\"1.0\",\t\"values\": {\"root_module\": {\"resources\": []}}}"
        #expect(error(text) == nil)
    }
}

// MARK: - The writer on specs written by hand

@Suite struct SpecWriterTests {
    private static let shippedSpecs: [String] = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let folder = root.appendingPathComponent("specs")
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.map { folder.appendingPathComponent($0).path }.sorted()
    }()

    /// What is written loads as the same model: writing that model again gives the same text.
    @Test func writingAShippedSpecAndReadingItBackGivesTheSameText() throws {
        #expect(!Self.shippedSpecs.isEmpty)
        for path in Self.shippedSpecs {
            let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
            let (spec, diagnostics) = SpecLoader().decode(bytes, path: "a.yaml")
            guard let spec, diagnostics.isEmpty else { continue }
            let written = SpecWriter.write(spec)
            let (reread, errors) = SpecLoader().decode(Array(written.utf8), path: "a.yaml")
            #expect(errors.map(\.description) == [], "\(path)")
            let rereadSpec = try #require(reread)
            #expect(SpecWriter.write(rereadSpec) == written, "\(path)")
            #expect(rereadSpec.declaredResourceCount == spec.declaredResourceCount, "\(path)")
            // References to one key of a JSON secret keep their key.
            func secretKeys(_ spec: Spec) -> [String] {
                spec.services.flatMap { $0.secrets.map { "\($0.secret.name)#\($0.secret.key ?? "")" } }
                    + spec.functions.flatMap { $0.secrets.map { "\($0.secret.name)#\($0.secret.key ?? "")" } }
            }
            #expect(secretKeys(rereadSpec) == secretKeys(spec), "\(path)")
        }
    }

    @Test func scalarsThatWouldReadAsSomethingElseAreQuoted() {
        #expect(SpecWriter.scalar("8.0") == "\"8.0\"")
        #expect(SpecWriter.scalar("true") == "\"true\"")
        #expect(SpecWriter.scalar("*") == "\"*\"")
        #expect(SpecWriter.scalar("a: b") == "\"a: b\"")
        #expect(SpecWriter.scalar("s3:GetObject") == "s3:GetObject")
        #expect(SpecWriter.scalar("line\nbreak") == "\"line\\nbreak\"")
        #expect(SpecWriter.scalar("") == "\"\"")
    }
}

// MARK: - A state with services, edges and DNS

/// The JSON of `terraform show -json` on a state (`values`, every id and ARN known): an ECS
/// service behind a load balancer, with its task definition's secrets; an HTTP API, a user
/// pool, a distribution and a DNS zone.
private let serviceState = #"""
    {"format_version": "1.0", "terraform_version": "1.7.0", "values": {"root_module": {"resources": [
      {"address": "aws_ecs_cluster.main", "mode": "managed", "type": "aws_ecs_cluster", "name": "main",
       "values": {"name": "main", "arn": "arn:aws:ecs:us-east-1:111111111111:cluster/main", "setting": [{"name": "containerInsights", "value": "enabled"}]}},
      {"address": "aws_secretsmanager_secret.db", "mode": "managed", "type": "aws_secretsmanager_secret", "name": "db",
       "values": {"name": "db-credentials", "arn": "arn:aws:secretsmanager:us-east-1:111111111111:secret:db-credentials-AbCdEf"}},
      {"address": "aws_secretsmanager_secret_rotation.db", "mode": "managed", "type": "aws_secretsmanager_secret_rotation", "name": "db",
       "values": {"secret_id": "arn:aws:secretsmanager:us-east-1:111111111111:secret:db-credentials-AbCdEf", "rotation_rules": [{"automatically_after_days": 30}]}},
      {"address": "aws_iam_role.task", "mode": "managed", "type": "aws_iam_role", "name": "task",
       "values": {"name": "api-task", "arn": "arn:aws:iam::111111111111:role/api-task",
                  "assume_role_policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ecs-tasks.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"}},
      {"address": "aws_ecs_task_definition.api", "mode": "managed", "type": "aws_ecs_task_definition", "name": "api",
       "values": {"family": "api", "arn": "arn:aws:ecs:us-east-1:111111111111:task-definition/api:3", "cpu": "256", "memory": "512",
                  "task_role_arn": "arn:aws:iam::111111111111:role/api-task", "execution_role_arn": "arn:aws:iam::111111111111:role/api-task",
                  "container_definitions": "[{\"name\":\"api\",\"image\":\"registry/api:1.4\",\"environment\":[{\"name\":\"MODE\",\"value\":\"prod\"}],\"secrets\":[{\"name\":\"DB_PASSWORD\",\"valueFrom\":\"arn:aws:secretsmanager:us-east-1:111111111111:secret:db-credentials-AbCdEf:password::\"}]}]"}},
      {"address": "aws_lb_target_group.api", "mode": "managed", "type": "aws_lb_target_group", "name": "api",
       "values": {"name": "api", "arn": "arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup/api/1"}},
      {"address": "aws_ecs_service.api", "mode": "managed", "type": "aws_ecs_service", "name": "api",
       "values": {"name": "api", "cluster": "arn:aws:ecs:us-east-1:111111111111:cluster/main", "launch_type": "FARGATE", "desired_count": 2,
                  "task_definition": "arn:aws:ecs:us-east-1:111111111111:task-definition/api:3",
                  "load_balancer": [{"container_port": 4000, "container_name": "api", "target_group_arn": "arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup/api/1"}],
                  "network_configuration": [{"subnets": [], "security_groups": [], "assign_public_ip": false}]}},
      {"address": "aws_appautoscaling_target.api", "mode": "managed", "type": "aws_appautoscaling_target", "name": "api",
       "values": {"resource_id": "service/main/api", "min_capacity": 2, "max_capacity": 6}},
      {"address": "aws_lb.api", "mode": "managed", "type": "aws_lb", "name": "api",
       "values": {"name": "api", "internal": false, "load_balancer_type": "application", "arn": "arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/api/1",
                  "enable_deletion_protection": true, "access_logs": [{"enabled": true, "bucket": "logs"}]}},
      {"address": "aws_lb_listener.https", "mode": "managed", "type": "aws_lb_listener", "name": "https",
       "values": {"arn": "arn:aws:elasticloadbalancing:us-east-1:111111111111:listener/app/api/1/443",
                  "load_balancer_arn": "arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/api/1", "port": 443, "protocol": "HTTPS",
                  "certificate_arn": "arn:aws:acm:us-east-1:111111111111:certificate/abc", "ssl_policy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
                  "default_action": [{"type": "forward", "target_group_arn": "arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup/api/1"}]}},
      {"address": "aws_lb_listener.http", "mode": "managed", "type": "aws_lb_listener", "name": "http",
       "values": {"load_balancer_arn": "arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/api/1", "port": 80, "protocol": "HTTP",
                  "default_action": [{"type": "redirect", "redirect": [{"protocol": "HTTPS", "port": "443", "status_code": "HTTP_301"}]}]}},
      {"address": "aws_lb_listener_rule.api", "mode": "managed", "type": "aws_lb_listener_rule", "name": "api",
       "values": {"listener_arn": "arn:aws:elasticloadbalancing:us-east-1:111111111111:listener/app/api/1/443",
                  "condition": [{"path_pattern": [{"values": ["/api/*"]}]}],
                  "action": [{"type": "forward", "target_group_arn": "arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup/api/1"}]}},
      {"address": "aws_apigatewayv2_api.public", "mode": "managed", "type": "aws_apigatewayv2_api", "name": "public",
       "values": {"name": "public", "id": "a1b2c3", "protocol_type": "HTTP"}},
      {"address": "aws_apigatewayv2_route.items", "mode": "managed", "type": "aws_apigatewayv2_route", "name": "items",
       "values": {"api_id": "a1b2c3", "route_key": "GET /items", "authorization_type": "NONE"}},
      {"address": "aws_cognito_user_pool.users", "mode": "managed", "type": "aws_cognito_user_pool", "name": "users",
       "values": {"name": "users", "id": "us-east-1_pool", "mfa_configuration": "OPTIONAL", "password_policy": [{"minimum_length": 12, "require_symbols": true}]}},
      {"address": "aws_cognito_user_pool_client.web", "mode": "managed", "type": "aws_cognito_user_pool_client", "name": "web",
       "values": {"user_pool_id": "us-east-1_pool", "allowed_oauth_flows": ["code"], "callback_urls": ["https://app.example.com/callback"]}},
      {"address": "aws_cloudfront_distribution.site", "mode": "managed", "type": "aws_cloudfront_distribution", "name": "site",
       "values": {"aliases": ["www.example.com"], "default_cache_behavior": [{"viewer_protocol_policy": "redirect-to-https"}]}},
      {"address": "aws_route53_zone.main", "mode": "managed", "type": "aws_route53_zone", "name": "main",
       "values": {"name": "example.com", "id": "Z123", "zone_id": "Z123", "vpc": []}},
      {"address": "aws_route53_record.www", "mode": "managed", "type": "aws_route53_record", "name": "www",
       "values": {"zone_id": "Z123", "name": "www.example.com", "type": "CNAME", "records": ["d111.cloudfront.net"]}}
    ]}}}
    """#

@Suite struct TerraformStateImportTests {
    private func imported() throws -> (TerraformImport, String) {
        let imported = try importText(serviceState).get()
        return (imported, SpecWriter.write(imported.spec, annotations: imported.annotations))
    }

    @Test func theStateImportsIntoASpecThatValidatesWithNothingLeftOut() throws {
        let (imported, text) = try imported()
        let loaded = SpecLoader().load(documents: [("imported.yaml", Array(text.utf8))])
        #expect(loaded.diagnostics.map(\.description) == [])
        #expect(imported.notImported.map(\.address) == [])
    }

    @Test func theServiceHasItsTaskDefinitionAutoscalingAndSecrets() throws {
        let (imported, text) = try imported()
        let service = try #require(imported.spec.services.first)
        #expect(service.cluster?.name == "main")
        #expect(service.port?.value == 4000 && service.cpu?.value == 256 && service.memory?.value == 512)
        #expect(service.desiredCount?.value == 2 && service.publicIp?.value == false)
        #expect(service.image?.value == "registry/api:1.4")
        #expect(service.taskRole?.name == "api-task" && service.executionRole?.name == "api-task")
        #expect(service.autoscaling?.min?.value == 2 && service.autoscaling?.max?.value == 6)
        #expect(service.secrets.map { "\($0.key.value)=\($0.secret.name)#\($0.secret.key ?? "")" } == ["DB_PASSWORD=db-credentials#password"])
        #expect(text.contains("DB_PASSWORD: db-credentials#password"))
        #expect(imported.spec.clusters.first?.platform?.value == .fargate)
        #expect(imported.spec.clusters.first?.containerInsights?.value == true)
        #expect(imported.spec.secrets.first?.rotationDays?.value == 30)
        #expect(imported.spec.roles.first?.assumedBy.map(\.value) == ["ecs-tasks.amazonaws.com"])
    }

    @Test func listenersForwardRedirectAndRouteToTheService() throws {
        let (imported, _) = try imported()
        let balancer = try #require(imported.spec.loadBalancers.first)
        #expect(balancer.deletionProtection?.value == true && balancer.accessLogs?.value == true)
        let https = try #require(balancer.listeners.first { $0.port.value == 443 })
        #expect(https.forward?.name == "api")
        #expect(https.tlsPolicy?.value == "ELBSecurityPolicy-TLS13-1-2-2021-06")
        #expect(https.routes.map { "\($0.path?.value ?? "") \($0.service?.name ?? "")" } == ["/api/* api"])
        let http = try #require(balancer.listeners.first { $0.port.value == 80 })
        #expect(http.redirectToHttps?.value == true)
    }

    @Test func edgesAndDNS() throws {
        let (imported, _) = try imported()
        let api = try #require(imported.spec.apis.first)
        #expect(api.type?.value == .http && api.auth?.value == ApiAuth.none)
        #expect(api.routes.map { "\($0.method?.value ?? "") \($0.path?.value ?? "")" } == ["GET /items"])
        let pool = try #require(imported.spec.userPools.first)
        #expect(pool.mfa?.value == .optional)
        #expect(pool.passwordPolicy?.minLength?.value == 12)
        #expect(pool.oauthFlows.map(\.value) == [.code])
        #expect(pool.callbackUrls.map(\.value) == ["https://app.example.com/callback"])
        let frontend = try #require(imported.spec.frontends.first)
        #expect(frontend.provider?.value == .cloudfront && frontend.httpsOnly?.value == true && frontend.domain?.value == "www.example.com")
        let zone = try #require(imported.spec.dnsZones.first)
        #expect(zone.private?.value == false)
        #expect(zone.records.map { "\($0.name.value) \($0.type?.value ?? "") \($0.target?.value ?? "")" } == ["www.example.com CNAME d111.cloudfront.net"])
    }
}

// MARK: - Networks: tiers, gateways, endpoints, peering

private let networkPlan = #"""
    {"format_version": "1.0", "terraform_version": "1.5.0", "values": {"root_module": {"resources": [
      {"address": "aws_vpc.main", "mode": "managed", "type": "aws_vpc", "name": "main",
       "values": {"id": "vpc-1", "cidr_block": "10.0.0.0/16", "ipv6_cidr_block": "2600:1f18:1::/56", "tags": {"Name": "main"}}},
      {"address": "aws_vpc.other", "mode": "managed", "type": "aws_vpc", "name": "other", "values": {"id": "vpc-2", "cidr_block": "10.9.0.0/16"}},
      {"address": "aws_internet_gateway.main", "mode": "managed", "type": "aws_internet_gateway", "name": "main", "values": {"id": "igw-1", "vpc_id": "vpc-1"}},
      {"address": "aws_flow_log.main", "mode": "managed", "type": "aws_flow_log", "name": "main", "values": {"vpc_id": "vpc-1"}},
      {"address": "aws_vpc_endpoint.s3", "mode": "managed", "type": "aws_vpc_endpoint", "name": "s3", "values": {"vpc_id": "vpc-1", "service_name": "com.amazonaws.us-east-1.s3"}},
      {"address": "aws_vpc_endpoint.ecr", "mode": "managed", "type": "aws_vpc_endpoint", "name": "ecr", "values": {"vpc_id": "vpc-1", "service_name": "com.amazonaws.us-east-1.ecr.dkr"}},
      {"address": "aws_vpc_peering_connection.main_other", "mode": "managed", "type": "aws_vpc_peering_connection", "name": "main_other", "values": {"vpc_id": "vpc-1", "peer_vpc_id": "vpc-2"}},
      {"address": "aws_subnet.web[\"a\"]", "mode": "managed", "type": "aws_subnet", "name": "web", "index": "a",
       "values": {"id": "subnet-1", "vpc_id": "vpc-1", "cidr_block": "10.0.1.0/24", "availability_zone": "us-east-1a", "map_public_ip_on_launch": false}},
      {"address": "aws_subnet.app", "mode": "managed", "type": "aws_subnet", "name": "app",
       "values": {"id": "subnet-2", "vpc_id": "vpc-1", "cidr_block": "10.0.2.0/24", "availability_zone": "us-east-1a"}},
      {"address": "aws_subnet.data", "mode": "managed", "type": "aws_subnet", "name": "data",
       "values": {"id": "subnet-3", "vpc_id": "vpc-1", "cidr_block": "10.0.3.0/24", "availability_zone": "us-east-1b"}},
      {"address": "aws_route_table.public", "mode": "managed", "type": "aws_route_table", "name": "public",
       "values": {"id": "rtb-1", "vpc_id": "vpc-1", "route": [{"cidr_block": "0.0.0.0/0", "gateway_id": "igw-1"}]}},
      {"address": "aws_route_table_association.web", "mode": "managed", "type": "aws_route_table_association", "name": "web",
       "values": {"subnet_id": "subnet-1", "route_table_id": "rtb-1"}},
      {"address": "aws_nat_gateway.a", "mode": "managed", "type": "aws_nat_gateway", "name": "a", "values": {"subnet_id": "subnet-1", "allocation_id": "eipalloc-1", "tags": {"Name": "nat-a"}}},
      {"address": "aws_eip.nat", "mode": "managed", "type": "aws_eip", "name": "nat", "values": {"id": "eipalloc-1"}},
      {"address": "aws_db_subnet_group.data", "mode": "managed", "type": "aws_db_subnet_group", "name": "data", "values": {"name": "data", "subnet_ids": ["subnet-3"]}},
      {"address": "aws_db_instance.main", "mode": "managed", "type": "aws_db_instance", "name": "main",
       "values": {"identifier": "main", "engine": "postgres", "db_subnet_group_name": "data", "storage_encrypted": true}}
    ]}}}
    """#

@Suite struct TerraformNetworkImportTests {
    @Test func tiersGatewaysEndpointsAndPeering() throws {
        let imported = try importText(networkPlan).get()
        let text = SpecWriter.write(imported.spec, annotations: imported.annotations)
        #expect(SpecLoader().load(documents: [("imported.yaml", Array(text.utf8))]).diagnostics.map(\.description) == [])
        #expect(imported.notImported.map(\.address) == [])
        let main = try #require(imported.spec.networks.first { $0.name == "main" })
        #expect(main.internetGateway?.value == true && main.flowLogs?.value == true)
        #expect(main.ipv6Cidr?.value.description == "2600:1f18:1::/56")
        #expect(main.endpoints.map(\.value) == ["s3", "ecr.dkr"])
        #expect(main.peers.map(\.value.description) == ["demo/production/other"])
        let other = try #require(imported.spec.networks.first { $0.name == "other" })
        #expect(other.peers.map(\.value.description) == ["demo/production/main"])
        // A for_each key becomes part of the name; the tier comes from the route table, the
        // subnet group, or neither.
        #expect(main.subnets.map { "\($0.name) \($0.tier.value.rawValue)" } == ["web-a public", "app private", "data database"])
        #expect(main.natGateways.map { "\($0.name.value) \($0.subnet?.name ?? "")" } == ["nat-a web-a"])
        #expect(imported.spec.databases.first?.subnets.map(\.name) == ["data"])
    }
}
