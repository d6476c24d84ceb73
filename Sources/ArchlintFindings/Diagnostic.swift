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

/// Another place that explains a finding or an error: where a value that was written once
/// (under a YAML anchor) was used, e.g. "merged into database 'db'" at line 70.
public struct RelatedLocation: Hashable, Sendable, CustomStringConvertible {
    public var location: SourceLocation
    /// What happened there, in words that read after the value: "merged into database 'db'".
    public var note: String

    public init(_ note: String, at location: SourceLocation) {
        self.note = note
        self.location = location
    }

    /// "merged into database 'db' at line 70" (the file is the same as the value's).
    public var description: String { "\(note) at line \(location.line)" }
}

/// An input that could not be loaded: a YAML syntax error, a wrong type, a dangling
/// reference, an unreadable file. Printed like a compiler's: `file:line:col: error: message`.
public struct Diagnostic: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String
    /// The line `location` is on, for the excerpt under the message in text output.
    public var source: SourceLine?
    /// Where the value the error is about was used, when it was written under an anchor.
    public var related: [RelatedLocation]

    public init(_ message: String, at location: SourceLocation, related: [RelatedLocation] = []) {
        self.message = message
        self.location = location
        self.related = related
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
