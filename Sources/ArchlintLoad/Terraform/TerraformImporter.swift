import ArchlintFindings
import ArchlintModel

/// What importing a plan gives: the spec, what the written file says beside the model
/// (provenance and comments), and the managed resources left out, with why.
public struct TerraformImport: Sendable {
    public var spec: Spec
    public var annotations: SpecAnnotations
    public var notImported: [NotImportedResource]

    /// The summary for standard error: one line per Terraform type left out.
    public var notImportedSummary: [String] {
        var byType: [String: [NotImportedResource]] = [:]
        for resource in notImported { byType[resource.type, default: []].append(resource) }
        return byType.keys.sorted().map { type in
            let resources = byType[type]!
            let reasons = Set(resources.map(\.reason)).sorted().joined(separator: "; ")
            return "not imported: \(resources.count) \(type) (\(reasons))"
        }
    }
}

/// A managed resource of the plan that the spec does not hold.
public struct NotImportedResource: Hashable, Sendable {
    public var address: String
    public var type: String
    public var reason: String

    public static let noKind = "no kind for its type"
    public static let noOwner = "no resource to attach it to"
}

/// Turns a Terraform plan into one spec: resources of the kinds the format has, named,
/// with references between them resolved, values unknown until apply and literal secrets
/// left out with comments saying so. The mapping of each kind is in its own file
/// (`Import+Networks.swift`, …); this is the frame they share.
public struct TerraformImporter: Sendable {
    public var stack: String
    public var environment: Environment
    /// The input file as the user gave it, for the header.
    public var source: String

    public init(stack: String, environment: Environment, source: String) {
        self.stack = stack
        self.environment = environment
        self.source = source
    }

    public func run(_ plan: TerraformPlan) -> TerraformImport {
        var context = ImportContext(plan: plan, stack: stack, environment: environment)
        // In the order references need: a kind is imported after the kinds it names.
        context.importNetworks()
        context.importSecurityGroups()
        context.importDataStores()
        context.importIdentities()
        context.importCompute()
        context.importLoadBalancers()
        context.importMessaging()
        context.importEdges()
        return context.finish(source: source)
    }
}

/// The state of one import: the plan's resources indexed every way the mappings look them
/// up, the model being built, and what each resource became.
struct ImportContext {
    let plan: TerraformPlan
    let stack: String
    let environment: Environment
    var spec: Spec
    var annotations = SpecAnnotations()

    /// Resources by type, in file order.
    private(set) var byType: [String: [PlanResource]] = [:]
    /// Resource addresses by a known id, ARN or name value.
    private var byKnownValue: [String: [String]] = [:]
    /// Resources by address.
    private(set) var byAddress: [String: PlanResource] = [:]
    /// What each imported (or merged) address became: the kind and name of its resource.
    private(set) var owners: [String: ResourceKey] = [:]
    /// Addresses left out, with why.
    private var skipped: [String: String] = [:]
    /// Where each imported listener resource is: its balancer's index and its own.
    var listenerPlaces: [String: (balancer: Int, listener: Int)] = [:]

    init(plan: TerraformPlan, stack: String, environment: Environment) {
        self.plan = plan
        self.stack = stack
        self.environment = environment
        var spec = Spec(path: "")
        spec.stack = Located(stack, at: .start)
        spec.environment = Located(environment, at: .start)
        self.spec = spec
        for resource in plan.resources {
            byType[resource.type, default: []].append(resource)
            byAddress[resource.address] = resource
        }
        for resource in plan.resources + plan.priorResources {
            for key in Self.identifyingKeys {
                for value in resource[key]?.strings ?? [] where !value.isEmpty {
                    if !(byKnownValue[value]?.contains(resource.address) ?? false) {
                        byKnownValue[value, default: []].append(resource.address)
                    }
                }
            }
        }
    }

    /// Values by which other resources name a resource.
    private static let identifyingKeys = [
        "id", "arn", "name", "bucket", "identifier", "function_name", "cluster_identifier", "replication_group_id",
        "cluster_id",
    ]

    func resources(_ types: String...) -> [PlanResource] {
        types.flatMap { byType[$0] ?? [] }
    }

    // MARK: Names

    /// The resource's own name where it has one, else its address without the type.
    func preferredName(_ resource: PlanResource, nameKeys: [String]) -> String {
        for key in nameKeys {
            if key == "tags.Name" {
                if let name = resource["tags"]?["Name"]?.string, !name.isEmpty { return name }
            } else if let name = resource[key]?.string, !name.isEmpty {
                return name
            }
        }
        return Self.addressName(resource)
    }

    /// `module.net.aws_subnet.private[1]` → `net.private-1`.
    static func addressName(_ resource: PlanResource) -> String {
        var name = (resource.modulePath + [resource.name]).joined(separator: ".")
        if let index = resource.index { name += "-" + index }
        return name
    }

    /// Names for `resources` of one kind: a name taken twice gets its address appended.
    /// `taken` holds names already used within the kind.
    func uniqueNames(_ resources: [PlanResource], nameKeys: [String], taken: Set<String> = []) -> [String] {
        let preferred = resources.map { preferredName($0, nameKeys: nameKeys) }
        var counts: [String: Int] = [:]
        for name in preferred { counts[name, default: 0] += 1 }
        var used = taken
        var names: [String] = []
        for (resource, name) in zip(resources, preferred) {
            var chosen = name
            if counts[name]! > 1 || used.contains(name) { chosen = "\(name) (\(resource.address))" }
            used.insert(chosen)
            names.append(chosen)
        }
        return names
    }

    // MARK: What each resource became

    /// Records that `resource` is the spec resource `key`.
    mutating func recordImport(_ resource: PlanResource, as key: ResourceKey) {
        owners[resource.address] = key
        annotations[key].address = resource.address
        // A name only apply will know (`name_prefix`, a generated bucket name): the resource
        // is named after its address instead, and the comment says why.
        if let unknown = Self.namingKeys.first(where: { resource.isUnknown($0) && resource[$0] == nil }), key.name.hasPrefix(Self.addressName(resource)) {
            note(key, "unknown until apply: name\(unknown == "name" ? "" : " (\(unknown))"); named after its address")
        }
    }

    /// The attributes resources are named by.
    private static let namingKeys = ["name", "bucket", "identifier", "function_name", "cluster_identifier", "replication_group_id", "cluster_id"]

    /// Records that `resource` is folded into the spec resource `key` (a rule into its
    /// group, a listener into its load balancer).
    mutating func merged(_ resource: PlanResource, into key: ResourceKey) {
        owners[resource.address] = key
        if annotations[key].merged.last != resource.address { annotations[key].merged.append(resource.address) }
    }

    /// Records that `resource` was left out, and why (the first reason given wins).
    mutating func skip(_ resource: PlanResource, _ reason: String) {
        if owners[resource.address] == nil, skipped[resource.address] == nil { skipped[resource.address] = reason }
    }

    mutating func note(_ key: ResourceKey, _ text: String) {
        if !annotations[key].notes.contains(text) { annotations[key].notes.append(text) }
    }

    /// Notes `# unknown until apply: FIELD` on `key` when `resource`'s `terraformKey` is unknown.
    mutating func noteUnknown(_ resource: PlanResource, _ terraformKey: String, field: String, on key: ResourceKey) {
        if resource.isUnknown(terraformKey) { note(key, "unknown until apply: \(field)") }
    }

    func owner(of address: String) -> ResourceKey? { owners[address] }

    // MARK: References

    /// The resources of `types` that `resource`'s value `key` names: known values matched
    /// against ids, ARNs and names; values unknown until apply (or matching nothing) through
    /// the configuration's references.
    func targets(of resource: PlanResource, _ key: String, types: Set<String>) -> [PlanResource] {
        targets(
            value: resource[key], expression: expression(of: resource, key), modulePath: resource.modulePath, types: types,
            referrerIndex: resource.index)
    }

    /// As `targets(of:_:types:)`, for a value and its expression found elsewhere (inside a
    /// block).
    /// A reference through `count.index` (`element(aws_subnet.public.*.id, count.index)`)
    /// names the target of the referrer's own index (`referrerIndex`), when there is one.
    func targets(
        value: PlanValue?, expression: PlanValue?, modulePath: [String], types: Set<String>, referrerIndex: String? = nil
    ) -> [PlanResource] {
        var found: [PlanResource] = []
        var seen = Set<String>()
        func add(_ resource: PlanResource) {
            if types.contains(resource.type), seen.insert(resource.address).inserted { found.append(resource) }
        }
        for text in value?.strings ?? [] {
            for address in byKnownValue[text] ?? [] {
                if let resource = byAddress[address] { add(resource) }
            }
        }
        if found.isEmpty, let expression {
            let references = expression["references"]?.strings ?? []
            for reference in references {
                for resource in resolve(reference, in: modulePath, depth: 0) { add(resource) }
            }
            if let referrerIndex, references.contains("count.index") {
                let sameIndex = found.filter { $0.index == referrerIndex }
                if !sameIndex.isEmpty { return sameIndex }
            }
        }
        return found
    }

    /// The known values of `key` that name nothing of `types` in the plan (for
    /// `# not resolved` notes).
    func unresolvedValues(of resource: PlanResource, _ key: String, types: Set<String>) -> [String] {
        (resource[key]?.strings ?? []).filter { text in
            !(byKnownValue[text] ?? []).contains { byAddress[$0].map { types.contains($0.type) } ?? false }
        }
    }

    /// The configuration expression of `resource`'s `key`.
    func expression(of resource: PlanResource, _ key: String) -> PlanValue? {
        plan.configuration?.module(at: resource.modulePath)?.expressions[resource.configurationAddress]?[key]
    }

    /// The resources a configuration reference names, relative to the module it is written
    /// in: `aws_subnet.a.id`, `aws_subnet.a[0]`, `module.net.private_subnets` (through
    /// that module's output).
    private func resolve(_ reference: String, in modulePath: [String], depth: Int) -> [PlanResource] {
        guard depth < 16 else { return [] }
        let parts = reference.split(separator: ".", maxSplits: 3).map(String.init)
        guard parts.count >= 2 else { return [] }
        if parts[0] == "module" {
            guard parts.count >= 3 else { return [] }
            let call = String(parts[1].prefix { $0 != "[" })
            let output = String(parts[2].prefix { $0 != "[" })
            let path = modulePath + [call]
            guard let expression = plan.configuration?.module(at: path)?.outputs[output] else { return [] }
            return (expression["references"]?.strings ?? []).flatMap { resolve($0, in: path, depth: depth + 1) }
        }
        if ["var", "local", "data", "count", "each", "path", "self", "terraform"].contains(parts[0]) { return [] }
        let type = parts[0]
        let name = String(parts[1].prefix { $0 != "[" })
        var index: String?
        if let open = parts[1].firstIndex(of: "[") {
            // `[0]` or `["a"]`: the key without brackets and quotes.
            index = String(parts[1][parts[1].index(after: open)...].filter { $0 != "[" && $0 != "]" && $0 != "\"" })
        }
        return (byType[type] ?? []).filter { resource in
            resource.name == name && resource.modulePath == modulePath && (index == nil || resource.index == index)
        }
    }

    // MARK: Finishing

    mutating func finish(source: String) -> TerraformImport {
        var notImported: [NotImportedResource] = []
        for resource in plan.resources where owners[resource.address] == nil {
            notImported.append(
                NotImportedResource(address: resource.address, type: resource.type, reason: skipped[resource.address] ?? NotImportedResource.noKind))
        }
        var header = ["Imported by `archlint import terraform` from \(source)"]
        header.append("terraform_version: \(plan.terraformVersion ?? "unknown"), format_version: \(plan.formatVersion)")
        if notImported.isEmpty {
            header.append("Every managed resource was imported.")
        } else {
            header.append("Not imported (\(notImported.count)):")
            for resource in notImported { header.append("  \(resource.address): \(resource.reason)") }
        }
        annotations.header = header
        return TerraformImport(spec: spec, annotations: annotations, notImported: notImported)
    }
}

/// A value written by the importer: it has no place in a file yet.
func fromPlan<T>(_ value: T) -> Located<T> { Located(value, at: .start) }

extension TerraformImporter {
    /// Reads, parses and imports the plan at `path` (as the user typed it); a file that
    /// cannot be read or is not a plan is one located error naming the file.
    public func importFile(at path: String, limits: LoadLimits = .default) -> Result<TerraformImport, Diagnostic> {
        switch SpecFileReader.read(path, maxBytes: limits.maxFileBytes) {
        case .failure(let problem): return .failure(Diagnostic(problem.message, file: path, line: 1, column: 1))
        case .success(let bytes): return importBytes(bytes, path: path, limits: limits)
        }
    }

    /// Parses and imports a plan held in memory, errors naming it `path`.
    public func importBytes(_ bytes: [UInt8], path: String, limits: LoadLimits = .default) -> Result<TerraformImport, Diagnostic> {
        switch TerraformPlan.read(bytes, limits: limits) {
        case .failure(let error):
            return .failure(Diagnostic(error.message, file: path, line: error.position.line, column: error.position.column))
        case .success(let plan):
            return .success(run(plan))
        }
    }
}
