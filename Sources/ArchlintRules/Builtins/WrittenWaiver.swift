import ArchlintFindings
import ArchlintModel

/// A `waivers:` entry of a resource, read from the model.
struct WrittenWaiver {
    let owner: ResourceHandle
    let rule: String
    let reason: String
    let expires: CalendarDate?
    let position: SourcePosition
    /// Where the rule ID is written.
    let rulePosition: SourcePosition

    /// Every waiver written on the resources of `spec`.
    static func all(in spec: Int, _ index: ModelIndex) -> [WrittenWaiver] {
        index.waived[spec].flatMap { handle in
            index.workspace.common(at: handle.address).waivers.map { waiver in
                WrittenWaiver(
                    owner: handle, rule: waiver.rule.value, reason: waiver.reason.value,
                    expires: waiver.expires?.value, position: waiver.position,
                    rulePosition: waiver.rule.position)
            }
        }
    }

    func isExpired(on today: CalendarDate) -> Bool {
        expires.map { $0 < today } ?? false
    }

    /// What a finding must match to be covered by this waiver.
    func key(in index: ModelIndex) -> WaiverKey {
        WaiverKey(rule: rule, resource: owner.id, file: index.workspace.specs[owner.spec].path)
    }
}

/// What a spec waiver and the findings it covers have in common: the rule, the resource
/// (`KIND/NAME`) and the file. Waivers are matched to findings through a set or a table of
/// these, never by comparing every waiver with every finding.
struct WaiverKey: Hashable {
    let rule: String
    let resource: String
    let file: String

    init(rule: String, resource: String, file: String) {
        self.rule = rule
        self.resource = resource
        self.file = file
    }

    init(_ finding: Finding) {
        self.init(rule: finding.rule, resource: finding.resource, file: finding.location.file)
    }
}
