@testable import ArchlintLoad
import ArchlintModel
import Testing

/// `line:column: message` of each error, for compact expectations.
private func errors(_ text: String, limits: LoadLimits = .default) -> [String] {
    YAMLParser.parse(Array(text.utf8), limits: limits).errors.map { "\($0.position.line):\($0.position.column): \($0.message)" }
}

private func errors(bytes: [UInt8]) -> [String] {
    YAMLParser.parse(bytes).errors.map { "\($0.position.line):\($0.position.column): \($0.message)" }
}

private func root(_ text: String) throws -> YAMLNode {
    let parsed = YAMLParser.parse(Array(text.utf8))
    #expect(parsed.errors.isEmpty, "\(parsed.errors)")
    return try #require(parsed.root)
}

private func value(_ node: YAMLNode, _ path: String...) -> YAMLNode? {
    var current: YAMLNode? = node
    for key in path {
        guard case .mapping(let pairs)? = current?.content else { return nil }
        current = pairs.first { $0.key.scalar?.text == key }?.value
    }
    return current
}

@Suite("YAML parsing")
struct YAMLParserTests {
    @Test("every node knows its 1-based line and column")
    func positions() throws {
        let node = try root(
            """
            archlint: 1
            networks:
              - name: main
                cidr:   10.0.0.0/16
            """)
        #expect(node.position == SourcePosition(line: 1, column: 1))
        let networks = try #require(value(node, "networks"))
        #expect(networks.position == SourcePosition(line: 3, column: 3))
        guard case .sequence(let items) = networks.content else { Issue.record("not a list"); return }
        let cidr = try #require(value(items[0], "cidr"))
        #expect(cidr.position == SourcePosition(line: 4, column: 13))
        guard case .mapping(let pairs) = items[0].content else { return }
        #expect(pairs[1].key.position == SourcePosition(line: 4, column: 5))
    }

    @Test("columns count characters, not bytes")
    func unicodeColumns() throws {
        let node = try root("description: \"héllo wörld\"\nname: x\n")
        guard case .mapping(let pairs) = node.content else { return }
        #expect(pairs[1].value.position == SourcePosition(line: 2, column: 7))
        #expect(pairs[0].value.scalar?.text == "héllo wörld")
    }

    @Test("comments, flow style, quoted, literal and folded scalars")
    func styles() throws {
        let node = try root(
            """
            # a comment
            a: {x: 1, y: [2, 3]}   # trailing comment
            b: 'it''s'
            c: "tab\\there"
            d: |
              line one
              line two
            e: >
              folded
              text
            """)
        #expect(value(node, "a", "x")?.scalar?.value == .int(1))
        #expect(value(node, "b")?.scalar?.text == "it's")
        #expect(value(node, "c")?.scalar?.text == "tab\there")
        #expect(value(node, "d")?.scalar?.text == "line one\nline two\n")
        #expect(value(node, "e")?.scalar?.text == "folded text")  // no final line break in the input
        #expect(value(node, "b")?.scalar?.isQuoted == true)
    }

    @Test("plain scalars resolve by the YAML 1.2 core schema")
    func coreSchema() throws {
        let node = try root("a: true\nb: off\nc: yes\nd: ~\ne:\nf: 0x1F\ng: 0o17\nh: 16.4\ni: -3\nj: \"true\"\n")
        #expect(value(node, "a")?.scalar?.value == .bool(true))
        #expect(value(node, "b")?.scalar?.value == .string("off"))
        #expect(value(node, "c")?.scalar?.value == .string("yes"))
        #expect(value(node, "d")?.isNull == true)
        #expect(value(node, "e")?.isNull == true)
        #expect(value(node, "f")?.scalar?.value == .int(31))
        #expect(value(node, "g")?.scalar?.value == .int(15))
        #expect(value(node, "h")?.scalar?.value == .float(16.4))
        #expect(value(node, "h")?.scalar?.text == "16.4")
        #expect(value(node, "i")?.scalar?.value == .int(-3))
        #expect(value(node, "j")?.scalar?.value == .string("true"))
    }

    @Test("core tags are accepted and applied")
    func coreTags() throws {
        let node = try root("a: !!str 10\nb: !!int \"7\"\n")
        #expect(value(node, "a")?.scalar?.value == .string("10"))
        #expect(value(node, "b")?.scalar?.value == .int(7))
    }

    @Test("anchors and aliases share a node")
    func aliases() throws {
        let node = try root(
            """
            x-defaults: &defaults
              engine: postgres
              port: 5432
            a: *defaults
            """)
        #expect(value(node, "a", "engine")?.scalar?.text == "postgres")
        #expect(value(node, "a", "port")?.scalar?.value == .int(5432))
    }

    @Test("merge keys: own keys win, earlier merged sources win over later ones")
    func mergeKeys() throws {
        let node = try root(
            """
            x-base: &base {engine: postgres, port: 5432, multi_az: false}
            x-extra: &extra {port: 6543, encrypted: true}
            db:
              <<: [*base, *extra]
              multi_az: true
            """)
        #expect(value(node, "db", "engine")?.scalar?.text == "postgres")
        #expect(value(node, "db", "port")?.scalar?.value == .int(5432))
        #expect(value(node, "db", "encrypted")?.scalar?.value == .bool(true))
        #expect(value(node, "db", "multi_az")?.scalar?.value == .bool(true))
        guard case .mapping(let pairs)? = value(node, "db")?.content else { Issue.record("no mapping"); return }
        #expect(!pairs.contains { $0.key.scalar?.text == "<<" })
    }

    @Test("merging something that is not a mapping is an error")
    func badMerge() {
        #expect(errors("a: &a [1]\nb:\n  <<: *a\n").count == 1)
    }

    @Test("syntax errors point at libyaml's problem mark")
    func syntaxErrorPosition() {
        // In a flow mapping "1\nc" is one plain scalar; the stray ':' after it is the problem.
        #expect(
            errors("a: {b: 1\nc: 2\n") == [
                "2:2: YAML syntax: a '{' mapping is not closed; add the missing '}' or a ',' between entries [libyaml: did not find expected ',' or '}' (while parsing a flow mapping that starts at line 1, column 4)]"
            ])
        #expect(errors("a:\n  - b\n c: 1\n").first?.hasPrefix("3:2: YAML syntax:") == true)
        #expect(
            errors("a: 'unterminated\n").first?.hasPrefix("2:1: YAML syntax: a quoted value is not closed; add the closing quote [libyaml: found unexpected end of stream") == true)
    }

    @Test("syntax errors say what to change in plain words and keep libyaml's text as detail")
    func syntaxAdvice() {
        // A tab where indentation is expected, whichever of libyaml's messages it gives.
        for text in ["a: 1\n\tb: 2\n", "a:\n\t- b\n", "a: |\n  x\n\ty\n"] {
            let found = errors(text).first ?? ""
            #expect(found.contains("indent with spaces"), "\(found)")
            #expect(found.contains("[libyaml: found "), "\(found)")
        }
        #expect(errors("a: b: c\n").first?.contains("quote the value or fix the indentation [libyaml: mapping values are not allowed in this context]") == true)
        #expect(errors("a: \"open\n").first?.contains("a quoted value is not closed") == true)
        #expect(errors("a: 1\n- b\n").first?.contains("fix the indentation, remove a stray '-'") == true)
        #expect(errors("a: @b\n").first?.contains("'@' is reserved in YAML and cannot start a value; quote the value") == true)
    }

    @Test("duplicate keys are errors at the second key, naming the first")
    func duplicateKeys() {
        let found = errors("name: a\ncidr: 10.0.0.0/8\nname: b\n")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("3:1: duplicate key 'name'") == true)
        #expect(found.first?.contains("line 1") == true)
    }

    @Test("non-core tags are errors")
    func pythonTag() {
        let found = errors("a: !!python/object/apply:os.system ['ls']\n")
        #expect(found.first?.hasPrefix("1:4: tag '!!python/object/apply:os.system' is not allowed") == true)
        #expect(errors("a: !custom x\n").first?.hasPrefix("1:4: tag '!custom' is not allowed") == true)
    }

    @Test("more than one document is an error")
    func documents() {
        let found = errors("a: 1\n---\nb: 2\n")
        #expect(found.first?.hasPrefix("2:1:") == true)
    }

    @Test("empty files and comment-only files are errors")
    func empty() {
        #expect(errors("").first?.hasPrefix("1:1: the file is empty") == true)
        #expect(errors("# nothing\n").first?.hasPrefix("1:1: the file is empty") == true)
    }

    @Test("invalid UTF-8, NUL and control characters are located errors")
    func forbiddenBytes() {
        #expect(errors(bytes: Array("a: b\nc: ".utf8) + [0xFF, 0x0A]) == ["2:4: invalid UTF-8 byte 0xFF; spec files must be UTF-8"])
        #expect(errors(bytes: Array("a: x".utf8) + [0x00] + Array("y\n".utf8)).first?.hasPrefix("1:5: NUL byte") == true)
        #expect(errors(bytes: Array("a: x".utf8) + [0x07] + Array("\n".utf8)).first?.hasPrefix("1:5:") == true)
        // A BOM is allowed and does not shift columns.
        #expect(errors(bytes: [0xEF, 0xBB, 0xBF] + Array("a: 1\n".utf8)).isEmpty)
    }

    @Test("a self-referencing alias is refused")
    func selfAlias() {
        #expect(errors("a: &a\n  b: *a\n") == ["2:6: alias '*a' refers to the node that contains it; recursive aliases are not allowed"])
    }

    @Test("an undefined alias is refused")
    func undefinedAlias() {
        #expect(errors("a: *nope\n").first?.hasPrefix("1:4:") == true)
    }

    @Test("a billion-laughs document is refused without expanding it")
    func billionLaughs() {
        var text = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        let names = Array("abcdefghij")
        for index in 1..<names.count {
            let previous = names[index - 1]
            text += "\(names[index]): &\(names[index]) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
        }
        let found = errors(text)
        #expect(found.count == 1)
        #expect(found.first?.contains("billion laughs") == true)
    }

    @Test("nesting is bounded, in flow and block style")
    func depth() {
        let flow = String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000) + "\n"
        #expect(errors(flow) == ["1:65: nesting deeper than 64 levels; specs are never this deep (--max-depth)"])
        let block = (0..<100).map { String(repeating: "  ", count: $0) + "k:\n" }.joined()
        #expect(errors(block).first?.hasPrefix("65:") == true)
    }

    @Test("node count, scalar size and expansion limits are enforced")
    func limits() {
        var limits = LoadLimits()
        limits.maxNodes = 10
        #expect(errors("[1,2,3,4,5,6,7,8,9,10,11,12]\n", limits: limits).count == 1)
        limits = LoadLimits()
        limits.maxScalarBytes = 8
        #expect(errors("a: 123456789\n", limits: limits).first?.hasPrefix("1:4:") == true)
    }
}
