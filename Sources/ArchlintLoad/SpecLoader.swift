import ArchlintFindings
import ArchlintModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Everything a run loaded: the specs that passed every phase, and a located error for
/// every problem in the others.
public struct LoadResult: Sendable {
    /// Specs that passed syntax, shape and meaning, sorted by path.
    public var workspace: Workspace
    /// Every load error of every file, sorted by file, line and column.
    public var diagnostics: [Diagnostic]
    /// Spec files found (loaded or not), as printed; not the files loaded only as context.
    public var files: [String]
    /// Spec files found (loaded or not).
    public var fileCount: Int { files.count }
    /// Files with at least one error.
    public var failedFiles: Set<String>
}

/// Loads specs in phases, as the design asks: find the files, then for each file syntax
/// (libyaml → located nodes), shape (nodes → typed model), and across files meaning
/// (unique stack-environments, names, references). A file that fails a phase is reported
/// and left out; every other file goes on, so one broken spec never hides the rest.
public struct SpecLoader: Sendable {
    public var limits: LoadLimits

    public init(limits: LoadLimits = .default) {
        self.limits = limits
    }

    /// Loads the specs under `paths` (as the user typed them: relative to the working
    /// directory, or absolute). Every path in the result is relative to `root`.
    ///
    /// A stack's `shared` environment is part of what its other environments mean: when a
    /// file is checked without the `shared` file beside it, that file is loaded as context
    /// (`Spec.isContext`) so references into it resolve; it is not itself checked.
    ///
    /// `overlays` (by path as printed) take the place of files' bytes on disk: an editor's
    /// unsaved buffers, linted exactly as the saved file would be. A file is found on disk as
    /// always; only what is read from it changes.
    public func load(
        paths: [String], root: RepositoryRoot? = nil, exclude: [PathPattern] = [], overlays: [String: [UInt8]] = [:]
    ) -> LoadResult {
        let root = root ?? RepositoryRoot.find(for: paths)
        var discovery = SpecDiscovery(maxFiles: limits.maxFiles, root: root, exclude: exclude)
        for path in paths { discovery.add(path) }
        var diagnostics = discovery.errors.map { Diagnostic($0.message, file: $0.path, line: 1, column: 1) }
        // The same file named twice (`specs specs/a.yaml`) is one file.
        var seen = Set<String>()
        var files = discovery.files.filter { seen.insert($0).inserted }
        if files.count > limits.maxFiles {
            diagnostics.append(
                Diagnostic(
                    "more than \(limits.maxFiles) spec files; only the first \(limits.maxFiles) were read (--max-files)",
                    file: paths.first.map(root.display) ?? ".", line: 1, column: 1))
            files = Array(files.prefix(limits.maxFiles))
        }
        let context = contextCandidates(besides: discovery.namedFileFolders, inputs: seen, discovery: discovery)
        // Files are known by the path every output prints; `opened` gives the one to read.
        var table: [String: String] = [:]
        for file in files + context { table[root.relative(file)] = file }
        let opened = table, limits = self.limits
        return finish(files.map(root.relative), context: context.map(root.relative), diagnostics: diagnostics) { shown in
            if let bytes = overlays[shown] {
                // The same limit as on disk, so an unsaved buffer is judged as the saved file.
                if bytes.count > limits.maxFileBytes {
                    return .failure(YAMLError(LoadLimits.tooLargeMessage(size: bytes.count, limit: limits.maxFileBytes), at: .start))
                }
                return .success(bytes)
            }
            switch SpecFileReader.read(opened[shown] ?? root.resolve(displayed: shown), maxBytes: limits.maxFileBytes) {
            case .success(let bytes): return .success(bytes)
            case .failure(let problem): return .failure(YAMLError(problem.message, at: .start))
            }
        }
    }

    /// The spec files `paths` select, as printed, without reading them: what a
    /// configuration's `specs` cover.
    public static func discover(paths: [String], root: RepositoryRoot, exclude: [PathPattern] = []) -> [String] {
        var discovery = SpecDiscovery(maxFiles: Int.max - 1, root: root, exclude: exclude)
        for path in paths { discovery.add(path) }
        return discovery.files.map(root.relative)
    }

    /// Spec files beside the files named explicitly that are not inputs themselves: the
    /// places a stack's `shared` environment may live. Absolute paths, sorted.
    private func contextCandidates(besides folders: [String], inputs: Set<String>, discovery: SpecDiscovery) -> [String] {
        var candidates = Set<String>()
        for folder in Set(folders) {
            guard let handle = opendir(folder) else { continue }
            while let entry = readdir(handle) {
                let name = withUnsafePointer(to: entry.pointee.d_name) {
                    $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
                }
                guard !name.hasPrefix("."), discovery.isSpecName(name) else { continue }
                let path = join(folder, name)
                var info = stat()
                guard !inputs.contains(path), stat(path, &info) == 0, isRegularFile(info) else { continue }
                candidates.insert(path)
            }
            closedir(handle)
        }
        return candidates.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Loads specs held in memory (rule examples, editors), through the same phases.
    public func load(documents: [(path: String, bytes: [UInt8])]) -> LoadResult {
        let table = Dictionary(documents.map { ($0.path, $0.bytes) }, uniquingKeysWith: { first, _ in first })
        return finish(documents.map(\.path), context: [], diagnostics: []) { path in .success(table[path] ?? []) }
    }

    /// Syntax, shape and meaning for `files`, whose bytes `read` provides.
    private func finish(
        _ files: [String], context: [String], diagnostics: [Diagnostic],
        read: @escaping @Sendable (String) -> Result<[UInt8], YAMLError>
    ) -> LoadResult {
        var diagnostics = diagnostics
        var failed = Set(diagnostics.map(\.location.file))
        // Syntax and shape, file by file, in parallel: files do not depend on each other.
        var decoded = decodeAll(files, read: read)
        let inputCount = files.count
        var files = files

        // Context: the `shared` environments of stacks being checked that are not inputs.
        // Only a file that says it is such an environment is kept; its errors are reported,
        // since the files that use it cannot be checked without it.
        if !context.isEmpty {
            var present = Set<StackEnvironment>()
            var needed = Set<String>()
            for outcome in decoded {
                switch outcome {
                case .success(let spec):
                    present.insert(spec.stackEnvironment)
                    if spec.environment.value != .shared { needed.insert(spec.stack.value) }
                case .failure(_, let partial):
                    if let partial { present.insert(partial) }
                }
            }
            needed = needed.filter { !present.contains(StackEnvironment(stack: $0, environment: .shared)) }
            if !needed.isEmpty {
                for (file, outcome) in zip(context, decodeAll(context, read: read)) {
                    let described: StackEnvironment?
                    switch outcome {
                    case .success(let spec): described = spec.stackEnvironment
                    case .failure(_, let partial): described = partial
                    }
                    guard let described, described.environment == .shared, needed.contains(described.stack),
                        !present.contains(described)
                    else { continue }
                    present.insert(described)
                    if case .success(var spec) = outcome {
                        spec.isContext = true
                        decoded.append(.success(spec))
                    } else {
                        decoded.append(outcome)
                    }
                    files.append(file)
                }
            }
        }

        var candidates: [Spec] = []
        // Errors found after a file's bytes were let go, by file: their source lines are
        // read once more at the end (only files with such errors pay for it).
        var meaningErrors: [String: [Diagnostic]] = [:]
        var unverifiable = Set<StackEnvironment>()
        var owner: [StackEnvironment: String] = [:]
        for (file, outcome) in zip(files, decoded) {
            switch outcome {
            case .failure(let errors, let partial):
                diagnostics += errors
                failed.insert(file)
                if let partial { unverifiable.insert(partial) }
            case .success(let spec):
                if let first = owner[spec.stackEnvironment] {
                    meaningErrors[file, default: []].append(
                        located(
                            YAMLError(
                                "\(spec.stackEnvironment) is already described by \(first); one file per stack and environment",
                                at: spec.environment.position), in: file))
                    failed.insert(file)
                } else {
                    owner[spec.stackEnvironment] = file
                    candidates.append(spec)
                }
            }
        }

        // Meaning: references may cross files, so every shape-valid spec is validated
        // against all the others.
        let candidateWorkspace = Workspace(specs: candidates)
        let validator = SpecValidator(workspace: candidateWorkspace, unverifiable: unverifiable)
        var valid: [Spec] = []
        for (index, spec) in candidates.enumerated() {
            let errors = DecodeContext.capped(validator.validate(specAt: index))
            if errors.isEmpty {
                valid.append(spec)
            } else {
                meaningErrors[spec.path, default: []] += errors.map { located($0, in: spec.path) }
                failed.insert(spec.path)
            }
        }
        for (file, errors) in meaningErrors.sorted(by: { $0.key < $1.key }) {
            switch read(file) {
            case .success(let bytes): diagnostics += Diagnostic.attachingSourceLines(errors, file: file, bytes: bytes)
            case .failure: diagnostics += errors
            }
        }
        // By place, keeping the order errors were found in at one place (a hint after the
        // error it explains); an error reached through two aliases is reported once.
        var seenDiagnostics = Set<Diagnostic>()
        diagnostics = diagnostics.filter { seenDiagnostics.insert($0).inserted }
        diagnostics.sort { $0.location < $1.location }
        return LoadResult(
            workspace: Workspace(specs: valid), diagnostics: diagnostics,
            files: Array(files.prefix(inputCount)), failedFiles: failed)
    }

    /// Loads one file's bytes as a spec named `path`, without cross-file validation.
    /// For tests and tools that check a single document.
    public func decode(_ bytes: [UInt8], path: String) -> (spec: Spec?, diagnostics: [Diagnostic]) {
        switch decodeFile(bytes, path: path) {
        case .success(let spec): return (spec, [])
        case .failure(let errors, _): return (nil, errors.sorted())
        }
    }

    private enum FileOutcome: Sendable {
        case success(Spec)
        /// The errors (with their source lines), and the stack-environment the file meant
        /// to describe, if it said.
        case failure([Diagnostic], StackEnvironment?)
    }

    private func decodeAll(_ files: [String], read: @escaping @Sendable (String) -> Result<[UInt8], YAMLError>) -> [FileOutcome] {
        files.concurrentMap { file in
            switch read(file) {
            case .failure(let problem): return .failure([located(problem, in: file)], nil)
            case .success(let bytes): return decodeFile(bytes, path: file)
            }
        }
    }

    /// How a file's syntax and shape are read: straight from libyaml's events, or through
    /// a tree of `YAMLNode`s. Both give the same spec and the same errors.
    public enum DecodePath: Sendable {
        /// Events decoded as they arrive, no node tree; a file it does not take (anchors,
        /// aliases, merge keys, tags, any YAML error, a limit) goes to the tree path.
        case streaming
        /// The composer builds the document's node tree, then the tree is decoded.
        case tree
    }

    /// The syntax errors, or the decoded spec (nil when the root is not a mapping) and the
    /// shape errors found while decoding it.
    private enum ShapeOutcome {
        case syntax([YAMLError])
        case shape(Spec?, DecodeContext)
    }

    /// Syntax and shape on the tree path.
    private func decodeTree(_ bytes: [UInt8]) -> ShapeOutcome {
        let parsed = YAMLParser.parse(bytes, limits: limits)
        guard let root = parsed.root, parsed.errors.isEmpty else { return .syntax(parsed.errors) }
        var context = DecodeContext()
        let spec = SpecSchema.spec.decode(root, &context)
        return .shape(spec, context)
    }

    /// Syntax and shape on the streaming path; nil when the file needs the tree path. Its
    /// shape errors are kept only if the whole stream turns out valid, since on the tree
    /// path a syntax error anywhere in a file is reported instead of any shape error.
    private func decodeStreaming(_ bytes: [UInt8]) -> ShapeOutcome? {
        bytes.withUnsafeBufferPointer { buffer -> ShapeOutcome? in
            guard TextScan.check(buffer) == nil else { return nil }
            do throws(StreamFallback) {
                let reader = try EventReader(buffer, limits: limits)
                var context = DecodeContext()
                let spec = try SpecSchema.spec.decode(from: reader, try reader.root(), &context)
                try reader.finish()
                return .shape(spec, context)
            } catch {
                return nil
            }
        }
    }

    /// One file's syntax and shape through `path` (the streaming path falls back to the
    /// tree path by itself). For tests that hold the two paths to the same results.
    func decodeFile(_ bytes: [UInt8], path: String, via decodePath: DecodePath) -> (spec: Spec?, diagnostics: [Diagnostic], partial: StackEnvironment?) {
        switch decodeFile(bytes, path: path, via: decodePath) as FileOutcome {
        case .success(let spec): return (spec, [], nil)
        case .failure(let diagnostics, let partial): return (nil, diagnostics, partial)
        }
    }

    /// `decode(_:path:)` through `decodePath`, for the fuzz target, which holds the two
    /// paths to the same results on every input it makes.
    public func decode(_ bytes: [UInt8], path: String, via decodePath: DecodePath) -> (spec: Spec?, diagnostics: [Diagnostic]) {
        let decoded = decodeFile(bytes, path: path, via: decodePath) as (spec: Spec?, diagnostics: [Diagnostic], partial: StackEnvironment?)
        return (decoded.spec, decoded.diagnostics)
    }

    /// Whether the streaming path decodes `bytes` itself, without falling back.
    func streams(_ bytes: [UInt8]) -> Bool { decodeStreaming(bytes) != nil }

    private func decodeFile(_ bytes: [UInt8], path: String, via decodePath: DecodePath = .streaming) -> FileOutcome {
        /// Errors become diagnostics here, while the bytes are at hand for their source lines.
        func failure(_ errors: [YAMLError], _ partial: StackEnvironment?) -> FileOutcome {
            .failure(Diagnostic.attachingSourceLines(errors.map { located($0, in: path) }, file: path, bytes: bytes), partial)
        }
        let outcome = decodePath == .streaming ? decodeStreaming(bytes) ?? decodeTree(bytes) : decodeTree(bytes)
        guard case .shape(let decoded, var context) = outcome else {
            if case .syntax(let errors) = outcome { return failure(errors, nil) }
            return failure([], nil)
        }
        guard var spec = decoded else {
            return failure(context.errors, nil)
        }
        spec.path = path
        spec.valueUses = context.valueUses
        if !SpecSchema.supportedVersions.contains(spec.formatVersion.value), !context.errors.contains(where: { $0.position == spec.formatVersion.position }) {
            context.error(
                "unsupported format version \(spec.formatVersion.value); this archlint reads 'archlint: 1'",
                at: spec.formatVersion.position)
        }
        if context.errors.isEmpty { return .success(spec) }
        let partial = spec.stack.value.isEmpty ? nil : spec.stackEnvironment
        return failure(context.reportedErrors, partial)
    }

    private func located(_ error: YAMLError, in file: String) -> Diagnostic {
        Diagnostic(
            error.message, at: SourceLocation(file: file, line: error.position.line, column: error.position.column),
            related: error.uses.map { RelatedLocation($0.note, at: SourceLocation(file: file, line: $0.position.line, column: $0.position.column)) })
    }
}
