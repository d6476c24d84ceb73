import Foundation
import Testing

/// `archlint import terraform` on the plans other projects wrote (`../shared/terraform-plans/`,
/// read where they are, never copied in).
private let sharedPlans = URL(fileURLWithPath: packageRoot).deletingLastPathComponent().appendingPathComponent("shared/terraform-plans").path
private let checkovPlan = sharedPlans + "/checkov__tests__terraform__runner__resources__plan__tfplan.json"

@Suite struct ImportCommandTests {
    @Test func checkovsPlanImportedAsProductionGivesTheFindingsCheckovGives() throws {
        let scratch = try Scratch([:])
        let output = scratch.path + "/checkov.yaml"
        let imported = try archlint(["import", "terraform", checkovPlan, "--stack", "terragoat", "--environment", "production", "-o", output])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.isEmpty)
        #expect(imported.stderr.contains("archlint: not imported: 1 aws_eks_cluster (no kind for its type)"))
        #expect(imported.stderr.contains("archlint: wrote \(output)"))

        let validated = try archlint(["validate", output])
        #expect(validated.status == 0, "\(validated.stderr)")

        let checked = try archlint(["check", output, "--format", "json"])
        let findings = try #require(checked.json?["findings"] as? [[String: Any]])
        func resources(of rule: String) -> Set<String> {
            Set(findings.filter { $0["rule"] as? String == rule }.compactMap { $0["resource"] as? String })
        }
        let database = "database/rds-123456789123-acme-corp"
        for rule in ["ENC001", "NET005", "HA002", "HA007", "SEC002"] {
            #expect(resources(of: rule).contains(database), "\(rule) on \(database)")
        }
        // The `web-node` group (its name attribute is 123456789123-acme-corp-sg) opens SSH to the world.
        #expect(resources(of: "SG001") == ["security_group/123456789123-acme-corp-sg"])
        #expect(resources(of: "DATA001") == ["bucket/123456789123-acme-corp-data"])
        #expect(resources(of: "OPS003") == ["instance/123456789123-acme-corp-dbapp", "instance/123456789123-acme-corp-ec2"])
        #expect(resources(of: "SEC005") == ["user/123456789123-acme-corp-user"])
        let text = try String(contentsOfFile: output, encoding: .utf8)
        for secret in ["Aa1234321Bb", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "AKIAIOSFODNN7EXAMPLE"] {
            #expect(!text.contains(secret) && !imported.stderr.contains(secret) && !checked.stdout.contains(secret))
        }
    }

    @Test func anExistingOutputIsKeptUnlessForced() throws {
        let scratch = try Scratch(["kept.yaml": "mine\n"])
        let output = scratch.path + "/kept.yaml"
        let refused = try archlint(["import", "terraform", checkovPlan, "--stack", "demo", "--environment", "staging", "-o", output])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("exists; pass --force"))
        #expect(try String(contentsOfFile: output, encoding: .utf8) == "mine\n")

        let forced = try archlint(["import", "terraform", checkovPlan, "--stack", "demo", "--environment", "staging", "-o", output, "--force"])
        #expect(forced.status == 0)
        let written = try String(contentsOfFile: output, encoding: .utf8)
        #expect(written.contains("environment: staging"))

        // Standard output gives the same bytes as the file.
        let printed = try archlint(["import", "terraform", checkovPlan, "--stack", "demo", "--environment", "staging"])
        #expect(printed.stdout == written)
    }

    @Test func aFileThatIsNotAPlanIsALocatedErrorAndExit2() throws {
        let scratch = try Scratch(["array.json": "[\n  1\n]\n", "v2.json": "{\"format_version\": \"2.0\"}", "spec.yaml": "archlint: 1\n"])
        let array = try archlint(["import", "terraform", scratch.path + "/array.json", "--stack", "demo", "--environment", "production"])
        #expect(array.status == 2)
        #expect(array.stderr.contains("array.json:1:1: error: expected a JSON object"))
        let v2 = try archlint(["import", "terraform", scratch.path + "/v2.json", "--stack", "demo", "--environment", "production"])
        #expect(v2.status == 2)
        #expect(v2.stderr.contains("v2.json:1:20: error: format_version 2.0 is not supported"))
        let yaml = try archlint(["import", "terraform", scratch.path + "/spec.yaml", "--stack", "demo", "--environment", "production"])
        #expect(yaml.status == 2)
        #expect(yaml.stderr.contains("spec.yaml:1:1: error: not JSON"))
        let missing = try archlint(["import", "terraform", scratch.path + "/none.json", "--stack", "demo", "--environment", "production"])
        #expect(missing.status == 2)
        let badEnvironment = try archlint(["import", "terraform", checkovPlan, "--stack", "demo", "--environment", "prod"])
        #expect(badEnvironment.status == 2)
        #expect(badEnvironment.stderr.contains("--environment"))
    }
}
