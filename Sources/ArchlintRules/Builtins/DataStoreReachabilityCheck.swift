import ArchlintModel

/// SG007: a database or cache whose security group admits, on the store's port, the
/// whole internet or a group attached to an internet-facing load balancer — one hop from
/// the internet to the data.
struct DataStoreReachabilityCheck: BuiltinCheck {
    let name = "data-store-reachability"
    let summary = "Data stores one hop from the internet: world ingress, or ingress from an internet-facing load balancer's group, on the store's port."

    func run(_ context: inout CheckContext) {
        let index = context.index
        for spec in context.applicableSpecs {
            for store in index.resources(of: .database, in: spec) + index.resources(of: .cache, in: spec) {
                context.evaluated(store)
                guard let port = store.record.int("port") else { continue }
                for groupName in store.record.references("security_groups") {
                    guard let group = index.resolve(groupName.value, kind: .securityGroup, from: spec) else { continue }
                    for rule in group.record.records("ingress") {
                        guard admitsPort(rule, port), let from = rule.value("from") else { continue }
                        var source: String?
                        switch from.value {
                        case .cidr(let cidr) where cidr.prefixLength == 0:
                            source = "the whole internet (\(cidr))"
                        case .reference(_, let name):
                            if let peer = index.resolve(name, kind: .securityGroup, from: group.spec),
                               let balancer = index.referrers(of: peer, kind: .loadBalancer).first(where: {
                                   $0.record.string("scheme") == "internet-facing" && $0.record.references("security_groups").contains { $0.value == peer.name }
                               }) {
                                source = "security group '\(name)' of internet-facing load balancer '\(balancer.name)'"
                            }
                        default:
                            break
                        }
                        guard let source else { continue }
                        // Point at the store's own reference to the group when the rule lives in another file.
                        let position = group.spec == spec ? rule.position : groupName.position
                        context.report(store, at: position,
                                       "\(store.kind.words) '\(store.name)' is reachable from the internet: its security group '\(group.name)' admits \(source) on port \(port); admit only the application's security group")
                    }
                }
            }
        }
    }

    private func admitsPort(_ rule: ModelRecord, _ port: Int) -> Bool {
        if rule.string("protocol") == "all" { return true }
        guard ["tcp", nil].contains(rule.string("protocol")) else { return false }
        guard case .ports(let range)? = rule.value("ports")?.value else { return false }
        return range.covers(port)
    }
}
