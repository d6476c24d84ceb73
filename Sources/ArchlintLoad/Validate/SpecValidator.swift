import ArchlintModel

/// The meaning phase: what a well-formed spec must also satisfy before rules may run on
/// it. Unique names, references that resolve (in the same stack-environment, then the
/// stack's `shared` one), peers that exist, NAT gateways inside their own network.
struct SpecValidator {
    let workspace: Workspace
    /// Stack-environments whose file failed to load: references into them cannot be
    /// checked, and are not reported, so one broken file does not make others fail.
    let unverifiable: Set<StackEnvironment>

    func validate(specAt index: Int) -> [YAMLError] {
        let spec = workspace.specs[index]
        var errors: [YAMLError] = []
        for duplicate in workspace.indices[index].duplicates {
            let scope = duplicate.kind == .subnet ? "subnet names are unique across the whole stack-environment" : "names are unique within their kind"
            errors.append(
                YAMLError(
                    "duplicate \(duplicate.kind.singular) name '\(duplicate.name)' (first declared at line \(duplicate.first.line)); \(scope)",
                    at: duplicate.position))
        }
        checkNatGateways(spec, index, &errors)
        checkReferences(spec, index, &errors)
        checkPeers(spec, &errors)
        return errors
    }

    private func checkNatGateways(_ spec: Spec, _ index: Int, _ errors: inout [YAMLError]) {
        for (networkIndex, network) in spec.networks.enumerated() {
            var seen: [String: SourcePosition] = [:]
            for gateway in network.natGateways {
                if let first = seen[gateway.name.value] {
                    errors.append(
                        YAMLError(
                            "duplicate NAT gateway name '\(gateway.name.value)' in network '\(network.name)' (first declared at line \(first.line))",
                            at: gateway.name.position))
                } else {
                    seen[gateway.name.value] = gateway.name.position
                }
                guard let subnet = gateway.subnet else { continue }
                let subnetIndex = workspace.indices[index].index(of: subnet.name, kind: .subnet)
                // Not found at all is a dangling reference, reported with the others.
                if subnetIndex == nil, workspace.resolve(subnet.name, kind: .subnet, from: index) == nil { continue }
                if subnetIndex.map({ workspace.indices[index].subnetNetwork[$0] }) != networkIndex {
                    errors.append(
                        YAMLError(
                            "NAT gateway '\(gateway.name.value)' of network '\(network.name)' is placed in subnet '\(subnet.name)', which belongs to another network",
                            at: subnet.position))
                }
            }
        }
    }

    private func checkReferences(_ spec: Spec, _ index: Int, _ errors: inout [YAMLError]) {
        let sharedUnverifiable =
            spec.environment.value != .shared
            && unverifiable.contains(StackEnvironment(stack: spec.stack.value, environment: .shared))
        for site in spec.referenceSites {
            // Beyond the cap the loader drops errors anyway; stop paying for suggestions.
            if errors.count > DecodeContext.maxErrors { return }
            if workspace.resolve(site.reference.name, kind: site.kind, from: index) != nil {
                continue
            } else if sharedUnverifiable {
                continue
            }
            errors.append(YAMLError(danglingMessage(site, spec: spec, index: index), at: site.reference.position))
        }
    }

    private func danglingMessage(_ site: ReferenceSite, spec: Spec, index: Int) -> String {
        var scope = spec.stackEnvironment.description
        var candidates = Array((workspace.indices[index].names[site.kind] ?? [:]).keys)
        if let shared = workspace.sharedSpec(of: index) {
            scope += " or \(spec.stack.value)/shared"
            candidates += (workspace.indices[shared].names[site.kind] ?? [:]).keys
        }
        var message = "\(site.owner) refers to \(site.kind.words) '\(site.reference.name)', which is not defined in \(scope)"
        if let suggestion = closestMatch(to: site.reference.name, in: candidates.sorted()) {
            message += "; did you mean '\(suggestion)'?"
        }
        return message
    }

    private func checkPeers(_ spec: Spec, _ errors: inout [YAMLError]) {
        for network in spec.networks {
            for peer in network.peers {
                let target = peer.value
                if workspace.resolve(target) != nil || unverifiable.contains(target.stackEnvironment) { continue }
                let message: String
                if let other = workspace.spec(for: target.stackEnvironment) {
                    var text =
                        "network '\(network.name)' peers with '\(target)', but \(target.stackEnvironment) (\(workspace.specs[other].path)) has no network '\(target.network)'"
                    let names = workspace.indices[other].names[.network]?.keys.sorted() ?? []
                    if let suggestion = closestMatch(to: target.network, in: names) { text += "; did you mean '\(suggestion)'?" }
                    message = text
                } else {
                    message = "network '\(network.name)' peers with '\(target)', but no spec among those checked describes \(target.stackEnvironment)"
                }
                errors.append(YAMLError(message, at: peer.position))
            }
        }
    }
}
