/// Bounds on the work one spec file may cause. Specs come from pull requests, so every
/// one of them may be hostile; each bound turns what would be a hang, a crash or an
/// out-of-memory into a located error.
public struct LoadLimits: Sendable, Hashable {
    /// Largest spec file read, in bytes.
    public var maxFileBytes: Int = 32 * 1024 * 1024
    /// Most YAML nodes in one file, as written (aliases counted once).
    public var maxNodes: Int = 100_000
    /// Most nodes one file may stand for once its aliases are expanded.
    public var maxExpandedNodes: Int = 2_000_000
    /// Deepest nesting of lists and mappings.
    public var maxDepth: Int = 64
    /// Longest scalar, in bytes.
    public var maxScalarBytes: Int = 1024 * 1024
    /// Most spec files one run reads.
    public var maxFiles: Int = 100_000

    public init() {}

    public static let `default` = LoadLimits()
}
