import ArchlintAnalyses
import ArchlintFindings
import ArchlintModel

/// The `drift` pack's checks (DRIFT001–DRIFT003 of `terraform.md`): each reports one side of
/// what `archlint drift` compared (`TerraformDrift`, in the context). Only a run given a
/// plan runs them; every other run leaves them out (`DriftChecks.isDrift`), so they cost
/// `check` nothing and never judge a waiver of theirs unused.
public enum DriftChecks {
    /// The checks' names, as packs bind them.
    public static let names: Set<String> = [MissingInTerraformCheck().name, MissingInSpecCheck().name, FieldDiffersCheck().name]

    /// Whether `rule` is one of drift's: it needs a plan to say anything.
    public static func isDrift(_ rule: Rule) -> Bool {
        if case .builtin(let name) = rule.check { return names.contains(name) }
        return false
    }
}

/// How a resource of the spec is named in a drift message: `database 'orders'`, with its
/// Terraform address when known.
private func described(_ handle: ResourceHandle, address: String?) -> String {
    "\(handle.kind.words) '\(handle.name)'" + (address.map { " (\($0))" } ?? "")
}

/// DRIFT001: a spec resource of a kind the import covers that the plan does not have.
struct MissingInTerraformCheck: BuiltinCheck {
    let name = "missing-in-terraform"
    let summary = "Resources of the spec compared by `archlint drift` (of a kind the import covers) that the Terraform plan does not have (DRIFT001)."

    func run(_ context: inout CheckContext) {
        guard let drift = context.drift else { return }
        for kind in ResourceKind.allCases {
            for handle in context.index.resources(of: kind, in: drift.spec) { context.evaluated(handle) }
        }
        for resource in drift.missingInTerraform {
            guard let handle = context.index.handle(for: ResourceKey(spec: drift.spec, kind: resource.kind, name: resource.name)) else { continue }
            context.report(
                handle, at: handle.position,
                "\(handle.kind.words) '\(handle.name)' is in the spec but not in the Terraform plan: add it to the Terraform code, or remove it from the spec (if the plan names it under another name, give the spec's resource its x-terraform address)"
            )
        }
    }
}

/// DRIFT002: a resource of the plan that the spec does not have, reported on the spec's
/// `stack:` line since it has no place of its own in the spec.
struct MissingInSpecCheck: BuiltinCheck {
    let name = "missing-in-spec"
    let summary = "Resources of the Terraform plan that the spec compared by `archlint drift` does not have, on the spec's `stack:` line (DRIFT002)."

    func run(_ context: inout CheckContext) {
        guard let drift = context.drift else { return }
        let spec = context.index.workspace.specs[drift.spec]
        for resource in drift.missingInSpec {
            context.reportOnStack(
                spec: drift.spec, at: spec.stack.position,
                "the Terraform plan has \(resource.address) (\(resource.kind.words) '\(resource.name)' once imported), which the spec of \(spec.stackEnvironment) does not have: add it to the spec (archlint import terraform writes it), or remove it from the Terraform code"
            )
        }
    }
}

/// DRIFT003: a resource both sides have whose fields, where both state them, differ.
struct FieldDiffersCheck: BuiltinCheck {
    let name = "field-differs"
    let summary =
        "Resources of the spec compared by `archlint drift` whose fields differ from the Terraform plan's, where both state them: one finding per resource naming each field (DRIFT003)."

    func run(_ context: inout CheckContext) {
        guard let drift = context.drift else { return }
        for kind in ResourceKind.allCases {
            for handle in context.index.resources(of: kind, in: drift.spec) { context.evaluated(handle) }
        }
        for difference in drift.differences {
            let key = ResourceKey(spec: drift.spec, kind: difference.resource.kind, name: difference.resource.name)
            guard let handle = context.index.handle(for: key) else { continue }
            let fields = difference.fields.map { field in
                "\(field.path): the spec says \(field.new ?? "nothing"), the plan \(field.old ?? "nothing")"
            }
            context.report(
                handle, at: handle.position,
                "\(described(handle, address: difference.address)) differs from the Terraform plan: \(fields.joined(separator: "; ")); make the spec and the Terraform code agree"
            )
        }
    }
}
