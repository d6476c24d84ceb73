import ArchlintFindings
import ArchlintLoad
import ArchlintModel

/// Reads rule packs (YAML) into rules, strictly: unknown keys, unknown operators, bad paths
/// and missing parts are errors located in the pack, like spec errors.
public struct PackLoader {
    public init() {}

    /// Parses one pack file. On any error the whole pack is refused.
    public func load(_ bytes: [UInt8], file: String) -> (pack: RulePack?, errors: [Diagnostic]) {
        let parsed = YAMLParser.parse(bytes)
        guard let root = parsed.root, parsed.errors.isEmpty else {
            let errors = parsed.errors.map { Diagnostic($0.message, file: file, line: $0.position.line, column: $0.position.column) }
            return (nil, Diagnostic.attachingSourceLines(errors, file: file, bytes: bytes))
        }
        var reader = PackReader(file: file, bytes: bytes)
        let pack = reader.pack(root)
        if reader.errors.isEmpty, let pack { return (pack, []) }
        // Errors carry their source lines, for the excerpt under each in text output.
        return (nil, Diagnostic.attachingSourceLines(reader.errors.sorted(), file: file, bytes: bytes))
    }
}

/// Reads a pack through `PackSchema`'s tables, then what they keep as written (checks,
/// examples) against the spec format and the rule's parameters, collecting every error.
struct PackReader {
    let file: String
    /// The pack's text, to find where a literal block's lines start (examples).
    let bytes: [UInt8]
    /// The byte offset where each line starts (line 1 at index 0).
    let lineStarts: [Int]
    var errors: [Diagnostic] = []

    init(file: String, bytes: [UInt8] = []) {
        self.file = file
        self.bytes = bytes
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(offset + 1) }
        self.lineStarts = starts
    }

    mutating func error(_ message: String, at position: SourcePosition) {
        errors.append(Diagnostic(message, file: file, line: position.line, column: position.column))
    }

    /// Decodes `node` with one of the pack's tables, keeping its errors.
    mutating func decode<Entry>(_ node: YAMLNode, with schema: RecordSchema<Entry>) -> Entry? {
        var context = DecodeContext()
        let entry = schema.decode(node, &context)
        for problem in context.reportedErrors { error(problem.message, at: problem.position) }
        return entry
    }

    // MARK: Pack

    mutating func pack(_ root: YAMLNode) -> RulePack? {
        guard let entry = decode(root, with: PackSchema.pack) else { return nil }
        let name = entry.pack?.value ?? ""
        let title = entry.title?.value ?? name
        let description = entry.description?.value ?? ""
        let rules = entry.rules.compactMap { rule($0, pack: name) }
        var seen: [String: SourcePosition] = [:]
        for rule in rules {
            if let first = seen[rule.id] {
                error(
                    "rule \(rule.id) is defined twice in this pack (first at line \(first.line))",
                    at: SourcePosition(line: rule.source.line, column: rule.source.column))
            }
            seen[rule.id] = SourcePosition(line: rule.source.line, column: rule.source.column)
        }
        return RulePack(name: name, title: title, description: description, file: file, rules: rules)
    }

    /// The rule `entry` describes, its check read against its parameters; nil when anything
    /// in it is wrong.
    mutating func rule(_ entry: RuleEntry, pack: String) -> Rule? {
        let errorCount = errors.count
        let id = entry.id?.value ?? ""
        let what = id.isEmpty ? "this rule" : "rule \(id)"
        if let written = entry.id, !id.isEmpty, !id.allSatisfy({ $0.isUppercase || $0.isNumber }) {
            error("rule id '\(id)' must be upper-case letters and digits, e.g. NET001", at: written.position)
        }
        let parameters = entry.parameters

        var check: RuleCheck?
        switch (entry.check, entry.builtin) {
        case (let node?, nil):
            check = dataCheck(node, parameters: parameters).map(RuleCheck.data)
        case (nil, let node?):
            if let name = node.scalar?.text {
                if BuiltinChecks.named(name) == nil {
                    var message = "unknown built-in check '\(name)'"
                    if let suggestion = suggest(name, BuiltinChecks.all.map(\.name)) { message += "; did you mean '\(suggestion)'?" }
                    error(message, at: node.position)
                } else {
                    check = .builtin(name)
                }
            } else {
                error("'builtin' names a built-in check", at: node.position)
            }
        case (.some, .some):
            error("\(what) has both 'check' and 'builtin'; give one", at: entry.position)
        case (nil, nil):
            error("\(what) is missing its check: give 'check' (the condition language) or 'builtin'", at: entry.position)
        }
        let examples = entry.examples.map { self.examples($0, rule: what) } ?? []
        let autofix = entry.autofix.flatMap { self.autofix($0, check: check, parameters: parameters) }
        guard entry.isClean, errors.count == errorCount, let severity = entry.severity, let check else { return nil }
        return Rule(
            id: id, name: entry.name?.value ?? "", pack: pack, severity: severity, summary: entry.summary?.value ?? "",
            rationale: entry.rationale?.value ?? "", fix: entry.fix?.value ?? "",
            parameters: parameters, check: check, examples: examples, autofix: autofix,
            source: SourceLocation(file: file, line: entry.position.line, column: entry.position.column))
    }

    // MARK: Autofix

    /// `{set: {KEY: VALUE, …}}` or `{none: REASON}`. Each key must be a plain value of the
    /// items the check selects (checked against the spec format, like the check's paths),
    /// and each value a scalar of the field's type or `{param: NAME}` of the rule.
    mutating func autofix(_ node: YAMLNode, check: RuleCheck?, parameters: [RuleParameter]) -> RuleAutofix? {
        let errorCount = errors.count
        // An unknown key (`sett`) is the one error to report, not also a missing 'set'.
        guard let entry = decode(node, with: PackSchema.autofix), errors.count == errorCount else { return nil }
        switch (entry.set, entry.none) {
        case (.some, .some):
            error("give 'set' (what the fix writes) or 'none' (why there is no automatic fix), not both", at: node.position)
            return nil
        case (nil, nil):
            error("'autofix' needs 'set' (what the fix writes) or 'none' (why there is no automatic fix)", at: node.position)
            return nil
        case (nil, let reason?):
            guard !reason.value.isEmpty else {
                error("'none' says why the fix is not automatic", at: reason.position)
                return nil
            }
            return .none(reason: reason.value)
        case (let set?, nil):
            guard case .mapping(let pairs) = set.content, !pairs.isEmpty else {
                error("'set' is a mapping of keys to values, e.g. {encrypted: true}", at: set.position)
                return nil
            }
            let fields = selectedFields(of: check)
            var assignments: [AutofixAssignment] = []
            for pair in pairs {
                guard let key = pair.key.scalar?.text, !key.isEmpty,
                    key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
                else {
                    error("an autofix key is one key of the mapping the finding points at (encrypted), not a path", at: pair.key.position)
                    continue
                }
                var field: FieldDescription?
                if let fields {
                    let candidates = fields.compactMap { $0[key] }
                    guard let found = candidates.first else {
                        var message = "'\(key)' is not a key of the items the check selects"
                        if let suggestion = suggest(key, fields.flatMap(\.keys)) { message += "; did you mean '\(suggestion)'?" }
                        error(message, at: pair.key.position)
                        continue
                    }
                    guard found.nested == nil, !Self.holdsCollection(found.type) else {
                        error("'\(key)' holds a mapping or a list; an autofix sets plain values only", at: pair.key.position)
                        continue
                    }
                    field = found
                }
                guard let value = autofixValue(pair.value, key: key, type: field?.type, parameters: parameters) else { continue }
                assignments.append(AutofixAssignment(key: key, value: value))
            }
            return assignments.count == pairs.count ? .set(assignments) : nil
        }
    }

    /// The fields of each mapping a check selects, by key; nil when they are not known
    /// (a built-in check, or a selection into free-form values).
    func selectedFields(of check: RuleCheck?) -> [[String: FieldDescription]]? {
        guard case .data(let data)? = check else { return nil }
        var tables: [[String: FieldDescription]] = []
        for selector in data.select {
            var point = PathPoint.resource(selector.kind)
            if let path = selector.path {
                guard case .success(let reached) = PathSchema.walk(path, from: point, item: point, parameters: []) else { return nil }
                point = reached
            }
            guard case .record(let record) = point.shape else { return nil }
            tables.append(Dictionary(record.fields.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first }))
        }
        return tables
    }

    /// An autofix value: a scalar the field's type accepts, or `{param: NAME}`.
    mutating func autofixValue(_ node: YAMLNode, key: String, type: FieldType?, parameters: [RuleParameter]) -> AutofixValue? {
        if case .mapping(let pairs) = node.content {
            guard pairs.count == 1, pairs[0].key.scalar?.text == "param", let name = pairs[0].value.scalar?.text else {
                error("an autofix value is a scalar or {param: NAME}", at: node.position)
                return nil
            }
            guard parameters.contains(where: { $0.name == name }) else {
                error("the rule has no parameter '\(name)'", at: pairs[0].value.position)
                return nil
            }
            return .parameter(name)
        }
        guard let scalar = node.scalar, scalar.style != .literal, scalar.style != .folded else {
            error("an autofix value is a scalar or {param: NAME}", at: node.position)
            return nil
        }
        let value: AutofixValue
        switch scalar.value {
        case .bool(let flag): value = .bool(flag)
        case .int(let number): value = .int(number)
        case .string: value = .string(scalar.text)
        case .null, .float:
            error("an autofix value is true, false, a whole number or a string", at: node.position)
            return nil
        }
        switch (type, value) {
        case (.bool?, .bool), (.number?, .int), (nil, _): break
        case (.int(let range)?, .int(let number)) where range.contains(number): break
        case (.enumeration(let words)?, .string(let word)) where words.contains(word): break
        case (.string?, .string), (.pattern?, .string): break
        default:
            error("'\(scalar.text)' is not a valid value for '\(key)'\(type.map { " (\(Self.expected($0)))" } ?? "")", at: node.position)
            return nil
        }
        return value
    }

    /// A literal from a pack: scalars by the core schema, lists of them.
    static func literal(_ node: YAMLNode) -> ModelValue {
        switch node.content {
        case .scalar(let scalar):
            switch scalar.value {
            case .null: return .null
            case .bool(let value): return .bool(value)
            case .int(let value): return .int(value)
            case .float(let value): return .number(value)
            case .string: return .string(scalar.text)
            }
        case .sequence(let items):
            return .list(items.map { Located(literal($0), at: $0.position) })
        case .mapping:
            return .null
        }
    }

    /// Whether values of `type` are mappings or lists, which an autofix does not write.
    static func holdsCollection(_ type: FieldType) -> Bool {
        switch type {
        case .list, .map, .stringMap, .scalarMap, .secretMap, .freeform, .record: return true
        case .oneOf(let types): return types.allSatisfy(holdsCollection)
        default: return false
        }
    }

    /// What a field of type `type` takes, for an autofix value it does not.
    static func expected(_ type: FieldType) -> String {
        switch type {
        case .bool: return "true or false"
        case .int(let range): return "a whole number from \(range.lowerBound) to \(range.upperBound)"
        case .number: return "a number"
        case .enumeration(let words): return "one of \(words.joined(separator: ", "))"
        default: return "a value of another type"
        }
    }

    // MARK: Checks

    mutating func dataCheck(_ node: YAMLNode, parameters: [RuleParameter]) -> DataCheck? {
        let errorCount = errors.count
        guard let entry = decode(node, with: PackSchema.check) else { return nil }
        var selectors: [Selector] = []
        // Where the check's paths start, one for each kind selected: they are checked
        // against the format from each.
        var contexts: [PathContext] = []
        if let select = entry.select {
            let nodes: [YAMLNode]
            if case .sequence(let items) = select.content { nodes = items } else { nodes = [select] }
            for item in nodes {
                guard let text = item.scalar?.text else {
                    error("'select' takes a kind (database) or a kind and path (load_balancer.listeners)", at: item.position)
                    continue
                }
                let kindName = String(text.prefix { $0 != "." })
                guard let kind = ResourceKind(rawValue: kindName) else {
                    var message = "'\(kindName)' is not a resource kind"
                    if let suggestion = suggest(kindName, ResourceKind.allCases.map(\.rawValue)) { message += "; did you mean '\(suggestion)'?" }
                    error(message, at: item.position)
                    continue
                }
                var path: AttributePath?
                let resource = PathPoint.resource(kind)
                var selected = [PathContext(current: resource, item: resource)]
                if text.count > kindName.count {
                    path = self.path(String(text.dropFirst(kindName.count + 1)), at: item.position)
                    selected = path.map { check($0, from: selected, parameters: parameters, at: item.position) } ?? []
                }
                contexts += selected.map { PathContext(current: $0.current, item: $0.current) }
                selectors.append(Selector(kind: kind, path: path, text: text))
            }
        }
        let filter = entry.filter.flatMap { condition($0, parameters: parameters, contexts: contexts) }
        var assertion: DataCheck.Assertion?
        switch (entry.require, entry.forbid) {
        case (let node?, nil): assertion = condition(node, parameters: parameters, contexts: contexts).map(DataCheck.Assertion.require)
        case (nil, let node?): assertion = condition(node, parameters: parameters, contexts: contexts).map(DataCheck.Assertion.forbid)
        case (.some, .some): error("give 'require' or 'forbid', not both", at: node.position)
        case (nil, nil): error("the check needs 'require' (what must hold) or 'forbid' (what must not)", at: node.position)
        }
        let at = entry.at.flatMap { path($0.value, at: $0.position) }
        if let at, let written = entry.at { _ = check(at, from: contexts, parameters: parameters, at: written.position) }
        var message: MessageTemplate?
        if let written = entry.message {
            switch MessageTemplate.parse(written.value) {
            case .success(let template):
                message = template
                for part in template.parts {
                    switch part {
                    case .parameter(let name) where !parameters.contains(where: { $0.name == name }):
                        var problem = "message uses {param.\(name)}, but the rule has no parameter '\(name)'"
                        if let suggestion = suggest(name, parameters.map(\.name)) { problem += "; did you mean 'param.\(suggestion)'?" }
                        error(problem, at: written.position)
                    case .path(let path):
                        // Placeholders are read from the selected item, like `at`.
                        _ = check(
                            path, from: contexts, parameters: parameters, at: written.position,
                            what: "message placeholder '{\(path.description)}'")
                    default:
                        break
                    }
                }
            case .failure(let problem): error(problem.message, at: written.position)
            }
        }
        guard errors.count == errorCount, let assertion, let message else { return nil }
        return DataCheck(select: selectors, filter: filter, assertion: assertion, at: at, message: message)
    }

    /// Where the paths of a check start from: the value a condition is on, and the item the
    /// rule selected (`$resource`).
    struct PathContext {
        let current: PathPoint
        let item: PathPoint
    }

    /// Walks `path` over the format from each of `contexts`; returns where it leads from
    /// those it can. A check that selects several kinds may read what only some of them have
    /// (`master_password` of databases, `auth_token` of caches), so a path is an error only
    /// when it can reach nothing from any of them. Then each distinct reason is reported
    /// once, those with a suggestion ahead of the rest (the likely typo).
    mutating func check(
        _ path: AttributePath, from contexts: [PathContext], parameters: [RuleParameter],
        at position: SourcePosition, what: String? = nil
    ) -> [PathContext] {
        var reached: [PathContext] = []
        var problems: [PathError] = []
        for context in contexts {
            switch PathSchema.walk(path, from: context.current, item: context.item, parameters: parameters) {
            case .success(let point): reached.append(PathContext(current: point, item: context.item))
            case .failure(let problem): if !problems.contains(problem) { problems.append(problem) }
            }
        }
        guard reached.isEmpty, !problems.isEmpty else { return reached }
        let suggesting = problems.filter(\.hasSuggestion)
        for problem in suggesting.isEmpty ? problems : suggesting {
            error("\(what ?? "bad path '\(path.description)'"): \(problem.message)", at: position)
        }
        return reached
    }

    mutating func path(_ text: String, at position: SourcePosition) -> AttributePath? {
        switch AttributePath.parse(text) {
        case .success(let path): return path
        case .failure(let problem):
            error("bad path '\(text)': \(problem.message)", at: position)
            return nil
        }
    }

    mutating func condition(_ node: YAMLNode, parameters: [RuleParameter], contexts: [PathContext]) -> Condition? {
        guard case .mapping(let pairs) = node.content else {
            error("a condition is a mapping: {path: …, OPERATOR: …}, {all: […]}, {any: […]} or {not: …}", at: node.position)
            return nil
        }
        let keys = pairs.compactMap { $0.key.scalar?.text }
        func value(_ key: String) -> YAMLNode? { pairs.first { $0.key.scalar?.text == key }?.value }

        if keys.count == 1, let combinator = keys.first, ["all", "any", "not"].contains(combinator), let inner = value(combinator) {
            if combinator == "not" { return condition(inner, parameters: parameters, contexts: contexts).map(Condition.not) }
            guard case .sequence(let items) = inner.content, !items.isEmpty else {
                error("'\(combinator)' takes a non-empty list of conditions", at: inner.position)
                return nil
            }
            let conditions = items.compactMap { condition($0, parameters: parameters, contexts: contexts) }
            guard conditions.count == items.count else { return nil }
            return combinator == "all" ? .all(conditions) : .any(conditions)
        }
        guard let pathNode = value("path") else {
            error("a condition needs 'path' and an operator, or one of all, any, not; found \(keys.joined(separator: ", "))", at: node.position)
            return nil
        }
        guard let pathText = pathNode.scalar?.text, let path = path(pathText, at: pathNode.position) else {
            if pathNode.scalar == nil { error("'path' must be a string", at: pathNode.position) }
            return nil
        }
        // Inside `some`/`every`/`none`, paths start at each value this one reaches.
        let reached = check(path, from: contexts, parameters: parameters, at: pathNode.position)
        let rest = pairs.filter { $0.key.scalar?.text != "path" }
        guard rest.count == 1, let pair = rest.first, let key = pair.key.scalar?.text else {
            error("a condition on '\(pathText)' needs exactly one operator (e.g. equals, is_true, count_gte) or quantifier (some, every, none)", at: node.position)
            return nil
        }
        if let quantifier = Quantifier(rawValue: key) {
            return condition(pair.value, parameters: parameters, contexts: reached).map { .quantified(path, quantifier, $0) }
        }
        guard let op = Operator(rawValue: key) else {
            var message = "unknown operator '\(key)'"
            let names = Operator.allCases.map(\.rawValue) + Quantifier.allCases.map(\.rawValue)
            if let suggestion = suggest(key, names) { message += "; did you mean '\(suggestion)'?" }
            error(message, at: pair.key.position)
            return nil
        }
        guard let operand = operand(pair.value, for: op, parameters: parameters, contexts: contexts) else { return nil }
        return .test(path, op, operand, pair.key.position)
    }

    mutating func operand(_ node: YAMLNode, for op: Operator, parameters: [RuleParameter], contexts: [PathContext]) -> Operand? {
        if case .mapping(let pairs) = node.content {
            guard pairs.count == 1, let key = pairs[0].key.scalar?.text, let text = pairs[0].value.scalar?.text, ["param", "path"].contains(key) else {
                error("an operand is a value, a list, {param: NAME} or {path: PATH}", at: node.position)
                return nil
            }
            if key == "param" {
                guard parameters.contains(where: { $0.name == text }) else {
                    error("the rule has no parameter '\(text)'", at: pairs[0].value.position)
                    return nil
                }
                return .parameter(text)
            }
            guard let path = path(text, at: pairs[0].value.position) else { return nil }
            // An operand's path starts where the condition's does.
            _ = check(path, from: contexts, parameters: parameters, at: pairs[0].value.position)
            return .path(path)
        }
        let value = PackReader.literal(node)
        if op.takesFlag {
            guard case .bool = value else {
                error("'\(op.rawValue)' takes true or false", at: node.position)
                return nil
            }
        }
        if op == .matches || op == .not_matches {
            guard case .string(let pattern) = value, RegexCache.shared.regex(pattern) != nil else {
                error("'\(op.rawValue)' takes a valid regular expression", at: node.position)
                return nil
            }
        }
        return .literal(value)
    }

    // MARK: Examples

    mutating func examples(_ node: YAMLNode, rule: String) -> [RuleExample] {
        guard let entry = decode(node, with: PackSchema.examplesTable(of: rule)) else { return [] }
        var result: [RuleExample] = []
        for (expectation, written) in [(RuleExample.Expectation.fires, entry.fires), (.passes, entry.passes)] {
            // Left out: the table reported it.
            guard let list = written else { continue }
            let items: [YAMLNode]
            if case .sequence(let nodes) = list.content { items = nodes } else { items = [list] }
            if items.isEmpty { error("\(rule) needs at least one example that \(expectation.rawValue)", at: list.position) }
            for item in items {
                let location = SourceLocation(file: file, line: item.position.line, column: item.position.column)
                if let text = item.scalar?.text {
                    result.append(
                        RuleExample(
                            expectation: expectation, files: [RuleExample.File(name: "example.yaml", text: text, origin: origin(of: item))],
                            source: location))
                } else if case .mapping(let pairs) = item.content {
                    var files: [RuleExample.File] = []
                    for pair in pairs {
                        guard let name = pair.key.scalar?.text, let text = pair.value.scalar?.text else {
                            error("a multi-file example maps file names to spec text", at: pair.key.position)
                            continue
                        }
                        files.append(RuleExample.File(name: name, text: text, origin: origin(of: pair.value)))
                    }
                    result.append(RuleExample(expectation: expectation, files: files, source: location))
                } else {
                    error("an example is spec text, or a mapping of file names to spec text", at: item.position)
                }
                if expectation == .fires, !result.last!.files.contains(where: { $0.text.contains(RuleExample.marker) }) {
                    error("an example that fires marks the line of each finding with '\(RuleExample.marker)'", at: item.position)
                }
            }
        }
        return result
    }

    /// Where the text of a literal block scalar (`|`) starts in the pack: its lines are the
    /// pack's lines from the one after the indicator, all indented by the indentation of the
    /// first line that is not blank (as YAML decides it). nil for other scalars, whose lines
    /// are folded or escaped, and for an explicit indentation indicator (`|2`).
    func origin(of node: YAMLNode) -> SourceLocation? {
        guard let scalar = node.scalar, scalar.style == .literal, node.position.line <= lineStarts.count else { return nil }
        let line = node.position.line
        var index = lineStarts[line - 1]
        // The indicator line: `|`, `|-`, `|+`, then spaces or a comment; a digit is an
        // explicit indentation, which this does not follow.
        let headerStart = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
        let header = String(decoding: bytes[headerStart..<index], as: UTF8.self)
        // The node starts at the indicator (columns count characters).
        let indicator = header.dropFirst(node.position.column - 1).prefix { $0 != " " && $0 != "#" }
        if indicator.contains(where: \.isNumber) { return nil }
        index += 1
        let firstLine = line + 1
        while index < bytes.count {
            var indent = 0
            while index + indent < bytes.count, bytes[index + indent] == UInt8(ascii: " ") { indent += 1 }
            let end = index + indent
            if end < bytes.count, bytes[end] != UInt8(ascii: "\n"), bytes[end] != UInt8(ascii: "\r") {
                return SourceLocation(file: file, line: firstLine, column: indent + 1)
            }
            index = end + 1
        }
        return nil
    }

    func suggest(_ word: String, _ candidates: [String]) -> String? {
        closestMatch(to: word, in: candidates)
    }
}
