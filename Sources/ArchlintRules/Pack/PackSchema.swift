import ArchlintFindings
import ArchlintLoad
import ArchlintModel

/// The rule pack format as data: every mapping of a pack file, its keys, which are required,
/// their types and what they mean. `PackReader` reads packs through these tables (so unknown
/// keys, did-you-means and missing keys are reported by the code that reports them in
/// specs), and `archlint schema --pack` prints them as a JSON Schema.
///
/// The tables decide the shape of a pack; what only the rest of the pack can decide — a
/// check's paths against the spec format and the rule's parameters, the condition language,
/// examples — `PackReader` reads afterwards from the values kept as written here.
public enum PackSchema {
    /// The whole format, from the top of a pack file down.
    public static var formatDescription: RecordDescription { pack.formatDescription }

    static let pack = RecordSchema<PackEntry>(
        "rule pack",
        wording: RecordWording(
            unknownKeyIn: "rule pack", mappingFor: "rule pack"
        ) { _ in "the rule pack" },
        make: { PackEntry(position: $0) },
        fields: [
            Field("pack", \.pack, .packText("pack"), required: true, "The pack's name, as findings show it."),
            Field("title", \.title, .packText("title"), "A title for listings; the pack's name when left out."),
            Field("description", \.description, .packText("description"), "What the pack's rules guard, in a sentence."),
            Field("rules", \.rules, .rules, required: true, "The pack's rules."),
        ])

    static let rule = RecordSchema<RuleEntry>(
        "rule",
        wording: RecordWording(
            unknownKeyIn: "rule", mappingFor: "rule", namingKey: "id"
        ) { id in id.map { "rule \($0)" } ?? "this rule" },
        make: { RuleEntry(position: $0) },
        fields: [
            Field("id", \.id, .packText("id"), required: true, "Upper-case letters and digits (NET001), unique across all packs."),
            Field("name", \.name, .packText("name"), required: true, "A short name in kebab-case."),
            Field(
                "severity", \.severity, .severity, required: true,
                "error, warning or info; or per environment, {production: error, staging: warning}: the rule runs only in the environments named."),
            Field("summary", \.summary, .packText("summary"), required: true, "What the rule finds, in a sentence."),
            Field("rationale", \.rationale, .packText("rationale"), required: true, "Why it matters, in a paragraph."),
            Field("fix", \.fix, .packText("fix"), required: true, "What to change."),
            Field(
                "autofix", \.autofix, .asWritten(.record(autofix.name), nested: { autofix.formatDescription }),
                "The fix archlint check --fix applies on its own ({set: {KEY: VALUE}}), or why there is none ({none: REASON})."),
            Field("parameters", \.parameters, .parameters, "Values the check reads ($param.NAME, {param: NAME}), which the configuration can change."),
            Field(
                "check", \.check, .asWritten(.record(check.name), nested: { check.formatDescription }),
                "The check, in the condition language (or give 'builtin')."),
            Field(
                "builtin", \.builtin, .asWritten(.enumeration(BuiltinChecks.all.map(\.name))),
                "A check written in Swift, by name (or give 'check')."),
            Field(
                "examples", \.examples, .asWritten(.record(examples.name), nested: { examples.formatDescription }), required: true,
                "Spec snippets the rule must fire on and pass; the test suite and --check-examples run them."
            )
            .whenMissing { "\($0) is missing required key 'examples' (one that fires, one that passes)" },
        ])

    /// A rule's fix as data: what to set, or why it is not automatic.
    static let autofix = RecordSchema<AutofixEntry>(
        "autofix", wording: RecordWording("autofix"),
        make: { AutofixEntry(position: $0) },
        fields: [
            Field(
                "set", \.set, .asWritten(.map(.oneOf([.string, .record(autofixParameter.name)])), nested: { autofixParameter.formatDescription }),
                "Keys to set on the mapping the finding points at, each to a scalar or {param: NAME}: a written value is replaced, a missing key added beside its siblings. Only for fixes that cannot change behaviour beyond the finding."
            ),
            Field(
                "none", \.none, .packText("none"),
                "Why the fix is not automatic (it would change connectivity, replace or delete data, …)."),
        ])

    /// `{param: NAME}` as an autofix value.
    static let autofixParameter = RecordSchema<AutofixParameterEntry>(
        "autofix parameter", make: { AutofixParameterEntry(position: $0) },
        fields: [Field("param", \.param, .packText("param"), required: true, "A parameter of the rule, by name.")])

    /// A rule's severity in each environment; a `shared` spec is judged as production.
    static let severityTable = RecordSchema<SeverityTable>(
        "severity", wording: RecordWording("severity"),
        make: { SeverityTable(position: $0) },
        fields: [Environment.production, .staging, .development].map { environment in
            Field(
                environment.rawValue, \SeverityTable.severities[environment], .severityWord(for: environment.rawValue),
                "The severity in \(environment.rawValue); left out, the rule does not run there.")
        })

    static let parameter = RecordSchema<ParameterEntry>(
        "parameter", make: { ParameterEntry(position: $0) },
        fields: [
            Field("default", \.defaultValue, .literal, required: true, "The value, unless the configuration sets another."),
            Field("description", \.description, .packText("description"), "What the value means."),
        ])

    static let check = RecordSchema<CheckEntry>(
        "check",
        wording: RecordWording(
            unknownKeyIn: "check", mappingFor: "check"
        ) { _ in "the check" },
        make: { CheckEntry(position: $0) },
        fields: [
            Field(
                "select", \.select, .asWritten(.oneOf([.string, .list(.string)])), required: true,
                "The kinds checked (database), or a kind and a path to nested items (load_balancer.listeners); one or a list."),
            Field("where", \.filter, .asWritten(.freeform), "A condition: only the items it holds for are checked."),
            Field("require", \.require, .asWritten(.freeform), "A condition that must hold (or give 'forbid')."),
            Field("forbid", \.forbid, .asWritten(.freeform), "A condition that must not hold (or give 'require')."),
            Field("at", \.at, .packText("at"), "A path to the value a finding points at, from the selected item."),
            Field(
                "message", \.message, .packText("message"), required: true,
                "The finding's message; {name}, {param.NAME} and paths of the item ({port}) are filled in."),
        ])

    static let examples = RecordSchema<ExamplesEntry>(
        "examples", wording: RecordWording("examples"),
        make: { ExamplesEntry(position: $0) },
        fields: [
            Field(
                "fires", \.fires, .asWritten(exampleList), required: true,
                "Examples the rule must fire on, each line of a finding marked '# FIRES'."
            )
            .whenMissing { "\($0) needs at least one example that fires" },
            Field("passes", \.passes, .asWritten(exampleList), required: true, "Examples the rule must pass.")
                .whenMissing { "\($0) needs at least one example that passes" },
        ])

    /// Spec text, or a mapping of file names to spec text (an example across specs); one or a list.
    private static let exampleList = FieldType.oneOf([
        .list(.oneOf([.string, .map(.string)])), .string, .map(.string),
    ])

    /// The examples table with the rule they belong to in its messages ("rule NET001 needs …").
    static func examplesTable(of rule: String) -> RecordSchema<ExamplesEntry> {
        examples.worded(RecordWording(unknownKeyIn: "examples", mappingFor: "examples") { _ in rule })
    }
}

// MARK: - Mappings as written

/// A pack file's top mapping.
struct PackEntry: Positioned, Sendable {
    let position: SourcePosition
    var pack: Located<String>?
    var title: Located<String>?
    var description: Located<String>?
    var rules: [RuleEntry] = []
}

/// One rule as written; its check and examples are read once its parameters are known.
struct RuleEntry: Positioned, Sendable {
    let position: SourcePosition
    var id: Located<String>?
    var name: Located<String>?
    var severity: SeverityPolicy?
    var summary: Located<String>?
    var rationale: Located<String>?
    var fix: Located<String>?
    var parameters: [RuleParameter] = []
    var check: YAMLNode?
    var builtin: YAMLNode?
    var examples: YAMLNode?
    var autofix: YAMLNode?
    /// False when reading the rule's mapping found an error: the rule is then left out, so
    /// later checks (an ID given twice) do not also report it.
    var isClean = true
}

struct AutofixEntry: Positioned, Sendable {
    let position: SourcePosition
    var set: YAMLNode?
    var none: Located<String>?
}

struct AutofixParameterEntry: Positioned, Sendable {
    let position: SourcePosition
    var param: Located<String>?
}

struct SeverityTable: Positioned, Sendable {
    let position: SourcePosition
    var severities: [Environment: Severity] = [:]
}

struct ParameterEntry: Positioned, Sendable {
    let position: SourcePosition
    var defaultValue: ModelValue?
    var description: Located<String>?
}

/// A check's parts, kept as written: what they mean depends on the kinds selected and on
/// the rule's parameters.
struct CheckEntry: Positioned, Sendable {
    let position: SourcePosition
    var select: YAMLNode?
    var filter: YAMLNode?
    var require: YAMLNode?
    var forbid: YAMLNode?
    var at: Located<String>?
    var message: Located<String>?
}

struct ExamplesEntry: Positioned, Sendable {
    let position: SourcePosition
    var fires: YAMLNode?
    var passes: YAMLNode?
}

// MARK: - Codecs

extension Codec where Value == YAMLNode {
    /// A value kept as written, of the shape `type` describes, read later by `PackReader`
    /// (which reports what is wrong with it).
    static func asWritten(_ type: FieldType, nested: (@Sendable () -> RecordDescription)? = nil) -> Codec {
        .custom(type, nested: nested) { node, _ in node }
    }
}

extension Codec where Value == Located<String> {
    /// Text of a pack: any scalar, as written.
    static func packText(_ key: String) -> Codec {
        .custom(.string) { node, context in
            guard let scalar = node.scalar else {
                context.error("'\(key)' must be a string, found \(node.kindDescription)", at: node.position)
                return nil
            }
            return Located(scalar.text, at: node.position)
        }
    }
}

extension Codec where Value == [RuleEntry] {
    static var rules: Codec {
        .custom(.list(.record(PackSchema.rule.name)), nested: { PackSchema.rule.formatDescription }) { node, context in
            guard case .sequence(let items) = node.content else {
                context.error("'rules' must be a list of rules", at: node.position)
                return nil
            }
            return items.compactMap { item in
                let errorsBefore = context.errors.count + context.suppressed
                var rule = PackSchema.rule.decode(item, &context)
                if context.errors.count + context.suppressed != errorsBefore { rule?.isClean = false }
                return rule
            }
        }
    }
}

private let severityWords = [Severity.error, .warning, .info].map(\.rawValue)

extension Codec where Value == SeverityPolicy {
    /// A severity, or a table of severities by environment.
    static var severity: Codec {
        .custom(
            .oneOf([.enumeration(severityWords), .record(PackSchema.severityTable.name)]),
            nested: { PackSchema.severityTable.formatDescription }
        ) { node, context in
            if let text = node.scalar?.text {
                guard let severity = Severity(rawValue: text) else {
                    context.error("'\(text)' is not a severity; expected error, warning or info", at: node.position)
                    return nil
                }
                return .fixed(severity)
            }
            let errorsBefore = context.errors.count + context.suppressed
            guard let table = PackSchema.severityTable.decode(node, &context) else { return nil }
            guard !table.severities.isEmpty else {
                // A rule that runs nowhere is a mistake, not a way to switch it off (the
                // configuration's `severity: off` is); said unless the table's errors say why.
                if context.errors.count + context.suppressed == errorsBefore {
                    context.error("severity names no environment; give production, staging or development", at: node.position)
                }
                return nil
            }
            return .perEnvironment(table.severities)
        }
    }
}

extension Codec where Value == Severity {
    /// The severity of a rule in one environment of its table.
    static func severityWord(for environment: String) -> Codec {
        .custom(.enumeration(severityWords)) { node, context in
            guard let text = node.scalar?.text, let severity = Severity(rawValue: text) else {
                context.error("expected error, warning or info for \(environment)", at: node.position)
                return nil
            }
            return severity
        }
    }
}

extension Codec where Value == ModelValue {
    /// A literal of a pack: a scalar or a list of them (`PackReader.literal`).
    static var literal: Codec {
        .custom(.oneOf([.string, .list(.string)])) { node, _ in PackReader.literal(node) }
    }
}

extension Codec where Value == [RuleParameter] {
    /// `{NAME: {default, description}}`.
    static var parameters: Codec {
        .custom(.map(.record(PackSchema.parameter.name)), nested: { PackSchema.parameter.formatDescription }) { node, context in
            guard case .mapping(let pairs) = node.content else {
                context.error("'parameters' must be a mapping of names to {default, description}", at: node.position)
                return nil
            }
            return pairs.compactMap { pair in
                let name = pair.key.scalar?.text ?? ""
                let schema = PackSchema.parameter.worded(RecordWording("parameter '\(name)'"))
                guard let entry = schema.decode(pair.value, &context), let value = entry.defaultValue else { return nil }
                return RuleParameter(name: name, description: entry.description?.value ?? "", defaultValue: value, value: value)
            }
        }
    }
}
