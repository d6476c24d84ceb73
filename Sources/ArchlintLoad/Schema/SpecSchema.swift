import ArchlintModel

/// The spec format, version 1, as data: every kind, every field, its type, whether it is
/// required, and where the model keeps it. The decoder reads specs through these tables;
/// the JSON Schema for editors and the rule language's attribute paths come from them too.
public enum SpecSchema {
    /// Format versions this archlint reads.
    public static let supportedVersions = [1]

    // MARK: Shared pieces

    /// `name`, `description`, `tags` and `waivers`: what every resource may carry.
    static func commonFields<R: Resource>(_: R.Type) -> [Field<R>] {
        // Through the kind's own `common` (a stored property), not `\R.common` (a protocol witness).
        func common<Value>(_ path: WritableKeyPath<ResourceCommon, Value>) -> WritableKeyPath<R, Value> {
            (R.commonProperty as WritableKeyPath<R, ResourceCommon>).appending(path: path)
        }
        return [
            Field("name", common(\.name), .string, required: true, "Unique name within its kind in this stack-environment."),
            Field("description", common(\.description), .string, "Free text."),
            Field("tags", common(\.tags), .tags, "Labels: a mapping of strings to strings."),
            Field("waivers", common(\.waivers), .list(.record(waiver)), "Findings accepted for now, with reason and expiry."),
        ]
    }

    static func resource<R: Resource>(
        _ type: R.Type, _ name: String, hints: [String: KeyHint] = [:], _ fields: [Field<R>],
        derived: [DerivedAttribute<R>] = []
    ) -> RecordSchema<R> {
        RecordSchema(
            name, kind: R.kind, hints: hints, identity: { $0.common.name.value },
            make: { position in
                var resource = R()
                resource.common.position = position
                return resource
            }, fields: commonFields(R.self) + fields, derived: derived)
    }

    public static let waiver = RecordSchema<Waiver>(
        "waiver",
        make: { position in
            var waiver = Waiver()
            waiver.position = position
            return waiver
        },
        fields: [
            Field("rule", \.rule, .string, required: true, "The rule ID waived, e.g. DATA001."),
            Field("reason", \.reason, .string, required: true, "Why the finding is accepted."),
            Field("expires", \.expires, .date, "Last day the waiver applies (YYYY-MM-DD); after it the finding counts again."),
        ])

    static let statement = RecordSchema<PolicyStatement>(
        "statement",
        make: { position in
            var statement = PolicyStatement()
            statement.position = position
            return statement
        },
        fields: [
            Field("effect", \.effect, .enumeration(PolicyEffect.self), required: true, "Allow or Deny."),
            Field("actions", \.actions, .list(.string), required: true, "Actions, e.g. s3:GetObject."),
            Field("resources", \.resources, .list(.string), required: true, "Resource ARNs or *."),
            Field("condition", \.condition, .freeform, "Conditions, free form."),
        ])

    // MARK: Networks

    static let subnet = resource(
        Subnet.self, "subnet",
        [
            Field("cidr", \.cidr, .cidr, required: true, "The subnet's address range, inside its network's."),
            Field("zone", \.zone, .string, required: true, "Availability zone, e.g. us-east-1a."),
            Field("tier", \.tier, .enumeration(SubnetTier.self), required: true, "public, private or database."),
        ])

    static let natGateway = RecordSchema<NatGateway>(
        "NAT gateway", identity: { $0.name.value },
        make: { position in
            var gateway = NatGateway()
            gateway.position = position
            return gateway
        },
        fields: [
            Field("name", \.name, .string, required: true, "Name of the NAT gateway."),
            Field("subnet", \.subnet, .reference(.subnet), "The (public) subnet it sits in."),
        ])

    static let network = resource(
        Network.self, "network",
        [
            Field("cidr", \.cidr, .cidr, required: true, "The network's IPv4 (or IPv6) address range."),
            Field("ipv6_cidr", \.ipv6Cidr, .cidr, "An additional IPv6 range."),
            Field("flow_logs", \.flowLogs, .bool, "Whether VPC flow logs are recorded."),
            Field("internet_gateway", \.internetGateway, .bool, "Whether an internet gateway is attached."),
            Field("subnets", \.subnets, .list(.record(subnet)), "Subnets; names are unique across the stack-environment."),
            Field("nat_gateways", \.natGateways, .list(.record(natGateway)), "NAT gateways and their subnets."),
            Field("endpoints", \.endpoints, .list(.string), "VPC endpoints, e.g. s3, ecr.api, ecr.dkr, logs, secretsmanager."),
            Field("peers", \.peers, .list(.networkAddress), "Networks connected by peering, transit or VPN: STACK/ENVIRONMENT/NETWORK."),
        ])

    // MARK: Security groups

    static func rule(_ direction: String, peerKey: String, otherKey: String) -> RecordSchema<SecurityGroupRule> {
        RecordSchema(
            "\(direction) rule",
            hints: [
                otherKey: KeyHint("\(direction) rules name the other side with '\(peerKey)', not '\(otherKey)'", meant: peerKey)
            ],
            make: { position in
                var rule = SecurityGroupRule()
                rule.position = position
                return rule
            },
            fields: [
                Field("ports", \.ports, .ports, required: true, "A port, a range such as 8000-8999, or all."),
                Field(
                    "protocol", \.ipProtocol, .enumeration(IPProtocol.self), "tcp (default), udp, icmp or all.",
                    default: { .string($0.effectiveProtocol.rawValue) }),
                Field(peerKey, \.peer, .ruleEndpoint, required: true, "A CIDR, sg:NAME or self."),
                Field("description", \.description, .string, "Free text."),
            ])
    }

    static let ingressRule = rule("ingress", peerKey: "from", otherKey: "to")
    static let egressRule = rule("egress", peerKey: "to", otherKey: "from")

    static let securityGroup = resource(
        SecurityGroup.self, "security group",
        [
            Field("network", \.network, .reference(.network), "The network the group belongs to."),
            Field("ingress", \.ingress, .list(.record(ingressRule)), "What may connect in."),
            Field("egress", \.writtenEgress, .list(.record(egressRule)), "What may be connected to."),
        ])

    // MARK: Load balancers and compute

    static let listenerRoute = RecordSchema<ListenerRoute>(
        "route",
        make: { position in
            var route = ListenerRoute()
            route.position = position
            return route
        },
        fields: [
            Field("path", \.path, .string, "Path pattern, e.g. /api/*."),
            Field("service", \.service, .reference(.service), "The service requests on this path go to."),
        ])

    static let listener = RecordSchema<Listener>(
        "listener",
        make: { position in
            var listener = Listener()
            listener.position = position
            return listener
        },
        fields: [
            Field("port", \.port, .port, required: true, "The port listened on."),
            Field("protocol", \.listenerProtocol, .enumeration(ListenerProtocol.self), required: true, "HTTP, HTTPS, TCP or TLS."),
            Field("certificate", \.certificate, .string, "Certificate (ARN or domain); empty or absent means none."),
            Field("tls_policy", \.tlsPolicy, .string, "TLS security policy name."),
            Field("redirect_to_https", \.redirectToHttps, .bool, "Whether plain requests are redirected to HTTPS."),
            Field("forward", \.forward, .reference(.service), "The service requests are forwarded to."),
            Field("routes", \.routes, .list(.record(listenerRoute)), "Path-based routes to services."),
        ])

    static let loadBalancer = resource(
        LoadBalancer.self, "load balancer",
        [
            Field(
                "type", \.type, .enumeration(LoadBalancerType.self), "application (default) or network.",
                default: { .string($0.effectiveType.rawValue) }),
            Field(
                "scheme", \.scheme, .enumeration(LoadBalancerScheme.self), "internet-facing (default) or internal.",
                default: { .string($0.effectiveScheme.rawValue) }),
            Field("subnets", \.subnets, .list(.reference(.subnet)), "Subnets the load balancer is placed in."),
            Field("security_groups", \.securityGroups, .list(.reference(.securityGroup)), "Security groups attached."),
            Field("waf", \.waf, .bool, "Whether a web application firewall protects it."),
            Field("access_logs", \.accessLogs, .bool, "Whether access logs are kept."),
            Field("deletion_protection", \.deletionProtection, .bool, "Whether deletion is blocked."),
            Field("listeners", \.listeners, .list(.record(listener)), "Ports listened on."),
        ])

    static let capacity = RecordSchema<ClusterCapacity>(
        "capacity",
        make: { position in
            var capacity = ClusterCapacity()
            capacity.position = position
            return capacity
        },
        fields: [
            Field("instance_type", \.instanceType, .string, "EC2 instance type, e.g. t4g.micro."),
            Field("min", \.min, .int(), "Fewest instances."),
            Field("max", \.max, .int(), "Most instances."),
            Field("spot", \.spot, .bool, "Whether spot capacity is used."),
        ])

    static let cluster = resource(
        Cluster.self, "cluster",
        [
            Field("platform", \.platform, .enumeration(ClusterPlatform.self), "fargate or ec2."),
            Field("container_insights", \.containerInsights, .bool, "Whether Container Insights is enabled."),
            Field("capacity", \.capacity, .record(capacity), "EC2 capacity behind the cluster."),
        ])

    static let autoscaling = RecordSchema<Autoscaling>(
        "autoscaling",
        make: { position in
            var autoscaling = Autoscaling()
            autoscaling.position = position
            return autoscaling
        },
        fields: [
            Field("min", \.min, .int(), "Fewest tasks."),
            Field("max", \.max, .int(), "Most tasks."),
            Field("cpu_target", \.cpuTarget, .int(0...100), "Target CPU utilisation, percent."),
            Field("memory_target", \.memoryTarget, .int(0...100), "Target memory utilisation, percent."),
        ])

    static let service = resource(
        Service.self, "service",
        [
            Field("cluster", \.cluster, .reference(.cluster), "The cluster it runs in."),
            Field("subnets", \.subnets, .list(.reference(.subnet)), "Subnets its tasks are placed in."),
            Field("security_groups", \.securityGroups, .list(.reference(.securityGroup)), "Security groups attached."),
            Field("public_ip", \.publicIp, .bool, "Whether tasks get public IP addresses."),
            Field("port", \.port, .port, "The container port."),
            Field("cpu", \.cpu, .int(), "CPU units per task."),
            Field("memory", \.memory, .int(), "Memory per task, MiB."),
            Field("desired_count", \.desiredCount, .int(), "Tasks to run (1 when absent).", default: { .int($0.effectiveDesiredCount) }),
            Field("autoscaling", \.autoscaling, .record(autoscaling), "Task-count autoscaling."),
            Field("image", \.image, .string, "Container image."),
            Field("task_role", \.taskRole, .reference(.role), "Role the application code runs as."),
            Field("execution_role", \.executionRole, .reference(.role), "Role the container runtime uses."),
            Field("environment", \.environment, .environment, "Plain environment variables."),
            Field("secrets", \.secrets, .secretBindings, "Environment variables filled from secrets: NAME or NAME#key."),
            Field("health_check", \.healthCheck, .string, "Health-check path or command."),
        ],
        derived: [
            DerivedAttribute("minimum_task_count", "Fewest tasks that run: autoscaling.min when autoscaling is given, else desired_count (1 when absent).") {
                .int($0.minimumTaskCount)
            }
        ])

    static let function = resource(
        Function.self, "function",
        [
            Field("runtime", \.runtime, .string, "Runtime, e.g. nodejs20.x."),
            Field("memory", \.memory, .int(), "Memory, MiB."),
            Field("timeout", \.timeout, .int(), "Timeout, seconds."),
            Field("role", \.role, .reference(.role), "Execution role."),
            Field("subnets", \.subnets, .list(.reference(.subnet)), "Subnets, when attached to a network."),
            Field("security_groups", \.securityGroups, .list(.reference(.securityGroup)), "Security groups attached."),
            Field("environment", \.environment, .environment, "Plain environment variables."),
            Field("secrets", \.secrets, .secretBindings, "Environment variables filled from secrets: NAME or NAME#key."),
            Field("triggers", \.triggers, .list(.string), "What invokes it."),
        ])

    static let instance = resource(
        Instance.self, "instance",
        [
            Field("purpose", \.purpose, .string, "What it is for, e.g. bastion."),
            Field("instance_type", \.instanceType, .string, "EC2 instance type."),
            Field("subnet", \.subnet, .reference(.subnet), "The subnet it sits in."),
            Field("public_ip", \.publicIp, .bool, "Whether it has a public IP address."),
            Field("security_groups", \.securityGroups, .list(.reference(.securityGroup)), "Security groups attached."),
            Field("ssh_key", \.sshKey, .string, "Name of the SSH key pair (never the key itself)."),
            Field("imdsv2", \.imdsv2, .bool, "Whether the instance metadata service requires IMDSv2 tokens."),
            Field("encrypted_volumes", \.encryptedVolumes, .bool, "Whether its volumes are encrypted."),
            Field("role", \.role, .reference(.role), "Instance profile role."),
        ])

    static let throttle = RecordSchema<Throttle>(
        "throttle",
        make: { position in
            var throttle = Throttle()
            throttle.position = position
            return throttle
        },
        fields: [
            Field("rate", \.rate, .number, "Steady requests per second."),
            Field("burst", \.burst, .int(), "Burst size."),
        ])

    static let apiRoute = RecordSchema<ApiRoute>(
        "route",
        make: { position in
            var route = ApiRoute()
            route.position = position
            return route
        },
        fields: [
            Field("path", \.path, .string, "Resource path."),
            Field("method", \.method, .string, "HTTP method."),
            Field("function", \.function, .reference(.function), "The function that serves it."),
        ])

    static let api = resource(
        Api.self, "api",
        [
            Field("type", \.type, .enumeration(ApiType.self), "rest, http or websocket."),
            Field("auth", \.auth, .enumeration(ApiAuth.self), "none, api-key, iam, cognito or lambda."),
            Field("throttle", \.throttle, .record(throttle), "Rate limits."),
            Field("quota_per_day", \.quotaPerDay, .int(), "Requests allowed per day."),
            Field("logging", \.logging, .bool, "Whether access logging is on."),
            Field("waf", \.waf, .bool, "Whether a web application firewall protects it."),
            Field("cors_origins", \.corsOrigins, .list(.string), "Origins allowed by CORS."),
            Field("routes", \.routes, .list(.record(apiRoute)), "Routes and their functions."),
        ])

    // MARK: Data

    static let serverless = RecordSchema<ServerlessCapacity>(
        "serverless",
        make: { position in
            var capacity = ServerlessCapacity()
            capacity.position = position
            return capacity
        },
        fields: [
            Field("min_capacity", \.minCapacity, .number, "Fewest capacity units (ACUs)."),
            Field("max_capacity", \.maxCapacity, .number, "Most capacity units (ACUs)."),
        ])

    static let database = resource(
        Database.self, "database",
        [
            Field("engine", \.engine, .string, required: true, "e.g. postgres, mysql, aurora-postgresql."),
            Field("version", \.version, .string, "Engine version, as written."),
            Field("instance_class", \.instanceClass, .string, "e.g. db.m5.large."),
            Field("storage_gb", \.storageGb, .int(), "Allocated storage, GB."),
            Field("max_storage_gb", \.maxStorageGb, .int(), "Storage autoscaling ceiling, GB."),
            Field("subnets", \.subnets, .list(.reference(.subnet)), "Subnets of its subnet group."),
            Field("security_groups", \.securityGroups, .list(.reference(.securityGroup)), "Security groups attached."),
            Field("publicly_accessible", \.publiclyAccessible, .bool, "Whether it has a public address."),
            Field("encrypted", \.encrypted, .bool, "Whether storage is encrypted at rest."),
            Field("kms_key", \.kmsKey, .string, "Customer-managed KMS key."),
            Field("multi_az", \.multiAz, .bool, "Whether a standby runs in another zone."),
            Field("instances", \.instances, .int(), "Aurora cluster members."),
            Field("serverless", \.serverless, .record(serverless), "Aurora Serverless v2 capacity."),
            Field("backup_retention_days", \.backupRetentionDays, .int(), "Days automated backups are kept."),
            Field("deletion_protection", \.deletionProtection, .bool, "Whether deletion is blocked."),
            Field("iam_auth", \.iamAuth, .bool, "Whether IAM database authentication is on."),
            Field("master_password", \.masterPassword, .secretOrLiteral, "secret:NAME (a literal is a finding)."),
            Field("port", \.port, .port, "Port (default from the engine).", default: { $0.effectivePort.map(ModelValue.int) }),
        ])

    static let cache = resource(
        Cache.self, "cache",
        [
            Field("engine", \.engine, .enumeration(CacheEngine.self), required: true, "redis, valkey or memcached."),
            Field("version", \.version, .string, "Engine version, as written."),
            Field("node_type", \.nodeType, .string, "e.g. cache.t4g.micro."),
            Field("subnets", \.subnets, .list(.reference(.subnet)), "Subnets of its subnet group."),
            Field("security_groups", \.securityGroups, .list(.reference(.securityGroup)), "Security groups attached."),
            Field("at_rest_encryption", \.atRestEncryption, .bool, "Whether data at rest is encrypted."),
            Field("transit_encryption", \.transitEncryption, .bool, "Whether connections use TLS."),
            Field("auth_token", \.authToken, .secretOrLiteral, "secret:NAME (a literal is a finding)."),
            Field("replicas", \.replicas, .int(), "Read replicas."),
            Field("automatic_failover", \.automaticFailover, .bool, "Whether a replica takes over automatically."),
            Field("multi_az", \.multiAz, .bool, "Whether nodes span zones."),
            Field("snapshot_retention_days", \.snapshotRetentionDays, .int(), "Days snapshots are kept."),
            Field("port", \.port, .port, "Port (default 6379, or 11211 for memcached).", default: { .int($0.effectivePort) }),
        ])

    static let lifecycleRule = RecordSchema<LifecycleRule>(
        "lifecycle rule",
        make: { position in
            var rule = LifecycleRule()
            rule.position = position
            return rule
        },
        fields: [
            Field("rule", \.rule, .string, "What the rule does."),
            Field("expire_days", \.expireDays, .int(), "Days after which objects expire."),
        ])

    static let bucket = resource(
        Bucket.self, "bucket",
        [
            Field("encryption", \.encryption, .enumeration(BucketEncryption.self), "none, AES256 or aws:kms."),
            Field("kms_key", \.kmsKey, .string, "KMS key for aws:kms."),
            Field("versioning", \.versioning, .bool, "Whether object versions are kept."),
            Field("public_access_block", \.publicAccessBlock, .bool, "Whether public access is blocked."),
            Field("public", \.public, .bool, "Whether anyone may read it."),
            Field("website", \.website, .bool, "Whether it serves a static website."),
            Field("access_logs", \.accessLogs, .bool, "Whether access logs are kept."),
            Field("cors_origins", \.corsOrigins, .list(.string), "Origins allowed by CORS."),
            Field("lifecycle", \.lifecycle, .list(.record(lifecycleRule)), "Lifecycle rules."),
        ])

    static let logGroup = resource(
        LogGroup.self, "log group",
        [
            Field("retention_days", \.retentionDays, .int(), "Days logs are kept; absent means forever."),
            Field("kms_key", \.kmsKey, .string, "Customer-managed KMS key."),
        ])

    static let queue = resource(
        Queue.self, "queue",
        [
            Field("encryption", \.encryption, .enumeration(MessageEncryption.self), "none, managed or kms."),
            Field("dead_letter_queue", \.deadLetterQueue, .reference(.queue), "Queue for messages that keep failing."),
        ])

    static let topic = resource(
        Topic.self, "topic",
        [
            Field("encryption", \.encryption, .enumeration(MessageEncryption.self), "none, managed or kms.")
        ])

    static let registry = resource(
        Registry.self, "registry",
        [
            Field("scan_on_push", \.scanOnPush, .bool, "Whether images are scanned when pushed."),
            Field("immutable_tags", \.immutableTags, .bool, "Whether tags cannot be overwritten."),
            Field("keep_images", \.keepImages, .int(), "Images kept by the lifecycle policy."),
        ])

    // MARK: Identity

    static let secret = resource(
        Secret.self, "secret",
        [
            Field("store", \.store, .enumeration(SecretStore.self), required: true, "secrets-manager, ssm-secure-string or ssm-string."),
            Field("kms_key", \.kmsKey, .string, "Customer-managed KMS key."),
            Field("rotation_days", \.rotationDays, .int(), "Rotation period; absent means never rotated."),
        ])

    static let role = resource(
        Role.self, "role",
        [
            Field("assumed_by", \.assumedBy, .list(.string), "Principals that may assume it, e.g. ecs-tasks.amazonaws.com."),
            Field("managed_policies", \.managedPolicies, .list(.string), "Managed policies attached."),
            Field("statements", \.statements, .list(.record(statement)), "Inline policy statements."),
        ])

    static let user = resource(
        User.self, "user",
        [
            Field("console_access", \.consoleAccess, .bool, "Whether the user may sign in to the console."),
            Field("mfa", \.mfa, .bool, "Whether MFA is enforced."),
            Field("access_keys", \.accessKeys, .int(), "Long-lived programmatic access keys."),
            Field("groups", \.groups, .list(.string), "Groups the user belongs to."),
            Field("managed_policies", \.managedPolicies, .list(.string), "Managed policies attached."),
            Field("statements", \.statements, .list(.record(statement)), "Inline policy statements."),
        ])

    static let passwordPolicy = RecordSchema<PasswordPolicy>(
        "password policy",
        make: { position in
            var policy = PasswordPolicy()
            policy.position = position
            return policy
        },
        fields: [
            Field("min_length", \.minLength, .int(), "Shortest password allowed."),
            Field("require_lowercase", \.requireLowercase, .bool, "Whether a lower-case letter is required."),
            Field("require_uppercase", \.requireUppercase, .bool, "Whether an upper-case letter is required."),
            Field("require_numbers", \.requireNumbers, .bool, "Whether a digit is required."),
            Field("require_symbols", \.requireSymbols, .bool, "Whether a symbol is required."),
        ])

    static let userPool = resource(
        UserPool.self, "user pool",
        [
            Field("mfa", \.mfa, .enumeration(MFAMode.self), "off, optional or required."),
            Field("password_policy", \.passwordPolicy, .record(passwordPolicy), "Password requirements."),
            Field("oauth_flows", \.oauthFlows, .list(.enumeration(OAuthFlow.self)), "OAuth grants: implicit, code, client_credentials."),
            Field("callback_urls", \.callbackUrls, .list(.string), "OAuth callback URLs."),
            Field("advanced_security", \.advancedSecurity, .enumeration(AdvancedSecurity.self), "off, audit or enforced."),
            Field("triggers", \.triggers, .list(.string), "Lambda triggers."),
        ])

    // MARK: Edge

    static let frontend = resource(
        Frontend.self, "frontend",
        [
            Field("provider", \.provider, .enumeration(FrontendProvider.self), "amplify, cloudfront or s3-website."),
            Field("domain", \.domain, .string, "Domain it is served on."),
            Field("https_only", \.httpsOnly, .bool, "Whether plain HTTP is refused or redirected."),
            Field("certificate", \.certificate, .string, "Certificate for the domain."),
        ])

    static let dnsRecord = RecordSchema<DnsRecord>(
        "DNS record",
        make: { position in
            var record = DnsRecord()
            record.position = position
            return record
        },
        fields: [
            Field("name", \.name, .string, required: true, "Record name."),
            Field("type", \.type, .string, "A, AAAA, CNAME, ALIAS, MX, TXT, …"),
            Field("target", \.target, .string, "What the record points to."),
        ])

    static let dnsZone = resource(
        DnsZone.self, "DNS zone",
        [
            Field("private", \.private, .bool, "Whether the zone is private to networks."),
            Field("records", \.records, .list(.record(dnsRecord)), "Records of the zone."),
        ])

    static let external = resource(
        External.self, "external service",
        [
            Field("url", \.url, .string, "Where it is reached."),
            Field("credentials", \.credentials, .secretOrLiteral, "secret:NAME (a literal is a finding)."),
        ])

    // MARK: The file

    public static let spec = RecordSchema<Spec>(
        "spec",
        hints: [
            "version": KeyHint("the format version key is 'archlint' (archlint: 1)", meant: "archlint")
        ],
        make: { position in
            var spec = Spec(path: "")
            spec.position = position
            return spec
        },
        fields: [
            Field("archlint", \.formatVersion, .int(), required: true, "Format version; only 1 exists."),
            Field("stack", \.stack, .stackName, required: true, "Stack name, e.g. phenom."),
            Field("environment", \.environment, .enumeration(Environment.self), required: true, "development, staging, production or shared."),
            Field("region", \.region, .string, "e.g. us-east-1."),
            Field("account", \.account, .string, "Account name or id."),
            Field("description", \.description, .string, "Free text."),
            Field("owner", \.owner, .string, "Who owns the stack."),
        ] + kinds.map(\.field))

    // MARK: The kinds

    /// Each top-level kind of `ResourceKind.specLists`, in its order, with its record
    /// schema: the spec's list keys, the JSON Schema's and the rule language's.
    public static let kinds: [KindSchema] = ResourceKind.specLists.compactMap { kindSchema(for: $0.kind) }

    /// `kinds` by kind's ordinal (nil for subnets).
    private static let kindsByOrdinal: [KindSchema?] = ResourceKind.allCases.map { kind in kinds.first { $0.kind == kind } }

    /// Each top-level kind's view maker by ordinal, apart: copying a whole `KindSchema` out of
    /// a table on every view made was a measurable share of a run.
    static let viewByOrdinal: [(@Sendable (Spec, Int) -> ModelRecord)?] = kindsByOrdinal.map { $0?.view }
    static let referencesByOrdinal: [(@Sendable (Spec, Int, inout [ReferenceSite]) -> Void)?] = kindsByOrdinal.map { $0?.references }

    /// A kind's record schema and what its list holds, in words. Exhaustive, so a new kind
    /// cannot be left without one.
    private static func kindSchema(for kind: ResourceKind) -> KindSchema? {
        switch kind {
        case .subnet: return nil
        case .network: return KindSchema(network, "Networks (VPCs).")
        case .securityGroup: return KindSchema(securityGroup, "Security groups.")
        case .loadBalancer: return KindSchema(loadBalancer, "Load balancers.")
        case .cluster: return KindSchema(cluster, "Container clusters.")
        case .service: return KindSchema(service, "Long-running container services.")
        case .database: return KindSchema(database, "Relational databases.")
        case .cache: return KindSchema(cache, "In-memory caches.")
        case .bucket: return KindSchema(bucket, "Object-storage buckets.")
        case .secret: return KindSchema(secret, "Stored secrets.")
        case .role: return KindSchema(role, "IAM roles.")
        case .user: return KindSchema(user, "IAM users.")
        case .function: return KindSchema(function, "Serverless functions.")
        case .api: return KindSchema(api, "API gateways.")
        case .userPool: return KindSchema(userPool, "User pools.")
        case .instance: return KindSchema(instance, "Virtual machines.")
        case .logGroup: return KindSchema(logGroup, "Log groups.")
        case .queue: return KindSchema(queue, "Message queues.")
        case .topic: return KindSchema(topic, "Publish/subscribe topics.")
        case .registry: return KindSchema(registry, "Container registries.")
        case .frontend: return KindSchema(frontend, "Hosted frontends.")
        case .dnsZone: return KindSchema(dnsZone, "DNS zones.")
        case .external: return KindSchema(external, "External services.")
        }
    }
}
