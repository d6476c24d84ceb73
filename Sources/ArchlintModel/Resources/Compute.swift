/// Application or network load balancer.
public enum LoadBalancerType: String, CaseIterable, Hashable, Sendable {
    case application, network
}

/// Whether a load balancer faces the internet.
public enum LoadBalancerScheme: String, CaseIterable, Hashable, Sendable {
    case internetFacing = "internet-facing"
    case `internal`
}

/// A load balancer and its listeners.
public struct LoadBalancer: Resource {
    public static let kind = ResourceKind.loadBalancer
    public var common = ResourceCommon()
    public var type: Located<LoadBalancerType>?
    public var scheme: Located<LoadBalancerScheme>?
    public var subnets: [Reference] = []
    public var securityGroups: [Reference] = []
    public var waf: Located<Bool>?
    public var accessLogs: Located<Bool>?
    public var deletionProtection: Located<Bool>?
    public var listeners: [Listener] = []
    public init() {}

    /// `internet-facing` unless the spec says `internal`, as AWS's default.
    public var effectiveScheme: LoadBalancerScheme { scheme?.value ?? .internetFacing }
    public var effectiveType: LoadBalancerType { type?.value ?? .application }
}

/// The protocol a listener speaks.
public enum ListenerProtocol: String, CaseIterable, Hashable, Sendable {
    case http = "HTTP", https = "HTTPS", tcp = "TCP", tls = "TLS"
}

/// A port a load balancer listens on, and where it sends what arrives.
public struct Listener: Hashable, Sendable {
    public var position = SourcePosition.start
    public var port = Located(0, at: .start)
    public var listenerProtocol = Located(ListenerProtocol.http, at: .start)
    public var certificate: Located<String>?
    public var tlsPolicy: Located<String>?
    public var redirectToHttps: Located<Bool>?
    public var forward: Reference?
    public var routes: [ListenerRoute] = []
    public init() {}
}

/// A path-based route of a listener.
public struct ListenerRoute: Hashable, Sendable {
    public var position = SourcePosition.start
    public var path: Located<String>?
    public var service: Reference?
    public init() {}
}

/// Where a cluster's containers run.
public enum ClusterPlatform: String, CaseIterable, Hashable, Sendable {
    case fargate, ec2
}

/// A container cluster.
public struct Cluster: Resource {
    public static let kind = ResourceKind.cluster
    public var common = ResourceCommon()
    public var platform: Located<ClusterPlatform>?
    public var containerInsights: Located<Bool>?
    public var capacity: ClusterCapacity?
    public init() {}
}

/// The instances behind an EC2-backed cluster.
public struct ClusterCapacity: Hashable, Sendable {
    public var position = SourcePosition.start
    public var instanceType: Located<String>?
    public var min: Located<Int>?
    public var max: Located<Int>?
    public var spot: Located<Bool>?
    public init() {}
}

/// A plain environment variable of a service or function.
public struct EnvironmentEntry: Hashable, Sendable {
    public var key: Located<String>
    public var value: Located<ScalarValue>
    /// The value as written, for messages and pattern checks.
    public var text: String

    public init(key: Located<String>, value: Located<ScalarValue>, text: String) {
        self.key = key
        self.value = value
        self.text = text
    }
}

/// An environment variable filled from a secret at run time.
public struct SecretBinding: Hashable, Sendable {
    public var key: Located<String>
    public var secret: SecretReference

    public init(key: Located<String>, secret: SecretReference) {
        self.key = key
        self.secret = secret
    }
}

/// Target-tracking autoscaling of a service's task count.
public struct Autoscaling: Hashable, Sendable {
    public var position = SourcePosition.start
    public var min: Located<Int>?
    public var max: Located<Int>?
    public var cpuTarget: Located<Int>?
    public var memoryTarget: Located<Int>?
    public init() {}
}

/// A long-running container service.
public struct Service: Resource {
    public static let kind = ResourceKind.service
    public var common = ResourceCommon()
    public var cluster: Reference?
    public var subnets: [Reference] = []
    public var securityGroups: [Reference] = []
    public var publicIp: Located<Bool>?
    public var port: Located<Int>?
    public var cpu: Located<Int>?
    public var memory: Located<Int>?
    public var desiredCount: Located<Int>?
    public var autoscaling: Autoscaling?
    public var image: Located<String>?
    public var taskRole: Reference?
    public var executionRole: Reference?
    public var environment: [EnvironmentEntry] = []
    public var secrets: [SecretBinding] = []
    public var healthCheck: Located<String>?
    public init() {}

    /// Tasks to run: `desired_count`, 1 when absent.
    public var effectiveDesiredCount: Int { desiredCount?.value ?? 1 }

    /// The fewest tasks that may run: `autoscaling.min` when autoscaling is given, else
    /// `desired_count` (1 when absent).
    public var minimumTaskCount: Int {
        if let autoscaling, let min = autoscaling.min { return min.value }
        return effectiveDesiredCount
    }
}

/// A serverless function.
public struct Function: Resource {
    public static let kind = ResourceKind.function
    public var common = ResourceCommon()
    public var runtime: Located<String>?
    public var memory: Located<Int>?
    public var timeout: Located<Int>?
    public var role: Reference?
    public var subnets: [Reference] = []
    public var securityGroups: [Reference] = []
    public var environment: [EnvironmentEntry] = []
    public var secrets: [SecretBinding] = []
    public var triggers: [Located<String>] = []
    public init() {}
}

/// A virtual machine, such as a bastion host.
public struct Instance: Resource {
    public static let kind = ResourceKind.instance
    public var common = ResourceCommon()
    public var purpose: Located<String>?
    public var instanceType: Located<String>?
    public var subnet: Reference?
    public var publicIp: Located<Bool>?
    public var securityGroups: [Reference] = []
    public var sshKey: Located<String>?
    public var imdsv2: Located<Bool>?
    public var encryptedVolumes: Located<Bool>?
    public var role: Reference?
    public init() {}
}

/// The style of an API gateway.
public enum ApiType: String, CaseIterable, Hashable, Sendable {
    case rest, http, websocket
}

/// How an API authenticates callers.
public enum ApiAuth: String, CaseIterable, Hashable, Sendable {
    case none, apiKey = "api-key", iam, cognito, lambda
}

/// Request rate limits of an API.
public struct Throttle: Hashable, Sendable {
    public var position = SourcePosition.start
    public var rate: Located<Double>?
    public var burst: Located<Int>?
    public init() {}
}

/// A route of an API and the function behind it.
public struct ApiRoute: Hashable, Sendable {
    public var position = SourcePosition.start
    public var path: Located<String>?
    public var method: Located<String>?
    public var function: Reference?
    public init() {}
}

/// An API gateway.
public struct Api: Resource {
    public static let kind = ResourceKind.api
    public var common = ResourceCommon()
    public var type: Located<ApiType>?
    public var auth: Located<ApiAuth>?
    public var throttle: Throttle?
    public var quotaPerDay: Located<Int>?
    public var logging: Located<Bool>?
    public var waf: Located<Bool>?
    public var corsOrigins: [Located<String>] = []
    public var routes: [ApiRoute] = []
    public init() {}
}
