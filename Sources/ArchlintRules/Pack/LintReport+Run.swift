import ArchlintFindings
import ArchlintModel

extension LintReport {
    /// Records what reporters show beside the findings: the rules that ran (by ID) and the
    /// specs that loaded. Every command that reports calls this, so they cannot differ.
    public mutating func describe(rules: [Rule], workspace: Workspace) {
        self.rules = Dictionary(rules.map { ($0.id, $0.info) }, uniquingKeysWith: { first, _ in first })
        specs = workspace.specs.filter { !$0.isContext }.map {
            LoadedSpec(stack: $0.stack.value, environment: $0.environment.value.rawValue, file: $0.path)
        }
    }
}
