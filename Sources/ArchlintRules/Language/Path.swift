import ArchlintModel

/// An attribute path of the condition language, e.g. `subnets->tier`,
/// `parent.nat_gateways`, `<-load_balancer`, `$resource.port`, `.`.
///
/// - `key` reads an attribute (through lists: `listeners.protocol` reads every listener's);
/// - `->` follows references to the resources they name (`security_groups->ingress`);
/// - `<-KIND` (or `<-*`) gives the resources of that kind that refer to this one;
/// - `[key=value]` keeps the items of a list whose `key` reads `value`
///   (`subnets[tier=private].zone`);
/// - `parent` steps out to the mapping that holds this one (a listener's load balancer,
///   a subnet's network);
/// - a leading `$resource`, `$environment`, `$stack` or `$param.NAME` starts elsewhere;
/// - `.` alone is the value itself (for lists of plain strings).
public struct AttributePath: Hashable, Sendable, CustomStringConvertible {
    public enum Root: Hashable, Sendable {
        /// The value the condition is evaluated on.
        case current
        /// The item the rule selected.
        case resource
        /// The environment the spec is judged as (`shared` counts as `production`).
        case environment
        /// The spec's stack name.
        case stack
        /// A rule parameter.
        case parameter(String)
    }

    public enum Step: Hashable, Sendable {
        case attribute(AttributeKey)
        case follow
        case referrers(ResourceKind?)
        case parent
        /// `[key=value]`: keeps the mappings whose `key` reads `value`.
        case filter(AttributeKey, String)
    }

    public let root: Root
    public let steps: [Step]
    public let description: String

    public init(root: Root, steps: [Step], text: String) {
        self.root = root
        self.steps = steps
        self.description = text
    }

    /// Parses `text`, or says what is wrong with it.
    public static func parse(_ text: String) -> Result<AttributePath, PathError> {
        var rest = Substring(text.trimmingSpaces)
        var root = Root.current
        if rest == "." || rest.isEmpty {
            return rest.isEmpty ? .failure(PathError("empty path")) : .success(AttributePath(root: .current, steps: [], text: text))
        }
        if rest.hasPrefix("$") {
            let head = rest.prefix { $0 != "." && $0 != "-" && $0 != "<" }
            rest = rest.dropFirst(head.count)
            switch head {
            case "$resource": root = .resource
            case "$environment": root = .environment
            case "$stack": root = .stack
            case "$param":
                guard rest.hasPrefix(".") else { return .failure(PathError("'$param' needs a parameter name: $param.NAME")) }
                rest = rest.dropFirst()
                let name = rest.prefix { $0 != "." && $0 != "-" && $0 != "<" }
                guard !name.isEmpty else { return .failure(PathError("'$param' needs a parameter name: $param.NAME")) }
                rest = rest.dropFirst(name.count)
                root = .parameter(String(name))
            default:
                return .failure(PathError("unknown root '\(head)'; expected $resource, $environment, $stack or $param.NAME"))
            }
            if !rest.isEmpty, !rest.hasPrefix("."), !rest.hasPrefix("->"), !rest.hasPrefix("<-") {
                return .failure(PathError("expected '.', '->' or '<-' after '\(head)'"))
            }
            if rest.hasPrefix(".") { rest = rest.dropFirst() }
        }
        var steps: [Step] = []
        while !rest.isEmpty {
            if rest.hasPrefix("->") {
                steps.append(.follow)
                rest = rest.dropFirst(2)
                continue
            }
            if rest.hasPrefix("<-") {
                rest = rest.dropFirst(2)
                let word = rest.prefix { $0 != "." && $0 != "-" && $0 != "<" }
                rest = rest.dropFirst(word.count)
                if word == "*" {
                    steps.append(.referrers(nil))
                } else if let kind = ResourceKind(rawValue: String(word)) {
                    steps.append(.referrers(kind))
                } else {
                    return .failure(PathError("'<-\(word)': expected a resource kind (e.g. <-load_balancer) or <-*"))
                }
                if rest.hasPrefix(".") { rest = rest.dropFirst() }
                continue
            }
            let word = rest.prefix { $0 != "." && $0 != "-" && $0 != "<" && $0 != "[" }
            guard !word.isEmpty else { return .failure(PathError("unexpected '\(rest.prefix(2))' in path '\(text)'")) }
            guard word.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                return .failure(PathError("'\(word)' is not an attribute name"))
            }
            steps.append(word == "parent" ? .parent : .attribute(AttributeKey(String(word))))
            rest = rest.dropFirst(word.count)
            while rest.hasPrefix("[") {
                guard let close = rest.firstIndex(of: "]") else { return .failure(PathError("unclosed '[' in path '\(text)'")) }
                let body = rest[rest.index(after: rest.startIndex)..<close]
                let parts = body.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, !parts[0].isEmpty else {
                    return .failure(PathError("a filter is written [key=value], e.g. subnets[tier=private]"))
                }
                steps.append(.filter(AttributeKey(String(parts[0]).trimmingSpaces), String(parts[1]).trimmingSpaces))
                rest = rest[rest.index(after: close)...]
            }
            if rest.hasPrefix(".") {
                rest = rest.dropFirst()
                if rest.isEmpty { return .failure(PathError("path '\(text)' ends with '.'")) }
            } else if !rest.isEmpty, !rest.hasPrefix("->"), !rest.hasPrefix("<-") {
                return .failure(PathError("unexpected '\(rest.prefix(1))' in path '\(text)'"))
            }
        }
        return .success(AttributePath(root: root, steps: steps, text: text))
    }
}

public struct PathError: Error, Hashable, Sendable {
    public let message: String
    /// Whether the message proposes a correction.
    let hasSuggestion: Bool

    init(_ message: String) {
        self.message = message
        self.hasSuggestion = false
    }

    /// `message`, then "did you mean 'SUGGESTION'?" when there is one.
    init(_ message: String, suggesting suggestion: String?) {
        self.message = suggestion.map { "\(message); did you mean '\($0)'?" } ?? message
        self.hasSuggestion = suggestion != nil
    }
}

extension String {
    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
