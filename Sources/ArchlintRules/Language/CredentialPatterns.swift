/// Recognises values that look like credentials (SEC007, and SEC001 through the
/// `looks_like_credential` operator). Hand-written scanners rather than regular
/// expressions: every scalar of every spec passes through here, and each check first looks
/// for a short fixed prefix, so ordinary text costs one pass over its bytes.
public enum CredentialPatterns {
    public enum Kind: String, Sendable, CaseIterable {
        case awsAccessKeyID = "an AWS access key id"
        case privateKey = "a private key block"
        case passwordURL = "a URL with a password"
        case jwt = "a JSON Web Token"
        case githubToken = "a GitHub token"
        case slackToken = "a Slack token"
    }

    /// The first kind of credential `text` looks like, or nil.
    public static func match(_ text: String) -> Kind? {
        let bytes = Array(text.utf8)
        if bytes.count < 8 { return nil }
        if awsKeyID(bytes) { return .awsAccessKeyID }
        if privateKey(bytes) { return .privateKey }
        if passwordURL(bytes) { return .passwordURL }
        if jwt(bytes) { return .jwt }
        if githubToken(bytes) { return .githubToken }
        if slackToken(bytes) { return .slackToken }
        return nil
    }

    private static func isUpperOrDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isUpperOrDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
    }

    private static func isBase64URL(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }

    /// Whether `prefix` is at `index`. A StaticString: this runs at every byte of every
    /// scalar, and building an array for the prefix each time was most of SEC007's cost.
    private static func has(_ bytes: [UInt8], _ prefix: StaticString, at index: Int) -> Bool {
        prefix.withUTF8Buffer { prefix in
            guard index >= 0, index + prefix.count <= bytes.count else { return false }
            for offset in 0..<prefix.count where bytes[index + offset] != prefix[offset] { return false }
            return true
        }
    }

    /// `(AKIA|ASIA)[A-Z0-9]{16}`.
    static func awsKeyID(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 20 else { return false }
        for start in 0...(bytes.count - 20)
        where bytes[start] == UInt8(ascii: "A")
            && (has(bytes, "AKIA", at: start) || has(bytes, "ASIA", at: start))
        {
            if (start + 4..<start + 20).allSatisfy({ isUpperOrDigit(bytes[$0]) }) { return true }
        }
        return false
    }

    /// `-----BEGIN … PRIVATE KEY-----`.
    static func privateKey(_ bytes: [UInt8]) -> Bool {
        guard let begin = (0..<bytes.count).first(where: { bytes[$0] == UInt8(ascii: "-") && has(bytes, "-----BEGIN ", at: $0) }) else {
            return false
        }
        return (begin + 11..<bytes.count).contains { bytes[$0] == UInt8(ascii: "P") && has(bytes, "PRIVATE KEY-----", at: $0) }
    }

    /// `scheme://user:password@host`, with a non-empty password.
    static func passwordURL(_ bytes: [UInt8]) -> Bool {
        var index = 0
        while index + 3 <= bytes.count {
            guard has(bytes, "://", at: index) else { index += 1; continue }
            // A scheme of letters (and + - .) right before.
            var schemeStart = index
            while schemeStart > 0, isAlphanumeric(bytes[schemeStart - 1]) || "+-.".utf8.contains(bytes[schemeStart - 1]) {
                schemeStart -= 1
            }
            let authorityStart = index + 3
            var end = authorityStart
            while end < bytes.count, !"/?# ".utf8.contains(bytes[end]) { end += 1 }
            if schemeStart < index, let at = bytes[authorityStart..<end].lastIndex(of: UInt8(ascii: "@")),
                let colon = bytes[authorityStart..<at].firstIndex(of: UInt8(ascii: ":")),
                colon + 1 < at, at + 1 < end
            {
                return true
            }
            index = end
        }
        return false
    }

    /// `eyJ….eyJ….` — a JWT's header and payload are base64url JSON objects.
    static func jwt(_ bytes: [UInt8]) -> Bool {
        var index = 0
        while index + 3 <= bytes.count {
            guard has(bytes, "eyJ", at: index) else { index += 1; continue }
            var cursor = index + 3
            while cursor < bytes.count, isBase64URL(bytes[cursor]) { cursor += 1 }
            if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "."), has(bytes, "eyJ", at: cursor + 1) {
                var payload = cursor + 4
                while payload < bytes.count, isBase64URL(bytes[payload]) { payload += 1 }
                if payload < bytes.count, bytes[payload] == UInt8(ascii: ".") { return true }
            }
            index = cursor
        }
        return false
    }

    /// `gh[pousr]_` followed by 36 letters and digits.
    static func githubToken(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 40 else { return false }
        for start in 0...(bytes.count - 40)
        where bytes[start] == UInt8(ascii: "g") && bytes[start + 1] == UInt8(ascii: "h")
            && "pousr".utf8.contains(bytes[start + 2]) && bytes[start + 3] == UInt8(ascii: "_")
        {
            if (start + 4..<start + 40).allSatisfy({ isAlphanumeric(bytes[$0]) }) { return true }
        }
        return false
    }

    /// `xox[abprs]-` followed by at least ten token characters.
    static func slackToken(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 15 else { return false }
        for start in 0...(bytes.count - 15)
        where has(bytes, "xox", at: start)
            && "abprs".utf8.contains(bytes[start + 3]) && bytes[start + 4] == UInt8(ascii: "-")
        {
            var cursor = start + 5
            while cursor < bytes.count, isAlphanumeric(bytes[cursor]) || bytes[cursor] == UInt8(ascii: "-") { cursor += 1 }
            if cursor - (start + 5) >= 10 { return true }
        }
        return false
    }
}
