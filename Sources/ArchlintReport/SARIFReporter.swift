import ArchlintFindings
import Foundation

/// SARIF 2.1.0 for GitHub code scanning and other SARIF consumers: the rules that ran as the
/// driver's rules, each finding as a result with a location and a fingerprint that survives
/// line moves, waived findings as suppressions, load errors as tool notifications.
public struct SARIFReporter: Sendable {
    public init() {}

    public func render(_ report: LintReport) -> String {
        Self.encode(log(report))
    }

    /// The log as archlint writes it: pretty-printed with sorted keys, so the same report is
    /// the same bytes.
    static func encode(_ log: SARIF.Log) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(log)) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    func log(_ report: LintReport) -> SARIF.Log {
        var results = SARIF.ResultBuilder(report)
        return log(report, results: report.findings.map { results.result($0) })
    }

    /// The run of `report` (its rules, load errors, invocation) carrying `results`: `check`'s
    /// are the report's findings; `diff`'s add each one's baseline state and the fixed ones.
    func log(_ report: LintReport, results: [SARIF.Result]) -> SARIF.Log {
        let rules = SARIF.ResultBuilder.sortedRules(report)
        let notifications = report.errors.map { error in
            SARIF.Notification(
                level: "error", message: .init(text: error.message),
                locations: [SARIF.location(error.location, logical: nil)])
        }
        return SARIF.Log(runs: [
            SARIF.Run(
                tool: .init(
                    driver: .init(
                        name: "archlint", version: ArchlintVersion.current, semanticVersion: ArchlintVersion.current,
                        rules: rules.map { rule in
                            SARIF.ReportingDescriptor(
                                id: rule.id, name: rule.name,
                                shortDescription: .init(text: rule.summary),
                                fullDescription: .init(text: rule.rationale.isEmpty ? rule.summary : rule.rationale),
                                help: .init(
                                    text: "\(rule.fix)\nMore: archlint rules \(rule.id)",
                                    markdown: rule.page.isEmpty ? nil : rule.page),
                                defaultConfiguration: .init(level: SARIF.level(rule.severity)),
                                properties: .init(tags: [rule.pack], securitySeverity: SARIF.securitySeverity(rule.severity)))
                        })),
                // Every uri is relative to the repository root; code scanning supplies the
                // checkout as %SRCROOT%. No absolute uri here: the report must be the same bytes
                // wherever the repository is checked out.
                originalUriBaseIds: ["%SRCROOT%": .init(description: .init(text: "The repository root: the folder holding .git above the specs."))],
                invocations: [.init(executionSuccessful: report.errors.isEmpty, toolExecutionNotifications: notifications)],
                results: results
            )
        ])
    }
}

/// The parts of SARIF 2.1.0 archlint writes, as Codable types.
public enum SARIF {
    /// Turns findings into results: the rule's index among the driver's rules, and a
    /// fingerprint that survives line moves. It counts occurrences, so it is given findings
    /// in the report's order.
    struct ResultBuilder {
        private let ruleIndex: [String: Int]
        private var occurrences: [String: Int] = [:]

        init(_ report: LintReport) {
            ruleIndex = Dictionary(uniqueKeysWithValues: Self.sortedRules(report).enumerated().map { ($1.id, $0) })
        }

        /// The driver's rules, by ID.
        static func sortedRules(_ report: LintReport) -> [RuleInfo] {
            report.rules.values.sorted { $0.id < $1.id }
        }

        /// Stable across edits that move lines: rule, stack, environment and resource.
        static func fingerprintKey(_ finding: Finding) -> String {
            "\(finding.rule)/\(finding.stack)/\(finding.environment)/\(finding.resource)"
        }

        /// `finding` as a result. Its fingerprint adds which occurrence it is when one rule
        /// finds several problems on one resource: the next one counted here, unless
        /// `occurrence` (0-based) says otherwise.
        mutating func result(_ finding: Finding, baselineState: String? = nil, occurrence: Int? = nil) -> Result {
            let key = Self.fingerprintKey(finding)
            let occurrence = occurrence ?? occurrences[key, default: 0]
            occurrences[key] = occurrence + 1
            return Result(
                ruleId: finding.rule,
                ruleIndex: ruleIndex[finding.rule],
                level: SARIF.level(finding.severity),
                message: .init(text: finding.message),
                locations: [SARIF.location(finding.location, logical: "\(finding.stackEnvironment)/\(finding.resource)")],
                relatedLocations: finding.related.isEmpty
                    ? nil
                    : finding.related.enumerated().map { index, related in
                        var location = SARIF.location(related.location, logical: nil)
                        location.id = index
                        location.message = .init(text: related.note)
                        return location
                    },
                codeFlows: finding.path.map { path in
                    // One thread flow: each hop at what allowed it, with "→PORT TO" as its message.
                    [
                        CodeFlow(threadFlows: [
                            ThreadFlow(
                                locations: path.map { hop in
                                    var location = SARIF.location(hop.allowedBy.location, logical: nil)
                                    location.message = .init(text: hop.text)
                                    return ThreadFlowLocation(location: location)
                                })
                        ])
                    ]
                },
                partialFingerprints: ["archlint/v1": occurrence == 0 ? key : "\(key)#\(occurrence + 1)"],
                baselineState: baselineState,
                suppressions: finding.waiver.map { waiver in
                    [
                        Suppression(
                            kind: waiver.source == .spec ? "inSource" : "external", status: "accepted",
                            justification: waiver.expires.map { "\(waiver.reason) (until \($0))" } ?? waiver.reason)
                    ]
                })
        }
    }

    public struct Log: Codable, Sendable {
        public var schema = "https://json.schemastore.org/sarif-2.1.0.json"
        public var version = "2.1.0"
        public var runs: [Run]

        enum CodingKeys: String, CodingKey {
            case schema = "$schema", version, runs
        }
    }

    public struct Run: Codable, Sendable {
        public var tool: Tool
        public var originalUriBaseIds: [String: BaseLocation]
        public var invocations: [Invocation]
        public var results: [Result]
    }

    public struct Tool: Codable, Sendable {
        public var driver: Driver
    }

    public struct Driver: Codable, Sendable {
        public var name: String
        public var version: String
        public var semanticVersion: String
        public var rules: [ReportingDescriptor]
    }

    public struct ReportingDescriptor: Codable, Sendable {
        public var id: String
        public var name: String
        public var shortDescription: Message
        public var fullDescription: Message
        public var help: MultiformatMessage
        public var defaultConfiguration: Configuration
        public var properties: Properties
    }

    public struct Configuration: Codable, Sendable {
        public var level: String
    }

    public struct Properties: Codable, Sendable {
        public var tags: [String]
        /// GitHub code scanning reads a rule's severity from this, as a number in a string.
        public var securitySeverity: String

        enum CodingKeys: String, CodingKey {
            case tags, securitySeverity = "security-severity"
        }
    }

    public struct Message: Codable, Sendable {
        public var text: String
    }

    /// A message in plain text and, optionally, Markdown.
    public struct MultiformatMessage: Codable, Sendable {
        public var text: String
        public var markdown: String?
    }

    public struct Invocation: Codable, Sendable {
        public var executionSuccessful: Bool
        public var toolExecutionNotifications: [Notification]
    }

    public struct Notification: Codable, Sendable {
        public var level: String
        public var message: Message
        public var locations: [Location]
    }

    public struct Result: Codable, Sendable {
        public var ruleId: String
        public var ruleIndex: Int?
        public var level: String
        public var message: Message
        public var locations: [Location]
        /// Where a value written under a YAML anchor was used.
        public var relatedLocations: [Location]?
        /// The network path of a REACH001 or REACH002 finding.
        public var codeFlows: [CodeFlow]?
        public var partialFingerprints: [String: String]
        /// How the result compares with a baseline run (`archlint diff`): `new`,
        /// `unchanged`, `updated` or `absent`; nil for `check`, which compares with nothing.
        public var baselineState: String?
        public var suppressions: [Suppression]?
    }

    public struct CodeFlow: Codable, Sendable {
        public var threadFlows: [ThreadFlow]
    }

    public struct ThreadFlow: Codable, Sendable {
        public var locations: [ThreadFlowLocation]
    }

    public struct ThreadFlowLocation: Codable, Sendable {
        public var location: Location
    }

    public struct Suppression: Codable, Sendable {
        public var kind: String
        public var status: String
        public var justification: String
    }

    public struct Location: Codable, Sendable {
        /// Set on related locations, which SARIF numbers within a result.
        public var id: Int?
        public var physicalLocation: PhysicalLocation
        public var logicalLocations: [LogicalLocation]?
        public var message: Message?
    }

    public struct PhysicalLocation: Codable, Sendable {
        public var artifactLocation: ArtifactLocation
        public var region: Region
    }

    /// A base the results' relative uris are resolved against.
    public struct BaseLocation: Codable, Sendable {
        public var description: Message
    }

    public struct ArtifactLocation: Codable, Sendable {
        public var uri: String
        public var uriBaseId: String?
    }

    public struct Region: Codable, Sendable {
        public var startLine: Int
        public var startColumn: Int
    }

    public struct LogicalLocation: Codable, Sendable {
        public var fullyQualifiedName: String
        public var kind: String
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "note"
        }
    }

    /// GitHub's `security-severity` for a rule's highest severity. GitHub reads above 9.0
    /// as critical, 7.0 to 8.9 as high, 4.0 to 6.9 as medium and below 4.0 as low; archlint's
    /// error is high, warning medium and info low (docs/output.md).
    static func securitySeverity(_ severity: Severity) -> String {
        switch severity {
        case .error: "8.0"
        case .warning: "5.0"
        case .info: "2.0"
        }
    }

    /// A relative path stays relative to the checkout (`%SRCROOT%`), as code scanning wants.
    static func location(_ location: SourceLocation, logical: String?) -> Location {
        let relative = !location.file.hasPrefix("/")
        var uri = location.file
        while uri.hasPrefix("./") { uri.removeFirst(2) }
        return Location(
            id: nil,
            physicalLocation: .init(
                artifactLocation: .init(uri: relative ? uri : "file://" + uri, uriBaseId: relative ? "%SRCROOT%" : nil),
                region: .init(startLine: location.line, startColumn: location.column)),
            logicalLocations: logical.map { [.init(fullyQualifiedName: $0, kind: "resource")] },
            message: nil)
    }
}
