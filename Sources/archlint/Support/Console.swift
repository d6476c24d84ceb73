import ArchlintFindings
import ArgumentParser
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

#if canImport(Glibc)
    private let systemWrite = Glibc.write
#else
    private let systemWrite = Darwin.write
#endif

/// Standard output and error, written whole and flushed, so reports never interleave.
enum Console {
    static func out(_ text: String) { write(text, to: 1) }
    static func err(_ text: String) { write(text, to: 2) }

    /// Straight to the descriptor, retrying short writes and interruptions.
    private static func write(_ text: String, to descriptor: Int32) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = systemWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }

    /// The `--color` choice; `auto` unless a command sets it.
    nonisolated(unsafe) static var colorChoice = ColorChoice.auto

    /// Whether to colour a stream: `--color always|never` first; then `NO_COLOR` (set and
    /// non-empty: never, https://no-color.org); then `FORCE_COLOR` (set, non-empty and not
    /// `0`: always, for CI logs that render colour but are not terminals); else only on a
    /// terminal that is not `TERM=dumb`.
    static func wantsColor(standardError: Bool = false) -> Bool {
        switch colorChoice {
        case .always: return true
        case .never: return false
        case .auto: break
        }
        if let value = getenv("NO_COLOR"), value.pointee != 0 { return false }
        if let value = getenv("FORCE_COLOR"), value.pointee != 0, String(cString: value) != "0" { return true }
        if let term = getenv("TERM"), String(cString: term) == "dumb" { return false }
        return isatty(standardError ? 2 : 1) == 1
    }
}

/// `--color`.
enum ColorChoice: String, CaseIterable, Sendable {
    case auto, always, never
}

extension ColorChoice: ExpressibleByArgument {}

/// How findings are shown on a terminal or in a CI log (text and github formats); reports
/// written to files always hold everything.
struct DisplayOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Colour: auto (a terminal, unless NO_COLOR; FORCE_COLOR forces it), always or never.", valueName: "when"))
    var color: ColorChoice = .auto

    @Option(help: ArgumentHelp("Hide findings below this severity from text and github output (error, warning or info); reports keep everything.", valueName: "level"))
    var severity: Severity = .info

    @Flag(name: [.short, .long], help: "Print only the verdict and the findings that fail the gate.")
    var quiet = false

    func apply() { Console.colorChoice = color }
}

extension Severity: ExpressibleByArgument {}
