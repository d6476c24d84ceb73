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
    /// Renders the rule's documentation page. Rendered only when asked for: every run
    /// describes all its rules, but only SARIF shows the pages, and rendering all 63 cost
    /// every run about 2 M instructions.
    private let renderPage: @Sendable () -> String

    /// The rule's documentation page in Markdown (`archlint rules ID`), for SARIF's
    /// `help.markdown`; empty when not known.
    public var page: String { renderPage() }

    public init(
        id: String, name: String, pack: String, summary: String, fix: String,
        rationale: String = "", severity: Severity = .error, page: @escaping @Sendable () -> String = { "" }
    ) {
        self.id = id
        self.name = name
        self.pack = pack
        self.summary = summary
        self.fix = fix
        self.rationale = rationale
        self.severity = severity
        self.renderPage = page
    }

    // What a rule is, apart from how its page is made (the page follows from the rule).
    public static func == (a: RuleInfo, b: RuleInfo) -> Bool {
        a.id == b.id && a.name == b.name && a.pack == b.pack && a.summary == b.summary && a.fix == b.fix
            && a.rationale == b.rationale && a.severity == b.severity
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(name)
        hasher.combine(pack)
    }
}
