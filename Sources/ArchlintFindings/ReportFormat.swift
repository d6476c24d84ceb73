/// The report formats, by the identifier the command line (`--format`) and the
/// configuration (`reports:` keys) use. The renderer of each is in `ArchlintPipeline`'s
/// `ReporterRegistry`; this list sits here, below it, so the configuration reader (in
/// `ArchlintRules`) derives its keys from the same identifiers.
public enum ReportFormat: String, Sendable, CaseIterable, Hashable {
    // In the order `--format` lists them.
    case text, json, junit, sarif, github, markdown

    /// The formats a run writes to files (the configuration's `reports:` keys), in the order
    /// they are written and announced. Text and GitHub annotations are for a terminal or a
    /// CI log only.
    public static let files: [ReportFormat] = [.junit, .sarif, .json, .markdown]
}
