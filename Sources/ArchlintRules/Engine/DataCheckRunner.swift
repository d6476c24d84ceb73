import ArchlintModel

/// Runs a rule written in the condition language: for every spec the rule applies to,
/// select items, keep those `where` holds, and report those `require` fails or `forbid`
/// holds for, at the value that decided it.
struct DataCheckRunner {
    let check: DataCheck

    func run(_ context: inout CheckContext) {
        let parameters = RuleParameters(context.rule)
        for spec in context.applicableSpecs {
            let environment = context.index.judgedEnvironment(of: spec)
            for selector in check.select {
                for handle in context.index.resources(of: selector.kind, in: spec) {
                    var evaluator = Evaluator(
                        index: context.index, parameters: parameters, spec: spec,
                        environment: environment, item: Scope(Located(.null, at: .start), parent: nil))
                    let resource = evaluator.resourceScope(handle)
                    let items = selector.path.map { evaluator.elements($0, from: resource) } ?? [resource]
                    for item in items {
                        evaluator = Evaluator(index: context.index, parameters: parameters, spec: spec, environment: environment, item: item)
                        if let filter = check.filter, !evaluator.evaluate(filter, on: item).holds { continue }
                        context.evaluated(handle)
                        let outcome: Outcome
                        let fires: Bool
                        switch check.assertion {
                        case .require(let condition):
                            outcome = evaluator.evaluate(condition, on: item)
                            fires = !outcome.holds
                        case .forbid(let condition):
                            outcome = evaluator.evaluate(condition, on: item)
                            fires = outcome.holds
                        }
                        guard fires else { continue }
                        var position = outcome.witness?.position ?? item.value.position
                        if let at = check.at, let target = evaluator.values(at, from: item).first {
                            position = target.value.position
                        }
                        // A default stands where its mapping starts; so does a value from
                        // another resource: point at the item instead.
                        if position == .start { position = item.value.position }
                        context.report(handle, at: position, render(check.message, evaluator, item, handle, outcome))
                    }
                }
            }
        }
    }

    private func render(
        _ template: MessageTemplate, _ evaluator: Evaluator, _ item: Scope,
        _ handle: ResourceHandle, _ outcome: Outcome
    ) -> String {
        var text = ""
        for part in template.parts {
            switch part {
            case .text(let literal): text += literal
            case .name: text += handle.name
            case .kind: text += handle.kind.words
            case .resource: text += handle.id
            case .environment: text += evaluator.index.workspace.specs[handle.spec].environment.value.rawValue
            case .stack: text += evaluator.index.workspace.specs[handle.spec].stack.value
            case .value: text += outcome.witness.map { display($0.value) } ?? "(none)"
            case .parameter(let name): text += evaluator.parameters.value(name).map(display) ?? ""
            case .path(let path):
                let values = evaluator.values(path, from: item).flatMap { scope -> [String] in
                    // A value the spec left out reads as such, not as its default.
                    if scope.isDefault {
                        if case .bool = scope.value.value { return ["not declared"] }
                        if case .list = scope.value.value { return [] }
                        return ["\(display(scope.value.value)) (default)"]
                    }
                    if case .list(let items) = scope.value.value { return items.map { display($0.value) } }
                    return [display(scope.value.value)]
                }
                text += values.isEmpty ? "not declared" : values.joined(separator: ", ")
            }
        }
        return text
    }

    private func display(_ value: ModelValue) -> String {
        if case .record(let record) = value { return record.name ?? record.schema }
        return value.text
    }
}
