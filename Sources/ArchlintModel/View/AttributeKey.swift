import Foundation

/// A key of the spec format as the condition language reads it (`port`, `subnets`), numbered
/// once when a pack is compiled. A record finds the field it names through its layout's slot
/// table, by that number: evaluating a condition never compares or hashes a string.
public struct AttributeKey: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let text: String
    /// The key's number, the same for every occurrence of the same text in this process.
    let number: Int

    public init(_ text: String) {
        self.text = text
        self.number = AttributeKeyNumbers.shared.number(for: text)
    }

    public init(stringLiteral text: String) {
        self.init(text)
    }

    public var description: String { text }

    public static func == (lhs: AttributeKey, rhs: AttributeKey) -> Bool { lhs.number == rhs.number }
    public func hash(into hasher: inout Hasher) { hasher.combine(number) }

    /// The key most mappings are named by.
    public static let name = AttributeKey("name")
}

/// Numbers keys by their text, across the process. Used when schemas and packs are built,
/// never while rules run. NSLock (pthread-based) rather than Synchronization's Mutex, whose
/// futex ThreadSanitizer cannot see.
final class AttributeKeyNumbers: @unchecked Sendable {
    static let shared = AttributeKeyNumbers()
    private let lock = NSLock()
    private var numbers: [String: Int] = [:]

    func number(for text: String) -> Int {
        lock.lock()
        defer { lock.unlock() }
        if let number = numbers[text] { return number }
        let number = numbers.count
        numbers[text] = number
        return number
    }
}

/// The keys one kind of mapping has (a resource kind, a listener, a map entry), each with a
/// slot: the written fields first, in schema order, then the attributes computed from them.
/// Shared by every record of that kind.
public final class RecordLayout: Sendable {
    /// What the mapping is ("database", "listener"), as the schema names it.
    public let schema: String
    /// The resource kind, when the mapping is a resource.
    public let kind: ResourceKind?
    /// Every key, by slot.
    public let keys: [AttributeKey]
    /// How many of `keys` are fields a spec writes (the rest are computed).
    public let writtenCount: Int
    /// The slot of each key number (-1: not a key of this layout).
    private let slots: [Int32]

    /// The written slots whose values can hold free text (a string the spec author typed),
    /// in slot order: what a scan of every written string reads.
    public let textSlots: [Int]

    /// `holdsText`: for each written key, whether its values can hold free text (nil: all).
    public init(schema: String, kind: ResourceKind?, written: [String], computed: [String] = [], holdsText: [Bool]? = nil) {
        self.textSlots = written.indices.filter { holdsText?[$0] ?? true }
        self.schema = schema
        self.kind = kind
        let keys = (written + computed).map { AttributeKey($0) }
        self.keys = keys
        self.writtenCount = written.count
        var slots = [Int32](repeating: -1, count: (keys.map { $0.number }.max() ?? -1) + 1)
        // The first of a repeated key wins, as a search from the start would find it.
        for (slot, key) in keys.enumerated().reversed() { slots[key.number] = Int32(slot) }
        self.slots = slots
    }

    /// The slot of `key`, or nil when this kind of mapping has no such key.
    @inline(__always)
    public func slot(_ key: AttributeKey) -> Int? {
        guard key.number < slots.count else { return nil }
        let slot = slots[key.number]
        return slot < 0 ? nil : Int(slot)
    }
}
