/// An `--exclude` / `exclude:` pattern, matched against paths relative to the repository
/// root, the way `.gitignore` users expect:
///
/// - `*` matches within one path component, `?` one character, `**` any number of whole
///   components (`vendor/**`, `**/fixtures/*.yaml`);
/// - a pattern without a `/` matches a file or folder of that name anywhere
///   (`node_modules`, `*.template.yaml`);
/// - a trailing `/` is ignored; a folder that matches is not walked at all.
public struct PathPattern: Sendable, Hashable, CustomStringConvertible {
    public let text: String
    private let components: [Substring]
    private let anchored: Bool

    public init(_ text: String) {
        self.text = text
        var trimmed = Substring(text)
        while trimmed.hasPrefix("./") { trimmed = trimmed.dropFirst(2) }
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        anchored = trimmed.contains("/")
        components = trimmed.split(separator: "/", omittingEmptySubsequences: true)
    }

    public var description: String { text }

    /// Whether `path` (relative to the root, `/`-separated, normalised) matches.
    public func matches(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        if anchored { return PathPattern.match(components[...], parts[...]) }
        // Unanchored: the pattern's one component names any component of the path.
        guard let only = components.first else { return false }
        return parts.contains { PathPattern.matchComponent(Array(only.utf8)[...], Array($0.utf8)[...]) }
    }

    /// Component lists, with `**` standing for zero or more components. The recursion only
    /// branches at `**`, and patterns are short.
    private static func match(_ pattern: ArraySlice<Substring>, _ path: ArraySlice<Substring>) -> Bool {
        guard let head = pattern.first else { return path.isEmpty }
        if head == "**" {
            let rest = pattern.dropFirst()
            if rest.isEmpty { return true }
            var tail = path
            while true {
                if match(rest, tail) { return true }
                guard !tail.isEmpty else { return false }
                tail = tail.dropFirst()
            }
        }
        guard let first = path.first, matchComponent(Array(head.utf8)[...], Array(first.utf8)[...]) else { return false }
        return match(pattern.dropFirst(), path.dropFirst())
    }

    /// One component against `*` and `?` wildcards, iteratively with one backtrack point
    /// (linear in practice, never exponential).
    static func matchComponent(_ pattern: ArraySlice<UInt8>, _ name: ArraySlice<UInt8>) -> Bool {
        var p = pattern.startIndex, n = name.startIndex
        var star: Int?, resume = name.startIndex
        while n < name.endIndex {
            if p < pattern.endIndex, pattern[p] == UInt8(ascii: "?") || pattern[p] == name[n] {
                p += 1
                n += 1
            } else if p < pattern.endIndex, pattern[p] == UInt8(ascii: "*") {
                star = p
                p += 1
                resume = n
            } else if let position = star {
                p = position + 1
                resume += 1
                n = resume
            } else {
                return false
            }
        }
        while p < pattern.endIndex, pattern[p] == UInt8(ascii: "*") { p += 1 }
        return p == pattern.endIndex
    }
}
