import ArchlintFindings
import ArchlintLoad
import ArchlintModel
import ArgumentParser
import Foundation

extension Archlint {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a spec from infrastructure code.",
            subcommands: [Terraform.self]
        )
    }
}

extension Archlint.Import {
    struct Terraform: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a spec from the JSON of `terraform show -json` (a saved plan, or a state).",
            discussion: """
                Every resource written carries `x-terraform: ADDRESS`; the managed resources not
                imported are listed at the top of the spec and, one line per type, on standard error.

                Exit status:
                  0  the spec was written
                  2  the plan could not be read, the output exists (without --force), or the command line is wrong
                """
        )

        @Argument(help: ArgumentHelp("The JSON of `terraform show -json`.", valueName: "plan.json"), completion: .file(extensions: ["json"]))
        var plan: String

        @Option(help: ArgumentHelp("The stack the spec describes.", valueName: "stack"))
        var stack: String

        @Option(help: ArgumentHelp("The environment the spec describes: development, staging, production or shared.", valueName: "environment"))
        var environment: String

        @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Write the spec to this file instead of standard output.", valueName: "file"), completion: .file())
        var output: String?

        @Flag(help: "Replace the output file if it exists.")
        var force = false

        @Option(name: .customLong("max-file-size"), help: ArgumentHelp("Largest plan file read, in bytes (default 33554432, 32 MiB).", valueName: "bytes"))
        var maxFileSize: Int?

        @Option(name: .customLong("max-nodes"), help: ArgumentHelp("Most JSON values in the plan (default 100000).", valueName: "count"))
        var maxNodes: Int?

        @Option(name: .customLong("max-depth"), help: ArgumentHelp("Deepest nesting of arrays and objects (default 64).", valueName: "levels"))
        var maxDepth: Int?

        func validate() throws {
            guard stack.range(of: "^[a-z0-9][a-z0-9-]*$", options: .regularExpression) != nil else {
                throw ValidationError("--stack '\(stack)' must be lower-case letters, digits and '-', starting with a letter or digit")
            }
            guard Environment(rawValue: environment) != nil else {
                throw ValidationError("--environment must be one of \(Environment.allCases.map(\.rawValue).joined(separator: ", ")), not '\(environment)'")
            }
            for (name, value) in [("--max-file-size", maxFileSize), ("--max-nodes", maxNodes), ("--max-depth", maxDepth)] {
                if let value, value < 1 { throw ValidationError("\(name) must be at least 1") }
            }
        }

        func run() throws {
            var limits = LoadLimits.default
            if let maxFileSize { limits.maxFileBytes = maxFileSize }
            if let maxNodes { limits.maxNodes = maxNodes }
            if let maxDepth { limits.maxDepth = maxDepth }
            // An existing output is kept unless --force: checked before reading the plan, so
            // the answer does not depend on the plan.
            if let output, !force, FileManager.default.fileExists(atPath: output) {
                Console.err("archlint: error: \(output) exists; pass --force to replace it\n")
                throw ExitCode(ExitStatus.unusable.rawValue)
            }
            let importer = TerraformImporter(stack: stack, environment: Environment(rawValue: environment)!, source: plan)
            let result: TerraformImport
            switch importer.importFile(at: plan, limits: limits) {
            case .failure(let diagnostic):
                Console.err("\(diagnostic)\n")
                throw ExitCode(ExitStatus.unusable.rawValue)
            case .success(let imported):
                result = imported
            }
            let text = SpecWriter.write(result.spec, annotations: result.annotations)
            for line in result.notImportedSummary { Console.err("archlint: \(line)\n") }
            guard let output else {
                Console.out(text)
                return
            }
            do {
                try ReportFiles.write(text, to: output)
            } catch {
                Console.err("\(output):1:1: error: cannot write the spec: \((error as? ReportFiles.WriteError)?.reason ?? "\(error)")\n")
                throw ExitCode(ExitStatus.unusable.rawValue)
            }
            Console.err("archlint: wrote \(output)\n")
        }
    }
}
