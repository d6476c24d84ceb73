import ArchlintModel

/// The type of a field of a spec (or of a rule pack or the configuration), as the format
/// names it. The decoder, the JSON Schema for editors and the rule language all read fields
/// through these, so they cannot drift.
public indirect enum FieldType: Hashable, Sendable {
    case bool
    /// A whole number in `range`.
    case int(ClosedRange<Int>)
    /// Any number (ACUs, request rates).
    case number
    /// Any scalar, taken as written.
    case string
    /// A string matching a pattern, described in words.
    case pattern(String, description: String)
    case cidr
    case ports
    case date
    case enumeration([String])
    /// A plain name of a resource of this kind.
    case reference(ResourceKind)
    /// `NAME` or `NAME#key` of a secret.
    case secretReference
    /// `secret:NAME` (or `secret:NAME#key`), or a literal, which the secrets rules report.
    case secretOrLiteral
    /// A CIDR, `sg:NAME` or `self`.
    case ruleEndpoint
    /// `STACK/ENVIRONMENT/NETWORK`.
    case networkAddress
    case list(FieldType)
    /// `{string: string}`.
    case stringMap
    /// `{string: scalar}`: plain environment variables.
    case scalarMap
    /// `{string: secret reference}`.
    case secretMap
    /// A mapping of any shape, kept as written.
    case freeform
    /// A nested mapping with its own fields, named by its schema.
    case record(String)
    /// `{string: T}` whose keys the user chooses (a rule's parameters, a pack example's files).
    case map(FieldType)
    /// Any one of several shapes (a severity word, or a mapping of severities by environment).
    case oneOf([FieldType])
}

extension FieldType {
    /// Whether a value of this type can reach the rule language as a string: text the spec
    /// author typed. Numbers, booleans, CIDRs, ports and references cannot; a `secret:NAME`
    /// map holds only references. Nested mappings can (their own fields decide).
    public var mayHoldText: Bool {
        switch self {
        case .bool, .int, .number, .cidr, .ports, .reference, .secretReference, .secretMap: return false
        case .string, .pattern, .date, .enumeration, .secretOrLiteral, .ruleEndpoint, .networkAddress,
            .stringMap, .scalarMap, .freeform, .record:
            return true
        case .list(let element), .map(let element): return element.mayHoldText
        case .oneOf(let types): return types.contains(where: \.mayHoldText)
        }
    }
}
