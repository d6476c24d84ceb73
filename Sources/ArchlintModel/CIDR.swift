/// The address family of a CIDR block.
public enum IPFamily: Sendable, Hashable {
    case v4, v6

    /// Number of bits in an address of this family (32 or 128); also the longest prefix length.
    var addressBits: Int { self == .v4 ? 32 : 128 }

    var name: String { self == .v4 ? "IPv4" : "IPv6" }
}

/// An IPv4 or IPv6 network in CIDR notation, always stored in canonical form (no host bits set).
///
/// Both families share one representation: `address` is a `UInt128` holding the network
/// address, with IPv4 addresses in the low 32 bits. Two CIDR blocks of the same family are
/// either nested or disjoint, which keeps `contains` and `overlaps` to a mask and a compare.
public struct CIDR: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let family: IPFamily
    /// The network address; IPv4 in the low 32 bits.
    public let address: UInt128
    /// 0...32 for IPv4, 0...128 for IPv6.
    public let prefixLength: Int

    /// Creates a CIDR block. The address must be a network address (no host bits set) and
    /// fit the family; use `parse` for untrusted text.
    public init(family: IPFamily, address: UInt128, prefixLength: Int) {
        precondition(
            prefixLength >= 0 && prefixLength <= family.addressBits,
            "prefix length \(prefixLength) is out of range for \(family.name)")
        precondition(
            family == .v6 || address <= UInt128(UInt32.max),
            "IPv4 address does not fit in 32 bits")
        precondition(
            address & CIDR.hostMask(family, prefixLength) == 0,
            "CIDR address has host bits set below /\(prefixLength)")
        self.family = family
        self.address = address
        self.prefixLength = prefixLength
    }

    fileprivate init(unchecked family: IPFamily, address: UInt128, prefixLength: Int) {
        self.family = family
        self.address = address
        self.prefixLength = prefixLength
    }

    /// The lowest address in the block (the network address).
    public var firstAddress: UInt128 { address }

    /// The highest address in the block (for IPv4, the broadcast address).
    public var lastAddress: UInt128 { address | CIDR.hostMask(family, prefixLength) }

    /// Whether `other` lies entirely inside this block. Always false across families.
    public func contains(_ other: CIDR) -> Bool {
        guard family == other.family, prefixLength <= other.prefixLength else { return false }
        return other.address & ~CIDR.hostMask(family, prefixLength) == address
    }

    /// Whether the two blocks share at least one address. Always false across families.
    /// Same-family CIDR blocks are either nested or disjoint, so this is containment either way.
    public func overlaps(_ other: CIDR) -> Bool {
        contains(other) || other.contains(self)
    }

    /// Canonical text: dotted quad for IPv4, RFC 5952 for IPv6 (lower case, leading zeros
    /// dropped, the longest run of two or more zero groups compressed to `::`, IPv4-mapped
    /// addresses written with a dotted tail as in `::ffff:192.0.2.0/120`).
    public var description: String {
        CIDR.formatAddress(family, address) + "/" + String(prefixLength)
    }

    /// Orders by family (IPv4 first), then first address, then prefix length (shorter first),
    /// so a network sorts just before the networks nested in it.
    public static func < (a: CIDR, b: CIDR) -> Bool {
        if a.family != b.family { return a.family == .v4 }
        if a.address != b.address { return a.address < b.address }
        return a.prefixLength < b.prefixLength
    }

    /// Bits below the prefix, as a mask.
    @inline(__always)
    static func hostMask(_ family: IPFamily, _ prefixLength: Int) -> UInt128 {
        let hostBits = family.addressBits - prefixLength
        if hostBits <= 0 { return 0 }
        if hostBits >= 128 { return .max }
        return (UInt128(1) << hostBits) &- 1
    }
}

/// Why a CIDR string was rejected: names the problem and, where it can, the fix.
public struct CIDRError: Error, Hashable, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }

    public init(_ message: String) {
        self.message = message
    }
}

// MARK: - Formatting

extension CIDR {
    static func formatAddress(_ family: IPFamily, _ address: UInt128) -> String {
        switch family {
        case .v4: return formatIPv4(UInt32(truncatingIfNeeded: address))
        case .v6: return formatIPv6(address)
        }
    }

    static func formatIPv4(_ value: UInt32) -> String {
        var s = ""
        s.reserveCapacity(15)
        s += String(value >> 24)
        s += "."
        s += String((value >> 16) & 0xff)
        s += "."
        s += String((value >> 8) & 0xff)
        s += "."
        s += String(value & 0xff)
        return s
    }

    static func formatIPv6(_ value: UInt128) -> String {
        @inline(__always) func group(_ i: Int) -> UInt16 {
            UInt16(truncatingIfNeeded: value >> (16 * (7 - i)))
        }

        // IPv4-mapped (::ffff:0:0/96): RFC 5952 section 5 recommends the dotted tail.
        if value >> 32 == 0xffff {
            return "::ffff:" + formatIPv4(UInt32(truncatingIfNeeded: value))
        }

        // Longest run of zero groups, at least two long; the first one wins a tie.
        var bestStart = -1, bestLength = 0
        var runStart = -1
        for i in 0...8 {
            if i < 8 && group(i) == 0 {
                if runStart < 0 { runStart = i }
            } else if runStart >= 0 {
                let length = i - runStart
                if length > bestLength {
                    bestStart = runStart
                    bestLength = length
                }
                runStart = -1
            }
        }
        if bestLength < 2 { bestStart = -1 }

        var s = ""
        s.reserveCapacity(39)
        var i = 0
        while i < 8 {
            if i == bestStart {
                s += "::"
                i += bestLength
                continue
            }
            if !s.isEmpty && !s.hasSuffix(":") { s += ":" }
            s += String(group(i), radix: 16)
            i += 1
        }
        return s
    }
}

// MARK: - Parsing

extension CIDR {
    /// Parses `a.b.c.d/n` or an IPv6 network such as `2001:db8::/32`, strictly.
    public static func parse(_ text: String) -> Result<CIDR, CIDRError> {
        if let result = text.utf8.withContiguousStorageIfAvailable({
            CIDRParser(bytes: $0, text: text).parse()
        }) {
            return result
        }
        let copy = Array(text.utf8)
        return copy.withUnsafeBufferPointer { CIDRParser(bytes: $0, text: text).parse() }
    }
}

private enum ASCII {
    static let slash = UInt8(ascii: "/")
    static let colon = UInt8(ascii: ":")
    static let dot = UInt8(ascii: ".")
    static let percent = UInt8(ascii: "%")
    static let zero = UInt8(ascii: "0")
    static let nine = UInt8(ascii: "9")
    static let plus = UInt8(ascii: "+")
    static let minus = UInt8(ascii: "-")
    static let openBracket = UInt8(ascii: "[")
    static let closeBracket = UInt8(ascii: "]")

    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= zero && b <= nine }

    @inline(__always) static func isWhitespace(_ b: UInt8) -> Bool {
        b == 0x20 || (b >= 0x09 && b <= 0x0d)
    }

    /// The value of a hex digit, or nil.
    @inline(__always) static func hexValue(_ b: UInt8) -> UInt16? {
        switch b {
        case zero...nine: return UInt16(b - zero)
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt16(b - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt16(b - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }
}

/// A single-pass parser over the UTF-8 bytes of one CIDR string.
/// Strings are only built on error paths (to quote the offending part).
private struct CIDRParser {
    let bytes: UnsafeBufferPointer<UInt8>
    let text: String

    private func fail<T>(_ message: String) -> Result<T, CIDRError> {
        .failure(CIDRError(message))
    }

    private func slice(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    private func firstIndex(of byte: UInt8, in range: Range<Int>) -> Int? {
        var i = range.lowerBound
        while i < range.upperBound {
            if bytes[i] == byte { return i }
            i += 1
        }
        return nil
    }

    func parse() -> Result<CIDR, CIDRError> {
        let end = bytes.count
        if end == 0 {
            return fail("CIDR is empty; write a network such as 10.0.0.0/16 or 2001:db8::/32")
        }
        for b in bytes where ASCII.isWhitespace(b) {
            let stripped = String(decoding: bytes.filter { !ASCII.isWhitespace($0) }, as: UTF8.self)
            return fail("'\(text)' contains whitespace; write \(stripped)")
        }

        let slash = firstIndex(of: ASCII.slash, in: 0..<end)
        let addressEnd = slash ?? end
        if addressEnd == 0 {
            return fail("'\(text)' has no address before the prefix length; write e.g. 10.0.0.0\(text)")
        }
        if let slash, firstIndex(of: ASCII.slash, in: (slash + 1)..<end) != nil {
            return fail("'\(text)' has more than one '/'; a CIDR is one address and one prefix length")
        }
        if let percent = firstIndex(of: ASCII.percent, in: 0..<addressEnd) {
            let zone = slice(percent..<addressEnd)
            return fail(
                "'\(text)' has a zone id '\(zone)'; zone ids are not allowed in a CIDR, remove it")
        }
        if bytes[0] == ASCII.openBracket || bytes[addressEnd - 1] == ASCII.closeBracket {
            return fail("'\(text)': square brackets are not part of a CIDR; remove them")
        }

        // Family: any ':' means IPv6; IPv4 must start like a number.
        let family: IPFamily
        if firstIndex(of: ASCII.colon, in: 0..<addressEnd) != nil {
            family = .v6
        } else if ASCII.isDigit(bytes[0]) || bytes[0] == ASCII.plus || bytes[0] == ASCII.minus {
            family = .v4
        } else {
            return fail("'\(text)' is not an IPv4 or IPv6 CIDR; write e.g. 10.0.0.0/16 or 2001:db8::/32")
        }

        let address: UInt128
        switch family {
        case .v4:
            switch parseIPv4(0..<addressEnd, embedded: false) {
            case .success(let v): address = UInt128(v)
            case .failure(let e): return .failure(e)
            }
        case .v6:
            switch parseIPv6(0..<addressEnd) {
            case .success(let v): address = v
            case .failure(let e): return .failure(e)
            }
        }

        let maxPrefix = family.addressBits
        guard let slash else {
            let canonical = CIDR.formatAddress(family, address)
            return fail(
                "'\(text)' has no prefix length; write \(canonical)/\(maxPrefix) for a single address")
        }

        // Prefix length: decimal, no sign, no leading zeros except "0" itself.
        let prefixRange = (slash + 1)..<end
        if prefixRange.isEmpty {
            return fail("'\(text)' has an empty prefix length after '/'; write a number 0–\(maxPrefix)")
        }
        var prefix = 0
        for i in prefixRange {
            let b = bytes[i]
            guard ASCII.isDigit(b) else {
                return fail(
                    "'\(text)': prefix '/\(slice(prefixRange))' is not a decimal number 0–\(maxPrefix)")
            }
            if prefix < 10_000 { prefix = prefix * 10 + Int(b - ASCII.zero) }
        }
        if prefix > maxPrefix {
            return fail(
                "'\(text)': prefix /\(slice(prefixRange)) is longer than \(maxPrefix) for \(family.name)")
        }
        if prefixRange.count > 1 && bytes[prefixRange.lowerBound] == ASCII.zero {
            return fail("'\(text)': prefix /\(slice(prefixRange)) has a leading zero; write /\(prefix)")
        }

        let hostMask = CIDR.hostMask(family, prefix)
        if address & hostMask != 0 {
            let network = CIDR(unchecked: family, address: address & ~hostMask, prefixLength: prefix)
            return fail("'\(text)' has host bits set; the network is \(network)")
        }
        return .success(CIDR(unchecked: family, address: address, prefixLength: prefix))
    }

    // MARK: IPv4

    /// Parses a dotted quad in `range`. `embedded` marks the IPv4 tail of an IPv6 address.
    private func parseIPv4(_ range: Range<Int>, embedded: Bool) -> Result<UInt32, CIDRError> {
        var dots = 0
        for i in range where bytes[i] == ASCII.dot { dots += 1 }
        if dots != 3 {
            let parts = dots + 1
            let noun = parts == 1 ? "octet" : "octets"
            if embedded {
                return fail(
                    "'\(text)': the embedded IPv4 address '\(slice(range))' has \(parts) \(noun); it needs exactly 4")
            }
            return fail("'\(text)' has \(parts) \(noun); an IPv4 address needs exactly 4, as in 10.0.0.0/16")
        }

        var value: UInt32 = 0
        var octetStart = range.lowerBound
        var octetNumber = 1
        while octetNumber <= 4 {
            var octetEnd = octetStart
            while octetEnd < range.upperBound && bytes[octetEnd] != ASCII.dot { octetEnd += 1 }
            let octetRange = octetStart..<octetEnd
            if octetRange.isEmpty {
                return fail("'\(text)': octet \(octetNumber) is empty")
            }
            var octet = 0
            for i in octetRange {
                let b = bytes[i]
                guard ASCII.isDigit(b) else {
                    return fail("'\(text)': octet '\(slice(octetRange))' is not a decimal number 0–255")
                }
                if octet < 10_000 { octet = octet * 10 + Int(b - ASCII.zero) }
            }
            if octet > 255 {
                return fail("'\(text)': octet \(slice(octetRange)) is out of range 0–255")
            }
            if octetRange.count > 1 && bytes[octetStart] == ASCII.zero {
                return fail(
                    "'\(text)': octet \(slice(octetRange)) has a leading zero, which is ambiguous (some tools read it as octal); write \(octet)")
            }
            value = value << 8 | UInt32(octet)
            octetStart = octetEnd + 1
            octetNumber += 1
        }
        return .success(value)
    }

    // MARK: IPv6

    private func parseIPv6(_ range: Range<Int>) -> Result<UInt128, CIDRError> {
        // Locate '::' (at most once, and never ':::').
        var doubleColon: Int? = nil
        var i = range.lowerBound
        while i + 1 < range.upperBound {
            if bytes[i] == ASCII.colon && bytes[i + 1] == ASCII.colon {
                if i + 2 < range.upperBound && bytes[i + 2] == ASCII.colon {
                    return fail("'\(text)' contains ':::'; write '::' for a run of zero groups")
                }
                if doubleColon != nil {
                    return fail(
                        "'\(text)' uses '::' more than once; it may stand for only one run of zero groups")
                }
                doubleColon = i
                i += 2
                continue
            }
            i += 1
        }

        if let dc = doubleColon {
            let head = range.lowerBound..<dc
            let tail = (dc + 2)..<range.upperBound
            let headGroups: (value: UInt128, count: Int)
            switch parseGroups(head, isLast: false) {  // '::' always follows the head
            case .success(let g): headGroups = g
            case .failure(let e): return .failure(e)
            }
            let tailGroups: (value: UInt128, count: Int)
            switch parseGroups(tail, isLast: true) {
            case .success(let g): tailGroups = g
            case .failure(let e): return .failure(e)
            }
            let total = headGroups.count + tailGroups.count
            if total > 7 {
                return fail(
                    "'\(text)' has \(total) groups besides '::', but '::' must stand for at least one zero group; an IPv6 address has 8 groups")
            }
            let shift = 16 * (8 - headGroups.count)
            let high = shift >= 128 ? 0 : headGroups.value << shift
            return .success(high | tailGroups.value)
        }

        switch parseGroups(range, isLast: true) {
        case .failure(let e):
            return .failure(e)
        case .success(let g):
            if g.count != 8 {
                return fail(
                    "'\(text)' has \(g.count) groups; an IPv6 address needs 8, or '::' for a run of zero groups")
            }
            return .success(g.value)
        }
    }

    /// Parses colon-separated hex groups in `range` (which holds no '::'). An embedded IPv4
    /// address counts as two groups and is allowed only at the very end (`isLast`).
    private func parseGroups(_ range: Range<Int>, isLast: Bool) -> Result<(value: UInt128, count: Int), CIDRError> {
        var value: UInt128 = 0
        var count = 0
        if range.isEmpty { return .success((0, 0)) }

        var start = range.lowerBound
        while true {
            var end = start
            var sawDot = false
            while end < range.upperBound && bytes[end] != ASCII.colon {
                if bytes[end] == ASCII.dot { sawDot = true }
                end += 1
            }
            let part = start..<end
            let atEnd = end == range.upperBound
            if part.isEmpty {
                return fail("'\(text)': a single ':' cannot start or end an IPv6 address; write '::' or remove it")
            }
            if sawDot {
                guard atEnd && isLast else {
                    return fail(
                        "'\(text)': an embedded IPv4 address ('\(slice(part))') may only appear at the end of an IPv6 address")
                }
                switch parseIPv4(part, embedded: true) {
                case .success(let v4):
                    value = value << 32 | UInt128(v4)
                    count += 2
                case .failure(let e):
                    return .failure(e)
                }
            } else {
                var group: UInt16 = 0
                for j in part {
                    guard let digit = ASCII.hexValue(bytes[j]) else {
                        return fail("'\(text)': group '\(slice(part))' is not hexadecimal")
                    }
                    group = group &<< 4 | digit
                }
                if part.count > 4 {
                    return fail("'\(text)': group '\(slice(part))' has more than 4 hex digits")
                }
                value = value << 16 | UInt128(group)
                count += 1
            }
            if count > 8 {
                return fail("'\(text)' has more than 8 groups; an IPv6 address has 8")
            }
            if atEnd { break }
            start = end + 1
            if start == range.upperBound {
                return fail("'\(text)': a single ':' cannot start or end an IPv6 address; write '::' or remove it")
            }
        }
        return .success((value, count))
    }
}
