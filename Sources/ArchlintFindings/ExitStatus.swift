/// The three exit statuses the contract defines. `decide` is the one place an outcome
/// becomes one; the commands, and the reporters' verdicts (Markdown, HTML), ask it.
public enum ExitStatus: Int32, Sendable, CaseIterable {
    /// Nothing fails the gate and everything was read and written.
    case clean = 0
    /// At least one active finding at or above the gate.
    case findings = 1
    /// Something could not be loaded, written or done as asked; findings do not matter then.
    case unusable = 2

    /// - Parameters:
    ///   - errors: load errors (specs, configuration, rule packs, baseline).
    ///   - gatingFindings: whether an active finding reaches the gate (false where findings
    ///     are not a gate, as for a diagram).
    ///   - failedOutputs: reports or files that could not be written, and requests refused
    ///     (`--reports` over part of the estate).
    public static func decide(errors: Int, gatingFindings: Bool, failedOutputs: Int = 0) -> ExitStatus {
        if errors > 0 || failedOutputs > 0 { return .unusable }
        return gatingFindings ? .findings : .clean
    }
}
