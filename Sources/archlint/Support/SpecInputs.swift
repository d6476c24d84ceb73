import ArchlintFindings
import ArchlintLoad
import ArgumentParser

/// The spec paths, shared by `check` and `validate`.
struct SpecInputs: ParsableArguments {
    @Argument(help: ArgumentHelp("Spec files or folders, read recursively (default: the configuration's specs, else specs).", valueName: "path"))
    var paths: [String] = []

    /// The paths given, else `fallback` (the configuration's), else `specs`.
    func load(fallback: [String] = []) -> LoadResult {
        SpecLoader().load(paths: !paths.isEmpty ? paths : !fallback.isEmpty ? fallback : ["specs"])
    }
}

/// Output formats the contract names.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, junit, sarif, github, markdown
}

/// `--fail-on`: the lowest severity that fails the run, or `none`.
enum FailOn: String, ExpressibleByArgument, CaseIterable {
    case error, warning, info, none

    var severity: Severity? { Severity(rawValue: rawValue) }
}

/// A command-line option that exists in the contract but not yet in this build: refused
/// with exit status 2 rather than silently ignored, so a CI gate never passes by accident.
struct NotYetAvailable: Error, CustomStringConvertible {
    let option: String
    var description: String { "\(option) is not available in this build of archlint yet" }
}
