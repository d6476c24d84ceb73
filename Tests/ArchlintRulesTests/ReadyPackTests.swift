@testable import ArchlintRules
import Foundation
import Testing

/// The generated ready form of the built-in packs, in the source tree.
private let generatedFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../Sources/ArchlintRules/Pack/ReadyPacks+Generated.swift").standardized.path

/// A value written out in full through reflection, with the entries of dictionaries sorted
/// (their order of iteration depends on how they were filled), so that two values compare
/// equal exactly when every stored property, case and payload does.
private func canonical(_ value: Any) -> String {
    let mirror = Mirror(reflecting: value)
    let children = mirror.children.map { child in (child.label.map { $0 + ": " } ?? "") + canonical(child.value) }
    switch mirror.displayStyle {
    case .dictionary: return "[" + children.sorted().joined(separator: ", ") + "]"
    case .enum where children.isEmpty: return "\(mirror.subjectType).\(value)"
    case nil: return String(reflecting: value)
    default: return "\(mirror.subjectType)(" + children.joined(separator: ", ") + ")"
    }
}

@Suite("The built-in packs' ready form")
struct ReadyPackTests {
    /// What the strict loader makes of the packs compiled into this build.
    let parsed = RuleCatalog.parsingEmbeddedPacks()

    @Test("the generated file is what ReadyPackWriter makes of the packs now (ARCHLINT_WRITE_READY_PACKS=1 rewrites it)")
    func generatedFileIsCurrent() throws {
        #expect(parsed.errors.isEmpty, "\(parsed.errors.map(\.description))")
        let source = ReadyPackWriter.source(packs: parsed.packs, fingerprint: ReadyPacks.embeddedFingerprint)
        if ProcessInfo.processInfo.environment["ARCHLINT_WRITE_READY_PACKS"] == "1" {
            try source.write(toFile: generatedFile, atomically: true, encoding: .utf8)
        }
        let committed = try String(contentsOfFile: generatedFile, encoding: .utf8)
        #expect(committed == source, "ReadyPacks+Generated.swift is stale: run ARCHLINT_WRITE_READY_PACKS=1 swift test --filter ReadyPackTests")
    }

    @Test("the ready form builds exactly the packs a fresh parse gives")
    func readyFormEqualsFreshParse() {
        let ready = ReadyPacks.generatedPacks()
        #expect(ready.count == parsed.packs.count)
        for (made, read) in zip(ready, parsed.packs) {
            #expect(canonical(made) == canonical(read), "pack \(read.name) differs from its ready form")
        }
    }

    @Test("RuleCatalog.builtin() takes the ready form in this build")
    func builtinUsesReadyForm() {
        #expect(ReadyPacks.generatedFingerprint == ReadyPacks.embeddedFingerprint)
        #expect(ReadyPacks.packsIfCurrent() != nil)
        #expect(canonical(RuleCatalog.builtin().packs) == canonical(parsed.packs))
    }

    @Test("the build's fingerprint of the embedded packs is ReadyPacks.fingerprint of their text")
    func buildFingerprint() {
        #expect(EmbeddedRulePacks.fingerprint == ReadyPacks.fingerprint(of: EmbeddedRulePacks.files))
    }

    @Test("a ready form made from other packs is not used")
    func staleFormIsIgnored() {
        #expect(ReadyPacks.packsIfCurrent(embedded: ReadyPacks.generatedFingerprint &+ 1) == nil)
        var edited = EmbeddedRulePacks.files
        edited[0].text += " "
        #expect(ReadyPacks.fingerprint(of: edited) != ReadyPacks.fingerprint(of: EmbeddedRulePacks.files))
    }

    @Test("the comparison sees a change anywhere in a rule, down to a severity in a table")
    func comparisonCanFail() {
        var changed = parsed.packs
        let index = changed[0].rules.indices.first { if case .perEnvironment = changed[0].rules[$0].severity { true } else { false } }!
        #expect(canonical(changed) == canonical(parsed.packs))
        changed[0].rules[index].severity = .perEnvironment([.production: .info])
        #expect(canonical(changed) != canonical(parsed.packs))
    }

    @Test("string literals survive quotes, backslashes, control characters and non-ASCII text")
    func stringLiterals() {
        #expect(ReadyPackWriter.string("a\"b\\c\nd\te\u{1}é") == #""a\"b\\c\nd\te\u{1}é""#)
    }
}
