import ArchlintFindings

/// `--format github`: GitHub Actions workflow commands, which GitHub turns into annotations
/// on the pull request's files. GitHub shows only the first 10 annotations of each type per
/// step, so the reporter writes those and then says how many it left out.
public struct GitHubReporter: Sendable {
    /// Annotations GitHub displays per type (error, warning, notice) per step.
    public static let shownPerType = 10

    public init() {}

    public func render(_ report: LintReport) -> String {
        var out = ""
        var written: [String: Int] = [:]
        var leftOut = 0
        for error in report.errors {
            out += command("error", file: error.location.file, line: error.location.line, column: error.location.column,
                           title: "archlint: spec could not be loaded", message: error.message, &written, &leftOut)
        }
        for finding in report.findings where !finding.isWaived {
            let type: String
            switch finding.severity {
            case .error: type = "error"
            case .warning: type = "warning"
            case .info: type = "notice"
            }
            out += command(type, file: finding.location.file, line: finding.location.line, column: finding.location.column,
                           title: "\(finding.rule) \(finding.name)", message: "\(finding.message) [\(finding.stackEnvironment) \(finding.resource)]",
                           &written, &leftOut)
        }
        if leftOut > 0 {
            out += "::notice title=archlint::\(leftOut) more \(leftOut == 1 ? "finding was" : "findings were") not annotated: GitHub shows \(GitHubReporter.shownPerType) annotations of each type per step. See the job log or the JUnit/SARIF reports for all of them.\n"
        }
        out += TextReporter().summary(report) + "\n"
        return out
    }

    private func command(_ type: String, file: String, line: Int, column: Int, title: String, message: String,
                         _ written: inout [String: Int], _ leftOut: inout Int) -> String {
        let count = written[type, default: 0]
        guard count < GitHubReporter.shownPerType else {
            leftOut += 1
            return ""
        }
        written[type] = count + 1
        return "::\(type) file=\(property(file)),line=\(line),col=\(column),title=\(property(title))::\(data(message))\n"
    }

    /// Escaping of a workflow command's message.
    private func data(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            default: out.append(character)
            }
        }
        return out
    }

    /// Escaping of a workflow command's property values, which also reserve ':' and ','.
    private func property(_ text: String) -> String {
        var out = ""
        for character in data(text) {
            switch character {
            case ":": out += "%3A"
            case ",": out += "%2C"
            default: out.append(character)
            }
        }
        return out
    }
}
