import ArchlintReport
import ArgumentParser

extension Archlint {
    struct Schema: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a JSON Schema of the spec format, for editors.",
            discussion: """
                Save it and point yaml-language-server at it, for completion, descriptions and
                errors while typing a spec:
                  archlint schema > .archlint-schema.json
                  # yaml-language-server: $schema=.archlint-schema.json   (first line of a spec)
                archlint itself checks more than the schema can say: references, duplicate names,
                CIDR host bits. See docs/editor.md.
                """
        )

        func run() throws {
            Console.out(SpecJSONSchema.document().rendered())
        }
    }
}
