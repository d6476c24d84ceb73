/// A JSON document, written by hand rather than through Foundation's encoder so that the
/// bytes are fixed by this file alone: keys sorted, two-space indent, `/` left unescaped,
/// numbers as integers. Same report, same bytes, on every platform.
public indirect enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The document, pretty-printed, ending in a newline.
    public func rendered() -> String {
        // Bytes, not String appends: a report of 100,000 findings is tens of megabytes, and
        // appending scalar by scalar to a String cost a fifth of a whole run.
        var out = JSONBytes()
        write(to: &out, indent: 0)
        out.bytes.append(UInt8(ascii: "\n"))
        return String(decoding: out.bytes, as: UTF8.self)
    }

    private func write(to out: inout JSONBytes, indent: Int) {
        switch self {
        case .null: out.append("null")
        case .bool(let value): out.append(value ? "true" : "false")
        case .int(let value): out.append(String(value))
        case .string(let value): out.quote(value)
        case .array(let items):
            if items.isEmpty { out.append("[]"); return }
            out.append("[\n")
            for (offset, item) in items.enumerated() {
                out.spaces(indent + 2)
                item.write(to: &out, indent: indent + 2)
                out.append(offset == items.count - 1 ? "\n" : ",\n")
            }
            out.spaces(indent)
            out.append("]")
        case .object(let members):
            if members.isEmpty { out.append("{}"); return }
            out.append("{\n")
            let sorted = members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            for (offset, member) in sorted.enumerated() {
                out.spaces(indent + 2)
                out.quote(member.key)
                out.append(": ")
                member.value.write(to: &out, indent: indent + 2)
                out.append(offset == sorted.count - 1 ? "\n" : ",\n")
            }
            out.spaces(indent)
            out.append("}")
        }
    }
}

/// The UTF-8 bytes of a JSON document being written.
private struct JSONBytes {
    var bytes: [UInt8] = []

    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    mutating func spaces(_ count: Int) {
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: count))
    }

    /// `text` as a JSON string. Escaped: quote, backslash, control characters, DEL, the two
    /// separators JavaScript treats as newlines (U+2028, U+2029) and the byte-order mark
    /// (U+FEFF), which some JSON readers drop. Runs of other bytes are copied whole.
    mutating func quote(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var runStart = 0
            var index = 0
            func flush() {
                if runStart < index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
            }
            while index < utf8.count {
                let byte = utf8[index]
                var escape: StaticString?
                var width = 1
                switch byte {
                case UInt8(ascii: "\""): escape = "\\\""
                case UInt8(ascii: "\\"): escape = "\\\\"
                case UInt8(ascii: "\n"): escape = "\\n"
                case UInt8(ascii: "\r"): escape = "\\r"
                case UInt8(ascii: "\t"): escape = "\\t"
                case 0x00..<0x20, 0x7F: escape = ""
                case 0xE2 where index + 2 < utf8.count && utf8[index + 1] == 0x80 && (utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9):
                    escape = ""; width = 3
                case 0xEF where index + 2 < utf8.count && utf8[index + 1] == 0xBB && utf8[index + 2] == 0xBF:
                    escape = ""; width = 3
                default: break
                }
                guard let escape else { index += 1; continue }
                flush()
                if escape.utf8CodeUnitCount > 0 {
                    append(escape)
                } else {
                    let scalar: UInt32 = width == 1 ? UInt32(byte) : (byte == 0xEF ? 0xFEFF : (utf8[index + 2] == 0xA8 ? 0x2028 : 0x2029))
                    let hex = String(scalar, radix: 16)
                    append("\\u")
                    append(String(repeating: "0", count: 4 - hex.count) + hex)
                }
                index += width
                runStart = index
            }
            flush()
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
