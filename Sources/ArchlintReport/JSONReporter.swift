import ArchlintFindings

/// `--format json`: one object with the findings, the load errors and a summary, in the
/// shape the contract fixes (`docs/output.md`).
public enum JSONReporter {
    public static func render(_ report: LintReport) -> String {
        document(report).rendered()
    }

    public static func document(_ report: LintReport) -> JSONValue {
        .object([
            "archlint": .string(ArchlintVersion.current),
            "findings": .array(report.findings.map(finding)),
            "errors": .array(report.errors.map(error)),
            "summary": .object([
                "files": .int(report.fileCount),
                "resources": .int(report.resourceCount),
                "findings": .object(
                    Dictionary(
                        uniqueKeysWithValues: Severity.allCases.map {
                            ($0.rawValue, JSONValue.int(report.count($0)))
                        })),
                "waived": .int(report.waivedCount),
                "errors": .int(report.errors.count),
            ]),
        ])
    }

    static func finding(_ finding: Finding) -> JSONValue {
        var fields: [String: JSONValue] = [
            "rule": .string(finding.rule),
            "name": .string(finding.name),
            "pack": .string(finding.pack),
            "severity": .string(finding.severity.rawValue),
            "stack": .string(finding.stack),
            "environment": .string(finding.environment),
            "resource": .string(finding.resource),
            "file": .string(finding.location.file),
            "line": .int(finding.location.line),
            "column": .int(finding.location.column),
            "message": .string(finding.message),
            "waived": .bool(finding.isWaived),
            "waiver": finding.waiver.map { waiver in
                .object([
                    "reason": .string(waiver.reason),
                    "expires": waiver.expires.map(JSONValue.string) ?? .null,
                    "source": .string(waiver.source.rawValue),
                ])
            } ?? .null,
        ]
        if let path = finding.path { fields["path"] = .array(path.map(hop)) }
        return .object(fields)
    }

    /// `{"from", "to", "port", "allowed_by": {"resource", "file", "line", "column"}}`; the
    /// port is a number, or `invoke` or `all`. The `paths` command writes its hops the same way.
    public static func hop(_ hop: PathHop) -> JSONValue {
        let port: JSONValue
        switch hop.port {
        case .number(let number): port = .int(number)
        case .invoke, .all: port = .string(hop.port.description)
        }
        return .object([
            "from": .string(hop.from),
            "to": .string(hop.to),
            "port": port,
            "allowed_by": .object([
                "resource": .string(hop.allowedBy.resource),
                "file": .string(hop.allowedBy.location.file),
                "line": .int(hop.allowedBy.location.line),
                "column": .int(hop.allowedBy.location.column),
            ]),
        ])
    }

    static func error(_ diagnostic: Diagnostic) -> JSONValue {
        .object([
            "file": .string(diagnostic.location.file),
            "line": .int(diagnostic.location.line),
            "column": .int(diagnostic.location.column),
            "message": .string(diagnostic.message),
        ])
    }
}
