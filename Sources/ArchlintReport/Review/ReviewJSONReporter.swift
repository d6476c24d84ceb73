import ArchlintFindings

/// `archlint diff --format json`: what changed and how the findings moved, with findings
/// shaped as `check`'s (`docs/output.md`).
public enum ReviewJSONReporter {
    public static func render(_ review: ReviewReport) -> String {
        document(review).rendered()
    }

    public static func document(_ review: ReviewReport) -> JSONValue {
        let added = review.changes.filter { $0.change == .added }.count
        let removed = review.changes.filter { $0.change == .removed }.count
        return .object([
            "archlint": .string(ArchlintVersion.current),
            "base": side(review.base),
            "head": side(review.head),
            "changes": .array(review.changes.map(change)),
            "findings": .object([
                "new": .array(review.newFindings.map(JSONReporter.finding)),
                "escalated": .array(
                    review.escalated.map { entry in
                        guard case .object(var fields) = JSONReporter.finding(entry.finding) else { return .null }
                        fields["previous_severity"] = .string(entry.previousSeverity.rawValue)
                        return .object(fields)
                    }),
                "fixed": .array(review.fixed.map(JSONReporter.finding)),
                "unchanged": .int(review.unchanged.count),
            ]),
            "errors": .array(review.headReport.errors.map(JSONReporter.error)),
            "base_errors": .array(review.baseErrors.map(JSONReporter.error)),
            "summary": .object([
                "resources": .object([
                    "added": .int(added),
                    "changed": .int(review.changes.count - added - removed),
                    "removed": .int(removed),
                ]),
                "findings": .object([
                    "new": .int(review.newFindings.count),
                    "escalated": .int(review.escalated.count),
                    "fixed": .int(review.fixed.count),
                    "unchanged": .int(review.unchanged.count),
                ]),
                "gating": .int(review.gatingFindings.count),
                "fail_on": review.headReport.failOn.map { .string($0.rawValue) } ?? .null,
                "exit_status": .int(Int(review.exitStatus.rawValue)),
            ]),
        ])
    }

    static func side(_ side: ReviewSide) -> JSONValue {
        .object(["rev": .string(side.name), "commit": side.commit.map(JSONValue.string) ?? .null])
    }

    static func change(_ change: ResourceChange) -> JSONValue {
        .object([
            "stack": .string(change.stack),
            "environment": .string(change.environment),
            "resource": .string(change.resource),
            "change": .string(change.change.rawValue),
            "file": .string(change.location.file),
            "line": .int(change.location.line),
            "column": .int(change.location.column),
            "fields": .array(
                change.fields.map { field in
                    .object([
                        "path": .string(field.path),
                        "old": field.old.map(JSONValue.string) ?? .null,
                        "new": field.new.map(JSONValue.string) ?? .null,
                        "file": .string(field.location.file),
                        "line": .int(field.location.line),
                        "column": .int(field.location.column),
                    ])
                }),
        ])
    }
}
