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
        index.resources[spec].flatMap { handle in
            handle.record.records("waivers").map { record in
                WrittenWaiver(owner: handle, rule: record.string("rule") ?? "", reason: record.string("reason") ?? "",
                              expires: record.string("expires").flatMap(CalendarDate.init(iso:)), position: record.position,
                              rulePosition: record.written("rule")?.position ?? record.position)
            }
        }
    }

    func isExpired(on today: CalendarDate) -> Bool {
        expires.map { $0 < today } ?? false
    }

    /// Whether this waiver covers `finding`.
    func covers(_ finding: Finding, in index: ModelIndex) -> Bool {
        let spec = index.workspace.specs[owner.spec]
        return finding.rule == rule && finding.resource == owner.id && finding.location.file == spec.path
    }
}
