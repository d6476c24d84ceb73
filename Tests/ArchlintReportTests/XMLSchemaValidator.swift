import CLibXML2
import Foundation

/// Validates XML documents against an XSD with libxml2's schema validator.
/// A parsed schema is read-only; each validation gets its own context, which is how
/// libxml2 allows one schema to be shared between threads.
final class XMLSchemaValidator: @unchecked Sendable {
    private let schema: xmlSchemaPtr

    init?(path: String) {
        guard let context = xmlSchemaNewParserCtxt(path) else { return nil }
        defer { xmlSchemaFreeParserCtxt(context) }
        guard let schema = xmlSchemaParse(context) else { return nil }
        self.schema = schema
    }

    deinit { xmlSchemaFree(schema) }

    /// Nil when `document` is valid; otherwise libxml2's complaint (it prints details on
    /// standard error).
    func problems(_ document: String) -> String? {
        let bytes = Array(document.utf8)
        let parsed = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlReadMemory($0, Int32(buffer.count), "report.xml", nil, 0)
            }
        }
        guard let parsed else { return "not well-formed XML" }
        defer { xmlFreeDoc(parsed) }
        guard let context = xmlSchemaNewValidCtxt(schema) else { return "no validation context" }
        defer { xmlSchemaFreeValidCtxt(context) }
        let result = xmlSchemaValidateDoc(context, parsed)
        return result == 0 ? nil : "invalid against the schema (libxml2 code \(result))"
    }
}

/// The project's JUnit schema, kept beside these tests.
let junitSchema: XMLSchemaValidator = {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast()
    return XMLSchemaValidator(path: parts.joined(separator: "/") + "/junit-archlint.xsd")!
}()
