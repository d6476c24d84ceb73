/// A security group: stateful allow-rules for what may reach, and be reached from, the
/// resources it is attached to.
public struct SecurityGroup: Resource {
    public static let kind = ResourceKind.securityGroup
    public var common = ResourceCommon()
    public var network: Reference?
    public var ingress: [SecurityGroupRule] = []
    public var egress: [SecurityGroupRule] = []
    /// Whether the spec writes an `egress` key at all. Left out, AWS lets everything out;
    /// `egress: []` lets nothing out — the list alone cannot tell the two apart.
    public var writesEgress = false
    public init() {}
}

/// The transport a rule applies to.
public enum IPProtocol: String, CaseIterable, Hashable, Sendable {
    case tcp, udp, icmp, all
}

/// The other side of a rule: addresses, another group, or the group itself.
public enum RuleEndpoint: Hashable, Sendable {
    case cidr(CIDR)
    case securityGroup(Reference)
    /// `self`: other members of the same group.
    case sameGroup
}

/// One ingress or egress rule. `peer` is the `from` of an ingress rule or the `to` of an
/// egress rule.
public struct SecurityGroupRule: Hashable, Sendable {
    public var position = SourcePosition.start
    public var ports = Located(PortRange.all, at: .start)
    public var ipProtocol: Located<IPProtocol>?
    public var peer = Located(RuleEndpoint.sameGroup, at: .start)
    public var description: Located<String>?
    public init() {}

    /// `tcp` unless the rule says otherwise.
    public var effectiveProtocol: IPProtocol { ipProtocol?.value ?? .tcp }
}

extension SecurityGroup {
    /// The `egress` list as the loader stores it: writing it also records that the key was
    /// written (`writesEgress`), which reachability needs to tell AWS's default from `[]`.
    public var writtenEgress: [SecurityGroupRule] {
        get { egress }
        set {
            egress = newValue
            writesEgress = true
        }
    }
}
