import ArchlintModel

/// Checks a spec's bytes before libyaml sees them: valid UTF-8, no byte-order mark other
/// than UTF-8's, and only the characters YAML allows (no NUL, no C0/C1 controls but tab
/// and line breaks).
///
/// libyaml reports such problems as a byte offset without a line; doing it here gives the
/// exact line and column, counted the way libyaml counts them (Unicode scalars; CR, LF,
/// CRLF, NEL, LS and PS each end a line).
enum TextScan {
    struct Problem: Error {
        var message: String
        var position: SourcePosition
    }

    /// Returns nil when the text is acceptable.
    static func check(_ bytes: UnsafeBufferPointer<UInt8>) -> Problem? {
        let count = bytes.count
        if count >= 4,
            (bytes[0] == 0xFF && bytes[1] == 0xFE && bytes[2] == 0 && bytes[3] == 0)
                || (bytes[0] == 0 && bytes[1] == 0 && bytes[2] == 0xFE && bytes[3] == 0xFF)
        {
            return Problem(
                message: "spec files must be UTF-8; this one starts with a UTF-32 byte-order mark",
                position: .start)
        }
        if count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
            return Problem(
                message: "spec files must be UTF-8; this one starts with a UTF-16 byte-order mark",
                position: .start)
        }
        // UTF-16 without a byte-order mark: NUL in every other byte of the first characters.
        if count >= 4,
            (bytes[0] == 0 && bytes[1] != 0 && bytes[2] == 0 && bytes[3] != 0)
                || (bytes[0] != 0 && bytes[1] == 0 && bytes[2] != 0 && bytes[3] == 0)
        {
            return Problem(
                message: "spec files must be UTF-8; this one looks like UTF-16 or UTF-32 (NUL bytes between characters)",
                position: .start)
        }
        var i = 0
        if count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        var line = 1
        var column = 1
        while i < count {
            let byte = bytes[i]
            // Fast path: printable ASCII.
            if byte >= 0x20 && byte < 0x7F {
                column += 1
                i += 1
                continue
            }
            switch byte {
            case 0x0A:
                line += 1; column = 1; i += 1
                continue
            case 0x0D:
                if i + 1 < count, bytes[i + 1] == 0x0A { i += 1 }
                line += 1; column = 1; i += 1
                continue
            case 0x09:
                column += 1; i += 1
                continue
            case 0x00:
                return Problem(
                    message: "NUL byte (U+0000) in spec file; YAML text may not contain it",
                    position: SourcePosition(line: line, column: column))
            case 0x01..<0x20, 0x7F:
                return Problem(
                    message: "control character U+\(hex(UInt32(byte))) is not allowed in YAML text",
                    position: SourcePosition(line: line, column: column))
            default:
                break
            }
            // A multi-byte sequence: decode it strictly.
            let here = SourcePosition(line: line, column: column)
            guard let (scalar, length) = decode(bytes, at: i) else {
                return Problem(
                    message: "invalid UTF-8 byte 0x\(hex(UInt32(byte), width: 2)); spec files must be UTF-8",
                    position: here)
            }
            switch scalar {
            case 0x85, 0x2028, 0x2029:
                line += 1; column = 1
            case 0x80...0x9F:
                return Problem(message: "control character U+\(hex(scalar)) is not allowed in YAML text", position: here)
            case 0xFFFE, 0xFFFF:
                return Problem(message: "non-character U+\(hex(scalar)) is not allowed in YAML text", position: here)
            case 0xFEFF:
                // Allowed only as the file's first character (skipped above); anywhere else it
                // is invisible and makes equal-looking words differ.
                return Problem(message: "byte-order mark (U+FEFF) inside the file; only the very start may have one — remove it", position: here)
            default:
                column += 1
            }
            i += length
        }
        return nil
    }

    /// Decodes one multi-byte UTF-8 sequence, rejecting overlong forms, surrogates and
    /// values above U+10FFFF.
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (UInt32, Int)? {
        let lead = bytes[i]
        let length: Int
        var scalar: UInt32
        switch lead {
        case 0xC2...0xDF: length = 2; scalar = UInt32(lead & 0x1F)
        case 0xE0...0xEF: length = 3; scalar = UInt32(lead & 0x0F)
        case 0xF0...0xF4: length = 4; scalar = UInt32(lead & 0x07)
        default: return nil
        }
        guard i + length <= bytes.count else { return nil }
        for k in 1..<length {
            let next = bytes[i + k]
            guard next & 0xC0 == 0x80 else { return nil }
            scalar = scalar << 6 | UInt32(next & 0x3F)
        }
        switch length {
        case 3 where scalar < 0x800, 4 where scalar < 0x10000: return nil  // overlong
        default: break
        }
        if (0xD800...0xDFFF).contains(scalar) || scalar > 0x10FFFF { return nil }
        return (scalar, length)
    }

    private static func hex(_ value: UInt32, width: Int = 4) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
