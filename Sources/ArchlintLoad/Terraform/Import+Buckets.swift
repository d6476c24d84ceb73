import ArchlintModel

/// Buckets (`aws_s3_bucket` with its inline blocks, and the split resources of provider v4
/// and later) and secrets (`aws_secretsmanager_secret`, `aws_ssm_parameter`).
extension ImportContext {
    static let bucketTypes: Set<String> = ["aws_s3_bucket"]

    mutating func importBuckets() {
        let buckets = resources("aws_s3_bucket")
        let names = uniqueNames(buckets, nameKeys: ["bucket"])
        var bucketIndex: [String: Int] = [:]
        for (resource, name) in zip(buckets, names) {
            var bucket = Bucket()
            bucket.common.name = fromPlan(name)
            if let acl = resource["acl"]?.string { applyACL(acl, to: &bucket) }
            if let versioning = resource["versioning"]?.array?.first, let enabled = versioning["enabled"]?.bool {
                bucket.versioning = fromPlan(enabled)
            }
            if let configuration = resource["server_side_encryption_configuration"]?.array?.first {
                applyEncryption(configuration, to: &bucket)
            }
            if let logging = resource["logging"]?.array, !logging.isEmpty { bucket.accessLogs = fromPlan(true) }
            if let website = resource["website"]?.array, !website.isEmpty { bucket.website = fromPlan(true) }
            for rule in resource["cors_rule"]?.array ?? [] { applyCORS(rule, to: &bucket) }
            for rule in resource["lifecycle_rule"]?.array ?? [] where rule["enabled"]?.bool != false {
                var lifecycle = LifecycleRule()
                lifecycle.rule = rule["id"]?.string.flatMap { $0.isEmpty ? nil : fromPlan($0) }
                lifecycle.expireDays = rule["expiration"]?.array?.first?["days"]?.int.map { fromPlan($0) }
                bucket.lifecycle.append(lifecycle)
            }
            bucketIndex[resource.address] = spec.buckets.count
            spec.buckets.append(bucket)
            recordImport(resource, as: ResourceKey(.bucket, name))
        }
        importBucketSettings(bucketIndex: bucketIndex)
    }

    private func applyACL(_ acl: String, to bucket: inout Bucket) {
        if acl.hasPrefix("public-read") { bucket.public = fromPlan(true) }
    }

    private func applyEncryption(_ configuration: PlanValue, to bucket: inout Bucket) {
        guard let rule = configuration["rule"]?.array?.first, let byDefault = rule["apply_server_side_encryption_by_default"]?.array?.first
        else { return }
        switch byDefault["sse_algorithm"]?.string {
        case "AES256"?: bucket.encryption = fromPlan(.aes256)
        case "aws:kms"?, "aws:kms:dsse"?: bucket.encryption = fromPlan(.kms)
        default: break
        }
        if let key = byDefault["kms_master_key_id"]?.string, !key.isEmpty { bucket.kmsKey = fromPlan(key) }
    }

    private func applyCORS(_ rule: PlanValue, to bucket: inout Bucket) {
        for origin in rule["allowed_origins"]?.strings ?? [] where !bucket.corsOrigins.contains(where: { $0.value == origin }) {
            bucket.corsOrigins.append(fromPlan(origin))
        }
    }

    /// The split resources of provider v4: each names its bucket in `bucket`.
    private mutating func importBucketSettings(bucketIndex: [String: Int]) {
        let settingTypes = [
            "aws_s3_bucket_server_side_encryption_configuration", "aws_s3_bucket_versioning", "aws_s3_bucket_public_access_block",
            "aws_s3_bucket_acl", "aws_s3_bucket_policy", "aws_s3_bucket_website_configuration", "aws_s3_bucket_logging",
            "aws_s3_bucket_cors_configuration", "aws_s3_bucket_lifecycle_configuration", "aws_s3_bucket_ownership_controls",
        ]
        for type in settingTypes {
            for resource in resources(type) {
                guard let target = targets(of: resource, "bucket", types: Self.bucketTypes).first, let index = bucketIndex[target.address] else {
                    skip(resource, NotImportedResource.noOwner)
                    continue
                }
                applySetting(resource, to: &spec.buckets[index])
                merged(resource, into: ResourceKey(.bucket, spec.buckets[index].name))
            }
        }
    }

    private func applySetting(_ resource: PlanResource, to bucket: inout Bucket) {
        switch resource.type {
        case "aws_s3_bucket_server_side_encryption_configuration":
            applyEncryption(resource.values.asValue(at: resource.position), to: &bucket)
        case "aws_s3_bucket_versioning":
            if let status = resource["versioning_configuration"]?.array?.first?["status"]?.string {
                bucket.versioning = fromPlan(status == "Enabled")
            }
        case "aws_s3_bucket_public_access_block":
            let flags = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"]
            bucket.publicAccessBlock = fromPlan(flags.allSatisfy { resource[$0]?.bool == true })
        case "aws_s3_bucket_acl":
            if let acl = resource["acl"]?.string { applyACL(acl, to: &bucket) }
        case "aws_s3_bucket_policy":
            if let policy = resource["policy"]?.string, Self.policyAllowsAnonymousRead(policy) { bucket.public = fromPlan(true) }
        case "aws_s3_bucket_website_configuration":
            bucket.website = fromPlan(true)
        case "aws_s3_bucket_logging":
            bucket.accessLogs = fromPlan(true)
        case "aws_s3_bucket_cors_configuration":
            for rule in resource["cors_rule"]?.array ?? [] { applyCORS(rule, to: &bucket) }
        case "aws_s3_bucket_lifecycle_configuration":
            for rule in resource["rule"]?.array ?? [] where rule["status"]?.string != "Disabled" {
                var lifecycle = LifecycleRule()
                lifecycle.rule = rule["id"]?.string.flatMap { $0.isEmpty ? nil : fromPlan($0) }
                lifecycle.expireDays = rule["expiration"]?.array?.first?["days"]?.int.map { fromPlan($0) }
                bucket.lifecycle.append(lifecycle)
            }
        default:
            break
        }
    }

    /// Whether a bucket policy lets anyone read objects: an `Allow` of `s3:GetObject` (or a
    /// wildcard covering it) to the principal `*`.
    static func policyAllowsAnonymousRead(_ policy: String) -> Bool {
        PolicyDocument(policy)?.statements.contains { statement in
            statement.effect == "Allow" && statement.principalIsAnyone
                && statement.actions.contains { ["s3:getobject", "s3:get*", "s3:*", "*"].contains($0.lowercased()) }
        } ?? false
    }

    // MARK: Secrets

    mutating func importSecrets() {
        let secrets = resources("aws_secretsmanager_secret")
        let taken = Set(spec.secrets.map(\.name))
        let names = uniqueNames(secrets, nameKeys: ["name"], taken: taken)
        var secretIndex: [String: Int] = [:]
        for (resource, name) in zip(secrets, names) {
            var secret = Secret()
            secret.common.name = fromPlan(name)
            secret.store = fromPlan(.secretsManager)
            if let description = resource["description"]?.string, !description.isEmpty { secret.common.description = fromPlan(description) }
            secret.kmsKey = resource["kms_key_id"]?.string.flatMap { $0.isEmpty ? nil : fromPlan($0) }
            if resource["rotation_enabled"]?.bool == true, let days = resource["rotation_rules"]?.array?.first?["automatically_after_days"]?.int {
                secret.rotationDays = fromPlan(days)
            }
            secretIndex[resource.address] = spec.secrets.count
            spec.secrets.append(secret)
            recordImport(resource, as: ResourceKey(.secret, name))
        }
        for resource in resources("aws_secretsmanager_secret_rotation", "aws_secretsmanager_secret_version", "aws_secretsmanager_secret_policy") {
            guard let target = targets(of: resource, "secret_id", types: ["aws_secretsmanager_secret"]).first, let index = secretIndex[target.address] else {
                skip(resource, NotImportedResource.noOwner)
                continue
            }
            if resource.type == "aws_secretsmanager_secret_rotation", let days = resource["rotation_rules"]?.array?.first?["automatically_after_days"]?.int {
                spec.secrets[index].rotationDays = fromPlan(days)
            }
            merged(resource, into: ResourceKey(.secret, spec.secrets[index].name))
        }
        let parameters = resources("aws_ssm_parameter").filter { parameter in
            let type = parameter["type"]?.string
            return type == "SecureString" || (type == "String" && Self.looksLikeSecretName(parameter["name"]?.string ?? parameter.name))
        }
        let parameterNames = uniqueNames(parameters, nameKeys: ["name"], taken: Set(spec.secrets.map(\.name)))
        for (resource, name) in zip(parameters, parameterNames) {
            var secret = Secret()
            secret.common.name = fromPlan(name)
            secret.store = fromPlan(resource["type"]?.string == "SecureString" ? .ssmSecureString : .ssmString)
            if let description = resource["description"]?.string, !description.isEmpty { secret.common.description = fromPlan(description) }
            secret.kmsKey = resource["key_id"]?.string.flatMap { $0.isEmpty ? nil : fromPlan($0) }
            spec.secrets.append(secret)
            recordImport(resource, as: ResourceKey(.secret, name))
        }
        for parameter in resources("aws_ssm_parameter") where owner(of: parameter.address) == nil {
            skip(parameter, "a parameter that is neither a SecureString nor named like a secret")
        }
    }

    /// SEC001's name pattern: what a value named so holds is a secret.
    static func looksLikeSecretName(_ name: String) -> Bool {
        let lowered = name.lowercased()
        let words = ["pass", "secret", "token", "apikey", "api_key", "api-key", "privatekey", "private_key", "private-key", "credential"]
        return words.contains { lowered.contains($0) }
    }
}

extension PlanObject {
    /// The object as a value, for code that reads blocks and resources alike.
    func asValue(at position: SourcePosition) -> PlanValue { PlanValue(.object(self), at: position) }
}
