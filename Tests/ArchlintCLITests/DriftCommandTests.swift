import Foundation
import Testing

/// `archlint drift` as CI runs it: a spec imported from Checkov's plan (read where it is in
/// `../shared/terraform-plans/`, never copied in), then edited.
private let sharedPlans = URL(fileURLWithPath: packageRoot).deletingLastPathComponent().appendingPathComponent("shared/terraform-plans").path
private let checkovPlan = sharedPlans + "/checkov__tests__terraform__runner__resources__plan__tfplan.json"

/// A scratch folder holding `shop.yaml`: Checkov's plan imported as shop/production, with
/// `edit` applied to its text.
private func importedScratch(_ edit: (String) -> String = { $0 }) throws -> Scratch {
    let imported = try archlint(["import", "terraform", checkovPlan, "--stack", "shop", "--environment", "production"])
    #expect(imported.status == 0, "\(imported.stderr)")
    return try Scratch(["shop.yaml": edit(imported.stdout)])
}

private func driftArguments(_ extra: [String]) -> [String] {
    ["drift", "shop.yaml", "--terraform", checkovPlan, "--stack", "shop", "--environment", "production", "--no-config"] + extra
}

/// The database's `multi_az` changed in the spec: DRIFT003, an error.
private func multiAZChanged(_ text: String) -> String {
    text.replacingOccurrences(of: "    multi_az: false\n", with: "    multi_az: true\n")
}

@Suite struct DriftCommandTests {
    @Test func theImportedSpecHasNoDriftAndExits0() throws {
        let scratch = try importedScratch()
        let run = try archlint(driftArguments([]), in: scratch.path)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("0 errors, 0 warnings, 0 info"))
    }

    @Test func anErrorLevelDriftFailsTheGateUnlessTheGateIsNoneOrItIsWaived() throws {
        let scratch = try importedScratch(multiAZChanged)
        let failing = try archlint(driftArguments([]), in: scratch.path)
        #expect(failing.status == 1, "\(failing.stdout)\(failing.stderr)")
        #expect(failing.stdout.contains("DRIFT003"))
        #expect(failing.stdout.contains("multi_az: the spec says true, the plan false"))

        let ungated = try archlint(driftArguments(["--fail-on", "none"]), in: scratch.path)
        #expect(ungated.status == 0)

        // A waiver in the configuration, as for any other rule.
        try """
        waivers:
          - rule: DRIFT003
            resource: shop/production/database/rds-123456789123-acme-corp
            reason: multi-AZ lands with the next apply
            expires: 2027-01-31

        """.write(toFile: scratch.path + "/waivers.yml", atomically: true, encoding: .utf8)
        var arguments = driftArguments([])
        arguments.removeAll { $0 == "--no-config" }
        let waived = try archlint(arguments + ["--config", "waivers.yml"], in: scratch.path)
        #expect(waived.status == 0, "\(waived.stdout)\(waived.stderr)")
    }

    @Test func jsonAndSARIFCarryTheDriftFindingsAndSARIFValidates() throws {
        let scratch = try importedScratch(multiAZChanged)
        let json = try archlint(driftArguments(["--format", "json", "--sarif", "drift.sarif", "--junit", "drift.xml"]), in: scratch.path)
        #expect(json.status == 1)
        let findings = try #require(json.json?["findings"] as? [[String: Any]])
        #expect(findings.map { $0["rule"] as? String } == ["DRIFT003"])
        #expect(findings.first?["pack"] as? String == "drift")

        let sarif = try #require(FileManager.default.contents(atPath: scratch.path + "/drift.sarif"))
        let log = try #require(try JSONSerialization.jsonObject(with: sarif) as? [String: Any])
        let results = try #require(((log["runs"] as? [[String: Any]])?.first?["results"]) as? [[String: Any]])
        #expect(results.map { $0["ruleId"] as? String } == ["DRIFT003"])
        let schema = packageRoot + "/../shared/schemas/sarif-schema-2.1.0.json"
        if FileManager.default.fileExists(atPath: schema) {
            let validation = try runProcess(
                URL(fileURLWithPath: "/usr/bin/python3"),
                ["-c", "import json,sys,jsonschema; jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))", "drift.sarif", schema],
                in: scratch.path)
            #expect(validation.status == 0, "\(validation.stderr)")
        }
        let junit = try String(contentsOfFile: scratch.path + "/drift.xml", encoding: .utf8)
        #expect(junit.contains("DRIFT003"))
        for output in [json.stdout, json.stderr, String(decoding: sarif, as: UTF8.self), junit] {
            #expect(!output.contains("Aa1234321Bb"))
        }
    }

    @Test func aBaselineAcceptsTheDriftItRecorded() throws {
        let scratch = try importedScratch(multiAZChanged)
        let recorded = try archlint(driftArguments(["--write-baseline", "drift-baseline.json"]), in: scratch.path)
        #expect(recorded.status == 0, "\(recorded.stderr)")
        let applied = try archlint(driftArguments(["--baseline", "drift-baseline.json"]), in: scratch.path)
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
    }

    @Test func aBrokenPlanIsALocatedErrorAndExitStatus2() throws {
        let scratch = try importedScratch()
        try "{\"format_version\": \"1.2\",\n  \"planned_values\": [}\n".write(toFile: scratch.path + "/broken.json", atomically: true, encoding: .utf8)
        let run = try archlint(
            ["drift", "shop.yaml", "--terraform", "broken.json", "--stack", "shop", "--environment", "production", "--no-config"], in: scratch.path)
        #expect(run.status == 2)
        #expect(run.stderr.contains("broken.json:2:"), "\(run.stderr)")
    }

    @Test func aStackEnvironmentWithoutASpecIsExitStatus2WithAClearMessage() throws {
        let scratch = try importedScratch()
        let run = try archlint(
            ["drift", "shop.yaml", "--terraform", checkovPlan, "--stack", "shop", "--environment", "staging", "--no-config"], in: scratch.path)
        #expect(run.status == 2)
        #expect(run.stderr.contains("archlint: error: no spec of shop/staging"), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
    }
}
