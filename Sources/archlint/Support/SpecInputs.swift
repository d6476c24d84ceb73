import ArchlintFindings
import ArchlintLoad
import ArgumentParser

/// The spec paths, shared by `check` and `validate`.
struct SpecInputs: ParsableArguments {
    @Argument(
        help: ArgumentHelp("Spec files or folders, read recursively (default: the configuration's specs, else specs).", valueName: "path"),
        completion: .file(extensions: ["yaml", "yml"]))
    var paths: [String] = []

    @Option(
        help: ArgumentHelp(
            "Leave matching files and folders out of folder walks (repeatable; relative to the repository root; * and ** wildcards; a pattern without / matches a name anywhere).",
            valueName: "glob"))
    var exclude: [String] = []

    @Option(name: .customLong("max-file-size"), help: ArgumentHelp("Largest spec file read, in bytes (default 33554432, 32 MiB).", valueName: "bytes"))
    var maxFileSize: Int?

    @Option(name: .customLong("max-nodes"), help: ArgumentHelp("Most YAML nodes in one file (default 100000).", valueName: "count"))
    var maxNodes: Int?

    @Option(name: .customLong("max-alias-expansion"), help: ArgumentHelp("Most nodes one file may stand for once aliases are expanded (default 2000000).", valueName: "count"))
    var maxAliasExpansion: Int?

    @Option(name: .customLong("max-depth"), help: ArgumentHelp("Deepest nesting of lists and mappings (default 64).", valueName: "levels"))
    var maxDepth: Int?

    @Option(name: .customLong("max-scalar-size"), help: ArgumentHelp("Longest scalar, in bytes (default 1048576, 1 MiB).", valueName: "bytes"))
    var maxScalarSize: Int?

    @Option(name: .customLong("max-files"), help: ArgumentHelp("Most spec files one run reads (default 100000).", valueName: "count"))
    var maxFiles: Int?

    func validate() throws {
        for (name, value) in [
            ("--max-file-size", maxFileSize), ("--max-nodes", maxNodes), ("--max-alias-expansion", maxAliasExpansion),
            ("--max-depth", maxDepth), ("--max-scalar-size", maxScalarSize), ("--max-files", maxFiles),
        ] {
            if let value, value < 1 { throw ValidationError("\(name) must be at least 1") }
        }
    }

    /// The bounds on hostile input: defaults, raised or lowered by the options.
    var limits: LoadLimits {
        var limits = LoadLimits.default
        if let maxFileSize { limits.maxFileBytes = maxFileSize }
        if let maxNodes { limits.maxNodes = maxNodes }
        if let maxAliasExpansion { limits.maxExpandedNodes = maxAliasExpansion }
        if let maxDepth { limits.maxDepth = maxDepth }
        if let maxScalarSize { limits.maxScalarBytes = maxScalarSize }
        if let maxFiles { limits.maxFiles = maxFiles }
        return limits
    }

}

/// `--format`: the registry's identifiers (`ReportFormat`, `ReporterRegistry`).
extension ReportFormat: ExpressibleByArgument {}

/// `--fail-on`: the lowest severity that fails the run, or `none`.
enum FailOn: String, ExpressibleByArgument, CaseIterable {
    case error, warning, info, none

    var severity: Severity? { Severity(rawValue: rawValue) }
}
