import Dispatch

extension Array where Element: Sendable {
    /// `map` with the work spread over all cores, results in input order. Each worker writes
    /// only its own slot of a preallocated buffer, so no lock is needed (and ThreadSanitizer
    /// sees plain, disjoint writes ordered by `concurrentPerform`'s completion).
    public func concurrentMap<Result: Sendable>(_ transform: @Sendable (Element) -> Result) -> [Result] {
        guard count > 1 else { return map(transform) }
        let slots = UnsafeMutableBufferPointer<Result?>.allocate(capacity: count)
        slots.initialize(repeating: nil)
        defer {
            slots.deinitialize()
            slots.deallocate()
        }
        nonisolated(unsafe) let output = slots
        self.withUnsafeBufferPointer { input in
            nonisolated(unsafe) let input = input
            DispatchQueue.concurrentPerform(iterations: input.count) { index in
                output[index] = transform(input[index])
            }
        }
        return slots.map { $0! }
    }
}
