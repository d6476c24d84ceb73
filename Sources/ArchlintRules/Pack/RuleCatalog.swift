import ArchlintFindings
import ArchlintLoad
import Foundation

/// Every rule a run uses: the built-in packs compiled into the binary, plus packs from
/// `--rules` folders. A pack with any error is refused whole and reported.
public struct RuleCatalog: Sendable {
    public private(set) var packs: [RulePack] = []
    public private(set) var errors: [Diagnostic] = []

    public var rules: [Rule] { packs.flatMap(\.rules) }

    public func rule(_ id: String) -> Rule? {
        rules.first { $0.id.caseInsensitiveCompare(id) == .orderedSame }
    }

    /// The rule `text` names: by ID in any case (`enc005`), or by name (`plaintext-listener`).
    public func rule(idOrName text: String) -> Rule? {
        rule(text) ?? rules.first { $0.name.caseInsensitiveCompare(text) == .orderedSame }
    }

    /// The rule ID closest to `text`, for "did you mean": to an ID, else to a name.
    public func suggestion(for text: String) -> String? {
        if let id = closestMatch(to: text, in: rules.map(\.id)) { return id }
        return closestMatch(to: text, in: rules.map(\.name)).flatMap { name in rules.first { $0.name == name }?.id }
    }

    /// Why no rule of this run is `id`, for a reference to a rule (a waiver, a setting): the
    /// closest ID, and that a rule of a pack this run did not load is unknown to it.
    public func unknownRuleMessage(_ id: String, what: String) -> String {
        let message = "\(what) names unknown rule '\(id)': no rule pack of this run has it (packs not given with --rules or the configuration's rule_packs are not loaded)"
        return suggestion(for: id).map { "\(message); did you mean '\($0)'?" } ?? message
    }

    /// The built-in packs: their ready form (`ReadyPacks`), made from the same packs by the
    /// same loader, when it is current; else the packs compiled into the binary, parsed.
    /// `ARCHLINT_BUILTIN_RULES=DIR` reads them from a folder instead, for working on the
    /// packs without rebuilding.
    public static func builtin() -> RuleCatalog {
        if let folder = ProcessInfo.processInfo.environment["ARCHLINT_BUILTIN_RULES"], !folder.isEmpty {
            var catalog = RuleCatalog()
            catalog.addFolder(folder)
            return catalog
        }
        // The ready form was made from a catalog without errors (ReadyPackTests), so its
        // packs are taken as they are: no rule ID repeats across them.
        if let packs = ReadyPacks.packsIfCurrent() { return RuleCatalog(packs: packs, errors: []) }
        return parsingEmbeddedPacks()
    }

    /// The packs compiled into the binary, read by the strict loader: what the ready form
    /// must equal, and what is used when it is stale.
    static func parsingEmbeddedPacks() -> RuleCatalog {
        var catalog = RuleCatalog()
        for (name, text) in EmbeddedRulePacks.files {
            catalog.add(Array(text.utf8), file: "rules/\(name)")
        }
        return catalog
    }

    /// Adds every `.yaml` file of `folder` (sorted), or reports why it cannot.
    public mutating func addFolder(_ folder: String) {
        let url = URL(fileURLWithPath: folder)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            errors.append(Diagnostic("cannot read rule pack folder", file: folder, line: 1, column: 1))
            return
        }
        let packs = names.sorted().filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && !$0.hasPrefix(".") }
        // A folder of no pack is a mistake (a wrong path, a typo), never "no extra rules".
        if packs.isEmpty {
            errors.append(Diagnostic("no rule packs (.yaml or .yml files) in this folder", file: folder, line: 1, column: 1))
        }
        for name in packs {
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            guard let data = FileManager.default.contents(atPath: url.appendingPathComponent(name).path) else {
                errors.append(Diagnostic("cannot read rule pack", file: path, line: 1, column: 1))
                continue
            }
            add([UInt8](data), file: path)
        }
    }

    public mutating func add(_ bytes: [UInt8], file: String) {
        let (pack, problems) = PackLoader().load(bytes, file: file)
        errors += problems
        guard var pack else { return }
        // A rule ID names one rule: a later pack may not redefine it.
        var known = Dictionary(rules.map { ($0.id, $0.source) }, uniquingKeysWith: { first, _ in first })
        var kept: [Rule] = []
        for rule in pack.rules {
            if let first = known[rule.id] {
                errors += Diagnostic.attachingSourceLines(
                    [Diagnostic("rule \(rule.id) is already defined at \(first)", at: rule.source)],
                    file: file, bytes: bytes)
                continue
            }
            known[rule.id] = rule.source
            kept.append(rule)
        }
        pack.rules = kept
        packs.append(pack)
    }
}
