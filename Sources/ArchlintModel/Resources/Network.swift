/// A virtual network (VPC) with its subnets, NAT gateways, endpoints and peers.
public struct Network: Resource {
    public static let kind = ResourceKind.network
    public var common = ResourceCommon()
    public var cidr = Located(CIDR(family: .v4, address: 0, prefixLength: 0), at: .start)
    public var ipv6Cidr: Located<CIDR>?
    public var flowLogs: Located<Bool>?
    public var internetGateway: Located<Bool>?
    public var subnets: [Subnet] = []
    public var natGateways: [NatGateway] = []
    public var endpoints: [Located<String>] = []
    public var peers: [Located<NetworkAddress>] = []
    public init() {}
}

/// The role a subnet plays, which decides what may live in it.
public enum SubnetTier: String, CaseIterable, Hashable, Sendable {
    case `public`, `private`, database
}

/// A subnet of a network; referenced by name alone across its stack-environment.
public struct Subnet: Resource {
    public static let kind = ResourceKind.subnet
    public var common = ResourceCommon()
    public var cidr = Located(CIDR(family: .v4, address: 0, prefixLength: 0), at: .start)
    public var zone = Located("", at: .start)
    public var tier = Located(SubnetTier.private, at: .start)
    public init() {}
}

/// A NAT gateway and the subnet it sits in.
public struct NatGateway: Hashable, Sendable {
    public var position = SourcePosition.start
    public var name = Located("", at: .start)
    public var subnet: Reference?
    public init() {}
}
