import ArchlintAnalyses
import ArchlintFindings
import ArchlintLoad
import ArchlintModel

/// Why `archlint drift` could not compare: exit 2 either way.
public enum DriftFailure: Error, Sendable, Equatable {
    /// The plan did not load: a located error (it joins the run's errors).
    case plan(Diagnostic)
    /// No spec read is of the stack-environment the plan was given for.
    case noSpec(StackEnvironment, filesRead: Int)

    /// The message, for a failure that has no place in a file.
    public var message: String {
        switch self {
        case .plan(let diagnostic): diagnostic.message
        case .noSpec(let stackEnvironment, let filesRead):
            "no spec of \(stackEnvironment) among the \(filesRead) spec \(filesRead == 1 ? "file" : "files") read: give the file or folder that holds it (its stack: and environment: must be \(stackEnvironment.stack) and \(stackEnvironment.environment.rawValue))"
        }
    }
}

/// The plan imported in memory exactly as `archlint import terraform` writes it, read back
/// through the loader (so the plan's side is what a user of the import would load), and
/// compared with the spec of its stack-environment.
enum TerraformComparison {
    static func compare(
        _ input: TerraformInput, with workspace: Workspace, files: Int, root: RepositoryRoot, documents: [String: [UInt8]],
        limits: LoadLimits
    ) -> Result<TerraformDrift, DriftFailure> {
        let importer = TerraformImporter(stack: input.stackEnvironment.stack, environment: input.stackEnvironment.environment, source: input.plan.path)
        let imported: TerraformImport
        let result: Result<TerraformImport, Diagnostic>
        switch input.plan {
        case .file(let path):
            result = importer.importFile(at: root.absolute(path), limits: limits).mapError { problem in
                var problem = problem
                problem.location.file = root.display(path)
                return problem
            }
        case .bytes(let path, let bytes):
            result = importer.importBytes(bytes, path: path, limits: limits)
        }
        switch result {
        case .failure(let problem): return .failure(.plan(problem))
        case .success(let value): imported = value
        }

        guard let spec = workspace.spec(for: input.stackEnvironment), !workspace.specs[spec].isContext else {
            return .failure(.noSpec(input.stackEnvironment, filesRead: files))
        }
        let text = SpecWriter.write(imported.spec, annotations: imported.annotations)
        let importedWorkspace = SpecLoader(limits: limits).load(documents: [(input.plan.path, Array(text.utf8))]).workspace

        let path = workspace.specs[spec].path
        let specAddresses =
            documents[path].map { TerraformProvenance.addresses(inSpecText: $0, limits: limits) }
            ?? TerraformProvenance.addresses(inSpecFile: path.hasPrefix("/") ? path : root.path + "/" + path, limits: limits)
        return .success(
            TerraformDrift(
                spec: spec, of: workspace, specAddresses: specAddresses,
                imported: importedWorkspace, importedAddresses: TerraformImporter.addresses(of: imported),
                importedUnknowns: TerraformImporter.unknownFields(of: imported),
                coveredKinds: TerraformImporter.coveredKinds))
    }
}
