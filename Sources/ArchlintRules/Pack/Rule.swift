import ArchlintFindings
import ArchlintModel

/// A rule pack: one file of `rules/`, or of a `--rules` folder.
public struct RulePack: Sendable {
    public let name: String
    public let title: String
    public let description: String
    public let file: String
    public var rules: [Rule]
}

/// One rule: what it checks, why, how to fix it, its examples, and its check.
public struct Rule: Sendable {
    public let id: String
    public let name: String
    public let pack: String
    public var severity: SeverityPolicy
    public let summary: String
    public let rationale: String
    public let fix: String
    public var parameters: [RuleParameter]
    public let check: RuleCheck
    public let examples: [RuleExample]
    /// The fix `archlint check --fix` may apply on its own, or why it may not; nil when the
    /// pack says nothing (no automatic fix).
    public var autofix: RuleAutofix? = nil
    /// Where the rule is written, for errors and docs.
    public let source: SourceLocation

    /// A parameter's current value (default, or as configured).
    public func parameter(_ name: String) -> ModelValue? {
        parameters.first { $0.name == name }?.value
    }

    /// Whether the check is written in the condition language.
    public var isData: Bool {
        if case .data = check { return true }
        return false
    }
}

/// A rule's severity: one for every environment, or one per environment it applies to
/// (the rule is not evaluated in the others).
public enum SeverityPolicy: Sendable, Equatable {
    case fixed(Severity)
    case perEnvironment([Environment: Severity])

    /// The severity in `environment` (as judged: `shared` is `production`), or nil when the
    /// rule does not apply there.
    public func severity(in environment: Environment) -> Severity? {
        switch self {
        case .fixed(let severity): return severity
        case .perEnvironment(let table): return table[environment.judgedAs]
        }
    }

    /// "error" or "production: error, staging: warning", for listings.
    public var description: String {
        switch self {
        case .fixed(let severity): return severity.rawValue
        case .perEnvironment(let table):
            return [Environment.production, .staging, .development].compactMap { environment in
                table[environment].map { "\(environment.rawValue): \($0.rawValue)" }
            }.joined(separator: ", ")
        }
    }

    /// The highest severity the rule can have, for listings and sorting.
    public var highest: Severity {
        switch self {
        case .fixed(let severity): return severity
        case .perEnvironment(let table): return table.values.max() ?? .info
        }
    }
}

public struct RuleParameter: Sendable {
    public let name: String
    public let description: String
    public let defaultValue: ModelValue
    public var value: ModelValue
}

/// How a rule finds problems.
public enum RuleCheck: Sendable {
    /// Written in the condition language.
    case data(DataCheck)
    /// A check written in Swift (`Builtins/`), bound by name.
    case builtin(String)
}

/// A check in the condition language: select items, keep those `where` holds, and report
/// each one for which `require` fails or `forbid` holds.
public struct DataCheck: Sendable {
    public let select: [Selector]
    public let filter: Condition?
    public let assertion: Assertion
    /// Where the finding points, when not at the value that decided it.
    public let at: AttributePath?
    public let message: MessageTemplate

    public enum Assertion: Sendable {
        case require(Condition)
        case forbid(Condition)
    }
}

/// `database`, or `load_balancer.listeners` for nested items of a kind.
public struct Selector: Sendable {
    public let kind: ResourceKind
    public let path: AttributePath?
    public let text: String
}

/// A spec snippet that must make the rule fire exactly at its `# FIRES` markers, or must
/// leave it silent.
public struct RuleExample: Sendable {
    public enum Expectation: String, Sendable { case fires, passes }
    public let expectation: Expectation
    /// One file for most examples; several for rules across specs.
    public let files: [File]
    public let source: SourceLocation

    /// The marker that says where a finding must land.
    public static let marker = "# FIRES"

    /// One spec file of an example.
    public struct File: Sendable {
        public let name: String
        public let text: String
        /// Where the text's first line starts in the pack, when its lines are the pack's
        /// lines (a literal block, `|`): problems with the example then point into the pack.
        public let origin: SourceLocation?

        public init(name: String, text: String, origin: SourceLocation? = nil) {
            self.name = name
            self.text = text
            self.origin = origin
        }

        /// Where `line`:`column` of the text is in the pack, if known.
        public func packLocation(line: Int, column: Int) -> SourceLocation? {
            guard let origin, line >= 1, column >= 1 else { return nil }
            return SourceLocation(file: origin.file, line: origin.line + line - 1, column: origin.column + column - 1)
        }
    }
}

/// A rule's fix as data (`autofix:` in its pack entry). Only a fix that cannot change
/// behaviour beyond what the finding is about is given as `set`; a rule whose fix would
/// (connectivity, deleting or replacing data) says why with `none`.
public enum RuleAutofix: Sendable, Equatable {
    /// Set each key, in order, on the mapping the finding points at (the resource, or the
    /// nested item a check selects): a value written there is replaced, a missing key is
    /// added beside its siblings.
    case set([AutofixAssignment])
    /// No automatic fix, and why: shown in the rule's docs and when `--fix` skips it.
    case none(reason: String)

    /// The assignments, empty for `none`.
    public var assignments: [AutofixAssignment] {
        if case .set(let assignments) = self { return assignments }
        return []
    }
}

/// `key: value` of an autofix's `set`.
public struct AutofixAssignment: Sendable, Equatable {
    /// A key of the mapping the finding points at (one attribute, no path).
    public let key: String
    public let value: AutofixValue

    public init(key: String, value: AutofixValue) {
        self.key = key
        self.value = value
    }
}

/// The value an autofix writes: a scalar, or a parameter of the rule (its configured value
/// when the fix is planned, e.g. HA007's `min_days`).
public enum AutofixValue: Sendable, Equatable {
    case bool(Bool)
    case int(Int)
    case string(String)
    case parameter(String)

    /// The value for `rule` as a scalar, with a parameter read from the rule (nil when the
    /// parameter is not a single scalar).
    public func resolved(for rule: Rule) -> AutofixValue? {
        guard case .parameter(let name) = self else { return self }
        switch rule.parameter(name) {
        case .bool(let flag)?: return .bool(flag)
        case .int(let number)?: return .int(number)
        case .string(let text)?: return .string(text)
        default: return nil
        }
    }

    /// How the pack and the docs write it: `true`, `14`, `"text"`, `{param: min_days}`.
    public var description: String {
        switch self {
        case .bool(let flag): return String(flag)
        case .int(let number): return String(number)
        case .string(let text): return "\"\(text)\""
        case .parameter(let name): return "{param: \(name)}"
        }
    }
}
