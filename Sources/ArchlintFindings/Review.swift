/// What `archlint diff` found: how the architecture changed between two versions of the
/// specs (base and head), and how the findings moved. Reporters read only this: plain
/// values (names as printed, locations), no model.

/// Which specs one side of a review read.
public struct ReviewSide: Hashable, Sendable {
    /// The revision as the user named it (`--base main`), or the folder or file given.
    public var name: String
    /// The commit that revision resolved to (nil for a folder, and for the working tree).
    public var commit: String?

    public init(name: String, commit: String? = nil) {
        self.name = name
        self.commit = commit
    }
}

/// One field of a resource that differs between the sides: `ingress[1].from`, the old and the
/// new value as a spec writes them (nil: absent on that side), and where it is now (or was,
/// when the head no longer has it).
public struct FieldChange: Hashable, Sendable {
    public var path: String
    public var old: String?
    public var new: String?
    public var location: SourceLocation

    public init(path: String, old: String?, new: String?, location: SourceLocation) {
        self.path = path
        self.old = old
        self.new = new
        self.location = location
    }
}

/// A resource added, removed or changed, matched across the sides by stack, environment,
/// kind and name.
public struct ResourceChange: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        case added, removed, changed
    }

    public var stack: String
    public var environment: String
    /// `KIND/NAME`, as findings name resources.
    public var resource: String
    public var change: Kind
    /// The fields that differ (only for `changed`), in schema order.
    public var fields: [FieldChange]
    /// Where the resource is in the head (in the base, when removed).
    public var location: SourceLocation

    public init(stack: String, environment: String, resource: String, change: Kind, fields: [FieldChange] = [], location: SourceLocation) {
        self.stack = stack
        self.environment = environment
        self.resource = resource
        self.change = change
        self.fields = fields
        self.location = location
    }

    public var stackEnvironment: String { "\(stack)/\(environment)" }

    /// Stack, environment, then resource: the order every output lists changes in.
    public static func ordered(_ a: ResourceChange, _ b: ResourceChange) -> Bool {
        (a.stack, a.environment, a.resource) < (b.stack, b.environment, b.resource)
    }
}

/// A finding of the head whose key the base had at a lower severity.
public struct EscalatedFinding: Hashable, Sendable {
    public var finding: Finding
    public var previousSeverity: Severity

    public init(finding: Finding, previousSeverity: Severity) {
        self.finding = finding
        self.previousSeverity = previousSeverity
    }
}

/// How one stack-environment changed, for summary lines and tables.
public struct ReviewTotals: Hashable, Sendable {
    public var stack: String
    public var environment: String
    public var added = 0
    public var changed = 0
    public var removed = 0
    public var newFindings = 0
    public var escalated = 0
    public var fixed = 0

    public init(stack: String, environment: String) {
        self.stack = stack
        self.environment = environment
    }

    public var stackEnvironment: String { "\(stack)/\(environment)" }
    public var isEmpty: Bool { added + changed + removed + newFindings + escalated + fixed == 0 }
}

/// The whole review.
public struct ReviewReport: Sendable {
    public var base: ReviewSide
    public var head: ReviewSide
    /// Resource changes, ordered by stack, environment and resource.
    public var changes: [ResourceChange]
    /// Findings of the head whose key the base did not have, in `check`'s order.
    public var newFindings: [Finding]
    public var escalated: [EscalatedFinding]
    /// Findings of the base whose key the head no longer has (located in the base).
    public var fixed: [Finding]
    /// Findings of the head the base had too, at the same or a higher severity.
    public var unchanged: [Finding]
    /// The head's run, as `check` reports it: load errors, evaluations, rule descriptions,
    /// the gate. JUnit and SARIF describe the head's checks.
    public var headReport: LintReport
    /// The base's load errors: said as notes, never fatal (a broken base must not block
    /// its fix).
    public var baseErrors: [Diagnostic]
    /// Per changed stack-environment, a Mermaid diagram of the change (added green, changed
    /// amber, removed dashed red), made by the pipeline: reporters only embed it.
    public var diagrams: [String: String]

    public init(
        base: ReviewSide, head: ReviewSide, changes: [ResourceChange], newFindings: [Finding], escalated: [EscalatedFinding],
        fixed: [Finding], unchanged: [Finding], headReport: LintReport, baseErrors: [Diagnostic] = [], diagrams: [String: String] = [:]
    ) {
        self.base = base
        self.head = head
        self.changes = changes
        self.newFindings = newFindings
        self.escalated = escalated
        self.fixed = fixed
        self.unchanged = unchanged
        self.headReport = headReport
        self.baseErrors = baseErrors
        self.diagrams = diagrams
    }

    /// Whether a finding of the head fails the ratchet: new or escalated, at or above the
    /// gate, not waived or baselined. Unchanged findings never do.
    public var gatingFindings: [Finding] {
        (newFindings + escalated.map(\.finding)).filter(headReport.failsGate)
    }

    /// 2 when the head did not load, 1 when a new or escalated finding reaches the gate, else 0.
    public var exitStatus: ExitStatus {
        ExitStatus.decide(errors: headReport.errors.count, gatingFindings: !gatingFindings.isEmpty)
    }

    /// One entry per stack-environment that changed or whose findings moved, in order.
    public var totals: [ReviewTotals] {
        var byName: [String: ReviewTotals] = [:]
        func update(_ stack: String, _ environment: String, _ change: (inout ReviewTotals) -> Void) {
            let key = "\(stack)/\(environment)"
            var totals = byName[key] ?? ReviewTotals(stack: stack, environment: environment)
            change(&totals)
            byName[key] = totals
        }
        for change in changes {
            update(change.stack, change.environment) { totals in
                switch change.change {
                case .added: totals.added += 1
                case .changed: totals.changed += 1
                case .removed: totals.removed += 1
                }
            }
        }
        for finding in newFindings { update(finding.stack, finding.environment) { $0.newFindings += 1 } }
        for escalated in escalated { update(escalated.finding.stack, escalated.finding.environment) { $0.escalated += 1 } }
        for finding in fixed { update(finding.stack, finding.environment) { $0.fixed += 1 } }
        return byName.values.sorted { ($0.stack, $0.environment) < ($1.stack, $1.environment) }
    }
}
