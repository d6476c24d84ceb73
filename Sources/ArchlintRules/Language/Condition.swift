import ArchlintModel

/// A condition of the rule language, parsed from a pack. See docs/rule-language.md.
public indirect enum Condition: Sendable {
    case all([Condition])
    case any([Condition])
    case not(Condition)
    /// `{path: P, OPERATOR: operand}`.
    case test(AttributePath, Operator, Operand, SourcePosition)
    /// `{path: P, some|every|none: condition}`: the condition on each value of P.
    case quantified(AttributePath, Quantifier, Condition)
}

public enum Quantifier: String, CaseIterable, Sendable {
    case some, every, none
}

/// What an operator compares against: a literal from the pack, another path, or a
/// rule parameter.
public enum Operand: Sendable {
    case literal(ModelValue)
    case path(AttributePath)
    case parameter(String)
}

/// The operators of the language. Element operators hold when some value of the path
/// satisfies them (and never when the path has no value); collection operators look at
/// all of the path's values together.
public enum Operator: String, CaseIterable, Sendable {
    // Element operators.
    case equals, not_equals
    case `in`, not_in
    case matches, not_matches
    case gt, gte, lt, lte
    case is_true, is_false
    case length_eq, length_gt, length_gte, length_lt, length_lte
    case cidr_within, cidr_overlaps
    case is_cidr, is_reference
    case port_range_covers, port_range_within
    case port_count_gt, port_count_gte
    case looks_like_credential
    // Collection operators.
    case exists, absent, empty
    case contains, contains_any
    case count_eq, count_gt, count_gte, count_lt, count_lte
    case distinct_count_eq, distinct_count_gt, distinct_count_gte, distinct_count_lt, distinct_count_lte

    var isCollection: Bool {
        switch self {
        case .exists, .absent, .empty, .contains, .contains_any,
            .count_eq, .count_gt, .count_gte, .count_lt, .count_lte,
            .distinct_count_eq, .distinct_count_gt, .distinct_count_gte, .distinct_count_lt, .distinct_count_lte:
            return true
        default:
            return false
        }
    }

    /// Operators whose operand is `true` (or `false`, which turns them around).
    var takesFlag: Bool {
        switch self {
        case .is_true, .is_false, .is_cidr, .is_reference, .looks_like_credential, .exists, .absent, .empty: return true
        default: return false
        }
    }

    /// One line for the language reference.
    public var summary: String {
        switch self {
        case .equals: return "some value equals the operand (compared as written: 443, tcp, 10.0.0.0/16)"
        case .not_equals: return "some value differs from the operand"
        case .in: return "some value is one of the operand list"
        case .not_in: return "some value is none of the operand list"
        case .matches: return "some value matches the regular expression"
        case .not_matches: return "some value does not match the regular expression"
        case .gt, .gte, .lt, .lte: return "some value is a number >, >=, <, <= the operand"
        case .is_true: return "some value is the boolean true (a boolean left out is false)"
        case .is_false: return "some value is the boolean false (including left out)"
        case .length_eq, .length_gt, .length_gte, .length_lt, .length_lte: return "some string's length (or list's size) compares with the operand"
        case .cidr_within: return "some CIDR lies inside the operand CIDR (or one of a list)"
        case .cidr_overlaps: return "some CIDR overlaps the operand CIDR (or one of a list)"
        case .is_cidr: return "some value is a CIDR (a security-group rule's from/to, say)"
        case .is_reference: return "some value names another resource (sg:NAME, secret:NAME, a plain reference)"
        case .port_range_covers: return "some port range includes the operand port (or one of a list)"
        case .port_range_within: return "some port range lies wholly inside the operand's ports (a list of ports and ranges)"
        case .port_count_gt, .port_count_gte: return "some port range spans more (or at least) this many ports (`all` counts as 65536)"
        case .looks_like_credential: return "some string looks like a credential (AWS key id, private key, password in a URL, JWT, GitHub or Slack token)"
        case .exists: return "the spec writes a value here (defaults do not count)"
        case .absent: return "the spec writes no value here"
        case .empty: return "no value, or only empty strings and lists"
        case .contains: return "one of the values equals the operand"
        case .contains_any: return "one of the values is in the operand list"
        case .count_eq, .count_gt, .count_gte, .count_lt, .count_lte: return "the number of values compares with the operand"
        case .distinct_count_eq, .distinct_count_gt, .distinct_count_gte, .distinct_count_lt, .distinct_count_lte:
            return "the number of different values compares with the operand"
        }
    }
}
