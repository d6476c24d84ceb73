import ArchlintLoad
import ArchlintModel
import Foundation
import Testing

private let good = header + "buckets:\n  - name: b\n"

@Suite("Loading folders of specs")
struct SpecLoaderTests {
    @Test("files are found recursively, sorted, hidden ones skipped, other extensions ignored")
    func discovery() throws {
        let folder = try SpecFolder([
            "b/two.yml": "archlint: 1\nstack: b\nenvironment: staging\n",
            "a/one.yaml": "archlint: 1\nstack: a\nenvironment: staging\n",
            ".hidden/x.yaml": "not: [valid",
            "a/.x.yaml": "not: [valid",
            "notes.txt": "not: [valid",
        ])
        let result = folder.load()
        #expect(result.diagnostics.isEmpty)
        #expect(result.workspace.specs.map { $0.path.replacingOccurrences(of: folder.path + "/", with: "") } == ["a/one.yaml", "b/two.yml"])
        #expect(result.fileCount == 2)
    }

    @Test("a file named explicitly is read whatever its extension")
    func explicitFile() throws {
        let folder = try SpecFolder(["spec.txt": good])
        #expect(folder.load(["spec.txt"]).workspace.specs.count == 1)
    }

    @Test("a missing path is an error")
    func missingPath() throws {
        let folder = try SpecFolder([:])
        #expect(folder.errors(["nope"]) == ["nope:1:1: no such file or directory"])
    }

    @Test("a folder named like a spec is an error")
    func folderNamedYAML() throws {
        let folder = try SpecFolder(["trap.yaml/inner.yaml": good])
        let errors = folder.errors()
        #expect(errors == ["trap.yaml:1:1: is a directory, not a spec file"])
    }

    @Test("a symbolic link loop is reported, not followed forever")
    func linkLoop() throws {
        let folder = try SpecFolder(["a/ok.yaml": good])
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/a/loop", withDestinationPath: folder.path + "/a")
        let errors = folder.errors()
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("a/loop:1:1: symbolic link loop") == true)
        #expect(folder.load().workspace.specs.count == 1)
    }

    @Test("a file that fails is left out and every other file is still loaded")
    func isolation() throws {
        let folder = try SpecFolder([
            "bad.yaml": "a: [1\n",
            "empty.yaml": "",
            "nul.yaml": "archlint: 1\u{0}\n",
            "good.yaml": good,
        ])
        let result = folder.load()
        #expect(result.workspace.specs.count == 1)
        #expect(result.fileCount == 4)
        #expect(Set(result.diagnostics.map(\.location.file)).count == 3)
        #expect(result.failedFiles.count == 3)
    }

    @Test("hostile files each fail fast with a located error; a good file beside them loads")
    func hostileFiles() throws {
        var laughs = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for (previous, name) in zip("abcdefghi", "bcdefghij") {
            laughs += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]\n"
        }
        let folder = try SpecFolder([
            "laughs.yaml": laughs,
            "deep.yaml": String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000),
            "self.yaml": "a: &a\n  b: *a\n",
            "python.yaml": "archlint: !!python/object/apply:os.system [ls]\n",
            "empty.yaml": "",
            "good.yaml": good,
        ])
        try folder.write("utf8.yaml", Data("archlint: 1\nstack: \u{FF}".utf8.map { $0 } + [0xFF]))
        try folder.write("nul.yaml", Data(Array("archlint: 1\nstack: a".utf8) + [0] + [0x0A]))
        let clock = ContinuousClock()
        var result: LoadResult?
        let elapsed = clock.measure { result = folder.load() }
        let loaded = try #require(result)
        #expect(loaded.workspace.specs.map(\.stack.value) == ["demo"])
        let failed = Set(loaded.diagnostics.map { URL(fileURLWithPath: $0.location.file).lastPathComponent })
        #expect(failed == ["laughs.yaml", "deep.yaml", "self.yaml", "python.yaml", "empty.yaml", "utf8.yaml", "nul.yaml"])
        #expect(loaded.diagnostics.allSatisfy { $0.location.line >= 1 && $0.location.column >= 1 })
        // Not a timing assertion on speed, a guard against hangs: far above the real cost.
        #expect(elapsed < .seconds(30))
    }

    @Test("a file over the size limit is refused before it is parsed")
    func sizeLimit() throws {
        let folder = try SpecFolder(["big.yaml": good + String(repeating: "# padding\n", count: 200)])
        var limits = LoadLimits()
        limits.maxFileBytes = 512
        let result = SpecLoader(limits: limits).load(paths: [folder.path], root: folder.root)
        #expect(result.diagnostics.map(\.message) == ["file is 2 KiB, more than the limit of 512 bytes (--max-file-size)"])
    }

    @Test("a FIFO is refused instead of blocking")
    func fifo() throws {
        let folder = try SpecFolder([:])
        try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true)
        #expect(mkfifo(folder.path + "/pipe.yaml", 0o600) == 0)
        #expect(folder.errors() == ["pipe.yaml:1:1: not a regular file; specs must be files"])
    }
}

@Suite("Validating meaning across specs")
struct SpecValidationTests {
    @Test("two files for one stack-environment: the later one names the earlier")
    func duplicateStackEnvironment() throws {
        let folder = try SpecFolder(["a.yaml": good, "b.yaml": good])
        let errors = folder.errors()
        #expect(errors.count == 1)
        #expect(errors.first == "b.yaml:3:14: demo/production is already described by a.yaml; one file per stack and environment")
    }

    @Test("names are unique within a kind; subnets across all networks")
    func duplicateNames() throws {
        let folder = try SpecFolder([
            "a.yaml": header + """
                networks:
                  - name: one
                    cidr: 10.0.0.0/16
                    subnets: [{name: s, cidr: 10.0.1.0/24, zone: z, tier: private}]
                  - name: two
                    cidr: 10.1.0.0/16
                    subnets: [{name: s, cidr: 10.1.1.0/24, zone: z, tier: private}]
                buckets: [{name: b}, {name: b}]

                """
        ])
        #expect(
            folder.errors() == [
                "a.yaml:10:22: duplicate subnet name 's' (first declared at line 7); subnet names are unique across the whole stack-environment",
                "a.yaml:11:29: duplicate bucket name 'b' (first declared at line 11); names are unique within their kind",
            ])
    }

    @Test("a dangling reference is located and suggests a close name")
    func dangling() throws {
        let folder = try SpecFolder([
            "a.yaml": header + """
                security_groups: [{name: web}]
                services:
                  - name: api
                    security_groups: [wbe]

                """
        ])
        #expect(
            folder.errors() == [
                "a.yaml:7:23: service 'api' refers to security group 'wbe', which is not defined in demo/production; did you mean 'web'?"
            ])
    }

    @Test("references fall back to the stack's shared environment")
    func sharedFallback() throws {
        let folder = try SpecFolder([
            "shared.yaml": "archlint: 1\nstack: demo\nenvironment: shared\nroles: [{name: task}]\n",
            "prod.yaml": header + "services: [{name: api, task_role: task}]\n",
            "other.yaml": "archlint: 1\nstack: other\nenvironment: production\nservices: [{name: api, task_role: task}]\n",
        ])
        let errors = folder.errors()
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("other.yaml:4:35: service 'api' refers to role 'task', which is not defined in other/production") == true)
    }

    @Test("a reference into a shared spec that failed to load is not reported twice")
    func brokenShared() throws {
        let folder = try SpecFolder([
            "shared.yaml": "archlint: 1\nstack: demo\nenvironment: shared\nroles: [{name: task, bogus: 1}]\n",
            "prod.yaml": header + "services: [{name: api, task_role: task}]\n",
        ])
        let errors = folder.errors()
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("shared.yaml:") == true)
        #expect(folder.load().workspace.specs.count == 1)
    }

    @Test("peers must name a network that some checked spec declares")
    func peers() throws {
        let folder = try SpecFolder([
            "hub.yaml": "archlint: 1\nstack: hub\nenvironment: production\nnetworks: [{name: core, cidr: 10.9.0.0/16}]\n",
            "a.yaml": header + "networks:\n  - name: m\n    cidr: 10.0.0.0/16\n    peers: [hub/production/cor, nowhere/staging/x]\n",
        ])
        #expect(
            folder.errors().map { String($0.prefix(60)) } == [
                "a.yaml:7:13: network 'm' peers with 'hub/production/cor', bu",
                "a.yaml:7:33: network 'm' peers with 'nowhere/staging/x', but",
            ])
    }

    @Test("a NAT gateway sits in a subnet of its own network")
    func natGateway() throws {
        let folder = try SpecFolder([
            "a.yaml": header + """
                networks:
                  - name: one
                    cidr: 10.0.0.0/16
                    subnets: [{name: pub, cidr: 10.0.1.0/24, zone: z, tier: public}]
                  - name: two
                    cidr: 10.1.0.0/16
                    nat_gateways: [{name: nat, subnet: pub}]

                """
        ])
        #expect(
            folder.errors() == [
                "a.yaml:10:40: NAT gateway 'nat' of network 'two' is placed in subnet 'pub', which belongs to another network"
            ])
    }
}

@Suite("Selecting files: the repository root, exclusions, context")
struct FileSelectionTests {
    @Test("paths are relative to the repository root and normalised, wherever the run starts")
    func repositoryRelative() throws {
        let folder = try SpecFolder([".git/HEAD": "ref: refs/heads/main\n", "specs/demo/prod.yaml": header])
        for (workingDirectory, given) in [
            (folder.path, "specs/demo/prod.yaml"), (folder.path + "/specs", "demo"),
            (folder.path + "/specs/demo", "."), ("/", folder.path + "/./specs/../specs/demo/"),
        ] {
            let root = RepositoryRoot.find(for: [given], workingDirectory: workingDirectory)
            #expect(root.path == folder.path)
            let result = SpecLoader().load(paths: [given], root: root)
            #expect(result.workspace.specs.map(\.path) == ["specs/demo/prod.yaml"], "from \(workingDirectory) with \(given)")
        }
        // Without a repository above the specs, the working directory is the root.
        let bare = try SpecFolder(["a/b.yaml": header])
        let root = RepositoryRoot.find(for: ["a"], workingDirectory: bare.path)
        #expect(root.path == bare.path)
        #expect(root.display("a/./b.yaml") == "a/b.yaml")
        #expect(root.display(bare.path + "/../x.yaml").hasPrefix("../"))
    }

    @Test("a folder with no spec file in it is an error, so a gate pointed at the wrong folder cannot pass")
    func emptyFolder() throws {
        let folder = try SpecFolder(["docs/readme.md": "hello\n", "specs/a.yaml": header])
        #expect(folder.errors(["docs"]) == ["docs:1:1: no spec files under docs; give a folder that holds .yaml or .yml specs"])
        #expect(folder.errors(["specs"]) == [])
    }

    @Test("exclude patterns leave files and folders out of walks, and say so when nothing is left")
    func exclusions() throws {
        let folder = try SpecFolder([
            "specs/a.yaml": header,
            "specs/fixtures/broken.yaml": "not: [a spec\n",
            "vendor/chart/values.yaml": "replicas: 3\n",
            "specs/b.template.yaml": "{{ template }}\n",
        ])
        func load(_ patterns: [String], _ paths: [String] = ["."]) -> LoadResult {
            SpecLoader().load(paths: paths.map { folder.path + "/" + $0 }, root: folder.root, exclude: patterns.map(PathPattern.init))
        }
        // Without exclusions every YAML file found is judged as a spec: nothing is skipped silently.
        #expect(Set(load([]).diagnostics.map(\.location.file)) == ["specs/fixtures/broken.yaml", "vendor/chart/values.yaml", "specs/b.template.yaml"])
        let excluded = load(["vendor/**", "fixtures", "*.template.yaml"])
        #expect(excluded.diagnostics.isEmpty, "\(excluded.diagnostics)")
        #expect(excluded.files == ["specs/a.yaml"])
        #expect(
            load(["specs/**"], ["specs"]).diagnostics.map(\.message)
                == ["no spec files under specs (after --exclude specs/**); give a folder that holds .yaml or .yml specs"])
        // A file named explicitly is read whatever the patterns say: the user asked for it.
        #expect(load(["*.template.yaml"], ["specs/b.template.yaml"]).files == ["specs/b.template.yaml"])
    }

    @Test("a file checked alone loads its stack's shared environment beside it as context")
    func sharedContext() throws {
        let folder = try SpecFolder([
            "navlab/shared.yaml": "archlint: 1\nstack: navlab\nenvironment: shared\nroles: [{name: task}]\n",
            "navlab/dev.yaml": "archlint: 1\nstack: navlab\nenvironment: development\nservices: [{name: api, task_role: task}]\n",
            "navlab/prod.yaml": "archlint: 1\nstack: navlab\nenvironment: production\nservices: [{name: api, task_role: nosuch}]\n",
            "other/shared.yaml": "archlint: 1\nstack: other\nenvironment: shared\nroles: [{name: task}]\n",
        ])
        let alone = folder.load(["navlab/dev.yaml"])
        #expect(alone.diagnostics.isEmpty, "\(alone.diagnostics)")
        #expect(alone.files == ["navlab/dev.yaml"])
        #expect(alone.workspace.specs.map(\.path) == ["navlab/dev.yaml", "navlab/shared.yaml"])
        #expect(alone.workspace.specs.map(\.isContext) == [false, true])
        #expect(alone.workspace.resourceCount == 1, "context resources are not counted")
        // The sibling production file is not context (only a shared environment is), and a
        // dangling reference is still reported.
        let dangling = folder.errors(["navlab/prod.yaml"])
        #expect(dangling.count == 1 && dangling[0].hasPrefix("navlab/prod.yaml:4:") && dangling[0].contains("role 'nosuch'"), "\(dangling)")
        // Named together, the shared file is an input like any other.
        #expect(folder.load(["navlab/dev.yaml", "navlab/shared.yaml"]).workspace.specs.allSatisfy { !$0.isContext })
    }
}

@Suite("Exclude patterns")
struct PathPatternTests {
    @Test("globs match like .gitignore: * within a name, ** across folders, bare names anywhere")
    func matching() {
        let cases: [(String, String, Bool)] = [
            ("vendor/**", "vendor/a/b.yaml", true), ("vendor/**", "specs/vendor.yaml", false),
            ("**/fixtures/*.yaml", "specs/fixtures/x.yaml", true), ("**/fixtures/*.yaml", "fixtures/x.yaml", true),
            ("**/fixtures/*.yaml", "specs/fixtures/deep/x.yaml", false),
            ("fixtures", "specs/fixtures", true), ("fixtures", "specs/fixtures2", false),
            ("*.template.yaml", "a/b/c.template.yaml", true), ("*.template.yaml", "a/template.yaml", false),
            ("specs/a?.yaml", "specs/ab.yaml", true), ("specs/a?.yaml", "specs/abc.yaml", false),
            ("./specs/old/", "specs/old", true), ("specs/*", "specs/x/y.yaml", false),
        ]
        for (pattern, path, expected) in cases {
            #expect(PathPattern(pattern).matches(path) == expected, "\(pattern) ~ \(path)")
        }
    }
}
