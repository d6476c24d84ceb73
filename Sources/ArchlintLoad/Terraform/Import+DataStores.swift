import ArchlintModel

/// Databases (`aws_db_instance`, `aws_rds_cluster` and its instances) and caches
/// (`aws_elasticache_replication_group`, `aws_elasticache_cluster`), with their subnet
/// groups; a literal password or auth token becomes `REDACTED`.
extension ImportContext {
    /// What a literal credential of the plan is written as: SEC002 still fires on it, and
    /// the value itself never leaves the plan.
    static let redacted = "REDACTED"

    mutating func importDataStores() {
        importDatabases()
        importCaches()
        importBuckets()
        importSecrets()
    }

    /// The imported subnets a subnet group (named by `resource`'s `key`) holds; the group is
    /// folded into `owner`.
    private mutating func subnetGroupSubnets(of resource: PlanResource, _ key: String, groupTypes: Set<String>, owner: ResourceKey) -> [Reference] {
        let groups = targets(of: resource, key, types: groupTypes)
        var subnets: [Reference] = []
        for group in groups {
            subnets += references(to: targets(of: group, "subnet_ids", types: Self.subnetTypes), kind: .subnet)
            merged(group, into: owner)
        }
        if groups.isEmpty, let name = resource[key]?.string, !name.isEmpty, name != "default" {
            note(owner, "not resolved: subnet group \(name)")
        }
        return subnets
    }

    /// The master password: RDS-managed (a `secret:` reference to a secret named after the
    /// database, added to the spec), a literal (`REDACTED`), or unknown.
    private mutating func masterPassword(of resource: PlanResource, database name: String, owner: ResourceKey) -> Located<SecretValue>? {
        if resource["manage_master_user_password"]?.bool == true {
            let secretName = "\(name)-master-password"
            if !spec.secrets.contains(where: { $0.name == secretName }) {
                var secret = Secret()
                secret.common.name = fromPlan(secretName)
                secret.common.description = fromPlan("the master password RDS keeps for \(name)")
                secret.store = fromPlan(.secretsManager)
                // RDS rotates the secrets it manages every 7 days unless told otherwise.
                secret.rotationDays = fromPlan(7)
                spec.secrets.append(secret)
                // Its address is the database's: the secret exists because of that resource.
                var annotation = ResourceAnnotation()
                annotation.address = resource.address
                annotation.notes = ["kept by RDS for \(name) (manage_master_user_password)"]
                annotations[ResourceKey(.secret, secretName)] = annotation
            }
            return fromPlan(.reference(SecretReference(name: secretName, key: nil, at: .start)))
        }
        for key in ["password", "master_password"] {
            if let literal = resource[key]?.string, !literal.isEmpty {
                note(owner, "master_password: a literal password in the plan, not repeated here")
                return fromPlan(.literal(Self.redacted))
            }
            if resource.isUnknown(key) { note(owner, "unknown until apply: master_password") }
        }
        return nil
    }

    private mutating func importDatabases() {
        let instances = resources("aws_db_instance")
        let clusters = resources("aws_rds_cluster")
        let names = uniqueNames(instances + clusters, nameKeys: ["identifier", "cluster_identifier"])
        let subnetGroupTypes: Set<String> = ["aws_db_subnet_group"]
        let clusterMembers = resources("aws_rds_cluster_instance")
        for (resource, name) in zip(instances + clusters, names) {
            let key = ResourceKey(.database, name)
            var database = Database()
            database.common.name = fromPlan(name)
            recordImport(resource, as: key)
            let isCluster = resource.type == "aws_rds_cluster"
            if let engine = resource["engine"]?.string {
                database.engine = fromPlan(engine)
            } else {
                database.engine = fromPlan(isCluster ? "aurora-mysql" : "unknown")
                if !isCluster { note(key, "unknown until apply: engine") }
            }
            database.version = resource["engine_version"]?.string.map { fromPlan($0) }
            database.instanceClass = resource["instance_class"]?.string.map { fromPlan($0) }
            database.storageGb = resource["allocated_storage"]?.int.map { fromPlan($0) }
            if let maximum = resource["max_allocated_storage"]?.int, maximum > 0 { database.maxStorageGb = fromPlan(maximum) }
            database.subnets = subnetGroupSubnets(of: resource, "db_subnet_group_name", groupTypes: subnetGroupTypes, owner: key)
            database.securityGroups = resolvedReferences(
                of: resource, "vpc_security_group_ids", types: Self.securityGroupTypes, kind: .securityGroup, owner: key)
            database.publiclyAccessible = resource["publicly_accessible"]?.bool.map { fromPlan($0) }
            database.encrypted = resource["storage_encrypted"]?.bool.map { fromPlan($0) }
            if let kmsKey = resource["kms_key_id"]?.string, !kmsKey.isEmpty {
                database.kmsKey = fromPlan(kmsKey)
            } else {
                noteUnknown(resource, "kms_key_id", field: "kms_key", on: key)
            }
            database.multiAz = resource["multi_az"]?.bool.map { fromPlan($0) }
            database.backupRetentionDays = resource["backup_retention_period"]?.int.map { fromPlan($0) }
            database.deletionProtection = resource["deletion_protection"]?.bool.map { fromPlan($0) }
            database.iamAuth = resource["iam_database_authentication_enabled"]?.bool.map { fromPlan($0) }
            database.port = resource["port"]?.int.map { fromPlan($0) }
            database.masterPassword = masterPassword(of: resource, database: name, owner: key)
            if isCluster {
                let members = clusterMembers.filter { member in
                    targets(of: member, "cluster_identifier", types: ["aws_rds_cluster"]).contains { $0.address == resource.address }
                }
                if !members.isEmpty { database.instances = fromPlan(members.count) }
                for member in members {
                    merged(member, into: key)
                    if database.instanceClass == nil { database.instanceClass = member["instance_class"]?.string.map { fromPlan($0) } }
                    if member["publicly_accessible"]?.bool == true { database.publiclyAccessible = fromPlan(true) }
                }
                if let scaling = resource["serverlessv2_scaling_configuration"]?.array?.first {
                    var serverless = ServerlessCapacity()
                    serverless.minCapacity = scaling["min_capacity"]?.number.map { fromPlan($0) }
                    serverless.maxCapacity = scaling["max_capacity"]?.number.map { fromPlan($0) }
                    database.serverless = serverless
                }
            }
            spec.databases.append(database)
            // Parameter and option groups configure the database they are named by.
            for (field, types) in [("parameter_group_name", ["aws_db_parameter_group"]), ("option_group_name", ["aws_db_option_group"])] {
                for group in targets(of: resource, field, types: Set(types)) where owner(of: group.address) == nil {
                    merged(group, into: key)
                }
            }
        }
        for member in clusterMembers where owner(of: member.address) == nil { skip(member, NotImportedResource.noOwner) }
        for group in resources("aws_db_subnet_group", "aws_db_parameter_group", "aws_db_option_group", "aws_rds_cluster_parameter_group")
        where owner(of: group.address) == nil {
            skip(group, NotImportedResource.noOwner)
        }
    }

    private mutating func importCaches() {
        let groups = resources("aws_elasticache_replication_group")
        let clusters = resources("aws_elasticache_cluster").filter { cluster in
            // A cluster that is a member of a replication group is part of that group.
            targets(of: cluster, "replication_group_id", types: ["aws_elasticache_replication_group"]).isEmpty
        }
        let names = uniqueNames(groups + clusters, nameKeys: ["replication_group_id", "cluster_id"])
        for (resource, name) in zip(groups + clusters, names) {
            let key = ResourceKey(.cache, name)
            var cache = Cache()
            cache.common.name = fromPlan(name)
            recordImport(resource, as: key)
            let engine = resource["engine"]?.string ?? "redis"
            if let cacheEngine = CacheEngine(rawValue: engine) {
                cache.engine = fromPlan(cacheEngine)
            } else {
                note(key, "engine \(engine) has no word in the format; written as redis")
            }
            cache.version = resource["engine_version"]?.string.map { fromPlan($0) }
            cache.nodeType = resource["node_type"]?.string.map { fromPlan($0) }
            cache.subnets = subnetGroupSubnets(of: resource, "subnet_group_name", groupTypes: ["aws_elasticache_subnet_group"], owner: key)
            cache.securityGroups = resolvedReferences(of: resource, "security_group_ids", types: Self.securityGroupTypes, kind: .securityGroup, owner: key)
            cache.atRestEncryption = resource["at_rest_encryption_enabled"]?.bool.map { fromPlan($0) }
            cache.transitEncryption = resource["transit_encryption_enabled"]?.bool.map { fromPlan($0) }
            if let token = resource["auth_token"]?.string, !token.isEmpty {
                note(key, "auth_token: a literal token in the plan, not repeated here")
                cache.authToken = fromPlan(.literal(Self.redacted))
            }
            if let replicas = resource["replicas_per_node_group"]?.int {
                cache.replicas = fromPlan(replicas)
            } else if let clusters = resource["num_cache_clusters"]?.int ?? resource["number_cache_clusters"]?.int, clusters >= 1 {
                cache.replicas = fromPlan(clusters - 1)
            }
            cache.automaticFailover = resource["automatic_failover_enabled"]?.bool.map { fromPlan($0) }
            cache.multiAz = resource["multi_az_enabled"]?.bool.map { fromPlan($0) }
            cache.snapshotRetentionDays = resource["snapshot_retention_limit"]?.int.map { fromPlan($0) }
            cache.port = resource["port"]?.int.map { fromPlan($0) }
            spec.caches.append(cache)
        }
        for member in resources("aws_elasticache_cluster") where owner(of: member.address) == nil {
            if let group = targets(of: member, "replication_group_id", types: ["aws_elasticache_replication_group"]).first,
                let key = owner(of: group.address)
            {
                merged(member, into: key)
            }
        }
        for group in resources("aws_elasticache_subnet_group", "aws_elasticache_parameter_group") where owner(of: group.address) == nil {
            skip(group, NotImportedResource.noOwner)
        }
    }
}
