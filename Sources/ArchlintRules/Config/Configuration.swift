import ArchlintFindings
import ArchlintLoad
import ArchlintModel
import Foundation

/// `.archlint.yml`: what a repository sets once instead of on every command line.
///
/// ```yaml
/// specs: [specs]
/// exclude: ["**/fixtures"]
/// rule_packs: [policies]
/// fail_on: warning
/// reports: {junit: reports/junit.xml, sarif: reports/archlint.sarif, json: r.json, markdown: reports/summary.md}
/// rules:
///   NET004: {severity: off}
///   SG008: {params: {max_range: 1000}}
/// waivers:
///   - {resource: shop/production/bucket/site, rule: DATA001, reason: public site, expires: 2027-03-31}
/// baseline: archlint-baseline.json
/// ```
///
/// Paths are relative to the file's folder.
public struct Configuration: Sendable {
    public struct RuleSettings: Sendable {
        /// nil: keep the pack's severity; `.some(nil)`: the rule is off.
        public var severity: Severity??
        public var parameters: [(name: String, value: ModelValue, position: SourcePosition)] = []
        public var position: SourcePosition
    }

    public struct CentralWaiver: Sendable {
        public var stack: String
        public var environment: String
        public var resource: String
        public var rule: String
        public var reason: String
        public var expires: CalendarDate?
        public var position: SourcePosition
        /// Where the rule ID is written, for an error when no rule has it.
        public var rulePosition: SourcePosition
    }

    public var file: String
    public var specs: [String] = []
    /// Patterns of files and folders that walks leave out, relative to the repository root.
    public var exclude: [String] = []
    public var rulePacks: [String] = []
    public var failOn: Severity?? = nil
    public var reports: [ReportFormat: String] = [:]
    public var rules: [String: RuleSettings] = [:]
    public var waivers: [CentralWaiver] = []
    public var baseline: String?

    /// The nearest `.archlint.yml` (or `.archlint.yaml`) from `folder` upwards, stopping at
    /// the repository root (the folder holding `.git`).
    public static func find(from folder: String) -> String? {
        var url = URL(fileURLWithPath: folder).standardizedFileURL
        while true {
            for name in [".archlint.yml", ".archlint.yaml"] {
                let candidate = url.appendingPathComponent(name).path
                if FileManager.default.fileExists(atPath: candidate) { return candidate }
            }
            if FileManager.default.fileExists(atPath: url.appendingPathComponent(".git").path) { return nil }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { return nil }
            url = parent
        }
    }

    /// Reads and checks a configuration file. The rules it names are checked by
    /// `resolveRules` once the run's packs, the file's `rule_packs` among them, are loaded.
    public static func load(_ path: String) -> (configuration: Configuration?, errors: [Diagnostic]) {
        guard let data = FileManager.default.contents(atPath: path) else {
            return (nil, [Diagnostic("cannot read configuration file", file: path, line: 1, column: 1)])
        }
        let bytes = [UInt8](data)
        let parsed = YAMLParser.parse(bytes)
        guard let root = parsed.root, parsed.errors.isEmpty else {
            let errors = parsed.errors.map { Diagnostic($0.message, file: path, line: $0.position.line, column: $0.position.column) }
            return (nil, Diagnostic.attachingSourceLines(errors, file: path, bytes: bytes))
        }
        var reader = ConfigReader(file: path)
        let configuration = reader.read(root)
        return reader.errors.isEmpty
            ? (configuration, [])
            : (nil, Diagnostic.attachingSourceLines(reader.errors.sorted(), file: path, bytes: bytes))
    }

    /// `path` as given in the file, relative to the file's folder.
    public func resolve(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent().path
        let current = FileManager.default.currentDirectoryPath
        if folder == current || folder == "." || folder.isEmpty { return path }
        return URL(fileURLWithPath: folder).appendingPathComponent(path).path
    }

    /// Optional paths of the file, resolved as `resolve` does (nil stays nil).
    public func resolve(_ path: String?) -> String? {
        path.map { resolve($0) }
    }

    /// Checks the rules the file names — in `rules:` and in waivers — and their parameters
    /// against the rules of this run. Each entry in error is left out (so the rest of the file
    /// still applies) and reported, with the closest name.
    public mutating func resolveRules(in catalog: RuleCatalog) -> [Diagnostic] {
        var errors: [Diagnostic] = []
        func error(_ message: String, at position: SourcePosition) {
            errors.append(Diagnostic(message, file: file, line: position.line, column: position.column))
        }
        var resolved: [String: RuleSettings] = [:]
        for (id, settings) in rules.sorted(by: { $0.value.position < $1.value.position }) {
            guard let rule = catalog.rule(id) else {
                var message = "no rule '\(id)'"
                if let suggestion = catalog.suggestion(for: id) { message += "; did you mean '\(suggestion)'?" }
                error(message, at: settings.position)
                continue
            }
            var kept = settings
            kept.parameters = settings.parameters.filter { parameter in
                let names = rule.parameters.map(\.name)
                guard !names.contains(parameter.name) else { return true }
                var message = "rule \(rule.id) has no parameter '\(parameter.name)'"
                if let suggestion = closestMatch(to: parameter.name, in: names) {
                    message += "; did you mean '\(suggestion)'?"
                } else {
                    message += names.isEmpty ? "; it takes none" : "; it takes \(names.joined(separator: ", "))"
                }
                error(message, at: parameter.position)
                return false
            }
            resolved[rule.id] = kept
        }
        rules = resolved
        waivers = waivers.compactMap { waiver in
            guard let rule = catalog.rule(waiver.rule) else {
                error(catalog.unknownRuleMessage(waiver.rule, what: "this waiver"), at: waiver.rulePosition)
                return nil
            }
            var waiver = waiver
            waiver.rule = rule.id
            return waiver
        }
        return errors
    }

    /// The catalog's rules with this configuration's severities and parameters.
    public func apply(to rules: [Rule]) -> [Rule] {
        rules.compactMap { rule in
            guard let settings = self.rules[rule.id] else { return rule }
            var rule = rule
            switch settings.severity {
            case .none: break
            case .some(.none): return nil
            case .some(.some(let severity)):
                switch rule.severity {
                case .fixed: rule.severity = .fixed(severity)
                case .perEnvironment(let table): rule.severity = .perEnvironment(table.mapValues { _ in severity })
                }
            }
            for parameter in settings.parameters {
                if let index = rule.parameters.firstIndex(where: { $0.name == parameter.name }) {
                    rule.parameters[index].value = parameter.value
                }
            }
            return rule
        }
    }
}
