import ArgumentParser

// Commands the contract names whose implementation lands with later work. Each refuses
// with exit status 2 and says so, rather than printing nothing and passing.

extension Archlint {
    struct Graph: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Draw the architecture of one stack-environment (or all), findings marked.")

        @Argument(help: "Spec file or folder.")
        var path: String

        @Option(help: "mermaid or dot.")
        var format: String = "mermaid"

        func run() throws { throw ValidationError(NotYetAvailable(option: "archlint graph").description) }
    }
}
