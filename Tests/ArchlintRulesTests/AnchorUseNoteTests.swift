import ArchlintFindings
import ArchlintLoad
import ArchlintModel
@testable import ArchlintRules
import Testing

@Suite("Findings on values written under a YAML anchor")
struct AnchorUseNoteTests {
    /// Two databases merge the same unencrypted defaults, a third writes its own.
    let specs = [
        "a.yaml": spec(
            """
            x-db: &db
              engine: postgres
              encrypted: false
            databases:
              - name: main
                <<: *db
              - name: copy
                <<: *db
              - {name: own, engine: postgres, encrypted: false}

            """)
    ]

    @Test("the finding stays at the anchor, and its message and related location name the place that used it")
    func namesTheUse() throws {
        let catalog = pack(
            rule(
                """
                check:
                  select: database
                  require: {path: encrypted, is_true: true}
                  message: "{name} is not encrypted"
                """))
        let found = fullFindings(catalog, specs)
        #expect(
            found.map { "\($0.location.line):\($0.location.column) \($0.message)" } == [
                "6:14 copy is not encrypted (merged into database 'copy' at line 11)",
                "6:14 main is not encrypted (merged into database 'main' at line 9)",
                "12:46 own is not encrypted",
            ])
        #expect(found[1].related == [RelatedLocation("merged into database 'main'", at: SourceLocation(file: "a.yaml", line: 9, column: 5))])
        #expect(found[2].related.isEmpty)
    }

    @Test("a value written in place beside an aliased one gets no note")
    func inPlaceSiblingHasNoNote() {
        let specs = [
            "b.yaml": spec(
                """
                x-all: &all
                  - {ports: all, protocol: all, to: 0.0.0.0/0}
                security_groups:
                  - name: bastion
                    ingress:
                      - {ports: 22, from: 0.0.0.0/0}
                    egress: *all

                """)
        ]
        let catalog = pack(
            rule(
                """
                check:
                  select: security_group.ingress
                  forbid: {path: from, equals: 0.0.0.0/0}
                  message: "open"
                """))
        let found = fullFindings(catalog, specs)
        #expect(found.map { "\($0.location.line) \($0.message)" } == ["9 open"])
        #expect(found.first?.related.isEmpty == true)
    }

    @Test("a finding located on the resource itself, not on a value from the anchor, gets no note")
    func resourceLevelFindingHasNoNote() {
        let catalog = pack(
            rule(
                """
                check:
                  select: database
                  require: {path: multi_az, is_true: true}
                  message: "{name} is single-zone"
                """))
        let found = fullFindings(catalog, specs)
        #expect(found.count == 3)
        #expect(found.allSatisfy { $0.related.isEmpty && !$0.message.contains("merged") })
    }
}
