import ArchlintModel

/// META001: a waiver past its `expires` date. It no longer applies; the finding it waived
/// counts again, and this says why.
struct WaiverExpiredCheck: BuiltinCheck {
    let name = "waiver-expired"
    let summary = "Waivers whose expiry date has passed."

    func run(_ context: inout CheckContext) {
        for spec in context.applicableSpecs {
            // A waiver of a rule that did not run (switched off, or unknown: an error of its
            // own) has nothing to count again or to match.
            for waiver in WrittenWaiver.all(in: spec, context.index) where context.runningRules.contains(waiver.rule) {
                context.evaluated(waiver.owner)
                guard waiver.isExpired(on: context.today), let expires = waiver.expires else { continue }
                context.report(
                    waiver.owner, at: waiver.position,
                    "the waiver of \(waiver.rule) on \(waiver.owner.kind.words) '\(waiver.owner.name)' expired on \(expires), so the finding counts again; fix it, or renew the waiver with a new date and reason"
                )
            }
        }
    }
}
