import ArchlintModel
import PropertyBased
import Testing

// MARK: - Helpers

/// Builds a CIDR from any address by clearing its host bits (computed here, independently of CIDR).
private func network(_ family: IPFamily, _ address: UInt128, _ prefix: Int) -> CIDR {
    let bits = family == .v4 ? 32 : 128
    let hostBits = bits - prefix
    let hostMask: UInt128 = hostBits == 0 ? 0 : hostBits == 128 ? .max : (UInt128(1) << hostBits) - 1
    let familyMask: UInt128 = family == .v4 ? 0xFFFF_FFFF : .max
    return CIDR(family: family, address: address & familyMask & ~hostMask, prefixLength: prefix)
}

private func cidr(_ text: String) throws -> CIDR {
    try CIDR.parse(text).get()
}

private func parseError(_ text: String) -> String? {
    if case .failure(let error) = CIDR.parse(text) { return error.message }
    return nil
}

/// A reference RFC 5952 formatter for plain (not IPv4-mapped) addresses, written differently
/// from the production one: try every zero run and keep the first longest.
private func referenceIPv6Text(_ address: UInt128) -> String {
    let groups = (0..<8).map { UInt16(truncatingIfNeeded: address >> (16 * (7 - $0))) }
    var best: Range<Int>? = nil
    for start in 0..<8 {
        var end = start
        while end < 8 && groups[end] == 0 { end += 1 }
        if end - start >= 2 && end - start > (best?.count ?? 0) { best = start..<end }
    }
    let hex = groups.map { String($0, radix: 16) }
    guard let best else { return hex.joined(separator: ":") }
    return hex[..<best.lowerBound].joined(separator: ":") + "::" + hex[best.upperBound...].joined(separator: ":")
}

// MARK: - Generators

/// CIDRs of both families drawn from a few small clusters, so nesting and overlap are common.
private func clusteredCIDR() -> Generator<CIDR, some SendableSequenceType> {
    zip(Gen.bool, Gen.int(in: 0...3), Gen.uint16(), Gen.int(in: 0...128)).map { input in
        let (isV6, base, low, rawPrefix) = input
        if isV6 {
            let bases: [UInt128] = [
                0x2001_0db8 << 96, 0x2001_0db8_0001 << 80, 0, 0xfe80 << 112,
            ]
            return network(.v6, bases[base] | UInt128(low), rawPrefix)
        }
        let bases: [UInt128] = [0x0A00_0000, 0x0A14_0000, 0xC0A8_0000, 0]
        return network(.v4, bases[base] | UInt128(low), rawPrefix * 32 / 128)
    }
}

/// Any IPv4 CIDR.
private func anyIPv4CIDR() -> Generator<CIDR, some SendableSequenceType> {
    zip(Gen.uint32(), Gen.int(in: 0...32)).map { address, prefix in
        network(.v4, UInt128(address), prefix)
    }
}

/// Any IPv6 CIDR, with groups randomly zeroed so `::` compression and ties get exercised,
/// and sometimes an IPv4-mapped address.
private func anyIPv6CIDR() -> Generator<CIDR, some SendableSequenceType> {
    zip(Gen.uint16().array(of: 8), Gen.uint8(), Gen.int(in: 0...128), Gen.int(in: 0...9)).map { input in
        let (groups, zeroMask, prefix, kind) = input
        var address: UInt128 = 0
        for (i, group) in groups.enumerated() {
            let value = zeroMask & (1 << UInt8(i)) != 0 ? 0 : group
            address = address << 16 | UInt128(value)
        }
        if kind == 0 {
            // IPv4-mapped: ::ffff:a.b.c.d
            address = 0xffff << 32 | (address & 0xFFFF_FFFF)
            return network(.v6, address, 96 + prefix % 33)
        }
        return network(.v6, address, prefix)
    }
}

// MARK: - Parsing

@Suite("CIDR parsing")
struct CIDRParseTests {
    static let valid: [(String, String)] = [
        ("10.0.0.0/16", "10.0.0.0/16"),
        ("0.0.0.0/0", "0.0.0.0/0"),
        ("255.255.255.255/32", "255.255.255.255/32"),
        ("192.168.1.0/24", "192.168.1.0/24"),
        ("10.0.0.5/32", "10.0.0.5/32"),
        ("100.64.0.0/10", "100.64.0.0/10"),
        ("2001:db8::/32", "2001:db8::/32"),
        ("2001:DB8::/32", "2001:db8::/32"),
        ("2001:0db8:0000:0000:0000:0000:0000:0000/32", "2001:db8::/32"),
        ("::/0", "::/0"),
        ("::1/128", "::1/128"),
        ("::/128", "::/128"),
        ("fe80::/10", "fe80::/10"),
        ("FE80:0:0:0::/64", "fe80::/64"),
        ("::ffff:192.0.2.0/120", "::ffff:192.0.2.0/120"),
        ("::FFFF:c000:0200/120", "::ffff:192.0.2.0/120"),
        ("0:0:0:0:0:ffff:192.0.2.1/128", "::ffff:192.0.2.1/128"),
        ("2001:db8:0:1:1:1:1:1/128", "2001:db8:0:1:1:1:1:1/128"),  // single 0 group not compressed
        ("2001:db8:0:0:1:0:0:1/128", "2001:db8::1:0:0:1/128"),  // tie: first run wins
        ("2001:0:0:1:0:0:0:1/128", "2001:0:0:1::1/128"),  // longest run wins
        ("1:2:3:4:5:6:7:8/128", "1:2:3:4:5:6:7:8/128"),
        ("::2:3:4:5:6:7:8/128", "0:2:3:4:5:6:7:8/128"),
        ("1:2:3:4:5:6::/96", "1:2:3:4:5:6::/96"),
        ("1::/16", "1::/16"),
        ("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128"),
        ("64:ff9b::192.0.2.33/128", "64:ff9b::c000:221/128"),
        ("1:2:3:4:5:6:1.2.3.4/128", "1:2:3:4:5:6:102:304/128"),
        ("::1.2.3.4/128", "::102:304/128"),
    ]

    @Test(arguments: valid)
    func parsesAndCanonicalizes(_ input: String, _ canonical: String) throws {
        let value = try cidr(input)
        #expect(value.description == canonical)
        #expect(try cidr(canonical) == value)
        #expect(try cidr(value.description) == value)
    }

    @Test func fieldsOfIPv4() throws {
        let value = try cidr("10.20.0.0/16")
        #expect(value.family == .v4)
        #expect(value.address == 0x0A14_0000)
        #expect(value.prefixLength == 16)
        #expect(value.firstAddress == 0x0A14_0000)
        #expect(value.lastAddress == 0x0A14_FFFF)
    }

    @Test func fieldsOfIPv6() throws {
        let value = try cidr("2001:db8::/32")
        #expect(value.family == .v6)
        #expect(value.address == 0x2001_0db8 << 96)
        #expect(value.prefixLength == 32)
        #expect(value.lastAddress == (0x2001_0db8 << 96) | ((UInt128(1) << 96) - 1))
    }

    @Test func extremesOfAddressRange() throws {
        #expect(try cidr("0.0.0.0/0").lastAddress == 0xFFFF_FFFF)
        #expect(try cidr("::/0").lastAddress == .max)
        #expect(try cidr("::/0").firstAddress == 0)
        let host = try cidr("192.0.2.7/32")
        #expect(host.firstAddress == host.lastAddress)
        let host6 = try cidr("2001:db8::7/128")
        #expect(host6.firstAddress == host6.lastAddress)
    }

    static let invalid: [(String, [String])] = [
        ("", ["empty"]),
        ("10.0.0.5", ["'10.0.0.5' has no prefix length; write 10.0.0.5/32 for a single address"]),
        ("2001:DB8::1", ["no prefix length", "write 2001:db8::1/128"]),
        ("10.0.1.5/24", ["'10.0.1.5/24' has host bits set; the network is 10.0.1.0/24"]),
        ("2001:db8::1/64", ["host bits set", "the network is 2001:db8::/64"]),
        ("0.0.0.1/0", ["host bits set", "0.0.0.0/0"]),
        ("10.0.1.300/24", ["'10.0.1.300/24': octet 300 is out of range 0–255"]),
        ("10.0.1.2560/24", ["octet 2560 is out of range 0–255"]),
        ("10.0.0.0/33", ["prefix /33 is longer than 32 for IPv4"]),
        ("10.0.0.0/99999999999999999999", ["is longer than 32 for IPv4"]),
        ("::/129", ["prefix /129 is longer than 128 for IPv6"]),
        ("x", ["'x' is not an IPv4 or IPv6 CIDR"]),
        ("hello/24", ["'hello/24' is not an IPv4 or IPv6 CIDR"]),
        ("10.0.010.0/24", ["octet 010", "leading zero", "write 10"]),
        ("010.0.0.0/8", ["octet 010", "leading zero"]),
        ("10.00.0.0/16", ["octet 00", "leading zero", "write 0"]),
        ("10.0.0/24", ["3 octets", "needs exactly 4"]),
        ("10/8", ["1 octet;", "needs exactly 4"]),
        ("10.0.0.0.0/24", ["5 octets"]),
        ("10..0.0/24", ["octet 2 is empty"]),
        ("10.0.0./24", ["octet 4 is empty"]),
        ("10.0.x.0/24", ["octet 'x' is not a decimal number"]),
        ("+10.0.0.0/8", ["octet '+10' is not a decimal number"]),
        ("-1.0.0.0/8", ["octet '-1' is not a decimal number"]),
        ("10.0.0.0/", ["empty prefix length"]),
        ("10.0.0.0/+8", ["prefix '/+8' is not a decimal number"]),
        ("10.0.0.0/-1", ["prefix '/-1' is not a decimal number"]),
        ("10.0.0.0/3a", ["prefix '/3a' is not a decimal number"]),
        ("10.0.0.0/08", ["prefix /08 has a leading zero; write /8"]),
        ("::/00", ["prefix /00 has a leading zero; write /0"]),
        ("10.0.0.0/8/16", ["more than one '/'"]),
        (" 10.0.0.0/8", ["whitespace", "write 10.0.0.0/8"]),
        ("10.0.0.0 /8", ["whitespace", "write 10.0.0.0/8"]),
        ("10.0.0.0/8\n", ["whitespace"]),
        ("2001:db8:: /32", ["whitespace", "write 2001:db8::/32"]),
        ("/24", ["no address before the prefix length"]),
        ("fe80::1%eth0/128", ["zone id '%eth0'", "not allowed"]),
        ("fe80::1%eth0", ["zone id"]),
        ("[2001:db8::]/32", ["square brackets"]),
        ("1::2::3/128", ["'::' more than once"]),
        (":::/0", ["':::'"]),
        ("1:::2/128", ["':::'"]),
        (":1::/16", ["single ':'"]),
        ("1::2:/128", ["single ':'"]),
        (":1:2:3:4:5:6:7:8/128", ["single ':'"]),
        ("1:2:3:4:5:6:7:8:/128", ["single ':'"]),
        ("1:2:3:4:5:6:7/112", ["7 groups", "needs 8"]),
        ("1:2:3:4:5:6:7:8:9/128", ["more than 8 groups"]),
        ("1:2:3:4::5:6:7:8/128", ["at least one zero group"]),
        ("12345::/16", ["group '12345' has more than 4 hex digits"]),
        ("00000::/16", ["more than 4 hex digits"]),
        ("g::/16", ["group 'g' is not hexadecimal"]),
        ("2001:db8::-1/128", ["group '-1' is not hexadecimal"]),
        ("::ffff:1.2.3/120", ["embedded IPv4 address '1.2.3' has 3 octets"]),
        ("::1.2.3.4:5/128", ["embedded IPv4", "only appear at the end"]),
        ("1.2.3.4::/128", ["embedded IPv4", "only appear at the end"]),
        ("::ffff:1.2.3.256/128", ["octet 256 is out of range 0–255"]),
        ("::ffff:01.2.3.4/128", ["octet 01", "leading zero"]),
        ("1:2:3:4:5:6:7:1.2.3.4/128", ["more than 8 groups"]),
        ("1:2:3:4:5:1.2.3.4/128", ["7 groups"]),
    ]

    @Test(arguments: invalid)
    func rejectsWithHelpfulMessage(_ input: String, _ keywords: [String]) throws {
        let message = try #require(parseError(input), "'\(input)' should not parse")
        for keyword in keywords {
            #expect(message.contains(keyword), "message for '\(input)' was: \(message)")
        }
    }

    @Test func errorDescriptionIsMessage() {
        let error = CIDRError("something")
        #expect(error.description == "something")
        #expect("\(error)" == "something")
    }

    @Test func initRejectsHostBits() async {
        await #expect(processExitsWith: .failure) {
            _ = CIDR(family: .v4, address: 0x0A00_0001, prefixLength: 24)
        }
    }
}

// MARK: - Containment and overlap tables

@Suite("CIDR containment and overlap")
struct CIDRRelationTests {
    /// (a, b, a contains b, b contains a, overlap)
    static let relations: [(String, String, Bool, Bool, Bool)] = [
        // adjacent halves
        ("10.20.20.0/25", "10.20.20.128/25", false, false, false),
        ("10.0.0.0/24", "10.0.1.0/24", false, false, false),
        ("2001:db8::/33", "2001:db8:8000::/33", false, false, false),
        // nested
        ("10.0.0.0/8", "10.1.0.0/16", true, false, true),
        ("10.0.0.0/23", "10.0.1.0/24", true, false, true),
        ("10.0.0.0/24", "10.0.0.255/32", true, false, true),
        ("2001:db8::/32", "2001:db8:1::/48", true, false, true),
        ("ffff::/16", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128", true, false, true),
        // identical
        ("10.0.0.0/16", "10.0.0.0/16", true, true, true),
        ("2001:db8::/32", "2001:db8::/32", true, true, true),
        // /0
        ("0.0.0.0/0", "192.168.1.1/32", true, false, true),
        ("0.0.0.0/0", "0.0.0.0/0", true, true, true),
        ("::/0", "2001:db8::1/128", true, false, true),
        ("::/0", "::/0", true, true, true),
        // host routes
        ("10.0.0.1/32", "10.0.0.1/32", true, true, true),
        ("10.0.0.1/32", "10.0.0.2/32", false, false, false),
        ("10.0.0.0/24", "10.0.1.0/32", false, false, false),
        ("::1/128", "::1/128", true, true, true),
        ("::1/128", "::2/128", false, false, false),
        // same address, different prefix
        ("10.0.0.0/8", "10.0.0.0/9", true, false, true),
        // disjoint neighbours
        ("172.16.0.0/12", "172.32.0.0/12", false, false, false),
        ("2001:db8::/32", "2001:db9::/32", false, false, false),
        // cross-family: never related, even with the same numeric address
        ("0.0.0.0/0", "::/0", false, false, false),
        ("10.0.0.0/8", "::ffff:10.0.0.0/104", false, false, false),
        ("0.0.0.0/32", "::/128", false, false, false),
        ("0.0.0.0/0", "::a00:0/104", false, false, false),
    ]

    @Test(arguments: relations)
    func relation(_ a: String, _ b: String, _ aContainsB: Bool, _ bContainsA: Bool, _ overlap: Bool) throws {
        let x = try cidr(a), y = try cidr(b)
        #expect(x.contains(y) == aContainsB)
        #expect(y.contains(x) == bContainsA)
        #expect(x.overlaps(y) == overlap)
        #expect(y.overlaps(x) == overlap)
    }

    @Test func ordering() throws {
        let texts = [
            "2001:db8::/32", "10.0.0.0/16", "::/0", "10.0.0.0/8", "9.255.255.0/24", "10.0.1.0/24", "0.0.0.0/0",
        ]
        let sorted = try texts.map(cidr).sorted().map(\.description)
        #expect(sorted == ["0.0.0.0/0", "9.255.255.0/24", "10.0.0.0/8", "10.0.0.0/16", "10.0.1.0/24", "::/0", "2001:db8::/32"])
    }

    @Test func hashableAgreesWithParse() throws {
        let set: Set<CIDR> = [try cidr("2001:DB8::/32"), try cidr("2001:0db8:0::/32"), try cidr("10.0.0.0/8")]
        #expect(set.count == 2)
    }
}

// MARK: - Properties

@Suite("CIDR properties")
struct CIDRPropertyTests {
    @Test func overlapIsSymmetric() async {
        await propertyCheck(count: 500, input: clusteredCIDR(), clusteredCIDR()) { a, b in
            #expect(a.overlaps(b) == b.overlaps(a))
        }
    }

    @Test func overlapIsFalseAcrossFamilies() async {
        await propertyCheck(count: 300, input: anyIPv4CIDR(), anyIPv6CIDR()) { a, b in
            #expect(!a.overlaps(b) && !b.overlaps(a) && !a.contains(b) && !b.contains(a))
        }
    }

    /// Random IPv4 CIDRs with prefixes 24–32 inside 10.20.20.0/24, checked against their
    /// enumerated address sets.
    @Test func ipv4AgreesWithBruteForce() async {
        await propertyCheck(
            count: 500, input: Gen.int(in: 0...255), Gen.int(in: 24...32), Gen.int(in: 0...255), Gen.int(in: 24...32)
        ) { offsetA, prefixA, offsetB, prefixB in
            let base: UInt128 = 0x0A14_1400
            let a = network(.v4, base + UInt128(offsetA), prefixA)
            let b = network(.v4, base + UInt128(offsetB), prefixB)
            func members(_ c: CIDR) -> Set<Int> {
                let shift = 32 - c.prefixLength
                return Set((0..<256).filter { (base + UInt128($0)) >> shift == c.address >> shift })
            }
            let ma = members(a), mb = members(b)
            #expect(a.overlaps(b) == !ma.isDisjoint(with: mb))
            #expect(a.contains(b) == mb.isSubset(of: ma))
            #expect(a.firstAddress == base + UInt128(ma.min()!))
            #expect(a.lastAddress == base + UInt128(ma.max()!))
            #expect(ma.count == 1 << (32 - prefixA))
        }
    }

    /// The same for IPv6 with prefixes 120–128 inside 2001:db8::/120.
    @Test func ipv6AgreesWithBruteForce() async {
        await propertyCheck(
            count: 300, input: Gen.int(in: 0...255), Gen.int(in: 120...128), Gen.int(in: 0...255), Gen.int(in: 120...128)
        ) { offsetA, prefixA, offsetB, prefixB in
            let base: UInt128 = 0x2001_0db8 << 96
            let a = network(.v6, base + UInt128(offsetA), prefixA)
            let b = network(.v6, base + UInt128(offsetB), prefixB)
            func members(_ c: CIDR) -> Set<Int> {
                let shift = 128 - c.prefixLength
                return Set((0..<256).filter { (base + UInt128($0)) >> shift == c.address >> shift })
            }
            let ma = members(a), mb = members(b)
            #expect(a.overlaps(b) == !ma.isDisjoint(with: mb))
            #expect(a.contains(b) == mb.isSubset(of: ma))
            #expect(a.lastAddress == base + UInt128(ma.max()!))
        }
    }

    @Test func containmentIsTransitive() async {
        await propertyCheck(count: 500, input: clusteredCIDR(), clusteredCIDR(), clusteredCIDR()) { a, b, c in
            if a.contains(b) && b.contains(c) {
                #expect(a.contains(c))
            }
        }
    }

    /// Chains built by widening one address, so the premise always holds.
    @Test func containmentIsTransitiveOnChains() async {
        await propertyCheck(
            count: 500, input: clusteredCIDR(), Gen.int(in: 0...128), Gen.int(in: 0...128)
        ) { c, r1, r2 in
            let p2 = r1 % (c.prefixLength + 1)
            let p1 = r2 % (p2 + 1)
            let b = network(c.family, c.address, p2)
            let a = network(c.family, c.address, p1)
            #expect(b.contains(c))
            #expect(a.contains(b))
            #expect(a.contains(c))
        }
    }

    @Test func containsImpliesOverlaps() async {
        await propertyCheck(count: 500, input: clusteredCIDR(), clusteredCIDR()) { a, b in
            if a.contains(b) {
                #expect(a.overlaps(b))
            }
            #expect(a.contains(a) && a.overlaps(a))
        }
    }

    @Test func mutualContainmentIsEquality() async {
        await propertyCheck(count: 500, input: clusteredCIDR(), clusteredCIDR()) { a, b in
            #expect((a.contains(b) && b.contains(a)) == (a == b))
        }
    }

    @Test func sameFamilyBlocksNestOrAreDisjoint() async {
        await propertyCheck(count: 500, input: clusteredCIDR(), clusteredCIDR()) { a, b in
            guard a.family == b.family else { return }
            let rangesMeet = a.firstAddress <= b.lastAddress && b.firstAddress <= a.lastAddress
            #expect(a.overlaps(b) == rangesMeet)
        }
    }

    @Test func orderingIsConsistent() async {
        await propertyCheck(count: 500, input: clusteredCIDR(), clusteredCIDR()) { a, b in
            #expect([a < b, b < a, a == b].filter { $0 }.count == 1)
            if a.contains(b) && a != b {
                #expect(a < b)
            }
        }
    }

    @Test func ipv4RoundTrips() async {
        await propertyCheck(count: 500, input: anyIPv4CIDR()) { c in
            #expect(CIDR.parse(c.description) == .success(c))
        }
    }

    @Test func ipv6RoundTrips() async {
        await propertyCheck(count: 500, input: anyIPv6CIDR()) { c in
            let text = c.description
            #expect(CIDR.parse(text) == .success(c))
            #expect(text == text.lowercased())
            if c.address >> 32 == 0xffff {
                #expect(text.hasPrefix("::ffff:") && text.contains("."))
            } else {
                #expect(text == referenceIPv6Text(c.address) + "/\(c.prefixLength)")
            }
        }
    }

    @Test func hostBitsAreReportedWithTheNetwork() async {
        await propertyCheck(count: 300, input: Gen.uint32(), Gen.int(in: 0...31)) { raw, prefix in
            let address = UInt128(raw)
            let net = network(.v4, address, prefix)
            let text = "\(raw >> 24).\(raw >> 16 & 0xff).\(raw >> 8 & 0xff).\(raw & 0xff)/\(prefix)"
            if net.address == address {
                #expect(CIDR.parse(text) == .success(net))
            } else {
                #expect(CIDR.parse(text) == .failure(CIDRError("'\(text)' has host bits set; the network is \(net)")))
            }
        }
    }
}
