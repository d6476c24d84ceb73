import ArchlintLoad
import ArchlintModel
import Testing

/// The kind table (`ResourceKind.specLists`, and `SpecSchema.kinds` over it) is the one
/// place kinds are listed: it must name every kind and every list of `Spec` exactly once.
@Suite("The kind table")
struct KindTableTests {
    @Test("every kind but subnet has exactly one entry, in the order kinds are declared")
    func everyKindOnce() {
        let listed = ResourceKind.specLists.map(\.kind)
        #expect(listed == ResourceKind.allCases.filter { $0 != .subnet })
        #expect(SpecSchema.kinds.map(\.kind) == listed)
        for entry in ResourceKind.specLists {
            #expect(entry.type.kind == entry.kind, "\(entry.kind)")
            #expect(entry.kind.specList?.kind == entry.kind)
        }
        #expect(ResourceKind.subnet.specList == nil)
        // Tables by kind are arrays indexed by the ordinal.
        #expect(ResourceKind.allCases.map(\.ordinal) == Array(ResourceKind.allCases.indices))
        #expect(Set(ResourceKind.specLists.map(\.key)).count == ResourceKind.specLists.count)
    }

    @Test("every resource list of Spec is reached through exactly one entry")
    func everySpecListOnce() {
        // The stored lists of resources `Spec` has, found by reflection rather than listed,
        // so a list added without an entry fails here.
        let resourceLists = Mirror(reflecting: Spec(path: "")).children.compactMap { child -> String? in
            guard let label = child.label, type(of: child.value) is ListOfResources.Type else { return nil }
            return label
        }
        #expect(resourceLists.count == ResourceKind.specLists.count)
        var reached: [String] = []
        for entry in ResourceKind.specLists {
            // One resource added through the entry's type shows which list the entry reads.
            let spec = entry.type.specWithOne()
            #expect(entry.count(spec) == 1, "\(entry.kind)")
            #expect(spec.declaredResourceCount == 1, "\(entry.kind)")
            let filled = Mirror(reflecting: spec).children.filter { ($0.value as? [any Resource])?.isEmpty == false }
            #expect(filled.count == 1, "\(entry.kind)")
            reached += filled.compactMap(\.label)
        }
        #expect(reached.sorted() == resourceLists.sorted())
    }

    @Test("the spec's top-level keys are its own fields, then one list per kind, in the table's order")
    func specKeys() {
        let keys = SpecSchema.spec.fields.map(\.key)
        #expect(Array(keys.suffix(ResourceKind.specLists.count)) == ResourceKind.specLists.map(\.key))
        for kind in ResourceKind.allCases {
            #expect(kind.listKey == kind.specList?.key)
        }
    }
}

extension TopLevelResource {
    /// A spec holding one default resource of this kind, in the list the type names.
    static func specWithOne() -> Spec {
        var spec = Spec(path: "")
        spec[keyPath: specList].append(Self())
        return spec
    }
}

/// Arrays of resources, told apart by their element type (an empty array of anything
/// would pass a cast to `[any Resource]`).
private protocol ListOfResources {}
extension Array: ListOfResources where Element: Resource {}
