import ArchlintModel
import Foundation

/// A value reached while evaluating, with the mapping that holds it, so that `parent`
/// can step out and findings can name their owner.
final class Scope: Sendable {
    let value: Located<ModelValue>
    let parent: Scope?
    /// Set when the value is a resource's own mapping.
    let handle: ResourceHandle?
    /// Set when the value was reached by following a reference: where that reference is
    /// written. Findings point there, in the selected resource, not into the other one.
    let anchor: SourcePosition?
    /// The spec left this value out; it is the format's default.
    let isDefault: Bool

    init(_ value: Located<ModelValue>, parent: Scope?, handle: ResourceHandle? = nil, anchor: SourcePosition? = nil, isDefault: Bool = false) {
        self.value = value
        self.parent = parent
        self.handle = handle
        self.anchor = anchor
        self.isDefault = isDefault
    }

    /// The value, located where a finding about it should point.
    var witness: Located<ModelValue> {
        Located(value.value, at: anchor ?? value.position)
    }
}

/// The result of a condition, with the value that decided it: the value that satisfied
/// a test, or the one that failed it. Findings point there.
struct Outcome {
    var holds: Bool
    var witness: Located<ModelValue>?
}

/// A rule's parameter values, shared by reference: an evaluator is made for every item a
/// rule selects, and copying the whole rule into each one was a measurable cost.
final class RuleParameters: Sendable {
    private let values: [(name: String, value: ModelValue)]

    init(_ rule: Rule) {
        values = rule.parameters.map { ($0.name, $0.value) }
    }

    func value(_ name: String) -> ModelValue? {
        values.first { $0.name == name }?.value
    }
}

/// Evaluates conditions for one selected item of one rule.
struct Evaluator {
    let index: ModelIndex
    let parameters: RuleParameters
    let spec: Int
    let environment: Environment
    /// The item the rule selected.
    let item: Scope

    func evaluate(_ condition: Condition, on scope: Scope) -> Outcome {
        switch condition {
        case .all(let conditions):
            var last: Outcome = Outcome(holds: true, witness: nil)
            for condition in conditions {
                let outcome = evaluate(condition, on: scope)
                if !outcome.holds { return outcome }
                last = outcome
            }
            return last
        case .any(let conditions):
            var first: Outcome?
            for condition in conditions {
                let outcome = evaluate(condition, on: scope)
                if outcome.holds { return outcome }
                if first == nil { first = outcome }
            }
            return first ?? Outcome(holds: false, witness: nil)
        case .not(let inner):
            var outcome = evaluate(inner, on: scope)
            outcome.holds.toggle()
            return outcome
        case .test(let path, let op, let operand, _):
            return test(path, op, operand, on: scope)
        case .quantified(let path, let quantifier, let inner):
            let elements = self.elements(path, from: scope)
            switch quantifier {
            case .some:
                for element in elements {
                    let outcome = evaluate(inner, on: element)
                    if outcome.holds { return Outcome(holds: true, witness: outcome.witness ?? element.witness) }
                }
                return Outcome(holds: false, witness: nil)
            case .every:
                for element in elements {
                    let outcome = evaluate(inner, on: element)
                    if !outcome.holds { return Outcome(holds: false, witness: outcome.witness ?? element.witness) }
                }
                return Outcome(holds: true, witness: elements.first?.witness)
            case .none:
                for element in elements {
                    let outcome = evaluate(inner, on: element)
                    if outcome.holds { return Outcome(holds: false, witness: outcome.witness ?? element.witness) }
                }
                return Outcome(holds: true, witness: nil)
            }
        }
    }

    // MARK: Paths

    /// Every value `path` reaches from `scope`; a list reached at the end stays one value.
    func values(_ path: AttributePath, from scope: Scope) -> [Scope] {
        var current: [Scope]
        switch path.root {
        case .current: current = [scope]
        case .resource: current = [item]
        case .environment: current = [Scope(Located(.string(environment.rawValue), at: item.value.position), parent: nil)]
        case .stack: current = [Scope(Located(.string(index.workspace.specs[spec].stack.value), at: item.value.position), parent: nil)]
        case .parameter(let name):
            current = parameters.value(name).map { [Scope(Located($0, at: item.value.position), parent: nil)] } ?? []
        }
        for step in path.steps {
            var next: [Scope] = []
            for scope in current {
                switch step {
                case .attribute(let key):
                    forEachElement(scope) { element in
                        guard case .record(let record) = element.value.value else { return }
                        if let written = record.written(key) {
                            next.append(Scope(written, parent: element, anchor: element.anchor))
                        } else if let fallback = record.value(key) {
                            next.append(Scope(fallback, parent: element, anchor: element.anchor, isDefault: true))
                        }
                    }
                case .follow:
                    forEachElement(scope) { element in
                        guard case .reference(let kind, let name) = element.value.value,
                            let target = index.resolve(name, kind: kind, from: element.handle?.spec ?? spec)
                        else { return }
                        next.append(resourceScope(target, anchor: element.anchor ?? element.value.position))
                    }
                case .referrers(let kind):
                    guard let handle = scope.handle else { continue }
                    next += index.referrers(of: handle, kind: kind).map { resourceScope($0, anchor: scope.anchor ?? scope.value.position) }
                case .filter(let key, let wanted):
                    forEachElement(scope) { element in
                        guard case .record(let record) = element.value.value, record.value(key)?.value.text == wanted else { return }
                        next.append(element)
                    }
                case .parent:
                    if let parent = scope.parent {
                        // A list's holder is the mapping that has the list.
                        if case .list = parent.value.value, let holder = parent.parent { next.append(holder) } else { next.append(parent) }
                    }
                }
            }
            current = next
        }
        return current
    }

    /// The values of `path`, with lists opened: what operators and quantifiers range over.
    func elements(_ path: AttributePath, from scope: Scope) -> [Scope] {
        values(path, from: scope).flatMap(spread)
    }

    /// A list's items (held by the list's holder), or the value alone.
    private func spread(_ scope: Scope) -> [Scope] {
        guard case .list(let items) = scope.value.value else { return [scope] }
        return items.map { Scope($0, parent: scope.parent, anchor: scope.anchor) }
    }

    /// `spread` without building an array for the common case of a single value.
    private func forEachElement(_ scope: Scope, _ body: (Scope) -> Void) {
        guard case .list(let items) = scope.value.value else { return body(scope) }
        for item in items { body(Scope(item, parent: scope.parent, anchor: scope.anchor)) }
    }

    /// A resource's mapping as a scope, with its holder (a subnet's network) as parent.
    func resourceScope(_ handle: ResourceHandle, anchor: SourcePosition? = nil) -> Scope {
        var parent: Scope?
        if let network = handle.holder {
            parent = Scope(Located(.record(index.view(of: network)), at: network.position), parent: nil, handle: network, anchor: anchor)
        }
        return Scope(Located(.record(index.view(of: handle)), at: handle.position), parent: parent, handle: handle, anchor: anchor)
    }

    // MARK: Tests

    private func operandValues(_ operand: Operand, from scope: Scope) -> [ModelValue] {
        switch operand {
        case .literal(let value):
            if case .list(let items) = value { return items.map(\.value) }
            return [value]
        case .path(let path):
            return elements(path, from: scope).map(\.value.value)
        case .parameter(let name):
            guard let value = parameters.value(name) else { return [] }
            if case .list(let items) = value { return items.map(\.value) }
            return [value]
        }
    }

    /// The operand's boolean for flag operators (`is_true: true`); `false` inverts.
    private func flag(_ operand: Operand) -> Bool {
        if case .literal(.bool(let value)) = operand { return value }
        return true
    }

    private func test(_ path: AttributePath, _ op: Operator, _ operand: Operand, on scope: Scope) -> Outcome {
        if op.isCollection { return collectionTest(path, op, operand, on: scope) }
        let operands = op.takesFlag ? [] : operandValues(operand, from: scope)
        let wanted = op.takesFlag ? flag(operand) : true
        if case .current = path.root, path.steps.count == 1, case .attribute(let key) = path.steps[0],
            case .record(let record) = scope.value.value
        {
            // Most tests read one attribute of the value at hand: the same answer as the
            // general walk below, without allocating a scope per value.
            guard let value = record.value(key) else { return Outcome(holds: false, witness: nil) }
            func witness(_ reached: Located<ModelValue>) -> Located<ModelValue> {
                Located(reached.value, at: scope.anchor ?? reached.position)
            }
            guard case .list(let items) = value.value else {
                return Outcome(holds: satisfies(value.value, op, operands) == wanted, witness: witness(value))
            }
            for item in items where satisfies(item.value, op, operands) == wanted {
                return Outcome(holds: true, witness: witness(item))
            }
            return Outcome(holds: false, witness: items.first.map(witness))
        }
        let elements = self.elements(path, from: scope)
        for element in elements where satisfies(element.value.value, op, operands) == wanted {
            return Outcome(holds: true, witness: element.witness)
        }
        return Outcome(holds: false, witness: elements.first?.witness)
    }

    private func collectionTest(_ path: AttributePath, _ op: Operator, _ operand: Operand, on scope: Scope) -> Outcome {
        let reached = values(path, from: scope)
        let elements = reached.flatMap(spread)
        let witness = elements.first?.witness ?? reached.first?.witness
        func outcome(_ holds: Bool) -> Outcome { Outcome(holds: holds, witness: witness) }
        switch op {
        case .exists, .absent:
            let written = isWritten(path, from: scope)
            return outcome((op == .exists ? written : !written) == flag(operand))
        case .empty:
            let empty = elements.allSatisfy { element in
                switch element.value.value {
                case .null: return true
                case .string(let text): return text.isEmpty
                case .list(let items): return items.isEmpty
                default: return false
                }
            }
            return outcome(empty == flag(operand))
        case .contains, .contains_any:
            let operands = operandValues(operand, from: scope).map(\.text)
            if let hit = elements.first(where: { operands.contains($0.value.value.text) }) {
                return Outcome(holds: true, witness: hit.witness)
            }
            return outcome(false)
        default:
            let operands = operandValues(operand, from: scope)
            guard let bound = operands.first.flatMap(number) else { return outcome(false) }
            let count: Double
            switch op {
            case .count_eq, .count_gt, .count_gte, .count_lt, .count_lte:
                count = Double(elements.count)
            default:
                count = Double(Set(elements.map(\.value.value.text)).count)
            }
            switch op {
            case .count_eq, .distinct_count_eq: return outcome(count == bound)
            case .count_gt, .distinct_count_gt: return outcome(count > bound)
            case .count_gte, .distinct_count_gte: return outcome(count >= bound)
            case .count_lt, .distinct_count_lt: return outcome(count < bound)
            default: return outcome(count <= bound)
            }
        }
    }

    /// Whether the spec itself writes a value at the end of `path` (defaults do not count).
    private func isWritten(_ path: AttributePath, from scope: Scope) -> Bool {
        guard case .attribute(let key)? = path.steps.last else { return !values(path, from: scope).isEmpty }
        let holders = values(AttributePath(root: path.root, steps: Array(path.steps.dropLast()), text: path.description), from: scope)
        return holders.flatMap(spread).contains { holder in
            if case .record(let record) = holder.value.value { return record.written(key) != nil }
            return false
        }
    }

    /// Whether one value satisfies an element operator.
    private func satisfies(_ value: ModelValue, _ op: Operator, _ operands: [ModelValue]) -> Bool {
        switch op {
        case .equals: return operands.contains { equal(value, $0) }
        case .not_equals: return !value.isNull && !operands.contains { equal(value, $0) }
        case .in: return operands.contains { equal(value, $0) }
        case .not_in: return !value.isNull && !operands.contains { equal(value, $0) }
        case .matches, .not_matches:
            guard case .string(let pattern)? = operands.first, let regex = RegexCache.shared.regex(pattern) else { return false }
            let text = value.text
            let found = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
            return op == .matches ? found : !value.isNull && !found
        case .gt, .gte, .lt, .lte:
            guard let left = number(value), let right = operands.first.flatMap(number) else { return false }
            switch op {
            case .gt: return left > right
            case .gte: return left >= right
            case .lt: return left < right
            default: return left <= right
            }
        case .is_true: if case .bool(true) = value { return true } else { return false }
        case .is_false: if case .bool(false) = value { return true } else { return false }
        case .length_eq, .length_gt, .length_gte, .length_lt, .length_lte:
            let length: Int
            switch value {
            case .string(let text): length = text.count
            case .list(let items): length = items.count
            default: return false
            }
            guard let bound = operands.first.flatMap(number) else { return false }
            let size = Double(length)
            switch op {
            case .length_eq: return size == bound
            case .length_gt: return size > bound
            case .length_gte: return size >= bound
            case .length_lt: return size < bound
            default: return size <= bound
            }
        case .cidr_within, .cidr_overlaps:
            guard let cidr = cidr(value) else { return false }
            return operands.compactMap(self.cidr).contains { other in
                op == .cidr_within ? other.contains(cidr) : other.overlaps(cidr)
            }
        case .is_cidr:
            if case .cidr = value { return true } else { return false }
        case .is_reference:
            if case .reference = value { return true } else { return false }
        case .port_range_covers:
            guard let range = ports(value) else { return false }
            return operands.compactMap(ports).contains { range.overlaps($0) }
        case .port_range_within:
            guard let range = ports(value) else { return false }
            let allowed = operands.compactMap(ports)
            return portsWithin(range, allowed)
        case .port_count_gt, .port_count_gte:
            guard let range = ports(value), let bound = operands.first.flatMap(number) else { return false }
            let width = Double(range.width)
            return op == .port_count_gt ? width > bound : width >= bound
        case .looks_like_credential:
            if case .string(let text) = value { return CredentialPatterns.match(text) != nil }
            return false
        default:
            return false
        }
    }

    private func equal(_ a: ModelValue, _ b: ModelValue) -> Bool {
        if a.isNull || b.isNull { return a.isNull && b.isNull }
        if let x = number(a), let y = number(b), !isText(a) || !isText(b) { return x == y }
        return a.text == b.text
    }

    private func isText(_ value: ModelValue) -> Bool {
        if case .string = value { return true }
        return false
    }

    private func number(_ value: ModelValue) -> Double? {
        switch value {
        case .int(let value): return Double(value)
        case .number(let value): return value
        case .string(let text): return Double(text)
        default: return nil
        }
    }

    private func cidr(_ value: ModelValue) -> CIDR? {
        switch value {
        case .cidr(let cidr): return cidr
        case .string(let text): return try? CIDR.parse(text).get()
        default: return nil
        }
    }

    private func ports(_ value: ModelValue) -> PortRange? {
        switch value {
        case .ports(let range): return range
        case .int(let port): return try? PortRange.single(port).get()
        case .string(let text): return try? PortRange.parse(text).get()
        default: return nil
        }
    }

    /// Whether every port of `range` is in one of `allowed`.
    private func portsWithin(_ range: PortRange, _ allowed: [PortRange]) -> Bool {
        guard case .range(let lower, let upper) = range else {
            return allowed.contains { if case .all = $0 { return true } else { return false } }
        }
        var next = lower
        let sorted = allowed.compactMap { allowed -> (Int, Int)? in
            switch allowed {
            case .all: return (0, 65535)
            case .range(let low, let high): return (low, high)
            }
        }.sorted { $0.0 < $1.0 }
        for (low, high) in sorted where low <= next && high >= next {
            next = high + 1
            if next > upper { return true }
        }
        return next > upper
    }
}

/// Compiled regular expressions, shared across rules and threads. NSLock (pthread-based)
/// rather than Synchronization's Mutex, whose futex ThreadSanitizer cannot see.
final class RegexCache: @unchecked Sendable {
    static let shared = RegexCache()
    private let lock = NSLock()
    private var cache: [String: NSRegularExpression?] = [:]

    func regex(_ pattern: String) -> NSRegularExpression? {
        lock.lock()
        defer { lock.unlock() }
        if let cached = cache[pattern] { return cached }
        let compiled = try? NSRegularExpression(pattern: pattern)
        cache[pattern] = compiled
        return compiled
    }
}
