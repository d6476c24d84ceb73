/// One rule evaluated on one resource, pass or fail: CI dashboards count passes too, so
/// reports list every evaluation, not only findings.
public struct Evaluation: Hashable, Sendable {
    public var rule: String
    public var pack: String
    public var stack: String
    public var environment: String
    /// `KIND/NAME`.
    public var resource: String
    /// Where the resource is written.
    public var location: SourceLocation

    public init(rule: String, pack: String, stack: String, environment: String, resource: String, location: SourceLocation) {
        self.rule = rule
        self.pack = pack
        self.stack = stack
        self.environment = environment
        self.resource = resource
        self.location = location
    }
}

/// What reporters need to know of a rule besides its findings.
public struct RuleInfo: Hashable, Sendable {
    public var id: String
    public var name: String
    public var pack: String
    public var summary: String
    public var fix: String
    public var rationale: String
    /// The highest severity the rule reports (its default level in SARIF).
    public var severity: Severity
    /// The rule's documentation page in Markdown (`archlint rules ID`), for SARIF's
    /// `help.markdown`; empty when not known.
    public var page: String

    public init(id: String, name: String, pack: String, summary: String, fix: String,
                rationale: String = "", severity: Severity = .error, page: String = "") {
        self.id = id
        self.name = name
        self.pack = pack
        self.summary = summary
        self.fix = fix
        self.rationale = rationale
        self.severity = severity
        self.page = page
    }
}
