// swift-tools-version: 6.1
//
// archlint's targets follow the pipeline, and dependencies point one way:
//
//   ArchlintModel   typed resources, CIDRs, ports, the spec schema (no I/O)
//   ArchlintFindings findings, load errors, run results (what reporters consume)
//   ArchlintLoad    bytes -> libyaml events -> located nodes -> model -> validated workspace
//   ArchlintAnalyses analyses of the whole model: network paths (reachability), the
//                   difference between two models (review)
//   ArchlintRules   rule packs and the engine that evaluates them over the model
//   ArchlintReport  text, JSON, JUnit, SARIF, GitHub, Markdown, HTML from findings alone
//   ArchlintDiagram diagrams of the model, marked with findings
//   ArchlintPipeline one run as a library: configuration -> packs -> load -> rules -> waivers
//                   -> baseline -> report, the reporter registry; prints and writes nothing
//   ArchlintLanguageServer `archlint lsp`: JSON-RPC over stdio, diagnostics, navigation, hover,
//                   completion from pipeline runs over the editor's buffers
//   archlint        command-line wiring only: arguments, printing, writing files
import PackageDescription

let package = Package(
    name: "archlint",
    // UInt128 (CIDR arithmetic) needs macOS 15 where Darwin is used; Linux has no floor.
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "archlint", targets: ["archlint"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(name: "ArchlintModel"),
        .target(name: "ArchlintFindings"),
        .target(
            name: "ArchlintLoad",
            dependencies: ["CYAML", "ArchlintModel", "ArchlintFindings"]
        ),
        // Analyses of the whole model: network paths (reachability.md).
        .target(name: "ArchlintAnalyses", dependencies: ["ArchlintModel", "ArchlintLoad", "ArchlintFindings"]),
        .target(
            name: "ArchlintRules",
            dependencies: ["ArchlintModel", "ArchlintFindings", "ArchlintLoad", "ArchlintAnalyses"],
            plugins: ["EmbedRulePacks"]
        ),
        // Build-time only: compiles rules/*.yaml into ArchlintRules.
        .executableTarget(name: "EmbedRulePacksTool"),
        .plugin(name: "EmbedRulePacks", capability: .buildTool(), dependencies: ["EmbedRulePacksTool"]),
        .target(
            name: "ArchlintReport",
            dependencies: ["ArchlintFindings", "CLibXML2"]
        ),
        // Diagrams of the model, marked with findings (Mermaid, Graphviz DOT).
        .target(
            name: "ArchlintDiagram",
            dependencies: ["ArchlintModel", "ArchlintFindings", "ArchlintRules"]
        ),
        // One run of the pipeline, and the reporter registry; no printing, no file writes.
        .target(
            name: "ArchlintPipeline",
            dependencies: ["ArchlintModel", "ArchlintFindings", "ArchlintLoad", "ArchlintRules", "ArchlintReport", "ArchlintDiagram"]
        ),
        // The language server (`archlint lsp`): a library, so tests drive it in-process.
        .target(
            name: "ArchlintLanguageServer",
            dependencies: ["ArchlintModel", "ArchlintFindings", "ArchlintLoad", "ArchlintPipeline"]
        ),
        .executableTarget(
            name: "archlint",
            dependencies: [
                "ArchlintModel", "ArchlintFindings", "ArchlintLoad", "ArchlintAnalyses", "ArchlintRules", "ArchlintReport", "ArchlintDiagram",
                "ArchlintPipeline", "ArchlintLanguageServer", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            plugins: ["EmbedBuildCommit"]
        ),
        // Build-time only: the commit the binary is built from, for `archlint --version`.
        .executableTarget(name: "EmbedBuildCommitTool"),
        .plugin(name: "EmbedBuildCommit", capability: .buildTool(), dependencies: ["EmbedBuildCommitTool"]),
        // The fuzz target (scripts/fuzz.sh); a plain build makes it a replayer of inputs.
        .executableTarget(
            name: "archlint-fuzz",
            dependencies: ["ArchlintModel", "ArchlintFindings", "ArchlintLoad", "ArchlintRules", "ArchlintReport", "ArchlintDiagram", "ArchlintPipeline", "CLibXML2"]
        ),
        // Benchmarks: the raw libyaml scan that is the floor for archlint's speed.
        .executableTarget(
            name: "archlint-rawscan",
            dependencies: ["CYAML"],
            path: "Benchmarks/RawScan"
        ),
        .testTarget(
            name: "ArchlintModelTests",
            dependencies: [
                "ArchlintModel",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "ArchlintAnalysesTests",
            dependencies: ["ArchlintAnalyses", "ArchlintLoad", "ArchlintModel", "ArchlintFindings"]
        ),
        .testTarget(
            name: "ArchlintLoadTests",
            dependencies: ["ArchlintLoad", "ArchlintModel", "ArchlintFindings"],
            exclude: ["Corpus"]
        ),
        .testTarget(
            name: "ArchlintRulesTests",
            dependencies: [
                "ArchlintRules", "ArchlintLoad", "ArchlintModel", "ArchlintFindings",
                // Rule examples run through the pipeline (ExampleRunner), as `archlint check` runs specs.
                "ArchlintPipeline",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "ArchlintReportTests",
            dependencies: [
                "ArchlintReport", "ArchlintFindings", "CLibXML2",
                // The shipped specs' reports are made in the tests, from the loader and rules.
                "ArchlintLoad", "ArchlintModel", "ArchlintRules",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["junit-archlint.xsd"]
        ),
        .testTarget(
            name: "ArchlintDiagramTests",
            dependencies: ["ArchlintDiagram", "ArchlintFindings", "ArchlintLoad", "ArchlintModel", "ArchlintRules"]
        ),
        .testTarget(
            name: "ArchlintPipelineTests",
            dependencies: ["ArchlintPipeline", "ArchlintFindings", "ArchlintModel", "ArchlintLoad", "ArchlintRules"]
        ),
        .testTarget(
            name: "ArchlintLanguageServerTests",
            dependencies: ["ArchlintLanguageServer", "ArchlintPipeline", "ArchlintFindings", "ArchlintModel", "ArchlintLoad"]
        ),
        .testTarget(
            name: "ArchlintCLITests",
            // Depending on the executables makes `swift test` build them; the tests run them.
            dependencies: ["archlint", "archlint-fuzz"]
        ),
    ]
)
