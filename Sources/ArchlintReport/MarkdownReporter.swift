import ArchlintFindings

/// `--format markdown`: a summary for a pull-request comment or `$GITHUB_STEP_SUMMARY` —
/// the verdict, totals per stack-environment and severity, the findings that fail the gate,
/// and the rest folded away.
public struct MarkdownReporter: Sendable {
    /// Mermaid diagrams by `STACK/ENVIRONMENT`, drawn by the caller (reporters do not see
    /// the model); each is embedded folded, so a pull-request comment shows the picture.
    public let diagrams: [String: EmbeddedDiagram]

    public init(diagrams: [String: EmbeddedDiagram] = [:]) {
        self.diagrams = diagrams
    }

    public func render(_ report: LintReport) -> String {
        let gating = report.findings.filter(report.failsGate)
        let other = report.findings.filter { !$0.isWaived && !report.failsGate($0) }
        let waived = report.findings.filter(\.isWaived)
        var out = "## archlint\n\n"
        switch report.exitStatus {
        case 0: out += "✅ **Passed**: no finding at or above `\(report.failOn?.rawValue ?? "none")`.\n\n"
        case 1: out += "❌ **Failed**: \(gating.count) \(gating.count == 1 ? "finding" : "findings") at or above `\(report.failOn?.rawValue ?? "none")`.\n\n"
        default: out += "⚠️ **Could not check everything**: \(report.errors.count) load \(report.errors.count == 1 ? "error" : "errors").\n\n"
        }
        out += "\(report.fileCount) spec \(report.fileCount == 1 ? "file" : "files"), \(report.resourceCount) resources.\n\n"

        // Totals per stack-environment.
        var names = Set(report.specs.map(\.name))
        names.formUnion(report.findings.map(\.stackEnvironment))
        if !names.isEmpty {
            out += "| stack | error | warning | info | waived |\n|---|---:|---:|---:|---:|\n"
            for name in names.sorted() {
                let mine = report.findings.filter { $0.stackEnvironment == name }
                func count(_ severity: Severity) -> Int { mine.filter { $0.severity == severity && !$0.isWaived }.count }
                out += "| \(cell(name)) | \(count(.error)) | \(count(.warning)) | \(count(.info)) | \(mine.filter(\.isWaived).count) |\n"
            }
            out += "\n"
        }
        if !report.errors.isEmpty {
            out += "### Specs that could not be loaded\n\n| file | line | error |\n|---|---:|---|\n"
            for error in report.errors {
                out += "| `\(cell(error.location.file))` | \(error.location.line) | \(cell(error.message)) |\n"
            }
            out += "\n"
        }
        if !gating.isEmpty {
            out += "### Findings that fail the gate\n\n" + table(gating) + "\n"
        }
        if !other.isEmpty {
            out += "<details><summary>\(other.count) more \(other.count == 1 ? "finding" : "findings") below the gate</summary>\n\n" + table(other) + "\n</details>\n\n"
        }
        for name in diagrams.keys.sorted() {
            switch diagrams[name]! {
            case .drawn(let mermaid):
                out += "<details><summary>Diagram of \(cell(name))</summary>\n\n```mermaid\n\(mermaid)```\n\n</details>\n\n"
            case .omitted(let reason):
                out += "<details><summary>Diagram of \(cell(name))</summary>\n\n\(cell(reason))\n\n</details>\n\n"
            }
        }
        if !waived.isEmpty {
            out += "<details><summary>\(waived.count) waived</summary>\n\n| rule | resource | reason | until |\n|---|---|---|---|\n"
            for finding in waived {
                out += "| \(finding.rule) | \(cell(finding.stackEnvironment)) `\(cell(finding.resource))` | \(cell(finding.waiver?.reason ?? "")) | \(finding.waiver?.expires ?? "") |\n"
            }
            out += "\n</details>\n"
        }
        return out
    }

    private func table(_ findings: [Finding]) -> String {
        var out = "| severity | rule | where | resource | message |\n|---|---|---|---|---|\n"
        for finding in findings {
            out += "| \(finding.severity.rawValue) | \(finding.rule) | `\(cell(finding.location.file)):\(finding.location.line)` | \(cell(finding.stackEnvironment)) `\(cell(finding.resource))` | \(cell(finding.message)) |\n"
        }
        return out
    }

    /// Text safe inside a table cell: pipes escaped, line breaks flattened, HTML neutralised.
    private func cell(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "|": out += "\\|"
            case "\n", "\r": out += " "
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.append(character)
            }
        }
        return out
    }
}
