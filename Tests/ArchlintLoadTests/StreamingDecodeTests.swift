@testable import ArchlintLoad
import ArchlintModel
import Foundation
import Testing

/// The streaming decoder (events straight into the model) and the tree path (events
/// composed into `YAMLNode`s, then decoded) must give the same spec and the same errors,
/// with the same text, place and order, for every input.
@Suite("Streaming and tree decoding agree")
struct StreamingDecodeTests {
    /// Decodes `bytes` both ways and records any difference.
    static func compare(
        _ bytes: [UInt8], _ name: String, limits: LoadLimits = .default,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        let loader = SpecLoader(limits: limits)
        let streamed = loader.decodeFile(bytes, path: name, via: .streaming)
        let tree = loader.decodeFile(bytes, path: name, via: .tree)
        #expect(streamed.spec == tree.spec, "\(name): specs differ", sourceLocation: sourceLocation)
        #expect(streamed.diagnostics == tree.diagnostics, "\(name): errors differ", sourceLocation: sourceLocation)
        #expect(streamed.diagnostics.map(\.description) == tree.diagnostics.map(\.description), "\(name)", sourceLocation: sourceLocation)
        #expect(streamed.partial == tree.partial, "\(name): partial stack-environments differ", sourceLocation: sourceLocation)
    }

    static func files(in folder: String) -> [String] {
        let names = (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String]) ?? []
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { folder + "/" + $0 }
    }

    static func read(_ path: String) -> [UInt8] {
        (FileManager.default.contents(atPath: path)).map { Array($0) } ?? []
    }

    /// The shipped specs, their anchors, aliases and merge keys expanded, so that the
    /// streaming path takes them (it hands anchored documents to the tree path).
    static let expandedSpecs: [(name: String, text: String)] = files(in: packageRoot + "/specs").compactMap { path in
        guard let root = YAMLParser.parse(read(path)).root else { return nil }
        return (path, BlockWriter.document(root))
    }

    @Test("every shipped spec and every corpus file")
    func shippedAndCorpus() {
        let paths = Self.files(in: packageRoot + "/specs") + Self.files(in: corpusFolder)
        #expect(paths.count > 300)
        for path in paths { Self.compare(Self.read(path), path) }
    }

    @Test("the shipped specs stream as written, anchors, aliases and merge keys included")
    func shippedStream() {
        let paths = Self.files(in: packageRoot + "/specs")
        for path in paths {
            #expect(SpecLoader().streams(Self.read(path)), "\(path) did not stream")
        }
        let corpusStreamed = Self.files(in: corpusFolder).filter { SpecLoader().streams(Self.read($0)) }.count
        // Most corpus files fail in syntax and go to the tree path; the shape cases stream.
        #expect(corpusStreamed > 50, "\(corpusStreamed) corpus files streamed")
    }

    @Test("the shipped specs with anchors expanded stream, and agree")
    func expanded() {
        #expect(Self.expandedSpecs.count == 7)
        for (name, text) in Self.expandedSpecs {
            let bytes = Array(text.utf8)
            #expect(SpecLoader().streams(bytes), "\(name) did not stream")
            #expect(SpecLoader().decodeFile(bytes, path: name, via: .streaming).diagnostics.isEmpty, "\(name)")
            Self.compare(bytes, name)
        }
    }

    /// Variants of the expanded specs with one mistake each: lines removed, repeated,
    /// re-indented or given another value; a syntax error at the end; cut short; an anchor
    /// late in the file. Many stream with shape errors, many fall back; all must agree.
    /// The shipped specs as written (anchors, aliases, merge keys) and with anchors expanded.
    static let allSpecs: [(name: String, text: String)] =
        files(in: packageRoot + "/specs").map {
            ($0 + " (as written)", String(decoding: read($0), as: UTF8.self))
        } + expandedSpecs

    @Test("variants with one mistake each agree")
    func variants() {
        var streamed = 0, total = 0
        let replacements = [
            "{a: 1}", "[x, y]", "\"quoted\"", "~", "yes", "-3", "0x1F", "sg:", "null", "'true'", "&a 1", "!!str 5",
            "<<: {}", "*b", "&x {a: 1}", "!!int 7",
        ]
        for (name, text) in Self.allSpecs {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            var variants: [String] = [
                text + "\n: bad\n", text + "\n---\narchlint: 1\n", text + "\nx-late: &late 1\n",
                text + "\nnew_key: 1\n",
            ]
            for cut in stride(from: 1, to: text.utf8.count, by: max(1, text.utf8.count / 25)) {
                variants.append(String(decoding: Array(text.utf8.prefix(cut)), as: UTF8.self))
            }
            for (index, line) in lines.enumerated() where index % 4 == 0 {
                var without = lines
                without.remove(at: index)
                variants.append(without.joined(separator: "\n"))
                var twice = lines
                twice.insert(line, at: index)
                variants.append(twice.joined(separator: "\n"))
                var shifted = lines
                shifted[index] = " " + line
                variants.append(shifted.joined(separator: "\n"))
                if let colon = line.firstIndex(of: ":") {
                    var changed = lines
                    changed[index] = line[...colon] + " " + replacements[index % replacements.count]
                    variants.append(changed.joined(separator: "\n"))
                    var renamed = lines
                    renamed[index] = line.replacingOccurrences(of: "e", with: "a", options: [], range: line.startIndex..<colon)
                    variants.append(renamed.joined(separator: "\n"))
                }
            }
            for (number, variant) in variants.enumerated() {
                let bytes = Array(variant.utf8)
                if SpecLoader().streams(bytes) { streamed += 1 }
                total += 1
                Self.compare(bytes, "\(name)#\(number)")
            }
        }
        // Both paths must be exercised by the variants.
        #expect(streamed > total / 4, "\(streamed) of \(total) streamed")
        #expect(streamed < total, "\(streamed) of \(total) streamed")
    }

    @Test("limits: a file past a bound goes to the tree path and fails the same way")
    func limits() {
        guard let (name, text) = Self.expandedSpecs.first else { return }
        let bytes = Array(text.utf8)
        var tight = LoadLimits()
        tight.maxNodes = 50
        Self.compare(bytes, name, limits: tight)
        #expect(!SpecLoader(limits: tight).streams(bytes))
        tight = LoadLimits()
        tight.maxDepth = 3
        Self.compare(bytes, name, limits: tight)
        tight = LoadLimits()
        tight.maxScalarBytes = 4
        Self.compare(bytes, name, limits: tight)
        tight = LoadLimits()
        tight.maxExpandedNodes = 60
        Self.compare(bytes, name, limits: tight)
        // A hostile file of 100,001 nodes.
        let hostile = "archlint: 1\nstack: s\nenvironment: staging\nx-list: [" + String(repeating: "1,", count: 100_000) + "1]\n"
        Self.compare(Array(hostile.utf8), "hostile.yaml")
    }

    @Test("small documents: empty, scalar root, list root, nulls, duplicate keys, odd keys")
    func small() {
        let header = "archlint: 1\nstack: s\nenvironment: staging\n"
        let documents = [
            "", "# only a comment\n", "---\n", "just text\n", "- a\n- b\n", "{}", header,
            header + "databases:\n", header + "databases: ~\n", header + "databases: {}\n",
            header + "databases:\n  - name: d\n    engine: postgres\n    engine: mysql\n",
            header + "databases:\n  - name: d\n    1: a\n    0x1: b\n",
            header + "databases:\n  - name:\n      nested: 1\n",
            header + "databases:\n  - name: ''\n",
            header + "databases:\n  - ? [a]\n    : b\n",
            header + "tags: {a: b, x-c: {d: e}, f: [g]}\n",
            header + "archlint: 2\n",
            "archlint: 2\nstack: s\nenvironment: staging\n",
            header + "networks:\n  - name: n\n    cidr: 10.0.0.0/16\n    subnets: {a: b}\n",
            header + String(repeating: "x-k: v\n", count: 2),
            header + (0..<20).map { "x-\($0): \($0)\n" }.joined() + "x-3: again\n",
            // Anchors, aliases and merge keys: where the uses are, and what notes name.
            header + "x-db: &db {engine: postgres, size: huge, port: 99999}\ndatabases:\n  - <<: *db\n    name: a\n  - name: b\n    <<: *db\n",
            header + "x-db: &db {engine: postgres}\ndatabases:\n  - <<: [*db, {name: m, engine: mysql}]\n  - <<: {name: inline}\n",
            header + "x-db: &db {engine: postgres}\ndatabases:\n  - <<: *db\n    engine: mysql\n    name: own\n",
            header + "x-t: &t {team: a, cost: 1}\ndatabases:\n  - name: d\n    engine: postgres\n    tags: {<<: *t, team: b}\n",
            header + "x-t: &t {team: a}\ndatabases:\n  - tags: *t\n    name: late\n    engine: postgres\n",
            header + "x-sg: &sg [web, db]\nservices:\n  - name: s\n    security_groups: *sg\n",
            header + "x-sg: &sg [web, 5]\nfunctions:\n  - security_groups: *sg\n    name: f\n",
            header + "x-l: &l {port: 70000}\nload_balancers:\n  - name: lb\n    listeners:\n      - *l\n      - <<: *l\n",
            header + "x-l: &l {port: 70000}\nload_balancers:\n  - listeners:\n      - *l\n    name: lb\n",
            header + "databases: *undefined\n",
            header + "x-a: &a [*a]\n",
            header + "x-s: &s 5\n<<: *s\n",
            header + "x-m: &m {stack: other}\n<<: *m\n",
            header + "x-m: &m {databases: [{name: x}]}\n<<: *m\n",
            header + "x-db: &db {engine: postgres}\ndatabases:\n  - <<: *db\n    <<: *db\n    name: twice\n",
            header + "x-db: &db {engine: postgres}\ndatabases:\n  - &item\n    <<: *db\n    name: anchored\n  - *item\n",
            "&root\narchlint: 1\nstack: s\nenvironment: staging\n",
            header + "x-e: &e {A: 1}\nservices:\n  - name: s\n    environment: {<<: *e, B: 2}\n    secrets: {<<: {K: v}}\n",
        ]
        var streamed: [Int] = []
        for (number, document) in documents.enumerated() {
            Self.compare(Array(document.utf8), "small-\(number).yaml")
            if SpecLoader().streams(Array(document.utf8)) { streamed.append(number) }
        }
        // Merges, aliases and anchors stream unless a note could not yet be worded (an alias
        // before its owner's name) or the composer has an error to report.
        #expect(streamed.count >= 24, "streamed: \(streamed)")
    }
}

/// Writes a node tree back as block-style YAML, without anchors: plain scalars as written,
/// every other scalar double-quoted (its value is a string either way).
enum BlockWriter {
    static func document(_ root: YAMLNode) -> String {
        var out = ""
        write(root, indent: 0, into: &out)
        return out
    }

    static func scalar(_ node: YAMLNode) -> String {
        guard let scalar = node.scalar else { return "" }
        if scalar.style == .plain, !scalar.text.contains("\n"), !scalar.text.hasPrefix(" ") { return scalar.text }
        let data = (try? JSONEncoder().encode(scalar.text)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// `node` as a value after "key:" or "-": inline when it is a scalar or empty,
    /// else on the following lines at `indent`.
    static func value(_ node: YAMLNode, indent: Int, into out: inout String) {
        switch node.content {
        case .scalar:
            let text = scalar(node)
            out += text.isEmpty ? "\n" : " \(text)\n"
        case .mapping(let pairs) where pairs.isEmpty: out += " {}\n"
        case .sequence(let items) where items.isEmpty: out += " []\n"
        default:
            out += "\n"
            write(node, indent: indent, into: &out)
        }
    }

    static func write(_ node: YAMLNode, indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        switch node.content {
        case .scalar: out += pad + scalar(node) + "\n"
        case .mapping(let pairs):
            for pair in pairs {
                out += pad + scalar(pair.key) + ":"
                value(pair.value, indent: indent + 2, into: &out)
            }
        case .sequence(let items):
            for item in items {
                out += pad + "-"
                value(item, indent: indent + 2, into: &out)
            }
        }
    }
}
