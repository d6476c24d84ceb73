import ArchlintModel

/// META002: a waiver that matches no finding — the problem was fixed, or the waiver names
/// the wrong rule or resource. Either way it should go.
struct WaiverUnusedCheck: BuiltinCheck {
    let name = "waiver-unused"
    let summary = "Waivers (not expired) that match no finding of their resource."

    func run(_ context: inout CheckContext) {
        // Every finding once, as the keys waivers match: linear in findings plus waivers.
        let covered = Set(context.otherFindings.lazy.map(WaiverKey.init))
        for spec in context.applicableSpecs {
            // A waiver of a rule that did not run (switched off, or unknown: an error of its
            // own) has nothing to count again or to match.
            for waiver in WrittenWaiver.all(in: spec, context.index) where context.runningRules.contains(waiver.rule) {
                context.evaluated(waiver.owner)
                guard !waiver.isExpired(on: context.today) else { continue }
                if covered.contains(waiver.key(in: context.index)) { continue }
                context.report(
                    waiver.owner, at: waiver.position,
                    "the waiver of \(waiver.rule) on \(waiver.owner.kind.words) '\(waiver.owner.name)' matches no finding; remove it")
            }
        }
    }
}
