import ArchlintFindings

extension Rule {
    /// What reporters need to know about the rule (they never see the check itself).
    public var info: RuleInfo {
        RuleInfo(
            id: id, name: name, pack: pack, summary: summary, fix: fix,
            rationale: rationale, severity: severity.highest, page: { RulePage.markdown(self) })
    }
}
