@testable import ArchlintLoad
import ArchlintModel
import Foundation
import Testing

/// References are walked through the schema: every field whose type holds a reference
/// (plain, `sg:`, `secret:`, secret maps), in field order, owned by the nearest named
/// mapping. Validation's dangling-reference messages come from this walk.
@Suite("Reference walking")
struct ReferenceWalkTests {
    /// Where the walk's record of the shipped specs and the corpus is kept.
    static let recordPath = corpusFolder + "/reference-sites.txt"

    /// One line per reference: the file, its owner, the kind, the name and where it is written.
    static func sites(in file: String) -> [String]? {
        guard let bytes = FileManager.default.contents(atPath: file),
            let spec = SpecLoader().decode(Array(bytes), path: file).spec
        else { return nil }
        let relative = file.dropFirst(packageRoot.count + 1)
        return spec.referenceSites.map { "\(relative) \($0.owner) \($0.kind) \($0.reference.name) \($0.reference.position)" }
    }

    @Test("on the shipped specs and the corpus, the walk finds what the hand-kept list it replaced found: same references, order, kinds and owners")
    func shippedSpecsAndCorpus() throws {
        var files = try FileManager.default.contentsOfDirectory(atPath: corpusFolder)
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.map { corpusFolder + "/" + $0 }
        files += SpecLoader.discover(paths: [packageRoot + "/specs"], root: RepositoryRoot(path: packageRoot, workingDirectory: packageRoot))
            .map { packageRoot + "/" + $0 }
        let found = files.sorted().compactMap(Self.sites).flatMap { $0 }
        let header = """
            # Every reference the shipped specs and the decodable corpus files make, as the hand-kept list
            # of Validate/References.swift found them before reference walking was derived from the schema
            # (FILE OWNER KIND NAME LINE:COLUMN). ReferenceWalkTests holds the derived walk to it;
            # ARCHLINT_WRITE_REFERENCE_SITES=1 rewrites it, for a deliberate change only.

            """
        if ProcessInfo.processInfo.environment["ARCHLINT_WRITE_REFERENCE_SITES"] == "1" {
            try (header + found.map { $0 + "\n" }.joined()).write(toFile: Self.recordPath, atomically: true, encoding: .utf8)
        }
        let recorded = try String(contentsOfFile: Self.recordPath, encoding: .utf8)
            .split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init)
        #expect(recorded.count > 600, "the record covers the shipped specs")
        #expect(found.count == recorded.count)
        // The first difference alone: the whole lists would bury it.
        if let first = found.indices.first(where: { $0 < recorded.count && found[$0] != recorded[$0] }) {
            Issue.record("walked: \(found[first])\nrecorded: \(recorded[first])")
        }
    }

    @Test("every field typed as a reference is walked, in field order, owned by its resource or NAT gateway")
    func everyReferenceField() throws {
        let text = """
            archlint: 1
            stack: s
            environment: development
            networks:
              - name: n
                cidr: 10.0.0.0/16
                nat_gateways: [{name: g, subnet: sn}]
            security_groups:
              - name: sg
                network: n
                ingress: [{ports: 443, from: sg:in}]
                egress: [{ports: 443, to: sg:out}]
            load_balancers:
              - name: lb
                subnets: [lbs]
                security_groups: [lbg]
                listeners: [{port: 443, protocol: HTTPS, forward: fwd, routes: [{path: /a, service: rt}]}]
            services:
              - name: sv
                cluster: c
                subnets: [svs]
                security_groups: [svg]
                task_role: tr
                execution_role: er
                secrets: {A: sa, B: "sb#k"}
            databases:
              - {name: db, engine: postgres, subnets: [dbs], security_groups: [dbg], master_password: "secret:mp"}
            caches:
              - {name: ca, engine: redis, subnets: [cas], security_groups: [cag], auth_token: "secret:at"}
            functions:
              - {name: fn, role: fr, subnets: [fns], security_groups: [fng], secrets: {C: fs}}
            apis:
              - {name: ap, routes: [{path: /x, function: af}]}
            instances:
              - {name: in, subnet: ins, security_groups: [ing], role: inr}
            queues:
              - {name: q, dead_letter_queue: dl}
            externals:
              - {name: ex, credentials: "secret:cr"}
              - {name: literal, credentials: written-here}

            """
        let decoded = SpecLoader().decode(Array(text.utf8), path: "all.yaml")
        let spec = try #require(decoded.spec, "\(decoded.diagnostics)")
        let walked = spec.referenceSites.map { "\($0.owner) \($0.kind.rawValue) \($0.reference.name)" }
        #expect(
            walked == [
                "NAT gateway 'g' subnet sn",
                "security group 'sg' network n", "security group 'sg' security_group in", "security group 'sg' security_group out",
                "load balancer 'lb' subnet lbs", "load balancer 'lb' security_group lbg", "load balancer 'lb' service fwd", "load balancer 'lb' service rt",
                "service 'sv' cluster c", "service 'sv' subnet svs", "service 'sv' security_group svg", "service 'sv' role tr", "service 'sv' role er",
                "service 'sv' secret sa", "service 'sv' secret sb",
                "database 'db' subnet dbs", "database 'db' security_group dbg", "database 'db' secret mp",
                "cache 'ca' subnet cas", "cache 'ca' security_group cag", "cache 'ca' secret at",
                "function 'fn' role fr", "function 'fn' subnet fns", "function 'fn' security_group fng", "function 'fn' secret fs",
                "api 'ap' function af",
                "instance 'in' subnet ins", "instance 'in' security_group ing", "instance 'in' role inr",
                "queue 'q' queue dl",
                "external service 'ex' secret cr",
            ])
    }
}
