import Foundation
import Testing

/// `archlint paths` on the shipped specs (reachability.md, "The `paths` command").
@Suite("archlint paths")
struct PathsCommandTests {
    private let devDB = ["paths", "specs", "--to", "database/dev-db", "--stack", "navlab", "--environment", "development"]

    @Test("text: the bastion path to dev-db, each hop with what allowed it, relative to the repository root")
    func textPath() throws {
        let run = try archlint(devDB)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            run.stdout == """
                internet →22 instance/dev-bastion →5432 database/dev-db
                  →22 instance/dev-bastion: allowed by security_group/dev-bastion at specs/navlab/development.yaml:62:9
                  →5432 database/dev-db: allowed by security_group/dev-db at specs/navlab/development.yaml:54:9

                """)
    }

    @Test("json: hops as findings write them, allowed_by with file, line and column")
    func jsonPath() throws {
        let run = try archlint(devDB + ["--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(run.json)
        #expect(json["target"] as? String == "database/dev-db")
        #expect(json["from"] as? String == "internet")
        let paths = try #require(json["paths"] as? [[String: Any]])
        #expect(paths.count == 1)
        #expect(paths.first?["source"] as? String == "internet")
        let hops = try #require(paths.first?["hops"] as? [[String: Any]])
        #expect(hops.map { $0["to"] as? String } == ["instance/dev-bastion", "database/dev-db"])
        #expect(hops.map { $0["port"] as? Int } == [22, 5432])
        let origin = try #require(hops.first?["allowed_by"] as? [String: Any])
        #expect(origin["resource"] as? String == "security_group/dev-bastion")
        #expect(origin["file"] as? String == "specs/navlab/development.yaml")
        #expect(origin["line"] as? Int == 62)
        #expect(origin["column"] as? Int == 9)
    }

    @Test("--from any: every node that reaches the target, fewest hops first, then by name")
    func fromAny() throws {
        let run = try archlint(devDB + ["--from", "any"])
        #expect(run.status == 0, "\(run.stderr)")
        let pathLines = run.stdout.split(separator: "\n").filter { !$0.hasPrefix(" ") }
        #expect(
            pathLines == [
                "instance/dev-bastion →5432 database/dev-db",
                "service/dev-api →5432 database/dev-db",
                "internet →22 instance/dev-bastion →5432 database/dev-db",
                "load_balancer/dev-api-alb →4000 service/dev-api →5432 database/dev-db",
            ])
    }

    @Test("no path: said on one line, exit 0")
    func noPath() throws {
        // A database is never a source: nothing leaves it.
        let run = try archlint(["paths", "specs", "--to", "instance/dev-bastion", "--from", "database/dev-db"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "no path from database/dev-db to instance/dev-bastion (navlab/development)\n")
    }

    @Test("a spec that does not load: the others are still answered, exit 2")
    func loadError() throws {
        let development = try String(contentsOfFile: packageRoot + "/specs/navlab/development.yaml", encoding: .utf8)
        let shared = try String(contentsOfFile: packageRoot + "/specs/navlab/shared.yaml", encoding: .utf8)
        let broken = "archlint: 1\nstack: typo\nenvironment: production\nbukets: []\n"
        let scratch = try Scratch(["development.yaml": development, "shared.yaml": shared, "typo.yaml": broken])
        let run = try archlint(["paths", ".", "--to", "database/dev-db"], in: scratch.path)
        #expect(run.status == 2)
        #expect(run.stderr.contains("typo.yaml:4:1"), "\(run.stderr)")
        #expect(run.stdout.hasPrefix("internet →22 instance/dev-bastion →5432 database/dev-db\n"))
    }

    @Test("a KIND/NAME in several stack-environments: exit 2 naming the candidates; --environment picks one")
    func ambiguousTarget() throws {
        let development = try String(contentsOfFile: packageRoot + "/specs/navlab/development.yaml", encoding: .utf8)
        let shared = try String(contentsOfFile: packageRoot + "/specs/navlab/shared.yaml", encoding: .utf8)
        let staging = development.replacingOccurrences(of: "\nenvironment: development\n", with: "\nenvironment: staging\n")
        #expect(staging != development)
        let scratch = try Scratch(["development.yaml": development, "staging.yaml": staging, "shared.yaml": shared])
        let run = try archlint(["paths", ".", "--to", "database/dev-db"], in: scratch.path)
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("navlab/development/database/dev-db, navlab/staging/database/dev-db"), "\(run.stderr)")
        let picked = try archlint(["paths", ".", "--to", "database/dev-db", "--environment", "staging"], in: scratch.path)
        #expect(picked.stdout.hasPrefix("internet →22 instance/dev-bastion →5432 database/dev-db\n"), "\(picked.stderr)")
        #expect(picked.stdout.contains("at staging.yaml:62:9"))
    }

    @Test("an unknown target or a malformed one: exit 2 with a clear message")
    func unknownTarget() throws {
        let unknown = try archlint(["paths", "specs", "--to", "database/no-such-db"])
        #expect(unknown.status == 2)
        #expect(unknown.stdout.isEmpty)
        #expect(unknown.stderr.contains("--to database/no-such-db: no such node"), "\(unknown.stderr)")
        let malformed = try archlint(["paths", "specs", "--to", "dev-db"])
        #expect(malformed.status == 2)
        #expect(malformed.stderr.contains("is not KIND/NAME"), "\(malformed.stderr)")
    }

    @Test("mermaid and dot draw the path's hops as thick red arrows")
    func diagrams() throws {
        let mermaid = try archlint(devDB + ["--format", "mermaid"])
        #expect(mermaid.status == 0)
        #expect(mermaid.stdout.contains("n0 ==>|22| n1\n  n1 ==>|5432| n2\n  linkStyle 0,1 stroke:#d32f2f,stroke-width:4px"), "\(mermaid.stdout)")
        let dot = try archlint(devDB + ["--format", "dot"])
        #expect(dot.status == 0)
        #expect(dot.stdout.contains(##"n1 -> n2 [label="5432", color="#d32f2f", penwidth=3];"##), "\(dot.stdout)")
    }
}
