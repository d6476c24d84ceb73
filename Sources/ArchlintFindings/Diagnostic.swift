/// A place in a spec, rule pack or configuration file, 1-based.
public struct SourceLocation: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// An input that could not be loaded: a YAML syntax error, a wrong type, a dangling
/// reference, an unreadable file. Printed like a compiler's: `file:line:col: error: message`.
public struct Diagnostic: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String

    public init(_ message: String, at location: SourceLocation) {
        self.message = message
        self.location = location
    }

    public init(_ message: String, file: String, line: Int, column: Int) {
        self.init(message, at: SourceLocation(file: file, line: line, column: column))
    }

    public static func < (a: Diagnostic, b: Diagnostic) -> Bool {
        (a.location, a.message) < (b.location, b.message)
    }

    public var description: String { "\(location): error: \(message)" }
}

/// A diagnostic can be thrown or returned as a failure where one problem stops a step.
extension Diagnostic: Error {}
