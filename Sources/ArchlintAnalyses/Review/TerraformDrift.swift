import ArchlintFindings
import ArchlintLoad
import ArchlintModel

/// How one spec and what a Terraform plan imports into disagree (`archlint drift`): the
/// comparison of `archlint diff` (`ModelDiff`), with the plan's import as the base and the
/// spec as the head, so that every field change is located in the spec.
///
/// It reads the two sides the way drift needs (`ComparisonReading`): resources are matched
/// through the spec's `x-terraform` addresses before kind and name; only the fields both
/// sides write are compared (the import leaves out what is unknown until apply, and a spec
/// need not write everything Terraform sets); a `REDACTED` of the import equals any literal;
/// and a reference of the import to a resource matched under another name reads as the
/// spec's name.
public struct TerraformDrift: Sendable {
    /// A spec resource, by kind and name (subnets included).
    public struct SpecResource: Hashable, Sendable {
        public var kind: ResourceKind
        public var name: String
    }

    /// A resource of the import that no spec resource matches, with its Terraform address.
    public struct ImportedResource: Hashable, Sendable {
        public var kind: ResourceKind
        public var name: String
        public var address: String
    }

    /// A matched pair whose fields differ: `old` of each field change is the plan's value,
    /// `new` the spec's.
    public struct Difference: Sendable {
        public var resource: SpecResource
        public var address: String?
        public var fields: [FieldChange]
    }

    /// The spec compared, by index in the spec workspace.
    public let spec: Int
    /// Spec resources of a kind the import covers that nothing in the plan matches (DRIFT001).
    public private(set) var missingInTerraform: [SpecResource] = []
    /// Imported resources that no spec resource matches (DRIFT002), in the import's order.
    public private(set) var missingInSpec: [ImportedResource] = []
    /// Matched resources whose fields differ (DRIFT003), in the spec's order.
    public private(set) var differences: [Difference] = []

    /// Compares spec `spec` of `workspace` with the one spec of `imported`. `specAddresses`
    /// are the spec's `x-terraform` addresses; `importedAddresses` the import's;
    /// `importedUnknowns` the fields of imported resources that are unknown until apply (not
    /// stated, whatever placeholder the import wrote); `coveredKinds` the kinds the import can
    /// produce (a spec resource of another kind is not missing).
    public init(
        spec: Int, of workspace: Workspace, specAddresses: [ResourceKey: String], imported: Workspace,
        importedAddresses: [ResourceKey: String], importedUnknowns: [ResourceKey: Set<String>] = [:], coveredKinds: Set<ResourceKind>
    ) {
        self.spec = spec
        guard let importedSpec = imported.specs.indices.first else { return }
        let specIndex = workspace.indices[spec]
        let importedIndex = imported.indices[importedSpec]
        let file = workspace.specs[spec].path

        // Pairs: through the spec's x-terraform first, then by kind and name among the rest.
        var importedByAddress: [String: ResourceKey] = [:]
        for (key, address) in importedAddresses { importedByAddress[address] = key }
        var pairs: [(spec: ResourceKey, imported: ResourceKey)] = []
        var matchedImported = Set<ResourceKey>()
        var unmatchedSpec: [ResourceKey] = []
        for kind in ResourceKind.allCases {
            let names = (specIndex.names[kind] ?? [:]).sorted { $0.value < $1.value }.map(\.key)
            var byName: [ResourceKey] = []
            for name in names {
                let key = ResourceKey(kind, name)
                if let address = specAddresses[key], let match = importedByAddress[address], match.kind == kind,
                    !matchedImported.contains(match)
                {
                    pairs.append((key, match))
                    matchedImported.insert(match)
                } else {
                    byName.append(key)
                }
            }
            for key in byName {
                if importedIndex.names[kind]?[key.name] != nil, !matchedImported.contains(key) {
                    pairs.append((key, key))
                    matchedImported.insert(key)
                } else if coveredKinds.contains(kind) {
                    unmatchedSpec.append(key)
                }
            }
        }

        // An import's reference to a resource matched under another name reads as the spec's.
        var reading = ComparisonReading(onlyFieldsBothWrite: true, redactedMatchesAnyString: true)
        for pair in pairs where pair.spec.name != pair.imported.name {
            reading.baseNames[pair.spec.kind, default: [:]][pair.imported.name] = pair.spec.name
        }

        for pair in pairs {
            guard let description = KindDescriptions.byOrdinal[pair.spec.kind.ordinal],
                let specPlace = specIndex.names[pair.spec.kind]?[pair.spec.name],
                let importedPlace = importedIndex.names[pair.imported.kind]?[pair.imported.name]
            else { continue }
            let specAddress = ResourceAddress(spec: spec, kind: pair.spec.kind, index: specPlace)
            let importedAddress = ResourceAddress(spec: importedSpec, kind: pair.imported.kind, index: importedPlace)
            let specView = workspace.view(of: specAddress)
            var comparison = RecordComparison(file: file, reading: reading)
            comparison.compare(imported.view(of: importedAddress), specView, as: description)
            // The match decided that the two are one resource: a name of the spec's own for
            // what the plan names otherwise (matched through x-terraform) is no difference.
            // Nor is a value the plan does not know yet.
            let unknown = importedUnknowns[pair.imported] ?? []
            var fields = comparison.changes.filter { change in
                let field = String(change.path.prefix { $0 != "." && $0 != "[" })
                return field != AttributeKey.name.text && !unknown.contains(field)
            }
            if pair.spec.kind == .subnet {
                // The network holds the subnet rather than the subnet naming it: it leads.
                let planned = imported.view(of: imported.network(holding: importedAddress)).name.map { reading.baseName($0, kind: .network) }
                let written = workspace.view(of: workspace.network(holding: specAddress)).name
                if planned != written {
                    let position = specView.position
                    fields.insert(
                        FieldChange(
                            path: ResourceKind.network.singular, old: planned, new: written,
                            location: SourceLocation(file: file, line: position.line, column: position.column)), at: 0)
                }
            }
            guard !fields.isEmpty else { continue }
            differences.append(
                Difference(
                    resource: SpecResource(kind: pair.spec.kind, name: pair.spec.name),
                    address: specAddresses[pair.spec] ?? importedAddresses[pair.imported], fields: fields))
        }
        missingInTerraform = unmatchedSpec.map { SpecResource(kind: $0.kind, name: $0.name) }

        for kind in ResourceKind.allCases {
            let names = (importedIndex.names[kind] ?? [:]).sorted { $0.value < $1.value }.map(\.key)
            for name in names where !matchedImported.contains(ResourceKey(kind, name)) {
                let key = ResourceKey(kind, name)
                missingInSpec.append(ImportedResource(kind: kind, name: name, address: importedAddresses[key] ?? "\(kind.singular)/\(name)"))
            }
        }
    }

    /// Whether the spec and the plan agree on everything compared.
    public var isEmpty: Bool { missingInTerraform.isEmpty && missingInSpec.isEmpty && differences.isEmpty }
}
