#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation

/// Progress lines on standard error (`archlint: drawing 50 diagrams…`) for a run a person
/// would otherwise wait on in silence. Standard output never carries them, and a short run
/// into a pipe or a file (CI logs, tests) prints none, so its standard error is unchanged.
struct Progress {
    let enabled: Bool

    /// From 10,000 resources a report takes seconds (100,000: about ten in a release build).
    static let longRunResources = 10_000

    /// Lines when standard error is a terminal or the estate is large. Decided by size, not
    /// by a clock, so the same input always prints the same lines.
    /// `ARCHLINT_PROGRESS=always` or `never` overrides both.
    init(resources: Int) {
        switch ProcessInfo.processInfo.environment["ARCHLINT_PROGRESS"] {
        case "always": enabled = true
        case "never": enabled = false
        default: enabled = isatty(2) == 1 || resources >= Self.longRunResources
        }
    }

    func say(_ text: String) {
        if enabled { Console.err("archlint: \(text)\n") }
    }
}
