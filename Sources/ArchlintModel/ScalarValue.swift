/// A YAML scalar's value under the YAML 1.2 core schema (only `true`/`false` are
/// booleans; `off`, `yes` and friends are strings).
public enum ScalarValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
}

/// A free-form value kept as written, for fields whose shape the format leaves open
/// (an IAM statement's `condition`).
public indirect enum FreeformValue: Hashable, Sendable {
    case scalar(ScalarValue, text: String)
    case list([FreeformValue])
    case mapping([FreeformEntry])
}

/// One key of a free-form mapping.
public struct FreeformEntry: Hashable, Sendable {
    public var key: String
    public var value: FreeformValue

    public init(key: String, value: FreeformValue) {
        self.key = key
        self.value = value
    }
}
