import ArchlintFindings

/// Findings of one stack-environment (or all) by severity, waived ones apart.
struct Tally {
    var error = 0, warning = 0, info = 0, waived = 0
    /// Of the unwaived ones, those at or above the gate.
    var gating = 0
}

/// Every count a summary shows, from one pass over the findings (not one pass per
/// stack-environment: an estate has thousands).
struct StackTotals {
    var byStack: [String: Tally] = [:]
    var total = Tally()
    /// Every stack-environment that loaded or has a finding, in byte order.
    let names: [String]

    init(_ report: LintReport) {
        var names = Set(report.specs.map(\.name))
        for finding in report.findings {
            let name = finding.stackEnvironment
            names.insert(name)
            let gating = report.failsGate(finding)
            func add(_ tally: inout Tally) {
                if gating { tally.gating += 1 }
                if finding.isWaived { tally.waived += 1; return }
                switch finding.severity {
                case .error: tally.error += 1
                case .warning: tally.warning += 1
                case .info: tally.info += 1
                }
            }
            add(&byStack[name, default: Tally()])
            add(&total)
        }
        self.names = names.sorted()
    }
}

/// `1 finding`, `2 findings`, `1,204 findings`.
func plural(_ count: Int, _ one: String, _ many: String) -> String {
    "\(grouped(count)) \(count == 1 ? one : many)"
}

/// A count with a comma every three digits, the same in every locale.
func grouped(_ number: Int) -> String {
    let digits = String(number.magnitude)
    var out = number < 0 ? "-" : ""
    for (offset, digit) in digits.enumerated() {
        if offset > 0, (digits.count - offset) % 3 == 0 { out.append(",") }
        out.append(digit)
    }
    return out
}
