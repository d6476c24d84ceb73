import ArchlintFindings
import ArchlintLoad
import ArchlintModel

/// The configuration file's format (`.archlint.yml`) as data: its mappings, their keys, which
/// are required, their types and what they mean. `ConfigReader` reads the file through these
/// tables, so unknown keys, did-you-means and missing keys are reported by the code that
/// reports them in specs; `archlint schema --config` prints them as a JSON Schema.
public enum ConfigSchema {
    /// The whole format, from the top of the file down.
    public static var formatDescription: RecordDescription { configuration.formatDescription }

    static let configuration = RecordSchema<ConfigurationEntry>(
        "configuration", wording: RecordWording("the configuration"),
        make: { ConfigurationEntry(position: $0) },
        fields: [
            Field("specs", \.configuration.specs, .paths("specs"), "Spec files and folders `archlint check` reads when given none."),
            Field(
                "exclude", \.configuration.exclude, .paths("exclude"),
                "Patterns of files and folders walks leave out, relative to the repository root (\"**/fixtures\")."),
            Field("rule_packs", \.configuration.rulePacks, .paths("rule_packs"), "Rule pack files or folders loaded with the built-in packs."),
            Field(
                "fail_on", \.configuration.failOn, .failOn,
                "The least severity that fails the run (exit 1); none: findings never fail it."),
            Field("reports", \.configuration.reports, .reportPaths, "Where `archlint check --reports` writes each report."),
            Field("rules", \.configuration.rules, .ruleSettings, "Rules switched off or given other severities or parameter values, by rule ID."),
            Field("waivers", \.configuration.waivers, .waivers, "Findings accepted for now, kept here rather than in the specs."),
            Field("baseline", \.configuration.baseline, .configText("baseline"), "A baseline file: the findings it lists are known and do not fail the run."),
        ])

    static let reports = RecordSchema<ReportPaths>(
        "reports", wording: RecordWording("reports"), make: { ReportPaths(position: $0) },
        fields: ReportFormat.files.map { format in
            Field(format.rawValue, \ReportPaths.paths[format], .configText(format.rawValue), "Where the \(format.reportName) is written.")
        })

    static let ruleSettings = RecordSchema<RuleSettingsEntry>(
        "rule settings", make: { RuleSettingsEntry(position: $0) },
        fields: [
            Field("severity", \.severity, .ruleSeverity, "error, warning or info instead of the pack's severity; off: the rule does not run."),
            Field("params", \.parameters, .ruleParameterValues, "Values for the rule's parameters, by name."),
        ])

    static let waiver = RecordSchema<WaiverEntry>(
        "waiver",
        wording: RecordWording(
            unknownKeyIn: "a waiver", mappingFor: "a waiver"
        ) { _ in "this waiver" },
        make: { WaiverEntry(position: $0) },
        fields: [
            Field(
                "resource", \.resource, .configText("resource"), required: true,
                "STACK/ENVIRONMENT/KIND/NAME of the resource, e.g. shop/production/bucket/site (KIND stack: the spec itself)."),
            Field("rule", \.rule, .configText("rule"), required: true, "The rule ID waived, e.g. DATA001."),
            Field("reason", \.reason, .configText("reason"), required: true, "Why the finding is accepted."),
            Field("expires", \.expires, .expiry, "Last day the waiver applies (YYYY-MM-DD); after it the finding counts again."),
        ])
}

// MARK: - Mappings as written

/// The file's top mapping: the configuration it sets (its file is set by the reader).
struct ConfigurationEntry: Positioned, Sendable {
    let position: SourcePosition
    var configuration = Configuration(file: "")
}

struct ReportPaths: Positioned, Sendable {
    let position: SourcePosition
    var paths: [ReportFormat: String] = [:]
}

struct RuleSettingsEntry: Positioned, Sendable {
    let position: SourcePosition
    /// nil: left out; `.some(nil)`: off.
    var severity: Severity??
    var parameters: [(name: String, value: ModelValue, position: SourcePosition)] = []
}

struct WaiverEntry: Positioned, Sendable {
    let position: SourcePosition
    var resource: Located<String>?
    var rule: Located<String>?
    var reason: Located<String>?
    var expires: CalendarDate?
}

extension ReportFormat {
    /// The report in words, for the configuration's descriptions.
    var reportName: String {
        switch self {
        case .text: return "text report"
        case .json: return "JSON report"
        case .junit: return "JUnit XML report"
        case .sarif: return "SARIF log"
        case .github: return "GitHub annotations"
        case .markdown: return "Markdown summary"
        }
    }
}

// MARK: - Codecs

/// Text of the configuration: any scalar, as written.
private func readConfigText(_ node: YAMLNode, key: String, _ context: inout DecodeContext) -> String? {
    guard let scalar = node.scalar else {
        context.error("\(key) must be a string, found \(node.kindDescription)", at: node.position)
        return nil
    }
    return scalar.text
}

extension Codec where Value == String {
    static func configText(_ key: String) -> Codec {
        .custom(.string) { node, context in readConfigText(node, key: key, &context) }
    }
}

extension Codec where Value == Located<String> {
    /// Text of the configuration where it was written, for later errors on it.
    static func configText(_ key: String) -> Codec {
        .custom(.string) { node, context in
            readConfigText(node, key: key, &context).map { Located($0, at: node.position) }
        }
    }
}

extension Codec where Value == [ReportFormat: String] {
    static var reportPaths: Codec {
        .custom(.record(ConfigSchema.reports.name), nested: { ConfigSchema.reports.formatDescription }) { node, context in
            ConfigSchema.reports.decode(node, &context)?.paths
        }
    }
}

extension Codec where Value == [String] {
    /// A path, or a list of them.
    static func paths(_ key: String) -> Codec {
        .custom(.oneOf([.string, .list(.string)])) { node, context in
            if let scalar = node.scalar { return [scalar.text] }
            guard case .sequence(let items) = node.content else {
                context.error("\(key) must be a path or a list of paths", at: node.position)
                return nil
            }
            return items.compactMap { readConfigText($0, key: key, &context) }
        }
    }
}

extension Codec where Value == Severity? {
    /// `fail_on`: a severity, or none.
    static var failOn: Codec {
        .custom(.enumeration([Severity.error, .warning, .info].map(\.rawValue) + ["none"])) { node, context in
            guard let text = readConfigText(node, key: "fail_on", &context) else { return nil }
            if text == "none" { return .some(nil) }
            guard let severity = Severity(rawValue: text) else {
                context.error("fail_on is '\(text)'; expected error, warning, info or none", at: node.position)
                return nil
            }
            return .some(severity)
        }
    }

    /// A rule's severity: a severity, or off.
    static var ruleSeverity: Codec {
        .custom(.enumeration([Severity.error, .warning, .info].map(\.rawValue) + ["off"])) { node, context in
            // `off` is a string under YAML 1.2's core schema, as the format reads it.
            guard let text = node.scalar?.text else {
                context.error("severity is error, warning, info or off", at: node.position)
                return nil
            }
            if text == "off" { return .some(nil) }
            guard let severity = Severity(rawValue: text) else {
                context.error("severity '\(text)' is not one of error, warning, info, off", at: node.position)
                return nil
            }
            return .some(severity)
        }
    }
}

extension Codec where Value == [(name: String, value: ModelValue, position: SourcePosition)] {
    /// `{NAME: value}`: values for a rule's parameters, checked against the rule later.
    static var ruleParameterValues: Codec {
        .custom(.map(.oneOf([.string, .list(.string)]))) { node, context in
            guard case .mapping(let pairs) = node.content else {
                context.error("params is a mapping of parameter names to values", at: node.position)
                return nil
            }
            return pairs.map { ($0.key.scalar?.text ?? "", PackReader.literal($0.value), $0.key.position) }
        }
    }
}

extension Codec where Value == [String: Configuration.RuleSettings] {
    /// `{RULE-ID: {severity, params}}`.
    static var ruleSettings: Codec {
        .custom(.map(.record(ConfigSchema.ruleSettings.name)), nested: { ConfigSchema.ruleSettings.formatDescription }) { node, context in
            guard case .mapping(let pairs) = node.content else {
                context.error("rules is a mapping of rule IDs to {severity, params}", at: node.position)
                return nil
            }
            var result: [String: Configuration.RuleSettings] = [:]
            for pair in pairs {
                let id = pair.key.scalar?.text ?? ""
                let schema = ConfigSchema.ruleSettings.worded(RecordWording("rule \(id)"))
                guard let entry = schema.decode(pair.value, &context) else { continue }
                // Errors about the rule itself (no such rule) point at its ID.
                var settings = Configuration.RuleSettings(severity: entry.severity, position: pair.key.position)
                settings.parameters = entry.parameters
                result[id] = settings
            }
            return result
        }
    }
}

extension Codec where Value == CalendarDate {
    static var expiry: Codec {
        .custom(.date) { node, context in
            guard let date = node.scalar.flatMap({ CalendarDate(iso: $0.text) }) else {
                context.error("expires must be a date, YYYY-MM-DD", at: node.position)
                return nil
            }
            return date
        }
    }
}

extension Codec where Value == [Configuration.CentralWaiver] {
    /// A list of waivers, each of a resource written STACK/ENVIRONMENT/KIND/NAME.
    static var waivers: Codec {
        .custom(.list(.record(ConfigSchema.waiver.name)), nested: { ConfigSchema.waiver.formatDescription }) { node, context in
            guard case .sequence(let items) = node.content else {
                context.error("waivers is a list of {resource, rule, reason, expires}", at: node.position)
                return nil
            }
            return items.compactMap { item -> Configuration.CentralWaiver? in
                guard let entry = ConfigSchema.waiver.decode(item, &context), let resource = entry.resource,
                    let rule = entry.rule, let reason = entry.reason
                else { return nil }
                let parts = resource.value.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
                guard parts.count == 4, !parts.contains(where: \.isEmpty), Environment(rawValue: parts[1]) != nil,
                    ResourceKind(rawValue: parts[2]) != nil || parts[2] == "stack"
                else {
                    context.error(
                        "resource '\(resource.value)' must be STACK/ENVIRONMENT/KIND/NAME, e.g. shop/production/bucket/site",
                        at: resource.position)
                    return nil
                }
                return Configuration.CentralWaiver(
                    stack: parts[0], environment: parts[1], resource: "\(parts[2])/\(parts[3])",
                    rule: rule.value, reason: reason.value, expires: entry.expires,
                    position: item.position, rulePosition: rule.position)
            }
        }
    }
}
