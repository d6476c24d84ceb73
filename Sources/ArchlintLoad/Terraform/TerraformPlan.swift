import ArchlintFindings
import ArchlintModel

/// What `terraform show -json` printed, as the importer needs it: the managed resources of
/// every module with their values (planned, or of the state), which of their values are
/// unknown until apply, and the configuration's expressions for resolving references.
public struct TerraformPlan: Sendable {
    public var formatVersion: String
    public var terraformVersion: String?
    /// Managed resources of the root module and of every child module, recursively, in the
    /// order the file lists them.
    public var resources: [PlanResource]
    /// Resources of the state before the plan (`prior_state`): their known ids, ARNs and
    /// names let values that name existing infrastructure be matched.
    public var priorResources: [PlanResource]
    /// The root module's configuration, when the input is a plan.
    public var configuration: ModuleConfiguration?

    /// Reads a plan or state document; a document of another shape is a located error.
    public static func read(_ bytes: [UInt8], limits: LoadLimits = .default) -> Result<TerraformPlan, YAMLError> {
        switch PlanJSONReader.read(bytes, limits: limits) {
        case .failure(let error): return .failure(error)
        case .success(let root):
            do throws(YAMLError) {
                return .success(try TerraformPlan(root))
            } catch {
                return .failure(error)
            }
        }
    }

    init(_ root: PlanValue) throws(YAMLError) {
        guard let top = root.object else {
            throw YAMLError(
                "expected a JSON object (the output of `terraform show -json`), found \(root.kindDescription)", at: root.position)
        }
        guard let version = top["format_version"] else {
            throw YAMLError("no 'format_version': this JSON is not the output of `terraform show -json`", at: root.position)
        }
        guard let text = version.string, let major = text.split(separator: ".").first.flatMap({ Int($0) }) else {
            throw YAMLError("'format_version' must be a version string such as \"1.2\", found \(version.kindDescription)", at: version.position)
        }
        guard major < 2 else {
            throw YAMLError(
                "format_version \(text) is not supported; archlint reads the plan and state JSON of format_version 0.1 to 1.x",
                at: version.position)
        }
        formatVersion = text
        terraformVersion = top["terraform_version"]?.string
        let values = top["planned_values"] ?? top["values"]
        guard let values, let rootModule = values["root_module"], rootModule.object != nil else {
            let at = values?.position ?? root.position
            throw YAMLError("neither 'planned_values' nor 'values' has a 'root_module': not a plan or state of `terraform show -json`", at: at)
        }
        // after_unknown per address, from the resource changes.
        var unknown: [String: PlanValue] = [:]
        var actions: [String: [String]] = [:]
        for change in top["resource_changes"]?.array ?? [] {
            guard let address = change["address"]?.string else { continue }
            if let afterUnknown = change["change"]?["after_unknown"] { unknown[address] = afterUnknown }
            actions[address] = change["change"]?["actions"]?.strings ?? []
        }
        var resources: [PlanResource] = []
        try Self.collect(rootModule, modulePath: [], unknown: unknown, into: &resources)
        self.resources = resources
        var prior: [PlanResource] = []
        if let priorRoot = top["prior_state"]?["values"]?["root_module"], priorRoot.object != nil {
            try Self.collect(priorRoot, modulePath: [], unknown: [:], into: &prior)
        }
        priorResources = prior
        configuration = top["configuration"]?["root_module"].map(ModuleConfiguration.init)
    }

    /// Appends the managed resources of `module` and of its child modules, recursively
    /// (bounded by the reader's depth limit).
    private static func collect(
        _ module: PlanValue, modulePath: [String], unknown: [String: PlanValue], into resources: inout [PlanResource]
    ) throws(YAMLError) {
        for entry in module["resources"]?.array ?? [] {
            guard let address = entry["address"]?.string, let type = entry["type"]?.string, let name = entry["name"]?.string else {
                throw YAMLError("a resource needs 'address', 'type' and 'name'", at: entry.position)
            }
            guard entry["mode"]?.string ?? "managed" == "managed" else { continue }
            var index: String?
            if let value = entry["index"] {
                switch value.content {
                case .number(_, let text): index = text
                case .string(let text): index = text
                default: break
                }
            }
            resources.append(
                PlanResource(
                    address: address, type: type, name: name, index: index, modulePath: modulePath,
                    values: entry["values"]?.object ?? PlanObject(), unknown: unknown[address], position: entry.position))
        }
        for child in module["child_modules"]?.array ?? [] {
            let childAddress = child["address"]?.string ?? ""
            try collect(child, modulePath: PlanResource.moduleNames(childAddress), unknown: unknown, into: &resources)
        }
    }
}

/// One managed resource instance of the plan.
public struct PlanResource: Sendable {
    /// `module.net.aws_subnet.private[1]`.
    public var address: String
    public var type: String
    /// The name in the configuration (`private`).
    public var name: String
    /// The `count` or `for_each` key, as written (`1`, `a`), if any.
    public var index: String?
    /// The module call names from the root down (`["net"]`).
    public var modulePath: [String]
    public var values: PlanObject
    /// `after_unknown`: which values only apply will know.
    public var unknown: PlanValue?
    /// Where the resource is in the plan file.
    public var position: SourcePosition

    public subscript(key: String) -> PlanValue? {
        guard let value = values[key], !value.isNull else { return nil }
        return value
    }

    /// Whether `key`'s value is unknown until apply.
    public func isUnknown(_ key: String) -> Bool {
        unknown?[key]?.bool == true
    }

    /// `aws_subnet.private` within its module: how the configuration names it.
    public var configurationAddress: String { "\(type).\(name)" }

    /// The module names of a module address: `module.a[0].module.b` → `["a", "b"]`.
    static func moduleNames(_ address: String) -> [String] {
        var names: [String] = []
        var parts = address.split(separator: ".")[...]
        while let first = parts.first, first == "module", parts.count >= 2 {
            let name = parts[parts.startIndex + 1]
            names.append(String(name.prefix { $0 != "[" }))
            parts = parts.dropFirst(2)
        }
        return names
    }
}

/// A module's configuration: its resources' expressions, its calls of other modules and its
/// outputs, which is where references between resources show when values are unknown.
public struct ModuleConfiguration: Sendable {
    /// Each resource's `expressions`, by its address within the module (`aws_subnet.a`).
    public var expressions: [String: PlanObject] = [:]
    public var moduleCalls: [String: ModuleConfiguration] = [:]
    /// Each output's expression.
    public var outputs: [String: PlanValue] = [:]

    init(_ module: PlanValue) {
        for resource in module["resources"]?.array ?? [] where resource["mode"]?.string ?? "managed" == "managed" {
            if let address = resource["address"]?.string, let expressions = resource["expressions"]?.object {
                self.expressions[address] = expressions
            }
        }
        for (name, call) in module["module_calls"]?.object?.entries ?? [] {
            if let module = call["module"] { moduleCalls[name] = ModuleConfiguration(module) }
        }
        for (name, output) in module["outputs"]?.object?.entries ?? [] {
            if let expression = output["expression"] { outputs[name] = expression }
        }
    }

    /// The configuration of the module at `path` below this one.
    public func module(at path: [String]) -> ModuleConfiguration? {
        var module = self
        for name in path {
            guard let next = module.moduleCalls[name] else { return nil }
            module = next
        }
        return module
    }
}
