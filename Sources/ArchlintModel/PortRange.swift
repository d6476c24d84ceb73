/// A TCP/UDP port selection: every port, or an inclusive range of ports 0–65535.
///
/// `.all` and `.range(lower: 0, upper: 65535)` select the same ports (`covers`, `overlaps`
/// and `width` agree) but are distinct values, so a spec's own spelling survives to messages.
public enum PortRange: Hashable, Sendable, CustomStringConvertible {
    case all
    /// Inclusive bounds, 0...65535, `lower <= upper`. Use `parse` or `single` for untrusted input.
    case range(lower: Int, upper: Int)

    public static let validPorts: ClosedRange<Int> = 0...65535

    /// The ports selected, as a closed range (`.all` is 0...65535).
    public var bounds: ClosedRange<Int> {
        switch self {
        case .all: return PortRange.validPorts
        case .range(let lower, let upper): return lower...upper
        }
    }

    /// Whether `port` is selected. `.all` covers every valid port (0–65535).
    public func covers(_ port: Int) -> Bool {
        bounds.contains(port)
    }

    /// Whether the two selections share at least one port. Symmetric.
    public func overlaps(_ other: PortRange) -> Bool {
        let a = bounds, b = other.bounds
        return a.lowerBound <= b.upperBound && b.lowerBound <= a.upperBound
    }

    /// Number of ports selected; `.all` is 65536.
    public var width: Int {
        switch self {
        case .all: return 65536
        case .range(let lower, let upper): return upper - lower + 1
        }
    }

    /// `all`, a single port such as `443`, or `8000-8999`.
    public var description: String {
        switch self {
        case .all: return "all"
        case .range(let lower, let upper):
            return lower == upper ? String(lower) : String(lower) + "-" + String(upper)
        }
    }

    /// A single port from a YAML integer.
    public static func single(_ port: Int) -> Result<PortRange, PortRangeError> {
        if port < 0 {
            return .failure(PortRangeError("port \(port) is negative; ports are 0–65535"))
        }
        if port > 65535 {
            return .failure(PortRangeError("port \(port) is out of range 0–65535"))
        }
        return .success(.range(lower: port, upper: port))
    }

    /// Parses `all`, a single port (`443`) or an inclusive range (`8000-8999`), strictly:
    /// decimal digits only, no sign, no spaces, no leading zeros, bounds 0–65535, lower <= upper.
    public static func parse(_ text: String) -> Result<PortRange, PortRangeError> {
        if let result = text.utf8.withContiguousStorageIfAvailable({ parse(bytes: $0, text: text) }) {
            return result
        }
        let copy = Array(text.utf8)
        return copy.withUnsafeBufferPointer { parse(bytes: $0, text: text) }
    }

    private static let usage = "write a port such as 443, a range such as 8000-8999, or all"

    private static func parse(bytes: UnsafeBufferPointer<UInt8>, text: String) -> Result<PortRange, PortRangeError> {
        func fail(_ message: String) -> Result<PortRange, PortRangeError> {
            .failure(PortRangeError(message))
        }
        let dash = UInt8(ascii: "-"), plus = UInt8(ascii: "+"), zero = UInt8(ascii: "0")
        func isDigit(_ b: UInt8) -> Bool { b >= zero && b <= UInt8(ascii: "9") }
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0d) }
        func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") }

        if bytes.isEmpty {
            return fail("port range is empty; \(usage)")
        }
        if bytes.contains(where: isSpace) {
            let stripped = String(decoding: bytes.filter { !isSpace($0) }, as: UTF8.self)
            return fail("'\(text)' contains spaces; write \(stripped)")
        }
        if bytes.count == 3 && bytes.allSatisfy(isLetter) {
            let lowered = bytes.map { $0 | 0x20 }
            if lowered.elementsEqual("all".utf8) {
                if bytes.elementsEqual("all".utf8) { return .success(.all) }
                return fail("'\(text)' must be lower case; write all")
            }
        }
        if bytes.elementsEqual("*".utf8) || bytes.elementsEqual("any".utf8) {
            return fail("'\(text)' is not a port range; write all for every port")
        }
        if bytes[0] == plus {
            let rest = String(decoding: UnsafeBufferPointer(rebasing: bytes[1...]), as: UTF8.self)
            return fail("'\(text)' has a '+' sign; write \(rest)")
        }
        if bytes[0] == dash {
            if bytes.count > 1 && isDigit(bytes[1]) {
                return fail("'\(text)' is negative; ports are 0–65535")
            }
            return fail("'\(text)' has an empty lower bound before '-'; \(usage)")
        }

        // Split at the single '-'.
        var dashIndex: Int? = nil
        for (i, b) in bytes.enumerated() where b == dash {
            if dashIndex != nil {
                if i == dashIndex! + 1 && i + 1 < bytes.count && isDigit(bytes[i + 1]) {
                    let negative = String(decoding: UnsafeBufferPointer(rebasing: bytes[i...]), as: UTF8.self)
                    return fail("'\(text)': \(negative) is negative; ports are 0–65535")
                }
                return fail("'\(text)' has more than one '-'; write a range as lower-upper, such as 8000-8999")
            }
            dashIndex = i
        }

        /// Parses one port number: the whole text, or the lower or upper bound of a range.
        func bound(_ range: Range<Int>, _ name: String) -> Result<Int, PortRangeError> {
            if range.isEmpty {
                return .failure(PortRangeError("'\(text)' has an empty \(name); \(usage)"))
            }
            let part = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
            var value = 0
            for i in range {
                let b = bytes[i]
                if b == plus {
                    return .failure(PortRangeError("'\(text)': '\(part)' has a '+' sign; ports are plain numbers"))
                }
                guard isDigit(b) else {
                    if range.count == bytes.count {
                        return .failure(PortRangeError("'\(text)' is not a port number or range; \(usage)"))
                    }
                    return .failure(PortRangeError("'\(text)': '\(part)' is not a decimal number; \(usage)"))
                }
                if value <= 65535 { value = value * 10 + Int(b - zero) }
            }
            if value > 65535 {
                return .failure(PortRangeError("'\(text)': port \(part) is out of range 0–65535"))
            }
            if range.count > 1 && bytes[range.lowerBound] == zero {
                return .failure(PortRangeError("'\(text)': port \(part) has a leading zero; write \(value)"))
            }
            return .success(value)
        }

        guard let dashIndex else {
            switch bound(0..<bytes.count, "port") {
            case .success(let port): return .success(.range(lower: port, upper: port))
            case .failure(let e): return .failure(e)
            }
        }
        let lower: Int, upper: Int
        switch bound(0..<dashIndex, "lower bound") {
        case .success(let v): lower = v
        case .failure(let e): return .failure(e)
        }
        switch bound((dashIndex + 1)..<bytes.count, "upper bound") {
        case .success(let v): upper = v
        case .failure(let e): return .failure(e)
        }
        if lower > upper {
            return fail("'\(text)' is reversed; write \(upper)-\(lower)")
        }
        return .success(.range(lower: lower, upper: upper))
    }
}

/// Why a port or port range was rejected: names the problem and, where it can, the fix.
public struct PortRangeError: Error, Hashable, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }

    public init(_ message: String) {
        self.message = message
    }
}
