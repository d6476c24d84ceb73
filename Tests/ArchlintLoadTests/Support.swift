import ArchlintFindings
import ArchlintLoad
import Foundation

/// A scratch folder of spec files, removed when the value goes away.
final class SpecFolder {
    let path: String

    init(_ files: [String: String]) throws {
        path =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("archlint-tests-\(UUID().uuidString)").path
        for (name, text) in files {
            try write(name, Data(text.utf8))
        }
    }

    func write(_ name: String, _ data: Data) throws {
        let url = URL(fileURLWithPath: path).appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    /// The folder stands for a repository: paths come back relative to it.
    var root: RepositoryRoot { RepositoryRoot(path: path, workingDirectory: path) }

    func load(_ names: [String]? = nil) -> LoadResult {
        SpecLoader().load(paths: names.map { $0.map { "\(path)/\($0)" } } ?? [path], root: root)
    }

    /// `name:line:column: message` of every error, with the folder stripped.
    func errors(_ names: [String]? = nil) -> [String] {
        load(names).diagnostics.map { diagnostic in
            let file = diagnostic.location.file.replacingOccurrences(of: path + "/", with: "")
            return "\(file):\(diagnostic.location.line):\(diagnostic.location.column): \(diagnostic.message)"
        }
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Shape errors of one document, as `line:column: message`.
func shapeErrors(_ text: String) -> [String] {
    SpecLoader().decode(Array(text.utf8), path: "t.yaml").diagnostics.map {
        "\($0.location.line):\($0.location.column): \($0.message)"
    }
}

let header = "archlint: 1\nstack: demo\nenvironment: production\n"
