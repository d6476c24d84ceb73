import ArchlintFindings
import ArchlintLoad
import ArchlintModel

/// Reads `.archlint.yml` strictly, through `ConfigSchema`'s tables: unknown keys, bad values
/// and malformed waivers are located errors with suggestions, like spec errors. Which rules
/// and parameters exist is checked afterwards (`Configuration.resolveRules`), once the run's
/// packs are loaded — the file's own `rule_packs` among them.
struct ConfigReader {
    let file: String
    var errors: [Diagnostic] = []

    init(file: String) {
        self.file = file
    }

    mutating func read(_ root: YAMLNode) -> Configuration {
        let (entry, problems) = ConfigSchema.configuration.decodeDocument(root)
        errors += problems.map { Diagnostic($0.message, file: file, line: $0.position.line, column: $0.position.column) }
        var configuration = entry?.configuration ?? Configuration(file: file)
        configuration.file = file
        return configuration
    }
}
