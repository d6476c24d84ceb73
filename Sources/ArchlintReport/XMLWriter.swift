import CLibXML2

/// A thin, safe layer over libxml2's text writer: libxml2 escapes attribute values and
/// text and keeps the document well formed; this layer only removes the characters XML 1.0
/// forbids (which libxml2 would pass through) and turns the C API into Swift calls.
final class XMLWriter {
    private let buffer: xmlBufferPtr
    private let writer: xmlTextWriterPtr

    init() {
        buffer = xmlBufferCreate()
        writer = xmlNewTextWriterMemory(buffer, 0)
        xmlTextWriterSetIndent(writer, 1)
        xmlTextWriterSetIndentString(writer, "  ")
        xmlTextWriterStartDocument(writer, "1.0", "UTF-8", nil)
    }

    deinit {
        xmlBufferFree(buffer)
    }

    func start(_ element: String) {
        xmlTextWriterStartElement(writer, element)
    }

    func attribute(_ name: String, _ value: String) {
        xmlTextWriterWriteAttribute(writer, name, XMLWriter.clean(value))
    }

    func text(_ value: String) {
        xmlTextWriterWriteString(writer, XMLWriter.clean(value))
    }

    func end() {
        xmlTextWriterEndElement(writer)
    }

    /// An element that is always written with an open and a close tag, even when empty.
    func fullEnd() {
        xmlTextWriterFullEndElement(writer)
    }

    /// The finished document.
    func finish() -> String {
        xmlTextWriterEndDocument(writer)
        xmlTextWriterFlush(writer)
        xmlFreeTextWriter(writer)
        guard let content = xmlBufferContent(buffer) else { return "" }
        return String(cString: UnsafeRawPointer(content).assumingMemoryBound(to: CChar.self))
    }

    /// Replaces characters XML 1.0 does not allow (most control characters, lone
    /// surrogates cannot occur in Swift strings, U+FFFE/U+FFFF) with U+FFFD.
    static func clean(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { !allowed($0) }) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            scalars.append(allowed(scalar) ? scalar : "\u{FFFD}")
        }
        return String(scalars)
    }

    private static func allowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD: return true
        case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }
}
