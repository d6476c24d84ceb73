import ArchlintModel
import PropertyBased
import Testing

private func ports(_ text: String) throws -> PortRange {
    try PortRange.parse(text).get()
}

private func portError(_ text: String) -> String? {
    if case .failure(let error) = PortRange.parse(text) { return error.message }
    return nil
}

/// Any valid range (lower <= upper), from a few clusters so that overlaps are common.
private func anyPortRange() -> Generator<PortRange, some SendableSequenceType> {
    zip(Gen.int(in: 0...6), Gen.int(in: 0...65535), Gen.int(in: 0...65535), Gen.int(in: 0...300)).map { input in
        let (kind, x, y, span) = input
        switch kind {
        case 0: return .all
        case 1: return .range(lower: x, upper: x)
        case 2, 3:
            let lower = 8000 + x % 200
            return .range(lower: lower, upper: min(65535, lower + span))
        default: return .range(lower: min(x, y), upper: max(x, y))
        }
    }
}

@Suite("PortRange parsing")
struct PortRangeParseTests {
    static let valid: [(String, PortRange, String)] = [
        ("all", .all, "all"),
        ("443", .range(lower: 443, upper: 443), "443"),
        ("0", .range(lower: 0, upper: 0), "0"),
        ("65535", .range(lower: 65535, upper: 65535), "65535"),
        ("8000-8999", .range(lower: 8000, upper: 8999), "8000-8999"),
        ("0-65535", .range(lower: 0, upper: 65535), "0-65535"),
        ("80-80", .range(lower: 80, upper: 80), "80"),
        ("0-0", .range(lower: 0, upper: 0), "0"),
    ]

    @Test(arguments: valid)
    func parses(_ input: String, _ expected: PortRange, _ canonical: String) throws {
        let value = try ports(input)
        #expect(value == expected)
        #expect(value.description == canonical)
        #expect(try ports(value.description) == value)
    }

    static let invalid: [(String, [String])] = [
        ("", ["empty"]),
        ("90-80", ["'90-80' is reversed; write 80-90"]),
        ("65536", ["65536 is out of range 0–65535"]),
        ("99999999999999999999999", ["out of range 0–65535"]),
        ("70000-80000", ["70000 is out of range"]),
        ("1-65536", ["65536 is out of range"]),
        ("-1", ["'-1' is negative", "0–65535"]),
        ("-80-90", ["negative"]),
        ("80--90", ["-90 is negative"]),
        ("80-", ["empty upper bound"]),
        ("-", ["empty lower bound"]),
        ("-80", ["negative"]),
        ("80 - 90", ["spaces", "write 80-90"]),
        (" 443", ["spaces", "write 443"]),
        ("443\t", ["spaces"]),
        ("+443", ["'+' sign", "write 443"]),
        ("80-+90", ["'+' sign"]),
        ("http", ["'http' is not a port number or range", "443", "8000-8999", "all"]),
        ("8a", ["not a port number"]),
        ("80-9x", ["'9x' is not a decimal number"]),
        ("ALL", ["lower case", "write all"]),
        ("All", ["lower case", "write all"]),
        ("*", ["write all"]),
        ("any", ["write all"]),
        ("1-2-3", ["more than one '-'"]),
        ("080", ["leading zero", "write 80"]),
        ("80-090", ["leading zero", "write 90"]),
        ("443/tcp", ["not a port number or range"]),
        ("٤٤٣", ["not a port number"]),  // Arabic-Indic digits are not ASCII digits
    ]

    @Test(arguments: invalid)
    func rejectsWithHelpfulMessage(_ input: String, _ keywords: [String]) throws {
        let message = try #require(portError(input), "'\(input)' should not parse")
        for keyword in keywords {
            #expect(message.contains(keyword), "message for '\(input)' was: \(message)")
        }
    }

    @Test func single() throws {
        #expect(try PortRange.single(443).get() == .range(lower: 443, upper: 443))
        #expect(try PortRange.single(0).get() == .range(lower: 0, upper: 0))
        #expect(try PortRange.single(65535).get() == .range(lower: 65535, upper: 65535))
        #expect(PortRange.single(-1) == .failure(PortRangeError("port -1 is negative; ports are 0–65535")))
        #expect(PortRange.single(65536) == .failure(PortRangeError("port 65536 is out of range 0–65535")))
    }

    @Test func errorDescriptionIsMessage() {
        #expect(PortRangeError("x").description == "x")
    }
}

@Suite("PortRange relations")
struct PortRangeRelationTests {
    static let covering: [(String, Int, Bool)] = [
        ("all", 0, true), ("all", 65535, true), ("all", 443, true),
        ("all", -1, false), ("all", 65536, false),
        ("443", 443, true), ("443", 442, false), ("443", 444, false),
        ("8000-8999", 8000, true), ("8000-8999", 8999, true), ("8000-8999", 8500, true),
        ("8000-8999", 7999, false), ("8000-8999", 9000, false),
        ("0-65535", 0, true), ("0-65535", 65535, true),
    ]

    @Test(arguments: covering)
    func covers(_ range: String, _ port: Int, _ expected: Bool) throws {
        #expect(try ports(range).covers(port) == expected)
    }

    static let overlapping: [(String, String, Bool)] = [
        ("all", "all", true), ("all", "443", true), ("all", "0-65535", true), ("all", "65535", true),
        ("443", "443", true), ("443", "444", false),
        ("80-90", "90-100", true),  // share port 90
        ("80-89", "90-100", false),  // adjacent
        ("80-100", "85-86", true),  // nested
        ("8000-8999", "1-7999", false), ("8000-8999", "8999-9000", true),
        ("0", "0-1", true), ("0-65535", "65535", true),
    ]

    @Test(arguments: overlapping)
    func overlaps(_ a: String, _ b: String, _ expected: Bool) throws {
        let x = try ports(a), y = try ports(b)
        #expect(x.overlaps(y) == expected)
        #expect(y.overlaps(x) == expected)
    }

    @Test func width() throws {
        #expect(PortRange.all.width == 65536)
        #expect(try ports("443").width == 1)
        #expect(try ports("8000-8999").width == 1000)
        #expect(try ports("0-65535").width == 65536)
    }
}

@Suite("PortRange properties")
struct PortRangePropertyTests {
    @Test func coversAgreesWithBounds() async {
        await propertyCheck(count: 500, input: Gen.int(in: 0...65535), Gen.int(in: 0...65535), Gen.int(in: -10...65545)) {
            x, y, port in
            let lower = min(x, y), upper = max(x, y)
            let range = PortRange.range(lower: lower, upper: upper)
            #expect(range.covers(port) == (lower...upper).contains(port))
            #expect(range.width == (lower...upper).count)
        }
    }

    @Test func coversAgreesNearTheBounds() async {
        await propertyCheck(count: 500, input: anyPortRange(), Gen.int(in: -2...2), Gen.bool) { range, delta, atUpper in
            let port = (atUpper ? range.bounds.upperBound : range.bounds.lowerBound) + delta
            #expect(range.covers(port) == range.bounds.contains(port))
        }
    }

    @Test func overlapIsSymmetric() async {
        await propertyCheck(count: 500, input: anyPortRange(), anyPortRange()) { a, b in
            #expect(a.overlaps(b) == b.overlaps(a))
        }
    }

    /// Small ranges in 0...40, checked by enumerating ports.
    @Test func overlapAgreesWithBruteForce() async {
        await propertyCheck(
            count: 500, input: Gen.int(in: 0...40), Gen.int(in: 0...40), Gen.int(in: 0...40), Gen.int(in: 0...40)
        ) { a1, a2, b1, b2 in
            let a = PortRange.range(lower: min(a1, a2), upper: max(a1, a2))
            let b = PortRange.range(lower: min(b1, b2), upper: max(b1, b2))
            let shared = (0...40).contains { a.covers($0) && b.covers($0) }
            #expect(a.overlaps(b) == shared)
            #expect(PortRange.all.overlaps(a))
        }
    }

    @Test func roundTrips() async {
        await propertyCheck(count: 500, input: anyPortRange()) { range in
            #expect(PortRange.parse(range.description) == .success(range))
        }
    }

    @Test func reversedRangesAreRejectedWithTheFix() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...65534), Gen.int(in: 1...65535)) { x, gap in
            let lower = x, upper = min(65535, x + gap)
            guard lower < upper else { return }
            #expect(
                PortRange.parse("\(upper)-\(lower)")
                    == .failure(PortRangeError("'\(upper)-\(lower)' is reversed; write \(lower)-\(upper)")))
        }
    }

    @Test func singleMatchesParse() async {
        await propertyCheck(count: 300, input: Gen.int(in: -100...65700)) { port in
            switch (PortRange.single(port), PortRange.parse(String(port))) {
            case (.success(let a), .success(let b)):
                #expect(a == b)
                #expect(a.covers(port) && a.width == 1)
            case (.failure, .failure):
                #expect(!(0...65535).contains(port))
            default:
                Issue.record("single(\(port)) and parse(\"\(port)\") disagree")
            }
        }
    }
}
