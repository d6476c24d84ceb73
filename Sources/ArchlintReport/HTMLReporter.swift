import ArchlintFindings

/// `archlint report --html FILE`: one self-contained page — no network, no external script,
/// style or font — with a summary per stack, the findings table (sorted and filtered in the
/// page by a few lines of plain JavaScript), each rule's explanation, and each stack's
/// diagram as inline SVG. Every piece of text from specs or rules is HTML-escaped.
public struct HTMLReporter: Sendable {
    /// Inline SVG by `STACK/ENVIRONMENT`, drawn by the caller (Graphviz), or why not.
    public let diagrams: [String: EmbeddedDiagram]
    /// Why there are no diagrams, when there are none (Graphviz missing).
    public let diagramNote: String?

    public init(diagrams: [String: EmbeddedDiagram], diagramNote: String? = nil) {
        self.diagrams = diagrams
        self.diagramNote = diagramNote
    }

    public func render(_ report: LintReport) -> String {
        var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<title>archlint report</title>\n<style>\n\(Self.style)</style>\n</head>\n<body>\n"
        out += "<header><h1>archlint report</h1>\n<p class=\"verdict \(verdictClass(report))\">\(escape(verdict(report)))</p>\n"
        out += "<p class=\"muted\">\(report.fileCount) spec \(report.fileCount == 1 ? "file" : "files"), \(report.resourceCount) resources, "
        out += "\(report.findings.count) findings (\(report.waivedCount) waived). Gate: <code>\(escape(report.failOn?.rawValue ?? "none"))</code>.</p></header>\n<main>\n"
        out += summary(report)
        if !report.errors.isEmpty { out += errors(report) }
        out += findingsTable(report)
        out += diagramsSection(report)
        out += rulesSection(report)
        out += "</main>\n<footer class=\"muted\">archlint \(escape(ArchlintVersion.current))</footer>\n"
        out += "<script>\n\(Self.script)</script>\n</body>\n</html>\n"
        return out
    }

    /// Escaped, with line-break opportunities after each `/`, so paths and resource names
    /// wrap between their parts rather than anywhere (or not at all).
    private func breakable(_ text: String) -> String {
        escape(text).replacingOccurrences(of: "/", with: "/<wbr>")
    }

    private func verdict(_ report: LintReport) -> String {
        switch report.exitStatus {
        case .clean: return "Passed: no finding at or above the gate."
        case .findings:
            let count = report.findings.filter(report.failsGate).count
            return "Failed: \(count) \(count == 1 ? "finding" : "findings") at or above the gate."
        case .unusable: return "Could not check everything: \(report.errors.count) load \(report.errors.count == 1 ? "error" : "errors")."
        }
    }

    private func verdictClass(_ report: LintReport) -> String {
        switch report.exitStatus {
        case .clean: "passed"
        case .findings: "failed"
        case .unusable: "broken"
        }
    }

    /// Stack-environments beyond which the cards are folded: a large estate has a thousand.
    static let openCardLimit = 24

    private func summary(_ report: LintReport) -> String {
        let totals = StackTotals(report)
        guard !totals.names.isEmpty else { return "" }
        var out = "<section><h2>Stacks</h2>\n"
        let folded = totals.names.count > Self.openCardLimit
        if folded {
            let failing = totals.names.filter { totals.byStack[$0, default: Tally()].gating > 0 }.count
            out += "<details class=\"stacks\"><summary>\(plural(totals.names.count, "stack-environment", "stack-environments")), \(grouped(failing)) failing the gate</summary>\n"
        }
        out += "<div class=\"cards\">\n"
        for name in totals.names {
            let count = totals.byStack[name, default: Tally()]
            // A card links to its diagram when the page has one (a large estate's are not all drawn).
            let tag = diagrams[name] == nil ? "div" : "a"
            out += "<\(tag) class=\"card\(count.gating > 0 ? " failing" : "")\"\(tag == "a" ? " href=\"#diagram-\(anchor(name))\"" : "")><strong>\(escape(name))</strong>"
            out += "<span class=\"counts\"><span class=\"sev error\">\(count.error) error</span> <span class=\"sev warning\">\(count.warning) warning</span> "
            out += "<span class=\"sev info\">\(count.info) info</span> <span class=\"sev waived\">\(count.waived) waived</span></span></\(tag)>\n"
        }
        out += "</div>\n"
        if folded { out += "</details>\n" }
        return out + "</section>\n"
    }

    private func errors(_ report: LintReport) -> String {
        var out = "<section><h2>Specs that could not be loaded</h2>\n<ul class=\"errors\">\n"
        for error in report.errors {
            out += "<li><code>\(escape(error.location.description))</code> \(escape(error.message))</li>\n"
        }
        return out + "</ul></section>\n"
    }

    private func findingsTable(_ report: LintReport) -> String {
        let packs = Set(report.findings.map(\.pack)).sorted()
        var out = "<section><h2>Findings</h2>\n<div class=\"filters\" role=\"group\" aria-label=\"Filters\">\n"
        out +=
            "<label>Severity <select id=\"filter-severity\"><option value=\"\">all</option><option>error</option><option>warning</option><option>info</option><option value=\"waived\">waived</option></select></label>\n"
        out += "<label>Pack <select id=\"filter-pack\"><option value=\"\">all</option>"
        for pack in packs { out += "<option>\(escape(pack))</option>" }
        out += "</select></label>\n<label>Search <input id=\"filter-text\" type=\"search\" placeholder=\"rule, resource, message\"></label>\n"
        out += "<span id=\"shown\" class=\"muted\"></span></div>\n"
        if report.findings.count > Self.pageSize {
            out +=
                "<noscript><p class=\"note\">Without JavaScript this page shows the first \(Self.pageSize) of \(grouped(report.findings.count)) findings; archlint check --format json lists them all.</p></noscript>\n"
        }
        out += "<div class=\"table-wrap\"><table id=\"findings\" data-page-size=\"\(Self.pageSize)\">\n<thead><tr>"
        for (offset, title) in ["Severity", "Rule", "Stack", "Resource", "Where", "Message"].enumerated() {
            out += "<th><button type=\"button\" data-column=\"\(offset)\">\(title)</button></th>"
        }
        out += "</tr></thead>\n<tbody>\n"
        for (offset, finding) in report.findings.enumerated() {
            let severity = finding.isWaived ? "waived" : finding.severity.rawValue
            let rank = finding.isWaived ? 3 : ["error": 0, "warning": 1, "info": 2][finding.severity.rawValue] ?? 3
            out +=
                "<tr data-severity=\"\(severity)\" data-pack=\"\(escape(finding.pack))\"\(report.failsGate(finding) ? " class=\"gating\"" : "")\(offset >= Self.pageSize ? " hidden" : "")>"
            out += "<td data-sort=\"\(rank)\"><span class=\"sev \(severity)\">\(severity)</span></td>"
            out += "<td><a href=\"#rule-\(anchor(finding.rule))\">\(escape(finding.rule))</a></td>"
            out += "<td class=\"stack\">\(escape(finding.stackEnvironment))</td><td class=\"resource\"><code>\(breakable(finding.resource))</code></td>"
            out +=
                "<td class=\"where\" data-sort=\"\(escape(finding.location.file)):\(padded(finding.location.line))\"><code>\(breakable(finding.location.file)):\(finding.location.line)</code></td>"
            out += "<td class=\"message\">\(escape(finding.message))"
            if let waiver = finding.waiver {
                out += "<div class=\"muted\">waived: \(escape(waiver.reason))\(waiver.expires.map { " (until \(escape($0)))" } ?? "")</div>"
            }
            out += "</td></tr>\n"
        }
        out += "</tbody></table></div>\n"
        out += "<div class=\"pager\" id=\"pager\"\(report.findings.count > Self.pageSize ? "" : " hidden")><button type=\"button\" id=\"page-previous\">Previous</button> "
        out += "<span id=\"page-info\" class=\"muted\"></span> <button type=\"button\" id=\"page-next\">Next</button></div>\n"
        return out + "</section>\n"
    }

    /// Rows of the findings table shown at a time: the rest of a large estate's findings
    /// are in the page, hidden, and the page's script pages, sorts and filters over all.
    /// Hidden rows cost the browser no layout, so the page opens quickly at any size.
    static let pageSize = 100

    private func diagramsSection(_ report: LintReport) -> String {
        var out = "<section id=\"diagrams\"><h2>Diagrams</h2>\n"
        if let diagramNote { out += "<p class=\"note\">\(escape(diagramNote))</p>\n" }
        out +=
            "<p class=\"muted\">Red: findings that fail the gate; amber: warnings. Solid arrows: traffic that may flow (listeners, security-group rules, routes, triggers); dashed: dependencies (secrets, IAM access, DNS records, peering); thick red: the hops of a reachability path (REACH001, REACH002). Each diagram fits the page; <em>Actual size</em> shows it full size, to scroll.</p>\n"
        for name in diagrams.keys.sorted() {
            switch diagrams[name]! {
            case .drawn(let svg):
                out +=
                    "<figure id=\"diagram-\(anchor(name))\"><figcaption>\(escape(name)) <button type=\"button\" class=\"zoom\" aria-pressed=\"false\">Actual size</button></figcaption>"
                out += "<div class=\"svg\">\(svg)</div></figure>\n"
            case .omitted(let reason):
                out += "<figure id=\"diagram-\(anchor(name))\"><figcaption>\(escape(name))</figcaption><p class=\"note\">\(escape(reason))</p></figure>\n"
            }
        }
        return out + "</section>\n"
    }

    private func rulesSection(_ report: LintReport) -> String {
        let fired = Set(report.findings.map(\.rule))
        let rules = report.rules.values.filter { fired.contains($0.id) }.sorted { $0.id < $1.id }
        guard !rules.isEmpty else { return "" }
        var out = "<section id=\"rules\"><h2>Rules that found something</h2>\n"
        for rule in rules {
            out += "<details id=\"rule-\(anchor(rule.id))\"><summary><strong>\(escape(rule.id))</strong> \(escape(rule.name)) "
            out += "<span class=\"muted\">(\(escape(rule.pack)))</span> — \(escape(rule.summary))</summary>\n"
            if !rule.rationale.isEmpty { out += "<p><strong>Why:</strong> \(escape(rule.rationale))</p>\n" }
            out += "<p><strong>Fix:</strong> \(escape(rule.fix))</p><p class=\"muted\">More: <code>archlint rules \(escape(rule.id))</code></p></details>\n"
        }
        return out + "</section>\n"
    }

    /// Text as HTML: markup characters and quotes escaped, control characters dropped.
    func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\n", "\t": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A line number that sorts as text: zero-padded to eight digits.
    private func padded(_ number: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }

    /// An `id` made of letters, digits and `-`.
    private func anchor(_ text: String) -> String {
        String(text.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
    }

    static let style = """
        :root { --bg: #fbfbfd; --fg: #1d2330; --muted: #5f6b7a; --line: #dde2ea; --card: #ffffff;
          --error: #c62828; --error-bg: #fde2e2; --warning: #8a5a00; --warning-bg: #fff4ce;
          --info: #245e9c; --info-bg: #e3eefb; --waived: #5f6b7a; --waived-bg: #eceff3; }
        * { box-sizing: border-box; }
        /* Hidden rows stay hidden when the phone layout makes rows blocks. */
        [hidden] { display: none !important; }
        body { margin: 0; background: var(--bg); color: var(--fg);
          font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        header, main, footer { max-width: 1200px; margin: 0 auto; padding: 0 20px; }
        header { padding-top: 24px; }
        h1 { font-size: 1.6rem; margin: 0 0 8px; }
        h2 { font-size: 1.2rem; margin: 32px 0 12px; border-bottom: 1px solid var(--line); padding-bottom: 6px; }
        code { font: 0.85em/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; overflow-wrap: anywhere; }
        .muted { color: var(--muted); }
        .verdict { display: inline-block; padding: 6px 12px; border-radius: 6px; font-weight: 600; margin: 4px 0; }
        .verdict.passed { background: #e1f5e6; color: #1e6b34; }
        .verdict.failed { background: var(--error-bg); color: var(--error); }
        .verdict.broken { background: var(--warning-bg); color: var(--warning); }
        .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 12px; }
        .card { display: block; background: var(--card); border: 1px solid var(--line); border-left: 4px solid #9aa5b4;
          border-radius: 8px; padding: 10px 12px; color: inherit; text-decoration: none; }
        .card.failing { border-left-color: var(--error); }
        .card:hover { box-shadow: 0 1px 4px rgba(0,0,0,.08); }
        .counts { display: block; margin-top: 4px; }
        .sev { display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 0.8rem; font-weight: 600; white-space: nowrap; }
        .sev.error { background: var(--error-bg); color: var(--error); }
        .sev.warning { background: var(--warning-bg); color: var(--warning); }
        .sev.info { background: var(--info-bg); color: var(--info); }
        .sev.waived { background: var(--waived-bg); color: var(--waived); }
        .filters { display: flex; flex-wrap: wrap; gap: 12px; align-items: end; margin-bottom: 10px; }
        .filters label { display: flex; flex-direction: column; font-size: 0.8rem; color: var(--muted); }
        select, input { font: inherit; padding: 4px 6px; border: 1px solid var(--line); border-radius: 6px; background: #fff; min-width: 120px; }
        .table-wrap { overflow-x: auto; background: var(--card); border: 1px solid var(--line); border-radius: 8px; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; vertical-align: top; padding: 8px 10px; border-bottom: 1px solid var(--line); }
        th { white-space: nowrap; }
        th button { all: unset; cursor: pointer; font-weight: 600; }
        /* Names and paths break only after a slash (<wbr>), so columns size to their parts. */
        td.resource code, td.where code { overflow-wrap: normal; }
        td.stack { white-space: nowrap; }
        th button::after { content: " ↕"; color: var(--muted); font-size: 0.8em; }
        th[aria-sort="ascending"] button::after { content: " ↑"; }
        th[aria-sort="descending"] button::after { content: " ↓"; }
        tr.gating td:first-child { box-shadow: inset 3px 0 0 var(--error); }
        figure { margin: 0 0 24px; background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 10px; }
        figcaption { font-weight: 600; margin-bottom: 6px; display: flex; justify-content: space-between; align-items: center; gap: 8px; }
        button.zoom { font: inherit; font-size: 0.8rem; font-weight: 400; padding: 2px 10px; border: 1px solid var(--line);
          border-radius: 6px; background: #fff; cursor: pointer; }
        .svg { overflow-x: auto; }
        .svg svg { max-width: 100%; height: auto; }
        .svg.actual svg { max-width: none; }
        .note { background: var(--warning-bg); color: var(--warning); padding: 8px 12px; border-radius: 6px; }
        details { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; margin-bottom: 8px; }
        summary { cursor: pointer; }
        details.stacks > summary { margin-bottom: 8px; }
        .pager { display: flex; gap: 12px; align-items: center; justify-content: flex-end; margin-top: 8px; flex-wrap: wrap; }
        .pager button { font: inherit; font-size: 0.85rem; padding: 2px 10px; border: 1px solid var(--line); border-radius: 6px; background: #fff; cursor: pointer; }
        .pager button:disabled { cursor: default; opacity: 0.5; }
        ul.errors { padding-left: 20px; }
        footer { padding: 24px 20px 40px; font-size: 0.85rem; }
        @media (max-width: 640px) {
          body { font-size: 14px; }
          header, main, footer { padding-left: 12px; padding-right: 12px; }
          thead { display: none; }
          table, tbody, tr, td { display: block; width: 100%; }
          tr { border-bottom: 1px solid var(--line); padding: 6px 0; }
          td { border: none; padding: 2px 10px; }
          td.resource code, td.where code { overflow-wrap: anywhere; }
          select, input { min-width: 0; width: 100%; }
          .filters label { flex: 1 1 45%; }
        }

        """

    static let script = """
        (function () {
          Array.prototype.forEach.call(document.querySelectorAll('button.zoom'), function (button) {
            button.addEventListener('click', function () {
              var actual = button.closest('figure').querySelector('.svg').classList.toggle('actual');
              button.textContent = actual ? 'Fit to width' : 'Actual size';
              button.setAttribute('aria-pressed', String(actual));
            });
          });
          var table = document.getElementById('findings');
          if (!table) return;
          var body = table.tBodies[0];
          var rows = Array.prototype.slice.call(body.rows);
          var severity = document.getElementById('filter-severity');
          var pack = document.getElementById('filter-pack');
          var text = document.getElementById('filter-text');
          var shown = document.getElementById('shown');
          var pager = document.getElementById('pager');
          var previous = document.getElementById('page-previous');
          var next = document.getElementById('page-next');
          var pageInfo = document.getElementById('page-info');
          var pageSize = Number(table.dataset.pageSize) || rows.length || 1;
          // The rows that pass the filters, in table order; one page of them is visible.
          var matching = rows, page = 0;
          var visible = rows.filter(function (row) { return !row.hidden; });
          function show() {
            var pages = Math.max(1, Math.ceil(matching.length / pageSize));
            page = Math.min(Math.max(page, 0), pages - 1);
            visible.forEach(function (row) { row.hidden = true; });
            visible = matching.slice(page * pageSize, (page + 1) * pageSize);
            visible.forEach(function (row) { row.hidden = false; });
            shown.textContent = matching.length + ' of ' + rows.length + ' shown';
            pager.hidden = pages <= 1;
            pageInfo.textContent = matching.length ? (page * pageSize + 1) + '–' + (page * pageSize + visible.length) +
              ' (page ' + (page + 1) + ' of ' + pages + ')' : '';
            previous.disabled = page === 0;
            next.disabled = page >= pages - 1;
          }
          function filter() {
            var s = severity.value, p = pack.value, t = text.value.toLowerCase();
            matching = rows.filter(function (row) {
              return (!s || row.dataset.severity === s) && (!p || row.dataset.pack === p) &&
                (!t || row.textContent.toLowerCase().indexOf(t) >= 0);
            });
            page = 0;
            show();
          }
          previous.addEventListener('click', function () { page--; show(); });
          next.addEventListener('click', function () { page++; show(); });
          function key(row, column) {
            var cell = row.cells[column];
            return cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent;
          }
          Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
            th.querySelector('button').addEventListener('click', function () {
              var column = Number(this.dataset.column);
              var ascending = th.getAttribute('aria-sort') !== 'ascending';
              Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) { other.removeAttribute('aria-sort'); });
              th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
              rows.sort(function (a, b) {
                var x = key(a, column), y = key(b, column);
                return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
              });
              var ordered = document.createDocumentFragment();
              rows.forEach(function (row) { ordered.appendChild(row); });
              body.appendChild(ordered);
              filter();
            });
          });
          [severity, pack].forEach(function (el) { el.addEventListener('change', filter); });
          text.addEventListener('input', filter);
          filter();
        })();

        """
}
