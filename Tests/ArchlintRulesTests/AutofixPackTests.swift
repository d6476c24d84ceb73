import ArchlintFindings
import ArchlintLoad
import ArchlintModel
@testable import ArchlintRules
import Testing

/// A rule with `autofix` (line 11 of the pack, column 14 its value) over databases, with a `days` parameter.
private func autofixRule(_ autofix: String) -> String {
    rule(
        parameters: "days: {default: 7}",
        "autofix: \(autofix)\ncheck:\n  select: database\n  require: {path: deletion_protection, is_true: true}\n  message: m")
}

private func errors(_ autofix: String) -> [String] {
    pack(autofixRule(autofix)).errors.map { "\($0.location.line):\($0.location.column): \($0.message)" }
}

@Suite("Autofixes in packs")
struct AutofixPackTests {
    @Test("set and none are read, with parameters and typed values")
    func reads() throws {
        let catalog = pack(autofixRule("{set: {deletion_protection: true, backup_retention_days: {param: days}, engine: postgres}}"))
        #expect(catalog.errors.isEmpty, "\(catalog.errors)")
        #expect(
            catalog.rules.first?.autofix
                == .set([
                    AutofixAssignment(key: "deletion_protection", value: .bool(true)),
                    AutofixAssignment(key: "backup_retention_days", value: .parameter("days")),
                    AutofixAssignment(key: "engine", value: .string("postgres")),
                ]))
        let rule = try #require(catalog.rules.first)
        #expect(AutofixValue.parameter("days").resolved(for: rule) == .int(7))
        #expect(pack(autofixRule("{none: it would change routing}")).rules.first?.autofix == .none(reason: "it would change routing"))
    }

    @Test("a bad autofix is a located error that refuses the pack")
    func errorsAreLocated() {
        #expect(errors("{set: {deletion_protektion: true}}") == ["11:21: 'deletion_protektion' is not a key of the items the check selects; did you mean 'deletion_protection'?"])
        #expect(errors("{set: {deletion_protection: \"yes\"}}") == ["11:42: 'yes' is not a valid value for 'deletion_protection' (true or false)"])
        #expect(errors("{set: {backup_retention_days: {param: dayz}}}") == ["11:52: the rule has no parameter 'dayz'"])
        #expect(errors("{set: {tags.owner: x}}") == ["11:21: an autofix key is one key of the mapping the finding points at (encrypted), not a path"])
        #expect(errors("{set: {tags: x}}") == ["11:21: 'tags' holds a mapping or a list; an autofix sets plain values only"])
        #expect(errors("{set: {deletion_protection: true}, none: x}") == ["11:14: give 'set' (what the fix writes) or 'none' (why there is no automatic fix), not both"])
        #expect(errors("{}") == ["11:14: 'autofix' needs 'set' (what the fix writes) or 'none' (why there is no automatic fix)"])
        #expect(errors("{sett: {}}") == ["11:15: unknown key 'sett' in autofix; did you mean 'set'?"])
    }

    @Test("the built-in packs fix only what cannot change behaviour beyond the finding")
    func builtinAutofixes() {
        let rules = RuleCatalog.builtin().rules
        #expect(
            rules.filter { $0.autofix?.assignments.isEmpty == false }.map(\.id).sorted()
                == ["DATA003", "ENC001", "ENC009", "HA007", "HA008", "NET007", "OPS003", "OPS004"])
        #expect(rules.filter { if case .none? = $0.autofix { true } else { false } }.map(\.id).sorted() == ["ENC003", "ENC004", "ENC005", "OPS002"])
    }
}
