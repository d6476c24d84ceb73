import ArchlintFindings
import ArchlintLoad
import ArchlintRules
import Foundation

/// The specs a run reads and the configuration that applies to them, decided together: the
/// configuration is found from the specs' folder, and without paths its `specs` are the
/// inputs. Every path the run prints is relative to `root`.
public struct SpecSelection: Sendable {
    public let root: RepositoryRoot
    public let configuration: Configuration?
    /// Errors of the configuration file, paths as printed.
    public let errors: [Diagnostic]
    /// Spec paths to load, as the user (or the configuration) gave them.
    public let paths: [String]
    public let exclude: [PathPattern]
    /// Whether the caller named its own paths (not the configuration's).
    public let pathsGiven: Bool

    public init(_ specs: RunRequest.Specs, configuration choice: RunRequest.ConfigurationChoice, workingDirectory: String) {
        let here = RepositoryRoot(path: workingDirectory, workingDirectory: workingDirectory)
        let given: [String], excluded: [String]
        switch specs {
        case .paths(let paths, let exclude): (given, excluded) = (paths, exclude)
        case .documents(let documents): (given, excluded) = (documents.map(\.path), [])
        }
        var configPath: String?
        switch choice {
        case .file(let explicit):
            // Absolute, so that its errors and findings print relative to the root.
            configPath = here.absolute(explicit)
        case .nearest:
            // From the first spec path's folder (so a run from /tmp on /repo/specs finds the
            // repository's file), then from the working directory.
            if case .paths = specs, let first = given.first {
                let absolute = here.absolute(first)
                var isFolder: ObjCBool = false
                let folder =
                    FileManager.default.fileExists(atPath: absolute, isDirectory: &isFolder) && isFolder.boolValue
                    ? absolute : URL(fileURLWithPath: absolute).deletingLastPathComponent().path
                configPath = Configuration.find(from: folder)
            }
            configPath = configPath ?? Configuration.find(from: workingDirectory)
        case .none:
            break
        }
        var configuration: Configuration?
        var configErrors: [Diagnostic] = []
        if let configPath {
            let loaded = Configuration.load(configPath)
            configuration = loaded.configuration
            configErrors = loaded.errors
        }
        pathsGiven = !given.isEmpty
        let configured = configuration.map { config in config.specs.map { config.resolve($0) } } ?? []
        paths = pathsGiven ? given : !configured.isEmpty ? configured : ["specs"]
        if case .documents = specs {
            root = here
        } else {
            root = RepositoryRoot.find(for: paths, workingDirectory: workingDirectory)
        }
        exclude = (excluded + (configuration?.exclude ?? [])).map(PathPattern.init)
        self.configuration = configuration
        errors = configErrors.map { [root] in shown($0, root) }
    }

    /// The spec files the configuration selects, as printed (without reading them).
    public var configuredFiles: Set<String> {
        guard let configuration else { return [] }
        let configured = configuration.specs.map { configuration.resolve($0) }
        return Set(SpecLoader.discover(paths: configured.isEmpty ? ["specs"] : configured, root: root, exclude: exclude))
    }
}

/// `errors` with the source line attached to those made without one (errors found after
/// loading, such as a waiver naming an unknown rule), so every error in text output shows
/// its line and caret. Each such file is read once (from `documents` when the specs are held
/// in memory); a file too large to have loaded is not.
func withSourceLines(
    _ errors: [Diagnostic], root: RepositoryRoot, maxBytes: Int,
    documents: [String: [UInt8]] = [:]
) -> [Diagnostic] {
    var result = errors
    let files = Set(errors.filter { $0.source == nil && $0.location.line > 0 }.map(\.location.file))
    for file in files.sorted() {
        if let bytes = documents[file] {
            result = Diagnostic.attachingSourceLines(result, file: file, bytes: bytes)
            continue
        }
        let path = root.resolve(displayed: file)
        guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size <= maxBytes,
            let data = FileManager.default.contents(atPath: path)
        else { continue }
        result = Diagnostic.attachingSourceLines(result, file: file, bytes: [UInt8](data))
    }
    return result
}

/// A diagnostic about a file the run named by an absolute path (configuration, rule pack,
/// baseline), with that path as every output prints it.
func shown(_ diagnostic: Diagnostic, _ root: RepositoryRoot) -> Diagnostic {
    guard diagnostic.location.file.hasPrefix("/") else { return diagnostic }
    var diagnostic = diagnostic
    diagnostic.location.file = root.relative(diagnostic.location.file)
    return diagnostic
}
