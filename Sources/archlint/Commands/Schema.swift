import ArchlintReport
import ArgumentParser

extension Archlint {
    struct Schema: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a JSON Schema of the spec format (or of rule packs, or of the configuration), for editors.",
            discussion: """
                Save it and point yaml-language-server at it, for completion, descriptions and
                errors while typing a spec:
                  archlint schema > .archlint-schema.json
                  # yaml-language-server: $schema=.archlint-schema.json   (first line of a spec)
                archlint itself checks more than the schema can say: references, duplicate names,
                CIDR host bits. With --pack it describes rule pack files, with --config
                .archlint.yml, each generated from the tables archlint reads them with (a
                pack's conditions and paths are still archlint's to check). See docs/editor.md.
                """
        )

        /// Which file format to describe.
        enum Format: String, EnumerableFlag {
            case spec, pack, config

            static func help(for value: Format) -> ArgumentHelp? {
                switch value {
                case .spec: return "The spec format (the default)."
                case .pack: return "Rule pack files (rules/*.yaml, packs given with --rules)."
                case .config: return "The configuration file, .archlint.yml."
                }
            }
        }

        @Flag var format: Format = .spec

        func run() throws {
            switch format {
            case .spec: Console.out(FormatJSONSchema.spec().rendered())
            case .pack: Console.out(FormatJSONSchema.pack().rendered())
            case .config: Console.out(FormatJSONSchema.configuration().rendered())
            }
        }
    }
}
