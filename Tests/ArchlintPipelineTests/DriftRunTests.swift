import ArchlintFindings
import ArchlintLoad
import ArchlintModel
import ArchlintPipeline
import ArchlintRules
import Foundation
import Testing

/// `archlint drift` through the pipeline: the plans other projects wrote
/// (`../shared/terraform-plans/`, read where they are, never copied in), imported, written,
/// loaded back and compared with themselves, then edited.
private let sharedPlans = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("shared/terraform-plans")

private let planFiles: [String] =
    ((try? FileManager.default.contentsOfDirectory(atPath: sharedPlans.path)) ?? []).filter { $0.hasSuffix(".json") }.sorted()

private let checkovPlan = "checkov__tests__terraform__runner__resources__plan__tfplan.json"
private let plantedSecrets = ["Aa1234321Bb", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "AKIAIOSFODNN7EXAMPLE"]
private let demo = StackEnvironment(stack: "demo", environment: .production)

/// The spec `archlint import terraform` writes for `plan`, as stack demo, production.
private func importedSpec(_ plan: String) throws -> String {
    let imported = try TerraformImporter(stack: demo.stack, environment: demo.environment, source: plan)
        .importFile(at: sharedPlans.appendingPathComponent(plan).path).get()
    return SpecWriter.write(imported.spec, annotations: imported.annotations)
}

/// A drift run of `spec` (held in memory as `demo.yaml`) against `plan`.
private func drift(_ spec: String, against plan: String, failOn: Severity?? = nil, format: ReportFormat? = nil) -> LintRun {
    var request = RunRequest(
        specs: .documents([("demo.yaml", Array(spec.utf8))]), today: CalendarDate(iso: "2026-06-01")!, clock: .fixed(epoch: 0),
        configuration: .none, failOn: failOn, printed: format)
    request.terraform = TerraformInput(plan: .file(sharedPlans.appendingPathComponent(plan).path), stackEnvironment: demo)
    return LintRun(request)
}

/// The line (1-based) of the first line of `text` that contains `needle`.
private func line(of needle: String, in text: String) -> Int? {
    text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(needle) }.map { $0 + 1 }
}

/// `text` with `old` replaced by `new` once, failing the test when `old` is not there.
private func edited(_ text: String, _ old: String, _ new: String) throws -> String {
    let range = try #require(text.range(of: old), "the imported spec no longer holds \(old)")
    return text.replacingCharacters(in: range, with: new)
}

@Suite struct DriftRunTests {
    @Test func theSharedPlansAreThere() {
        #expect(planFiles.count >= 7, "expected the plans of ../shared/terraform-plans at \(sharedPlans.path)")
    }

    @Test("a spec imported from a plan has no drift from it", arguments: planFiles)
    func importedSpecHasNoDrift(_ plan: String) throws {
        let run = drift(try importedSpec(plan), against: plan)
        #expect(run.report.errors.map(\.description) == [])
        #expect(run.driftFailure == nil)
        #expect(run.drift != nil)
        #expect(run.report.findings.map(\.message) == [])
        // Only the drift pack ran.
        #expect(run.report.rules.keys.sorted() == ["DRIFT001", "DRIFT002", "DRIFT003"])
    }

    @Test func aChangedFieldIsOneFindingAtItsResourceNamingTheFieldAndBothValues() throws {
        let original = try importedSpec(checkovPlan)
        var spec = try edited(original, "    multi_az: false\n", "    multi_az: true\n")
        spec = try edited(spec, "    storage_gb: 20\n", "    storage_gb: 50\n")
        let run = drift(spec, against: checkovPlan)
        let findings = run.report.findings
        #expect(findings.map(\.rule) == ["DRIFT003"])
        let finding = try #require(findings.first)
        #expect(finding.resource == "database/rds-123456789123-acme-corp")
        #expect(finding.location.line == line(of: "- name: rds-123456789123-acme-corp", in: spec))
        #expect(finding.severity == .error)
        #expect(finding.message.contains("aws_db_instance.default"))
        #expect(finding.message.contains("multi_az: the spec says true, the plan false"))
        #expect(finding.message.contains("storage_gb: the spec says 50, the plan 20"))
        #expect(run.exitStatus() == .findings)
    }

    @Test func aResourceRemovedFromTheSpecIsMissingInSpecOnTheStackLine() throws {
        let original = try importedSpec(checkovPlan)
        let spec = try edited(original, "  - name: 123456789123-acme-corp-financials\n    x-terraform: aws_s3_bucket.financials\n", "")
        let run = drift(spec, against: checkovPlan)
        let findings = run.report.findings
        #expect(findings.map(\.rule) == ["DRIFT002"])
        let finding = try #require(findings.first)
        #expect(finding.resource == "stack/demo")
        #expect(finding.location.line == line(of: "stack: demo", in: spec))
        #expect(finding.severity == .warning)
        #expect(finding.message.contains("aws_s3_bucket.financials"))
        // A warning does not fail the default gate.
        #expect(run.exitStatus() == .clean)
    }

    @Test func aResourceAddedToTheSpecIsMissingInTerraformAtTheResource() throws {
        let original = try importedSpec(checkovPlan)
        let spec = try edited(original, "buckets:\n", "buckets:\n  - name: reports-archive\n    versioning: true\n")
        let run = drift(spec, against: checkovPlan)
        let findings = run.report.findings
        #expect(findings.map(\.rule) == ["DRIFT001"])
        let finding = try #require(findings.first)
        #expect(finding.resource == "bucket/reports-archive")
        #expect(finding.location.line == line(of: "- name: reports-archive", in: spec))
    }

    @Test func resourcesRenamedInTheSpecMatchThroughXTerraformAndSoDoTheirReferences() throws {
        let original = try importedSpec(checkovPlan)
        // The group and the database get names of the spec's own; references follow the group.
        var spec = original.replacingOccurrences(of: "123456789123-acme-corp-rds-sg", with: "rds")
        spec = try edited(spec, "  - name: rds-123456789123-acme-corp\n", "  - name: orders\n")
        #expect(spec.contains("security_groups: [rds]"))
        let run = drift(spec, against: checkovPlan)
        #expect(run.report.findings.map(\.message) == [])
    }

    /// terraform-compliance's plan of issue 249, written by hand with names of its own:
    /// some resources matched through x-terraform, the function by kind and name, fewer
    /// fields than the import writes, and a literal where the import writes REDACTED.
    @Test func aHandWrittenSpecThatAgreesWithItsPlanHasNoDriftAndEachDifferenceShows() throws {
        let plan = "terraform-compliance__tests__functional__test_issue-249__plan.out.json"
        let spec = """
            archlint: 1
            stack: demo
            environment: production
            security_groups:
              - name: lambda
                x-terraform: aws_security_group.lambda_sg
                ingress:
                  - {ports: all, protocol: all, from: 10.0.0.0/8}
              - name: alb
                x-terraform: module.alb.aws_security_group.alb
                ingress:
                  - {ports: 443, from: 10.0.0.0/8}
              - name: jmeter
                x-terraform: module.myapp-asg.aws_security_group.sg_asg
                ingress:
                  - {ports: 4000, from: sg:alb}
                  - {ports: 443, from: 10.0.0.0/8}
                  - {ports: 22, from: 10.0.0.0/8}
                egress: []
            load_balancers:
              - name: internal
                x-terraform: module.alb.aws_alb.alb
                scheme: internal
                security_groups: [alb]
                listeners:
                  - port: 443
                    protocol: HTTPS
                    certificate: arn:aws:acm:us-east-1:123456789012:certificate/a48731a1-5c79-411a-acb7-fa0b28937250
                    tls_policy: ELBSecurityPolicy-2016-08
            roles:
              - name: lambda-exec
                x-terraform: aws_iam_role.lambda_role
                assumed_by: [apigateway.amazonaws.com, lambda.amazonaws.com]
              - name: instance
                x-terraform: aws_iam_role.instance_role
                assumed_by: [ec2.amazonaws.com]
                managed_policies: [AmazonEC2RoleforSSM]
              - name: jmeter
                x-terraform: module.myapp-asg.module.iam.aws_iam_role.role
                assumed_by: [ec2.amazonaws.com]
            functions:
              - name: MyAPP_TFUpgradeTest_SB
                runtime: python3.7
                role: lambda-exec
                security_groups: [lambda]
                environment:
                  DB_PASSWORD: not-the-one-in-the-plan
                  DB_PORT: "5432"

            """
        let agreeing = drift(spec, against: plan)
        #expect(agreeing.report.errors.map(\.description) == [])
        #expect(agreeing.report.findings.map(\.message) == [])

        var differing = try edited(spec, "  - {ports: 4000, from: sg:alb}", "  - {ports: 4000, from: sg:lambda}")
        differing = try edited(differing, "    runtime: python3.7\n", "    runtime: python3.12\n")
        differing = try edited(differing, "    DB_PORT: \"5432\"\n", "    DB_PORT: \"5433\"\n")
        let findings = drift(differing, against: plan).report.findings
        #expect(findings.map(\.rule) == ["DRIFT003", "DRIFT003"])
        let messages = findings.map(\.message).joined(separator: "\n")
        #expect(messages.contains("security group 'jmeter' (module.myapp-asg.aws_security_group.sg_asg) differs"), "\(messages)")
        #expect(messages.contains("sg:lambda") && messages.contains("sg:alb"), "\(messages)")
        #expect(messages.contains("runtime: the spec says python3.12, the plan python3.7"), "\(messages)")
        #expect(
            messages.contains("environment.DB_PORT: the spec says \"5433\", the plan \"5432\"") || messages.contains("environment.DB_PORT: the spec says 5433, the plan 5432"),
            "\(messages)")
        #expect(!messages.contains("DB_PASSWORD"))
    }

    @Test func aValueUnknownUntilApplyIsNotStatedEvenWhereTheImportWritesAPlaceholder() throws {
        // Plan 172's subnets have no zone before apply: the import writes `zone: unknown`.
        let plan = "terraform-compliance__tests__functional__test_issue-172__plan.out.json"
        let original = try importedSpec(plan)
        #expect(original.contains("zone: unknown"))
        let spec = original.replacingOccurrences(of: "zone: unknown", with: "zone: eu-west-1a")
        #expect(drift(spec, against: plan).report.findings.map(\.message) == [])
    }

    @Test func aDifferenceInReferencesNamesThePlansResourcesAsTheSpecDoes() throws {
        let original = try importedSpec(checkovPlan)
        var spec = original.replacingOccurrences(of: "123456789123-acme-corp-rds-sg", with: "rds")
        spec = try edited(spec, "    security_groups: [rds]\n", "    security_groups: [rds, 123456789123-acme-corp-sg]\n")
        let findings = drift(spec, against: checkovPlan).report.findings
        #expect(findings.map(\.rule) == ["DRIFT003"])
        #expect(
            findings.first?.message.contains("security_groups: the spec says [rds, 123456789123-acme-corp-sg], the plan [rds]") == true,
            "\(findings.map(\.message))")
    }

    @Test func aRedactedSecretEqualsAnyLiteralAndNoPlantedSecretIsRepeated() throws {
        let original = try importedSpec(checkovPlan)
        var spec = try edited(original, "master_password: REDACTED", "master_password: Another1Literal")
        spec = try edited(spec, "    publicly_accessible: true\n", "    publicly_accessible: false\n")
        #expect(drift(spec, against: checkovPlan).report.findings.map(\.rule) == ["DRIFT003"])
        for format in [ReportFormat.text, .json, .sarif, .junit, .github, .markdown] {
            let run = drift(spec, against: checkovPlan, format: format)
            let output = run.render(format)
            #expect(output.contains("DRIFT003"), "\(format)")
            #expect(!output.contains("master_password"), "\(format)")
            for secret in plantedSecrets { #expect(!output.contains(secret), "\(format) repeats \(secret)") }
        }
    }

    @Test func fieldsOnlyOneSideWritesAreNotCompared() throws {
        let original = try importedSpec(checkovPlan)
        // The spec leaves out what the import wrote, and writes what the import left out.
        var spec = try edited(original, "    backup_retention_days: 0\n", "")
        spec = try edited(spec, "    instance_class: db.t3.micro\n", "    instance_class: db.t3.micro\n    deletion_protection: true\n")
        #expect(drift(spec, against: checkovPlan).report.findings.map(\.message) == [])
    }

    @Test func aPlanThatDoesNotLoadIsALocatedErrorAndExitStatus2() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("archlint-drift-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let plan = folder.appendingPathComponent("broken.json").path
        try Data("{\"format_version\": \"1.2\",\n  \"planned_values\": [}".utf8).write(to: URL(fileURLWithPath: plan))
        var request = RunRequest(
            specs: .documents([("demo.yaml", Array("archlint: 1\nstack: demo\nenvironment: production\n".utf8))]),
            today: CalendarDate(iso: "2026-06-01")!, clock: .fixed(epoch: 0), configuration: .none)
        request.terraform = TerraformInput(plan: .file(plan), stackEnvironment: demo)
        let run = LintRun(request)
        let error = try #require(run.report.errors.first)
        #expect(error.location.file.hasSuffix("broken.json"))
        #expect(error.location.line == 2)
        #expect(run.exitStatus() == .unusable)
    }

    @Test func aStackEnvironmentWithNoSpecIsExitStatus2() throws {
        var request = RunRequest(
            specs: .documents([("other.yaml", Array("archlint: 1\nstack: other\nenvironment: production\n".utf8))]),
            today: CalendarDate(iso: "2026-06-01")!, clock: .fixed(epoch: 0), configuration: .none)
        request.terraform = TerraformInput(plan: .file(sharedPlans.appendingPathComponent(checkovPlan).path), stackEnvironment: demo)
        let run = LintRun(request)
        #expect(run.driftFailure == .noSpec(demo, filesRead: 1))
        #expect(run.driftFailure?.message.contains("no spec of demo/production") == true)
        #expect(run.exitStatus() == .unusable)
    }

    @Test func checkWithoutAPlanLeavesTheDriftRulesOut() throws {
        // A spec waiver of a drift rule is not judged unused by a run that cannot fire it.
        let spec = """
            archlint: 1
            stack: demo
            environment: production
            queues:
              - name: orders
                encryption: managed
                waivers:
                  - {rule: DRIFT001, reason: created by hand until the module lands, expires: 2026-12-31}

            """
        let run = LintRun(
            RunRequest(
                specs: .documents([("demo.yaml", Array(spec.utf8))]), today: CalendarDate(iso: "2026-06-01")!, clock: .fixed(epoch: 0),
                configuration: .none))
        #expect(run.report.errors.map(\.description) == [])
        #expect(!run.report.rules.keys.contains { $0.hasPrefix("DRIFT") })
        #expect(!run.report.findings.contains { $0.rule.hasPrefix("DRIFT") || $0.rule == "META002" })
        #expect(run.drift == nil)
    }

    @Test func aDriftFindingIsWaivedInTheSpecLikeAnyOther() throws {
        let original = try importedSpec(checkovPlan)
        var spec = try edited(original, "    multi_az: false\n", "    multi_az: true\n")
        spec = try edited(
            spec, "    master_password: REDACTED\n",
            "    master_password: REDACTED\n    waivers:\n      - {rule: DRIFT003, reason: multi-AZ lands with the next apply, expires: 2026-12-31}\n")
        let run = drift(spec, against: checkovPlan)
        #expect(run.report.findings.map(\.rule) == ["DRIFT003"])
        #expect(run.report.findings.first?.isWaived == true)
        #expect(run.exitStatus() == .clean)
    }
}
