import ArchlintModel

/// An IAM policy document, read from the JSON string Terraform holds it as.
struct PolicyDocument {
    struct Statement {
        var effect: String
        var actions: [String]
        var resources: [String]
        /// `NotAction` or `NotResource`: the format's statements cannot say "all but".
        var isNegated: Bool
        var principalIsAnyone: Bool
        var servicePrincipals: [String]
        var condition: PlanValue?
    }

    var statements: [Statement] = []

    init?(_ text: String) {
        guard case .success(let root) = PlanJSONReader.read(Array(text.utf8)) else { return nil }
        let list: [PlanValue]
        switch root["Statement"]?.content {
        case .array(let items)?: list = items
        case .object?: list = [root["Statement"]!]
        default: list = []
        }
        statements = list.map { statement in
            let principal = statement["Principal"]
            let anyone = principal?.string == "*" || principal?["AWS"]?.strings.contains("*") == true
            return Statement(
                effect: statement["Effect"]?.string ?? "Allow", actions: statement["Action"]?.strings ?? [],
                resources: statement["Resource"]?.strings ?? [],
                isNegated: statement["NotAction"] != nil || statement["NotResource"] != nil,
                principalIsAnyone: anyone, servicePrincipals: principal?["Service"]?.strings ?? [],
                condition: statement["Condition"])
        }
    }
}

/// Roles and users: `aws_iam_role` (assume-role policy, inline policies), role policies and
/// attachments, `aws_iam_user` with its access keys, login profile, policies and groups.
extension ImportContext {
    static let roleTypes: Set<String> = ["aws_iam_role"]
    static let userTypes: Set<String> = ["aws_iam_user"]

    mutating func importIdentities() {
        let roles = resources("aws_iam_role")
        let roleNames = uniqueNames(roles, nameKeys: ["name"])
        var roleIndex: [String: Int] = [:]
        for (resource, name) in zip(roles, roleNames) {
            let key = ResourceKey(.role, name)
            var role = Role()
            role.common.name = fromPlan(name)
            if let description = resource["description"]?.string, !description.isEmpty { role.common.description = fromPlan(description) }
            if let trust = resource["assume_role_policy"]?.string.flatMap(PolicyDocument.init) {
                for service in trust.statements.flatMap(\.servicePrincipals) where !role.assumedBy.contains(where: { $0.value == service }) {
                    role.assumedBy.append(fromPlan(service))
                }
            } else if resource.isUnknown("assume_role_policy") {
                note(key, "unknown until apply: assumed_by")
            }
            for block in resource["inline_policy"]?.array ?? [] {
                if let policy = block["policy"]?.string { role.statements += statements(policy, owner: key) }
            }
            for arn in resource["managed_policy_arns"]?.strings ?? [] { Self.addManagedPolicy(arn, to: &role.managedPolicies) }
            roleIndex[resource.address] = spec.roles.count
            spec.roles.append(role)
            recordImport(resource, as: key)
        }
        let users = resources("aws_iam_user")
        let userNames = uniqueNames(users, nameKeys: ["name"])
        var userIndex: [String: Int] = [:]
        for (resource, name) in zip(users, userNames) {
            var user = User()
            user.common.name = fromPlan(name)
            userIndex[resource.address] = spec.users.count
            spec.users.append(user)
            recordImport(resource, as: ResourceKey(.user, name))
        }
        importRolePolicies(roleIndex: roleIndex)
        importUserSettings(userIndex: userIndex)
        importPolicyAttachments(roleIndex: roleIndex, userIndex: userIndex)
        for profile in resources("aws_iam_instance_profile") {
            if let role = targets(of: profile, "role", types: Self.roleTypes).first, let key = owner(of: role.address) {
                merged(profile, into: key)
            } else {
                skip(profile, NotImportedResource.noOwner)
            }
        }
    }

    /// The statements of a policy document the format can hold; the rest are noted.
    private mutating func statements(_ policy: String, owner: ResourceKey) -> [PolicyStatement] {
        // Terraform plans an empty document where the policy is computed at apply.
        if policy.isEmpty {
            note(owner, "unknown until apply: statements of a policy")
            return []
        }
        guard let document = PolicyDocument(policy) else {
            note(owner, "not imported: a policy that is not JSON")
            return []
        }
        return document.statements.compactMap { statement in
            guard !statement.isNegated, !statement.actions.isEmpty, !statement.resources.isEmpty,
                let effect = PolicyEffect(rawValue: statement.effect)
            else {
                note(owner, "not imported: a statement with NotAction, NotResource or without actions or resources")
                return nil
            }
            var written = PolicyStatement()
            written.effect = fromPlan(effect)
            written.actions = statement.actions.map { fromPlan($0) }
            written.resources = statement.resources.map { fromPlan($0) }
            if let condition = statement.condition, case .mapping = Self.freeform(condition) { written.condition = fromPlan(Self.freeform(condition)) }
            return written
        }
    }

    static func freeform(_ value: PlanValue) -> FreeformValue {
        switch value.content {
        case .null: return .scalar(.null, text: "")
        case .bool(let flag): return .scalar(.bool(flag), text: flag ? "true" : "false")
        case .number(let number, let text):
            if let whole = Int(text) { return .scalar(.int(whole), text: text) }
            return .scalar(.float(number), text: text)
        case .string(let text): return .scalar(.string(text), text: text)
        case .array(let items): return .list(items.map(freeform))
        case .object(let object): return .mapping(object.entries.map { FreeformEntry(key: $0.key, value: freeform($0.value)) })
        }
    }

    /// An AWS-managed policy by its name; a customer policy of the plan by its statements.
    private static func addManagedPolicy(_ arn: String, to policies: inout [Located<String>]) {
        if arn.hasPrefix("arn:aws:iam::aws:policy/") || arn.contains(":iam::aws:policy/") {
            let name = String(arn.split(separator: "/").last ?? "")
            if !policies.contains(where: { $0.value == name }) { policies.append(fromPlan(name)) }
        }
    }

    private mutating func importRolePolicies(roleIndex: [String: Int]) {
        for resource in resources("aws_iam_role_policy") {
            guard let role = targets(of: resource, "role", types: Self.roleTypes).first, let index = roleIndex[role.address] else {
                skip(resource, NotImportedResource.noOwner)
                continue
            }
            let key = ResourceKey(.role, spec.roles[index].name)
            if let policy = resource["policy"]?.string {
                spec.roles[index].statements += statements(policy, owner: key)
            } else {
                note(key, "unknown until apply: statements of \(resource.address)")
            }
            merged(resource, into: key)
        }
    }

    private mutating func importUserSettings(userIndex: [String: Int]) {
        func user(_ resource: PlanResource, _ key: String = "user") -> Int? {
            targets(of: resource, key, types: Self.userTypes).first.flatMap { userIndex[$0.address] }
        }
        for resource in resources("aws_iam_access_key", "aws_iam_user_login_profile", "aws_iam_user_policy", "aws_iam_user_group_membership") {
            guard let index = user(resource) else {
                skip(resource, NotImportedResource.noOwner)
                continue
            }
            let key = ResourceKey(.user, spec.users[index].name)
            switch resource.type {
            case "aws_iam_access_key":
                // Counted, never copied: the key's id and secret stay in the plan.
                spec.users[index].accessKeys = fromPlan((spec.users[index].accessKeys?.value ?? 0) + 1)
            case "aws_iam_user_login_profile":
                spec.users[index].consoleAccess = fromPlan(true)
            case "aws_iam_user_policy":
                if let policy = resource["policy"]?.string { spec.users[index].statements += statements(policy, owner: key) }
            default:
                for group in resource["groups"]?.strings ?? [] where !spec.users[index].groups.contains(where: { $0.value == group }) {
                    spec.users[index].groups.append(fromPlan(group))
                }
            }
            merged(resource, into: key)
        }
        for membership in resources("aws_iam_group_membership") {
            let group = membership["group"]?.string ?? ""
            let members = targets(of: membership, "users", types: Self.userTypes).compactMap { userIndex[$0.address] }
            guard !members.isEmpty, !group.isEmpty else {
                skip(membership, NotImportedResource.noOwner)
                continue
            }
            for index in members where !spec.users[index].groups.contains(where: { $0.value == group }) {
                spec.users[index].groups.append(fromPlan(group))
            }
            merged(membership, into: ResourceKey(.user, spec.users[members[0]].name))
        }
    }

    /// `aws_iam_role_policy_attachment`, `aws_iam_user_policy_attachment` and
    /// `aws_iam_policy_attachment`: an AWS-managed policy by name, a customer policy of the
    /// plan by its statements (the policy is folded into the first it is attached to).
    private mutating func importPolicyAttachments(roleIndex: [String: Int], userIndex: [String: Int]) {
        let policyTypes: Set<String> = ["aws_iam_policy"]
        for resource in resources("aws_iam_role_policy_attachment", "aws_iam_user_policy_attachment", "aws_iam_policy_attachment") {
            let roleKeys = resource.type == "aws_iam_user_policy_attachment" ? [] : ["role", "roles"]
            let userKeys = resource.type == "aws_iam_role_policy_attachment" ? [] : ["user", "users"]
            let roleTargets = roleKeys.flatMap { targets(of: resource, $0, types: Self.roleTypes) }.compactMap { roleIndex[$0.address] }
            let userTargets = userKeys.flatMap { targets(of: resource, $0, types: Self.userTypes) }.compactMap { userIndex[$0.address] }
            guard !roleTargets.isEmpty || !userTargets.isEmpty else {
                skip(resource, NotImportedResource.noOwner)
                continue
            }
            let customer = targets(of: resource, "policy_arn", types: policyTypes).first
            let arn = resource["policy_arn"]?.string
            for index in roleTargets {
                let key = ResourceKey(.role, spec.roles[index].name)
                if let customer {
                    spec.roles[index].statements += customer["policy"]?.string.map { statements($0, owner: key) } ?? []
                    if owner(of: customer.address) == nil { merged(customer, into: key) }
                } else if let arn {
                    Self.addManagedPolicy(arn, to: &spec.roles[index].managedPolicies)
                } else {
                    note(key, "not resolved: the policy of \(resource.address)")
                }
                merged(resource, into: key)
            }
            for index in userTargets {
                let key = ResourceKey(.user, spec.users[index].name)
                if let customer {
                    spec.users[index].statements += customer["policy"]?.string.map { statements($0, owner: key) } ?? []
                    if owner(of: customer.address) == nil { merged(customer, into: key) }
                } else if let arn {
                    Self.addManagedPolicy(arn, to: &spec.users[index].managedPolicies)
                } else {
                    note(key, "not resolved: the policy of \(resource.address)")
                }
                merged(resource, into: key)
            }
        }
        for policy in resources("aws_iam_policy") where owner(of: policy.address) == nil { skip(policy, NotImportedResource.noOwner) }
    }
}
