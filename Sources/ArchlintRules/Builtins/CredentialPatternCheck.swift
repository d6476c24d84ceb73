import ArchlintModel

/// SEC007: any scalar anywhere in a spec that looks like a credential. The message names
/// the key and the pattern, never the value.
struct CredentialPatternCheck: BuiltinCheck {
    let name = "credential-pattern"
    let summary = "Every scalar of every spec against known credential shapes (AWS key ids, private keys, passwords in URLs, JWTs, GitHub and Slack tokens)."

    func run(_ context: inout CheckContext) {
        let index = context.index
        for spec in context.applicableSpecs {
            // The file's own fields belong to `stack/NAME`.
            // (Keys looked up one by one: converting the lists of resources, left out here,
            // would build a view of every resource again.)
            let root = index.workspace.view(ofSpec: spec)
            for key in root.layout.keys.prefix(root.layout.writtenCount)
            where key != "archlint" && !ResourceKind.allCases.contains(where: { $0.listKey == key.text }) {
                if let value = root.written(key) { scan(value, key: key.text, owner: .stack(spec), &context) }
            }
            for handle in index.resources[spec] {
                context.evaluated(handle)
                // A network's subnets are resources of their own, scanned as such.
                for (key, value) in index.view(of: handle).writtenTextValues where !(handle.kind == .network && key == "subnets") {
                    scan(value, key: key.text, owner: .resource(handle), &context)
                }
            }
        }
    }

    /// Who a scalar belongs to: the file's own fields (`stack/NAME`), or a resource.
    private enum Owner {
        case stack(Int)
        case resource(ResourceHandle)
    }

    private func scan(_ value: Located<ModelValue>, key: String, owner: Owner, _ context: inout CheckContext) {
        switch value.value {
        case .string(let text):
            guard let kind = CredentialPatterns.match(text) else { return }
            switch owner {
            case .stack(let spec):
                context.reportOnStack(spec: spec, at: value.position, "the spec's '\(key)' holds what looks like \(kind.rawValue); \(advice)")
            case .resource(let handle):
                context.report(handle, at: value.position, "'\(key)' of \(handle.kind.words) '\(handle.name)' holds what looks like \(kind.rawValue); \(advice)")
            }
        case .list(let items):
            for item in items { scan(item, key: key, owner: owner, &context) }
        case .record(let record):
            // A `{key, value}` entry (environment, tags) is named by its key.
            if let entry = record.mapEntry {
                scan(entry.value, key: entry.key, owner: owner, &context)
                return
            }
            for (field, inner) in record.writtenTextValues { scan(inner, key: field.text, owner: owner, &context) }
        default:
            return
        }
    }

    private let advice = "remove it from the spec, rotate it, and store it as a secret (secret:NAME)"
}
