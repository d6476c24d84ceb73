import ArchlintFindings
import ArchlintLoad
import ArchlintModel
import Testing

@Suite("Decoding specs into the model")
struct SpecDecodingTests {
    @Test("a full spec decodes with located values")
    func decodesValues() throws {
        let text =
            header + """
                networks:
                  - name: main
                    cidr: 10.0.0.0/16
                    flow_logs: true
                    subnets:
                      - {name: app-a, cidr: 10.0.1.0/24, zone: us-east-1a, tier: private}
                security_groups:
                  - name: web
                    ingress:
                      - {ports: 443, from: 0.0.0.0/0}
                      - {ports: 8000-8100, from: sg:lb, protocol: tcp}
                databases:
                  - name: db
                    engine: postgres
                    version: 16.4
                    encrypted: true
                    subnets: [app-a]
                    security_groups: [web]

                """
        let decoded = SpecLoader().decode(Array(text.utf8), path: "t.yaml")
        #expect(decoded.diagnostics.isEmpty, "\(decoded.diagnostics)")
        let spec = try #require(decoded.spec)
        #expect(spec.stack.value == "demo")
        #expect(spec.environment.value == .production)
        #expect(spec.networks.first?.subnets.first?.cidr.position == SourcePosition(line: 9, column: 29))
        #expect(spec.securityGroups.first?.ingress.count == 2)
        #expect(spec.databases.first?.version?.value == "16.4")
        #expect(spec.databases.first?.encrypted.isTrue == true)
        #expect(spec.databases.first?.multiAz.isTrue == false)
        #expect(spec.resourceCount == 4)
    }

    @Test("x- keys are ignored anywhere; null is the same as absent")
    func ignoredKeys() {
        #expect(shapeErrors(header + "x-defaults: &d {a: 1}\nbuckets:\n  - name: b\n    x-note: hi\n    versioning:\n") == [])
        // Also in maps whose keys the user chooses: a non-string value under x- is not read.
        #expect(shapeErrors(header + "buckets:\n  - name: b\n    tags: {team: a, x-meta: {nested: [1]}}\n") == [])
    }

    @Test("an unknown key names the closest known key")
    func unknownKey() {
        #expect(
            shapeErrors(header + "networks:\n  - name: m\n    cidr: 10.0.0.0/16\n    subnts: []\n")
                == ["7:5: unknown key 'subnts' in network; did you mean 'subnets'?"])
    }

    @Test("an unknown key with no close match lists the choices")
    func unknownKeyChoices() throws {
        let found = shapeErrors(header + "queues:\n  - name: q\n    zzzzzz: 1\n")
        #expect(found.count == 1)
        #expect(try #require(found.first).contains("expected one of: name, description"))
    }

    @Test("wrong types say what was expected and what was found")
    func wrongTypes() {
        #expect(
            shapeErrors(header + "buckets:\n  - name: b\n    versioning: yes\n")
                == ["6:17: expected true or false, found 'yes', which YAML 1.2 reads as a string; write true or false"])
        #expect(
            shapeErrors(header + "buckets:\n  - name: b\n    versioning: \"true\"\n")
                == ["6:17: expected true or false, found the quoted string 'true'; remove the quotes"])
        #expect(
            shapeErrors(header + "databases:\n  - name: d\n    engine: postgres\n    port: \"5432\"\n")
                == ["7:11: expected a whole number, found the quoted string '5432'; remove the quotes"])
        #expect(shapeErrors(header + "buckets: {name: b}\n").first?.hasPrefix("4:10: expected a list") == true)
    }

    @Test("enumerations list their values")
    func enumeration() {
        #expect(
            shapeErrors("archlint: 1\nstack: demo\nenvironment: prod\n")
                == ["3:14: 'prod' is not allowed here; expected development, staging, production or shared"])
    }

    @Test("CIDRs are checked: syntax, range and host bits")
    func cidrs() {
        let base = header + "networks:\n  - name: m\n    cidr: "
        #expect(shapeErrors(base + "10.0.0.1/16\n") == ["6:11: '10.0.0.1/16' has host bits set; the network is 10.0.0.0/16"])
        #expect(shapeErrors(base + "10.0.1.300/24\n").first?.hasPrefix("6:11: '10.0.1.300/24'") == true)
        #expect(shapeErrors(base + "10.0.0.0/33\n").count == 1)
        #expect(shapeErrors(base + "fd00::/8\n") == [])
    }

    @Test("required keys are named, with the owner's name when it has one")
    func required() {
        #expect(shapeErrors(header + "networks:\n  - name: m\n") == ["5:5: network 'm' is missing required key 'cidr'"])
        #expect(shapeErrors("archlint: 1\nstack: demo\n") == ["1:1: this spec is missing required key 'environment'"])
    }

    @Test("only format version 1 exists")
    func version() {
        #expect(
            shapeErrors("archlint: 2\nstack: demo\nenvironment: production\n")
                == ["1:11: unsupported format version 2; this archlint reads 'archlint: 1'"])
        #expect(
            shapeErrors("version: 1\nstack: demo\nenvironment: production\n").contains {
                $0.hasPrefix("1:1: unknown key 'version' in spec; the format version key is 'archlint'")
            })
    }

    @Test("stack names are lowercase words")
    func stackName() {
        #expect(shapeErrors("archlint: 1\nstack: Demo_Stack\nenvironment: production\n").first?.hasPrefix("2:8:") == true)
    }

    @Test("plain reference fields refuse the sg: prefix")
    func prefixedReference() {
        #expect(
            shapeErrors(header + "databases:\n  - name: d\n    engine: postgres\n    security_groups: [sg:web]\n")
                == ["7:23: 'sg:web': write the plain name 'web' here; the 'sg:' prefix is only for fields that also take literals"])
    }

    @Test("all errors of a file are reported, not just the first")
    func allErrors() {
        let found = shapeErrors(header + "networks:\n  - name: m\n    cidr: 10.0.0.1/16\n    flow_logs: yes\n    subnts: []\n")
        #expect(found.count == 3)
    }

    @Test("every resource kind's list key is a top-level key of the format")
    func listKeys() {
        for kind in ResourceKind.allCases where kind != .subnet {
            let key = kind.listKey
            #expect(key.flatMap { SpecSchema.spec.field($0) } != nil, "\(kind): \(key ?? "nil")")
        }
    }

    @Test("the shipped specs decode without errors")
    func shippedSpecs() {
        let result = SpecLoader().load(paths: [packageRoot + "/specs"])
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(result.workspace.specs.count == 7)
    }

    @Test("one mistake gives one error: a misspelt required key is reported as unknown, not also as missing")
    func misspeltRequiredKeyIsOneError() {
        let text =
            header + """
                security_groups:
                  - name: web
                    ingress:
                      - {port: 443, from: 0.0.0.0/0}
                      - {ports: 443, to: 0.0.0.0/0}
                roles:
                  - name: r
                    statements:
                      - {Effect: Allow, actions: ['*'], resources: ['*']}

                """
        #expect(
            shapeErrors(text) == [
                "7:10: unknown key 'port' in ingress rule; did you mean 'ports'?",
                "8:22: unknown key 'to' in ingress rule; ingress rules name the other side with 'from', not 'to'",
                "12:10: unknown key 'Effect' in statement; did you mean 'effect'?",
            ])
        // A required key that nothing resembles is still missing.
        #expect(
            shapeErrors(header + "security_groups:\n  - name: web\n    ingress:\n      - {from: 0.0.0.0/0}\n")
                == ["7:9: this ingress rule is missing required key 'ports'"])
    }

    @Test("an error on a value from an anchor names where it was used; one error for all its uses")
    func anchorUseNotes() throws {
        let text =
            header + """
                x-subnet: &s {name: a, cidr: bad, zone: z, tier: private}
                x-db: &db {engine: postgres, encrypted: maybe}
                networks:
                  - name: one
                    cidr: 10.0.0.0/16
                    subnets: [*s]
                  - name: two
                    cidr: 10.1.0.0/16
                    subnets: [*s]
                databases:
                  - name: main
                    <<: *db

                """
        let decoded = SpecLoader().decode(Array(text.utf8), path: "t.yaml")
        #expect(
            decoded.diagnostics.map { "\($0.location.line):\($0.location.column): \($0.message)" } == [
                "4:30: 'bad' is not an IPv4 or IPv6 CIDR; write e.g. 10.0.0.0/16 or 2001:db8::/32 (used in network 'one' at line 9; used in network 'two' at line 12)",
                "5:41: expected true or false, found the string 'maybe' (merged into database 'main' at line 15)",
            ])
        let cidr = try #require(decoded.diagnostics.first)
        #expect(cidr.related.map(\.description) == ["used in network 'one' at line 9", "used in network 'two' at line 12"])
        #expect(cidr.related.first?.location == SourceLocation(file: "t.yaml", line: 9, column: 15))
        // The error carries its source line, for the excerpt in text output.
        #expect(cidr.source?.text == "x-subnet: &s {name: a, cidr: bad, zone: z, tier: private}")
        #expect(cidr.source?.column == 30)
    }

    @Test("a spec records where values from anchors were used, for findings on them")
    func valueUsesAreRecorded() throws {
        let text =
            header + """
                x-db: &db
                  engine: postgres
                  encrypted: false
                databases:
                  - name: main
                    <<: *db
                  - name: copy
                    <<: *db

                """
        let decoded = SpecLoader().decode(Array(text.utf8), path: "t.yaml")
        let spec = try #require(decoded.spec, "\(decoded.diagnostics)")
        #expect(
            spec.valueUses.map { "\($0.note) at \($0.position) \($0.resources.map(\.id)) \($0.span.lowerBound)...\($0.span.upperBound)" } == [
                "merged into database 'main' at 9:5 [\"database/main\"] 5:3...5:11",
                "merged into database 'main' at 9:5 [\"database/main\"] 6:3...6:14",
                "merged into database 'copy' at 11:5 [\"database/copy\"] 5:3...5:11",
                "merged into database 'copy' at 11:5 [\"database/copy\"] 6:3...6:14",
            ])
        // Without anchors, nothing is recorded.
        #expect(SpecLoader().decode(Array((header + "databases:\n  - {name: d, engine: postgres}\n").utf8), path: "t.yaml").spec?.valueUses.isEmpty == true)
    }
}

/// The package's root folder, found from this file's path.
let packageRoot: String = {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)
    return parts.joined(separator: "/")
}()
