import ArchlintModel

/// A rule's documentation page, from its own metadata: what `archlint rules ID` prints and
/// what `docs/rules/ID.md` holds (ruff's layout: what it does, why, example, use instead).
public enum RulePage {
    public static func markdown(_ rule: Rule) -> String {
        var page = "# \(rule.id) \(rule.name)\n\n"
        page += "Pack: `\(rule.pack)` · Severity: \(rule.severity.description)"
        if case .perEnvironment(let table) = rule.severity {
            let skipped = [Environment.production, .staging, .development].filter { table[$0] == nil }.map(\.rawValue)
            if !skipped.isEmpty { page += " (not evaluated in \(skipped.joined(separator: ", ")))" }
        }
        page += " · Check: \(rule.isData ? "condition language" : "built-in (\(builtinName(rule)))")\n\n"
        page += "## What it does\n\n\(rule.summary)\n\n"
        page += "## Why is this bad?\n\n\(rule.rationale)\n\n"
        page += "## How to fix\n\n\(rule.fix)\n\n"
        switch rule.autofix {
        case .set(let assignments)?:
            let written = assignments.map { "`\($0.key): \($0.value.description)`" }.joined(separator: ", ")
            page += "Automatic fix: `archlint check --fix` sets \(written) on the \(fixTarget(rule)) the finding points at.\n\n"
        case .none(let reason)?:
            page += "No automatic fix: \(reason).\n\n"
        case nil:
            break
        }
        for (title, expectation) in [("Example", RuleExample.Expectation.fires), ("Use instead", .passes)] {
            let examples = rule.examples.filter { $0.expectation == expectation }
            guard !examples.isEmpty else { continue }
            page += "## \(title)\n\n"
            if expectation == .fires { page += "Lines marked `\(RuleExample.marker)` are where the finding lands.\n\n" }
            for example in examples {
                for file in example.files {
                    if example.files.count > 1 { page += "`\(file.name)`:\n\n" }
                    // A drift rule's example holds a Terraform plan beside the spec.
                    let language = file.name.hasSuffix(".json") ? "json" : "yaml"
                    page += "```\(language)\n\(file.text.hasSuffix("\n") ? file.text : file.text + "\n")```\n\n"
                }
            }
        }
        page += "## Parameters\n\n"
        if rule.parameters.isEmpty {
            page += "None.\n"
        } else {
            page += "| name | default | meaning |\n|---|---|---|\n"
            for parameter in rule.parameters {
                page += "| `\(parameter.name)` | `\(literal(parameter.defaultValue))` | \(parameter.description) |\n"
            }
        }
        return page
    }

    /// One line for `archlint rules`.
    public static func listing(_ rule: Rule) -> String {
        "\(rule.id)  \(rule.name)  [\(rule.pack), \(rule.severity.description)]  \(rule.summary)"
    }

    /// The index page, `docs/rules/README.md`.
    public static func index(_ packs: [RulePack]) -> String {
        let rules = packs.flatMap(\.rules)
        var page =
            "# Rules\n\n\(rules.count) rules in \(packs.count) packs; \(rules.filter(\.isData).count) are written in the condition language ([rule-language.md](../rule-language.md)), the others use built-in checks. Generated from `rules/*.yaml` by `archlint rules --write-docs docs/rules`.\n"
        for pack in packs {
            page += "\n## \(pack.title) (`\(pack.name)`)\n\n\(pack.description)\n\n| ID | name | severity | checks |\n|---|---|---|---|\n"
            for rule in pack.rules {
                let fixable = rule.autofix?.assignments.isEmpty == false ? " (`--fix`)" : ""
                page += "| [\(rule.id)](\(rule.id).md) | \(rule.name) | \(rule.severity.description) | \(rule.summary)\(fixable) |\n"
            }
        }
        return page
    }

    /// What the finding points at: the selected resource, or the nested item.
    private static func fixTarget(_ rule: Rule) -> String {
        if case .data(let check) = rule.check, check.select.contains(where: { $0.path != nil }) { return "item" }
        return "resource"
    }

    private static func builtinName(_ rule: Rule) -> String {
        if case .builtin(let name) = rule.check { return name }
        return ""
    }

    private static func literal(_ value: ModelValue) -> String {
        if case .list(let items) = value { return "[" + items.map(\.value.text).joined(separator: ", ") + "]" }
        return value.text
    }
}
