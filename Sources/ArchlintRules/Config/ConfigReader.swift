import ArchlintFindings
import ArchlintLoad
import ArchlintModel

/// Reads `.archlint.yml` strictly: unknown keys, bad values and malformed waivers are located
/// errors with suggestions, like spec errors. Which rules and parameters exist is checked
/// afterwards (`Configuration.resolveRules`), once the run's packs are loaded — the file's own
/// `rule_packs` among them.
struct ConfigReader {
    let file: String
    var errors: [Diagnostic] = []

    init(file: String) {
        self.file = file
    }

    static let keys = ["specs", "exclude", "rule_packs", "fail_on", "reports", "rules", "waivers", "baseline"]
    /// The formats a run can write to files, by their identifiers (`ReportFormat.files`).
    static let reportKeys = ReportFormat.files.map(\.rawValue)

    mutating func error(_ message: String, at position: SourcePosition) {
        errors.append(Diagnostic(message, file: file, line: position.line, column: position.column))
    }

    mutating func read(_ root: YAMLNode) -> Configuration {
        var configuration = Configuration(file: file)
        guard let pairs = mapping(root, "the configuration", keys: ConfigReader.keys) else { return configuration }
        for (key, value) in pairs {
            switch key {
            case "specs": configuration.specs = strings(value, key)
            case "exclude": configuration.exclude = strings(value, key)
            case "rule_packs": configuration.rulePacks = strings(value, key)
            case "baseline": configuration.baseline = string(value, key)
            case "fail_on":
                guard let text = string(value, key) else { continue }
                if text == "none" {
                    configuration.failOn = .some(nil)
                } else if let severity = Severity(rawValue: text) {
                    configuration.failOn = .some(severity)
                } else {
                    error("fail_on is '\(text)'; expected error, warning, info or none", at: value.position)
                }
            case "reports":
                guard let reports = mapping(value, "reports", keys: ConfigReader.reportKeys) else { continue }
                for (key, path) in reports {
                    // `mapping` kept only the formats' identifiers.
                    if let format = ReportFormat(rawValue: key), let text = string(path, key) { configuration.reports[format] = text }
                }
            case "rules": configuration.rules = rules(value)
            case "waivers": configuration.waivers = waivers(value)
            default: break
            }
        }
        return configuration
    }

    // MARK: Pieces

    private mutating func rules(_ node: YAMLNode) -> [String: Configuration.RuleSettings] {
        guard case .mapping(let pairs) = node.content else {
            error("rules is a mapping of rule IDs to {severity, params}", at: node.position)
            return [:]
        }
        var result: [String: Configuration.RuleSettings] = [:]
        for pair in pairs {
            let id = pair.key.scalar?.text ?? ""
            var settings = Configuration.RuleSettings(severity: nil, position: pair.key.position)
            guard let fields = mapping(pair.value, "rule \(id)", keys: ["severity", "params"]) else { continue }
            for (key, value) in fields {
                if key == "severity" {
                    // `off` is a string under YAML 1.2's core schema, as the format reads it.
                    guard let text = value.scalar?.text else {
                        error("severity is error, warning, info or off", at: value.position)
                        continue
                    }
                    if text == "off" {
                        settings.severity = .some(nil)
                    } else if let severity = Severity(rawValue: text) {
                        settings.severity = .some(severity)
                    } else {
                        error("severity '\(text)' is not one of error, warning, info, off", at: value.position)
                    }
                } else {
                    guard case .mapping(let params) = value.content else {
                        error("params is a mapping of parameter names to values", at: value.position)
                        continue
                    }
                    for param in params {
                        let name = param.key.scalar?.text ?? ""
                        settings.parameters.append((name, PackReader.literal(param.value), param.key.position))
                    }
                }
            }
            result[id] = settings
        }
        return result
    }

    private mutating func waivers(_ node: YAMLNode) -> [Configuration.CentralWaiver] {
        guard case .sequence(let items) = node.content else {
            error("waivers is a list of {resource, rule, reason, expires}", at: node.position)
            return []
        }
        var result: [Configuration.CentralWaiver] = []
        for item in items {
            guard let fields = mapping(item, "a waiver", keys: ["resource", "rule", "reason", "expires"]) else { continue }
            let table = Dictionary(fields, uniquingKeysWith: { first, _ in first })
            for required in ["resource", "rule", "reason"] where table[required] == nil {
                error("this waiver is missing required key '\(required)'", at: item.position)
            }
            guard let resourceNode = table["resource"], let resource = string(resourceNode, "resource"),
                  let ruleNode = table["rule"], let rule = string(ruleNode, "rule"),
                  let reasonNode = table["reason"], let reason = string(reasonNode, "reason") else { continue }
            let parts = resource.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 4, !parts.contains(where: \.isEmpty), Environment(rawValue: parts[1]) != nil,
                  ResourceKind(rawValue: parts[2]) != nil || parts[2] == "stack" else {
                error("resource '\(resource)' must be STACK/ENVIRONMENT/KIND/NAME, e.g. shop/production/bucket/site", at: resourceNode.position)
                continue
            }
            var expires: CalendarDate?
            if let node = table["expires"] {
                expires = node.scalar.flatMap { CalendarDate(iso: $0.text) }
                if expires == nil { error("expires must be a date, YYYY-MM-DD", at: node.position) }
            }
            result.append(Configuration.CentralWaiver(stack: parts[0], environment: parts[1], resource: "\(parts[2])/\(parts[3])",
                                                      rule: rule, reason: reason, expires: expires, position: item.position,
                                                      rulePosition: ruleNode.position))
        }
        return result
    }

    private mutating func mapping(_ node: YAMLNode, _ what: String, keys: [String]) -> [(String, YAMLNode)]? {
        guard case .mapping(let pairs) = node.content else {
            error("expected a mapping for \(what), found \(node.kindDescription)", at: node.position)
            return nil
        }
        var result: [(String, YAMLNode)] = []
        for pair in pairs {
            let key = pair.key.scalar?.text ?? ""
            if key.hasPrefix("x-") { continue }
            guard keys.contains(key) else {
                var message = "unknown key '\(key)' in \(what)"
                if let suggestion = closestMatch(to: key, in: keys) { message += "; did you mean '\(suggestion)'?" } else { message += "; expected one of: \(keys.joined(separator: ", "))" }
                error(message, at: pair.key.position)
                continue
            }
            if pair.value.isNull { continue }
            result.append((key, pair.value))
        }
        return result
    }

    private mutating func string(_ node: YAMLNode, _ key: String) -> String? {
        guard let scalar = node.scalar else {
            error("\(key) must be a string, found \(node.kindDescription)", at: node.position)
            return nil
        }
        return scalar.text
    }

    private mutating func strings(_ node: YAMLNode, _ key: String) -> [String] {
        if let scalar = node.scalar { return [scalar.text] }
        guard case .sequence(let items) = node.content else {
            error("\(key) must be a path or a list of paths", at: node.position)
            return []
        }
        return items.compactMap { string($0, key) }
    }
}
