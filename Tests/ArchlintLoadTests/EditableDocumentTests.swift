@testable import ArchlintLoad
import ArchlintModel
import Testing

/// Sets `key` to `value` in the mapping at `line`:`column` of `text`; the new text, or the
/// refusal's reason prefixed with "refused: ".
private func setting(_ key: String, _ value: String, at line: Int, _ column: Int, in text: String) throws -> String {
    let document = try #require(EditableDocument(Array(text.utf8)))
    let mapping = try #require(document.mapping(at: SourcePosition(line: line, column: column), preferring: key))
    switch document.set(key, to: value, in: mapping) {
    case .failure(let refusal): return "refused: \(refusal.reason)"
    case .success(nil): return text
    case .success(let edit?):
        let fixed = try #require(EditableDocument.apply([edit], to: document.bytes))
        return String(decoding: fixed, as: UTF8.self)
    }
}

@Suite("Editing YAML in place")
struct EditableDocumentTests {
    @Test("a new key goes after the mapping's last line, indented like its siblings, comments kept")
    func blockInsertion() throws {
        let text = """
            databases:
              - name: main   # the primary
                engine: postgres
                waivers:
                  - rule: HA002
                    reason: later

                # trailing comment of the list
              - name: other
            """
        let fixed = try setting("encrypted", "true", at: 2, 5, in: text)
        #expect(
            fixed == """
                databases:
                  - name: main   # the primary
                    engine: postgres
                    waivers:
                      - rule: HA002
                        reason: later
                    encrypted: true

                    # trailing comment of the list
                  - name: other
                """)
    }

    @Test("a written value is replaced in place, its comment and quoting style around it kept")
    func replacement() throws {
        let text = "databases:\n  - name: main\n    encrypted: false   # FIRES\n    engine: postgres\n"
        #expect(
            try setting("encrypted", "true", at: 3, 16, in: text)
                == "databases:\n  - name: main\n    encrypted: true   # FIRES\n    engine: postgres\n")
        let quoted = "a:\n  days: '1'\n"
        #expect(try setting("days", "7", at: 2, 3, in: quoted) == "a:\n  days: 7\n")
    }

    @Test("flow mappings are edited inside their braces")
    func flowMappings() throws {
        let text = "load_balancers:\n  - {name: web, listeners: [{port: 80}], deletion_protection: false}   # x\n  - {name: api }\n  - {}\n"
        #expect(
            try setting("deletion_protection", "true", at: 2, 5, in: text)
                == "load_balancers:\n  - {name: web, listeners: [{port: 80}], deletion_protection: true}   # x\n  - {name: api }\n  - {}\n")
        #expect(
            try setting("deletion_protection", "true", at: 3, 5, in: text)
                == "load_balancers:\n  - {name: web, listeners: [{port: 80}], deletion_protection: false}   # x\n  - {name: api, deletion_protection: true }\n  - {}\n"
        )
    }

    @Test("line endings and a missing final newline are kept")
    func lineEndings() throws {
        #expect(try setting("b", "1", at: 1, 1, in: "a: 0\r\nc: 2\r\n") == "a: 0\r\nc: 2\r\nb: 1\r\n")
        #expect(try setting("b", "1", at: 1, 1, in: "a: 0\nc: 2") == "a: 0\nc: 2\nb: 1")
    }

    @Test("what would change more than the one mapping is refused, with a reason")
    func refusals() throws {
        let anchored = """
            x-defaults: &defaults
              encrypted: false
            databases:
              - <<: *defaults
                name: main
              - name: other
                settings: *defaults
            """
        // The value is written under the anchor: changing it changes every use.
        #expect(try setting("encrypted", "true", at: 2, 14, in: anchored).hasPrefix("refused: "))
        // A mapping with a merge key gets a key of its own, which wins over the merged one.
        let merged = try setting("deletion_protection", "true", at: 5, 5, in: anchored)
        #expect(merged.contains("    name: main\n    deletion_protection: true\n  - name: other"))
        #expect(try setting("a", "1", at: 1, 1, in: "b: |\n  text\nc: 1\n") == "b: |\n  text\nc: 1\na: 1\n")
        #expect(try setting("b", "x", at: 1, 1, in: "b: |\n  text\n").hasPrefix("refused: the value is a block scalar"))
        #expect(try setting("b", "x", at: 1, 1, in: "b: |+\n  text\n\n").hasPrefix("refused: "))
        #expect(try setting("b", "x", at: 1, 1, in: "b:\n  - 1\n").hasPrefix("refused: the value is a list"))
        #expect(try setting("b", "x", at: 1, 1, in: "b: two\n  lines\n").hasPrefix("refused: "))
    }

    @Test("positions convert between bytes, Unicode scalars and UTF-16")
    func positions() throws {
        let document = try #require(EditableDocument(Array("a: é😀 x\n".utf8)))
        let position = SourcePosition(line: 1, column: 7)
        #expect(document.offset(of: position) == 10)
        #expect(document.position(of: 10) == position)
        #expect(document.utf16Column(of: position) == 8)
    }

    @Test("strings are written plain only when they read back as the same string")
    func scalars() {
        #expect(SpecWriter.scalar("alias/logs") == "alias/logs")
        #expect(SpecWriter.scalar("true") == "\"true\"")
        #expect(SpecWriter.scalar("a: b") == "\"a: b\"")
    }
}
