import ArchlintModel

/// The Terraform addresses a spec file names in `x-terraform`, by resource. The loader
/// ignores `x-` keys (they are the author's, not the format's), so drift reads them from
/// the file's YAML itself: only for the one spec it compares, and only in `archlint drift`.
public enum TerraformProvenance {
    /// `x-terraform` of each resource written in `bytes`, networks' subnets included. A file
    /// that does not parse names none (its load errors are reported by the loader).
    public static func addresses(inSpecText bytes: [UInt8], limits: LoadLimits = .default) -> [ResourceKey: String] {
        guard let root = YAMLParser.parse(bytes, limits: limits).root, case .mapping(let pairs) = root.content else { return [:] }
        var addresses: [ResourceKey: String] = [:]
        func read(_ items: YAMLNode, as kind: ResourceKind) {
            guard case .sequence(let nodes) = items.content else { return }
            for node in nodes {
                guard case .mapping(let fields) = node.content,
                    let name = fields.first(where: { $0.key.scalar?.text == "name" })?.value.scalar?.text
                else { continue }
                if let address = fields.first(where: { $0.key.scalar?.text == "x-terraform" })?.value.scalar?.text {
                    addresses[ResourceKey(kind, name)] = address
                }
                if kind == .network, let subnets = fields.first(where: { $0.key.scalar?.text == "subnets" })?.value {
                    read(subnets, as: .subnet)
                }
            }
        }
        for pair in pairs {
            guard let key = pair.key.scalar?.text, let list = ResourceKind.specLists.first(where: { $0.key == key }) else { continue }
            read(pair.value, as: list.kind)
        }
        return addresses
    }

    /// As `addresses(inSpecText:)`, for the spec file at `path`; none when it cannot be read.
    public static func addresses(inSpecFile path: String, limits: LoadLimits = .default) -> [ResourceKey: String] {
        guard case .success(let bytes) = SpecFileReader.read(path, maxBytes: limits.maxFileBytes) else { return [:] }
        return addresses(inSpecText: bytes, limits: limits)
    }
}

extension TerraformImporter {
    /// The kinds an import can write: every kind but externals (which stand for what no
    /// plan of this stack manages).
    public static let coveredKinds: Set<ResourceKind> = Set(ResourceKind.allCases).subtracting([.external])

    /// The fields of each imported resource whose value is unknown until apply, as its
    /// `# unknown until apply: FIELD` notes name them (`noteUnknown`, and the placeholders
    /// written for required fields, such as a subnet's `zone: unknown`): drift does not take
    /// what the import wrote for them as stated.
    public static func unknownFields(of imported: TerraformImport) -> [ResourceKey: Set<String>] {
        let prefix = "unknown until apply: "
        return imported.annotations.resources.compactMapValues { annotation in
            let fields = annotation.notes.filter { $0.hasPrefix(prefix) }.flatMap { note in
                // "zone", "public_ip (the subnet's …)", "image, environment, secrets": the field names.
                note.dropFirst(prefix.count).split(separator: ",").compactMap { $0.split(separator: " ").first.map(String.init) }
            }
            return fields.isEmpty ? nil : Set(fields)
        }
    }

    /// The import's resources by their Terraform address (`x-terraform`).
    public static func addresses(of imported: TerraformImport) -> [ResourceKey: String] {
        imported.annotations.resources.compactMapValues(\.address)
    }
}
