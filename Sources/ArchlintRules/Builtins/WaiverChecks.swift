import ArchlintFindings
import ArchlintModel

/// A `waivers:` entry of a resource, read from the model.
struct WrittenWaiver {
    let owner: ResourceHandle
    let rule: String
    let reason: String
    let expires: CalendarDate?
    let position: SourcePosition

    /// Every waiver written on the resources of `spec`.
    static func all(in spec: Int, _ index: ModelIndex) -> [WrittenWaiver] {
        index.resources[spec].flatMap { handle in
            handle.record.records("waivers").map { record in
                WrittenWaiver(owner: handle, rule: record.string("rule") ?? "", reason: record.string("reason") ?? "",
                              expires: record.string("expires").flatMap(CalendarDate.init(iso:)), position: record.position)
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

/// META001: a waiver past its `expires` date. It no longer applies; the finding it waived
/// counts again, and this says why.
struct WaiverExpiredCheck: BuiltinCheck {
    let name = "waiver-expired"
    let summary = "Waivers whose expiry date has passed."

    func run(_ context: inout CheckContext) {
        for spec in context.applicableSpecs {
            for waiver in WrittenWaiver.all(in: spec, context.index) {
                context.evaluated(waiver.owner)
                guard waiver.isExpired(on: context.today), let expires = waiver.expires else { continue }
                context.report(waiver.owner, at: waiver.position,
                               "the waiver of \(waiver.rule) on \(waiver.owner.kind.words) '\(waiver.owner.name)' expired on \(expires), so the finding counts again; fix it, or renew the waiver with a new date and reason")
            }
        }
    }
}

/// META002: a waiver that matches no finding — the problem was fixed, or the waiver names
/// the wrong rule or resource. Either way it should go.
struct WaiverUnusedCheck: BuiltinCheck {
    let name = "waiver-unused"
    let summary = "Waivers (not expired) that match no finding of their resource."

    func run(_ context: inout CheckContext) {
        for spec in context.applicableSpecs {
            for waiver in WrittenWaiver.all(in: spec, context.index) {
                context.evaluated(waiver.owner)
                guard !waiver.isExpired(on: context.today) else { continue }
                if context.otherFindings.contains(where: { waiver.covers($0, in: context.index) }) { continue }
                context.report(waiver.owner, at: waiver.position,
                               "the waiver of \(waiver.rule) on \(waiver.owner.kind.words) '\(waiver.owner.name)' matches no finding; remove it")
            }
        }
    }
}
