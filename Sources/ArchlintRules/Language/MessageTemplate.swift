/// A finding's message with `{…}` placeholders: `{name}`, `{kind}`, `{resource}`,
/// `{environment}`, `{stack}`, `{value}` (the value that decided the finding),
/// `{param.NAME}`, or any attribute path of the selected item (`{port}`,
/// `{parent.name}`, `{subnets->zone}`). `{{` and `}}` stand for braces.
public struct MessageTemplate: Sendable {
    public enum Part: Sendable {
        case text(String)
        case name, kind, resource, environment, stack, value
        case parameter(String)
        case path(AttributePath)
    }

    public let parts: [Part]
    public let source: String

    public static func parse(_ text: String) -> Result<MessageTemplate, PathError> {
        var parts: [Part] = []
        var literal = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if character == "{", next < text.endIndex, text[next] == "{" {
                literal.append("{")
                index = text.index(after: next)
                continue
            }
            if character == "}", next < text.endIndex, text[next] == "}" {
                literal.append("}")
                index = text.index(after: next)
                continue
            }
            if character == "{" {
                guard let close = text[next...].firstIndex(of: "}") else {
                    return .failure(PathError("unclosed '{' in message"))
                }
                if !literal.isEmpty { parts.append(.text(literal)); literal = "" }
                let name = String(text[next..<close]).trimmingSpaces
                switch name {
                case "name": parts.append(.name)
                case "kind": parts.append(.kind)
                case "resource": parts.append(.resource)
                case "environment": parts.append(.environment)
                case "stack": parts.append(.stack)
                case "value": parts.append(.value)
                default:
                    if name.hasPrefix("param.") {
                        parts.append(.parameter(String(name.dropFirst("param.".count))))
                    } else {
                        switch AttributePath.parse(name) {
                        case .success(let path): parts.append(.path(path))
                        case .failure(let error): return .failure(PathError("in '{\(name)}': \(error.message)"))
                        }
                    }
                }
                index = text.index(after: close)
                continue
            }
            if character == "}" { return .failure(PathError("unmatched '}' in message; write '}}' for a brace")) }
            literal.append(character)
            index = next
        }
        if !literal.isEmpty { parts.append(.text(literal)) }
        return .success(MessageTemplate(parts: parts, source: text))
    }
}
