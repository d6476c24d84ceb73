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
            let root = index.specViews[spec]
            let stackHandle = ResourceHandle(spec: spec, kind: .network, record: root, holder: nil,
                                             name: index.workspace.specs[spec].stack.value,
                                             stackEnvironment: index.workspace.specs[spec].stackEnvironment)
            for key in root.keys where key != "archlint" && !ResourceKind.allCases.contains(where: { $0.listKey == key }) {
                if let value = root.written(key) {
                    scan(value, key: key, owner: stackHandle, isStack: true, &context)
                }
            }
            for handle in index.resources[spec] {
                context.evaluated(handle)
                for key in handle.record.keys where !(handle.kind == .network && key == "subnets") {
                    if let value = handle.record.written(key) { scan(value, key: key, owner: handle, isStack: false, &context) }
                }
            }
        }
    }

    private func scan(_ value: Located<ModelValue>, key: String, owner: ResourceHandle, isStack: Bool, _ context: inout CheckContext) {
        switch value.value {
        case .string(let text):
            guard let kind = CredentialPatterns.match(text) else { return }
            let ownerText = isStack ? "the spec's '\(key)'" : "'\(key)' of \(owner.kind.words) '\(owner.name)'"
            let message = "\(ownerText) holds what looks like \(kind.rawValue); remove it from the spec, rotate it, and store it as a secret (secret:NAME)"
            if isStack {
                context.reportOnStack(spec: owner.spec, at: value.position, message)
            } else {
                context.report(owner, at: value.position, message)
            }
        case .list(let items):
            for item in items { scan(item, key: key, owner: owner, isStack: isStack, &context) }
        case .record(let record):
            // A `{key, value}` entry (environment, tags) is named by its key.
            if record.schema == "entry", let name = record.string("key"), let inner = record.written("value") {
                scan(inner, key: name, owner: owner, isStack: isStack, &context)
                return
            }
            for field in record.keys {
                if let inner = record.written(field) { scan(inner, key: field, owner: owner, isStack: isStack, &context) }
            }
        default:
            return
        }
    }
}
