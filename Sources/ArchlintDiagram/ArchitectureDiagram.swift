import ArchlintFindings
import Foundation
import ArchlintModel
import ArchlintRules

/// One stack-environment drawn as boxes and arrows: what the renderers (Mermaid, DOT) turn
/// into text. Built from the same model the rules read, and marked with their findings.
public struct ArchitectureDiagram: Sendable {
    public enum Status: Sendable, Comparable {
        case clean, warning, gating
    }

    public struct Node: Sendable {
        /// A stable identifier made of letters, digits and `_` (both formats accept it).
        public let id: String
        /// First line of the label ("load balancer api-alb").
        public let title: String
        /// Further lines (a network's range, the rule IDs of findings).
        public var details: [String]
        public var status: Status
        public let isExternal: Bool
    }

    public struct Group: Sendable {
        public let id: String
        public let label: String
        public var nodes: [String]
        public var groups: [Group]
    }

    public struct Edge: Sendable, Hashable {
        public let from: String
        public let to: String
        public var label: String
        /// Dashed: a dependency (a secret read, peering) rather than traffic.
        public let isDependency: Bool
        /// Thick and red: a hop of the network path of a REACH001/REACH002 finding.
        public var isPath = false
    }

    public let title: String
    // Settable within the module: a change diagram adds the base's removed resources.
    public internal(set) var nodes: [Node] = []
    /// Top-level groups (networks, then the managed services outside them); nodes outside
    /// every group are listed in `looseNodes`.
    public internal(set) var groups: [Group] = []
    public internal(set) var looseNodes: [String] = []
    public internal(set) var edges: [Edge] = []
    /// The node id of each drawn resource and network, by `KIND/NAME` (as findings name them).
    public internal(set) var resourceNodes: [String: String] = [:]
}

extension ArchitectureDiagram {
    /// Beyond this many boxes a diagram is no longer legible on a page, and Graphviz's
    /// layout time grows steeply (measured: 1,266 boxes 11 s; a 5,000-resource spec 4 min).
    public static let legibleNodeLimit = 600
    /// What Mermaid, as GitHub and GitLab run it, refuses to draw (its `maxEdges` and
    /// `maxTextSize` defaults).
    public static let mermaidEdgeLimit = 500
    public static let mermaidTextLimit = 50_000

    /// Why Mermaid, as GitHub and GitLab run it, would refuse `mermaid` (this diagram's text),
    /// or nil: a page shows this instead of an error box.
    public func tooLargeForMermaid(_ mermaid: String) -> String? {
        guard edges.count > Self.mermaidEdgeLimit || mermaid.utf8.count > Self.mermaidTextLimit else { return nil }
        return
            "\(title) has \(edges.count) arrows and \(mermaid.utf8.count) characters of Mermaid, more than GitHub and GitLab draw (\(Self.mermaidEdgeLimit) arrows, \(Self.mermaidTextLimit) characters); see archlint graph."
    }

    /// Why this diagram is too large to embed in a page, or nil.
    public var tooLargeToDraw: String? {
        nodes.count > Self.legibleNodeLimit
            ? "\(title) has \(nodes.count) boxes, too many to draw legibly (at most \(Self.legibleNodeLimit)); draw it with archlint graph --format dot and a tool for large graphs."
            : nil
    }
}

extension ArchitectureDiagram {
    /// Kinds drawn as boxes; the others (roles, users, log groups, …) appear only through
    /// their findings in reports.
    static let drawnKinds: [ResourceKind] = [
        .loadBalancer, .service, .function, .instance, .database, .cache, .bucket, .api,
        .frontend, .queue, .topic, .userPool, .secret, .dnsZone, .external,
    ]

    /// What a DNS record's target may name, most likely first.
    static let recordTargetKinds: [ResourceKind] = [
        .loadBalancer, .frontend, .api, .bucket, .database, .cache, .instance, .service, .function,
    ]

    /// The event sources a function trigger names by prefix (`sqs:NAME …`).
    static let triggerKinds: [String: ResourceKind] = [
        "sqs": .queue, "sns": .topic, "s3": .bucket, "apigateway": .api, "cognito": .userPool,
    ]

    /// The ARN service of each kind a role statement may name (`arn:aws:s3:::NAME`).
    static let arnKinds: [String: ResourceKind] = ["s3": .bucket, "sqs": .queue, "sns": .topic]

    /// The diagram of `spec` in `index`, marked with `findings` (those of other specs are
    /// ignored) judged against `report`'s gate.
    public init(spec: Int, index: ModelIndex, findings: [Finding], failsGate: (Finding) -> Bool) {
        let loaded = index.workspace.specs[spec]
        title = "\(loaded.stack.value)/\(loaded.environment.value.rawValue)"
        var builder = DiagramBuilder(index: index, spec: spec)
        builder.build()
        let drawn = findings.filter { $0.stack == loaded.stack.value && $0.environment == loaded.environment.value.rawValue && !$0.isWaived }
        builder.mark(drawn, failsGate: failsGate)
        builder.drawPaths(of: drawn)
        nodes = builder.nodes
        groups = builder.groups()
        looseNodes = builder.loose
        edges = builder.edges
        resourceNodes = builder.nodeIDs
    }
}
