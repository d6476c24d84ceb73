/// Reads and writes one property of a struct given by a key path — through the property's
/// byte offset when the key path names a stored property (a plain load or store), else
/// through the key path. Schema tables name fields by key path, and applying a key path
/// interprets it at run time: a tenth of a run's instructions went there, on every field
/// decoded and every field a rule read.
public struct StoredProperty<Root, Value>: @unchecked Sendable {
    // @unchecked: a key path and an offset, both immutable. Key path objects are never
    // mutated after they are formed; the compiler only cannot prove it of an appended one.
    private let path: WritableKeyPath<Root, Value>
    /// Where the property lies inside `Root`; nil for a computed property.
    private let offset: Int?

    public init(_ path: WritableKeyPath<Root, Value>) {
        self.path = path
        self.offset = MemoryLayout<Root>.offset(of: path)
    }

    @inline(__always)
    public func get(_ root: Root) -> Value {
        guard let offset else { return root[keyPath: path] }
        return withUnsafePointer(to: root) { UnsafeRawPointer($0).load(fromByteOffset: offset, as: Value.self) }
    }

    @inline(__always)
    public func set(_ root: inout Root, _ value: Value) {
        guard let offset else {
            root[keyPath: path] = value
            return
        }
        withUnsafeMutablePointer(to: &root) { pointer in
            (UnsafeMutableRawPointer(pointer) + offset).assumingMemoryBound(to: Value.self).pointee = value
        }
    }
}
