/// A relational database (instance or Aurora cluster).
public struct Database: Resource {
    public static let kind = ResourceKind.database
    public var common = ResourceCommon()
    public var engine = Located("", at: .start)
    public var version: Located<String>?
    public var instanceClass: Located<String>?
    public var storageGb: Located<Int>?
    public var maxStorageGb: Located<Int>?
    public var subnets: [Reference] = []
    public var securityGroups: [Reference] = []
    public var publiclyAccessible: Located<Bool>?
    public var encrypted: Located<Bool>?
    public var kmsKey: Located<String>?
    public var multiAz: Located<Bool>?
    public var instances: Located<Int>?
    public var serverless: ServerlessCapacity?
    public var backupRetentionDays: Located<Int>?
    public var deletionProtection: Located<Bool>?
    public var iamAuth: Located<Bool>?
    public var masterPassword: Located<SecretValue>?
    public var port: Located<Int>?
    public init() {}

    /// The port clients connect to: the spec's, else the engine's usual one — the first of
    /// `enginePorts` the engine names, ignoring case (`aurora-postgresql` is 5432, plain
    /// `aurora` is MySQL's 3306); nil for an engine that names none of them.
    public var effectivePort: Int? {
        if let port { return port.value }
        let engine = engine.value.lowercased()
        return Self.enginePorts.first { engine.contains($0.name) }?.port
    }

    /// The usual port of each engine family, in the order they are tried: the reachability
    /// contract's table (`reachability.md`, the node table).
    public static let enginePorts: [(name: String, port: Int)] = [
        ("postgres", 5432), ("mysql", 3306), ("mariadb", 3306), ("aurora", 3306), ("sqlserver", 1433), ("oracle", 1521),
    ]
}

/// Aurora Serverless v2 capacity bounds, in ACUs.
public struct ServerlessCapacity: Hashable, Sendable {
    public var position = SourcePosition.start
    public var minCapacity: Located<Double>?
    public var maxCapacity: Located<Double>?
    public init() {}
}

/// In-memory cache engines.
public enum CacheEngine: String, CaseIterable, Hashable, Sendable {
    case redis, valkey, memcached
}

/// An in-memory cache cluster.
public struct Cache: Resource {
    public static let kind = ResourceKind.cache
    public var common = ResourceCommon()
    public var engine = Located(CacheEngine.redis, at: .start)
    public var version: Located<String>?
    public var nodeType: Located<String>?
    public var subnets: [Reference] = []
    public var securityGroups: [Reference] = []
    public var atRestEncryption: Located<Bool>?
    public var transitEncryption: Located<Bool>?
    public var authToken: Located<SecretValue>?
    public var replicas: Located<Int>?
    public var automaticFailover: Located<Bool>?
    public var multiAz: Located<Bool>?
    public var snapshotRetentionDays: Located<Int>?
    public var port: Located<Int>?
    public init() {}

    /// The port clients connect to: the spec's, else the engine's usual one.
    public var effectivePort: Int {
        port?.value ?? (engine.value == .memcached ? 11211 : 6379)
    }
}

/// Server-side encryption of a bucket.
public enum BucketEncryption: String, CaseIterable, Hashable, Sendable {
    case none, aes256 = "AES256", kms = "aws:kms"
}

/// An object-storage bucket.
public struct Bucket: Resource {
    public static let kind = ResourceKind.bucket
    public var common = ResourceCommon()
    public var encryption: Located<BucketEncryption>?
    public var kmsKey: Located<String>?
    public var versioning: Located<Bool>?
    public var publicAccessBlock: Located<Bool>?
    public var `public`: Located<Bool>?
    public var website: Located<Bool>?
    public var accessLogs: Located<Bool>?
    public var corsOrigins: [Located<String>] = []
    public var lifecycle: [LifecycleRule] = []
    public init() {}
}

/// A bucket lifecycle rule.
public struct LifecycleRule: Hashable, Sendable {
    public var position = SourcePosition.start
    public var rule: Located<String>?
    public var expireDays: Located<Int>?
    public init() {}
}

/// A log group.
public struct LogGroup: Resource {
    public static let kind = ResourceKind.logGroup
    public var common = ResourceCommon()
    public var retentionDays: Located<Int>?
    public var kmsKey: Located<String>?
    public init() {}
}

/// Encryption of a queue or topic.
public enum MessageEncryption: String, CaseIterable, Hashable, Sendable {
    case none, managed, kms
}

/// A message queue.
public struct Queue: Resource {
    public static let kind = ResourceKind.queue
    public var common = ResourceCommon()
    public var encryption: Located<MessageEncryption>?
    public var deadLetterQueue: Reference?
    public init() {}
}

/// A publish/subscribe topic.
public struct Topic: Resource {
    public static let kind = ResourceKind.topic
    public var common = ResourceCommon()
    public var encryption: Located<MessageEncryption>?
    public init() {}
}

/// A container image registry.
public struct Registry: Resource {
    public static let kind = ResourceKind.registry
    public var common = ResourceCommon()
    public var scanOnPush: Located<Bool>?
    public var immutableTags: Located<Bool>?
    public var keepImages: Located<Int>?
    public init() {}
}
