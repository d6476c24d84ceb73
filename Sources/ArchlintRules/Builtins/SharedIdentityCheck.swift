import ArchlintModel

/// SEC006: a role or secret that both a production and a non-production environment of
/// one stack use. A compromise of the weaker environment then reaches production.
struct SharedIdentityCheck: BuiltinCheck {
    let name = "shared-identity"
    let summary = "Roles and secrets referred to from both production and non-production environments of one stack."

    func run(_ context: inout CheckContext) {
        let index = context.index
        for spec in context.applicableSpecs {
            for handle in index.resources(of: .role, in: spec) + index.resources(of: .secret, in: spec) {
                context.evaluated(handle)
                var environments = Set<Environment>()
                for referrer in index.referrers(of: handle) where referrer.stackEnvironment.stack == handle.stackEnvironment.stack {
                    environments.insert(referrer.stackEnvironment.environment)
                }
                let production = environments.contains(.production)
                let others = environments.subtracting([.production, .shared]).map(\.rawValue).sorted()
                guard production, !others.isEmpty else { continue }
                context.report(
                    handle, at: index.workspace.common(at: handle.address).position,
                    "\(handle.kind.words) '\(handle.name)' is used by production and by \(inWords(others)); give each environment its own \(handle.kind.words) so that a compromise of one does not reach the other"
                )
            }
        }
    }
}
