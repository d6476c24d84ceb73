/// How a frontend is hosted.
public enum FrontendProvider: String, CaseIterable, Hashable, Sendable {
    case amplify, cloudfront
    case s3Website = "s3-website"
}

/// A hosted web frontend.
public struct Frontend: Resource {
    public static let kind = ResourceKind.frontend
    public var common = ResourceCommon()
    public var provider: Located<FrontendProvider>?
    public var domain: Located<String>?
    public var httpsOnly: Located<Bool>?
    public var certificate: Located<String>?
    public init() {}
}

/// A DNS zone, public or private.
public struct DnsZone: Resource {
    public static let kind = ResourceKind.dnsZone
    public var common = ResourceCommon()
    public var `private`: Located<Bool>?
    public var records: [DnsRecord] = []
    public init() {}
}

/// A record of a DNS zone.
public struct DnsRecord: Hashable, Sendable {
    public var position = SourcePosition.start
    public var name = Located("", at: .start)
    public var type: Located<String>?
    public var target: Located<String>?
    public init() {}
}

/// A service outside the stack that it depends on.
public struct External: Resource {
    public static let kind = ResourceKind.external
    public var common = ResourceCommon()
    public var url: Located<String>?
    public var credentials: Located<SecretValue>?
    public init() {}
}
