/// JSON-RPC over a byte stream as LSP frames it: `Content-Length: N` headers, a blank line,
/// then N bytes of JSON.
public struct MessageFramer: Sendable {
    /// A message larger than this is refused (and skipped), not buffered: a broken or hostile
    /// client cannot make the server hold gigabytes.
    public static let maxMessageBytes = 64 << 20

    /// What one frame held.
    public enum Frame: Equatable, Sendable {
        case message([UInt8])
        /// A header that could not be read, or a body over the limit; the frame was dropped.
        case malformed(String)
    }

    private var buffer: [UInt8] = []
    /// Body bytes still to be dropped from a frame that was over the limit.
    private var skipping = 0

    public init() {}

    /// Takes bytes as they arrive; returns every frame now complete, in order.
    public mutating func receive(_ bytes: some Sequence<UInt8>) -> [Frame] {
        buffer.append(contentsOf: bytes)
        var frames: [Frame] = []
        while true {
            if skipping > 0 {
                let dropped = min(skipping, buffer.count)
                buffer.removeFirst(dropped)
                skipping -= dropped
                if skipping > 0 { return frames }
            }
            guard let headerEnd = Self.headerEnd(in: buffer) else {
                // Headers are short; a stream of garbage with no blank line is dropped.
                if buffer.count > 64 << 10 {
                    buffer.removeAll()
                    frames.append(.malformed("headers longer than 64 KiB without an end"))
                }
                return frames
            }
            let header = String(decoding: buffer[..<headerEnd], as: UTF8.self)
            let bodyStart = headerEnd + 4
            var length: Int?
            for line in header.split(separator: "\r\n") {
                let parts = line.split(separator: ":", maxSplits: 1)
                if parts.count == 2, parts[0].lowercased() == "content-length" {
                    length = Int(parts[1].trimmingCharacters(in: " \t"))
                }
            }
            guard let length, length >= 0 else {
                buffer.removeFirst(bodyStart)
                frames.append(.malformed("a message without a valid Content-Length header"))
                continue
            }
            if length > Self.maxMessageBytes {
                buffer.removeFirst(bodyStart)
                skipping = length
                frames.append(.malformed("a message of \(length) bytes, more than the limit of \(Self.maxMessageBytes)"))
                continue
            }
            guard buffer.count >= bodyStart + length else { return frames }
            frames.append(.message(Array(buffer[bodyStart..<bodyStart + length])))
            buffer.removeFirst(bodyStart + length)
        }
    }

    private static func headerEnd(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4) where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index
        }
        return nil
    }

    /// One message, framed.
    public static func frame(_ message: JSON) -> [UInt8] {
        let body = Array(message.serialized().utf8)
        return Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body
    }
}

extension String {
    fileprivate func trimmingCharacters(in characters: String) -> String {
        let set = Set(characters)
        var text = Substring(self)
        while let first = text.first, set.contains(first) { text.removeFirst() }
        while let last = text.last, set.contains(last) { text.removeLast() }
        return String(text)
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in characters: String) -> String { String(self).trimmingCharacters(in: characters) }
}
