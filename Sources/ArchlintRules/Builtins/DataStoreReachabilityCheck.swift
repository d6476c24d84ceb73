import ArchlintModel

/// SG007: a database or cache whose security group admits, on the store's port, the
/// whole internet or a group attached to an internet-facing load balancer — one hop from
/// the internet to the data.
struct DataStoreReachabilityCheck: BuiltinCheck {
    let name = "data-store-reachability"
    let summary = "Data stores one hop from the internet: world ingress, or ingress from an internet-facing load balancer's group, on the store's port."

    func run(_ context: inout CheckContext) {
        let index = context.index
        let workspace = index.workspace
        for spec in context.applicableSpecs {
            for store in index.resources(of: .database, in: spec) + index.resources(of: .cache, in: spec) {
                context.evaluated(store)
                let port: Int?, securityGroups: [Reference]
                switch workspace.resource(at: store.address) {
                case .database(let database): (port, securityGroups) = (database.effectivePort, database.securityGroups)
                case .cache(let cache): (port, securityGroups) = (cache.effectivePort, cache.securityGroups)
                default: continue
                }
                guard let port else { continue }
                for groupReference in securityGroups {
                    guard let group = workspace.resolve(groupReference.name, kind: .securityGroup, from: spec) else { continue }
                    let groupName = groupReference.name
                    for rule in workspace.resource(SecurityGroup.self, at: group).ingress where admits(rule, port) {
                        var source: String?
                        switch rule.peer.value {
                        case .cidr(let cidr) where cidr.prefixLength == 0:
                            source = "the whole internet (\(cidr))"
                        case .securityGroup(let peerReference):
                            let name = peerReference.name
                            if let peer = index.resolve(name, kind: .securityGroup, from: group.spec),
                                let balancer = index.referrers(of: peer, kind: .loadBalancer).first(where: {
                                    let balancer = workspace.resource(LoadBalancer.self, at: $0.address)
                                    return balancer.effectiveScheme == .internetFacing && balancer.securityGroups.contains { $0.name == peer.name }
                                })
                            {
                                source = "security group '\(name)' of internet-facing load balancer '\(balancer.name)'"
                            }
                        default:
                            break
                        }
                        guard let source else { continue }
                        // Point at the store's own reference to the group when the rule lives in another file.
                        let position = group.spec == spec ? rule.position : groupReference.position
                        context.report(
                            store, at: position,
                            "\(store.kind.words) '\(store.name)' is reachable from the internet: its security group '\(groupName)' admits \(source) on port \(port); admit only the application's security group"
                        )
                    }
                }
            }
        }
    }

    /// Whether `rule` lets TCP traffic in on `port` (a rule of every protocol does too).
    private func admits(_ rule: SecurityGroupRule, _ port: Int) -> Bool {
        switch rule.effectiveProtocol {
        case .all: return true
        case .tcp: return rule.ports.value.covers(port)
        case .udp, .icmp: return false
        }
    }
}
