import ArchlintLoad

/// A unified diff of planned fixes (`archlint check --fix --diff`), made from the edits
/// themselves rather than by comparing texts: only the lines the edits touch change, with
/// three lines of context. Paths are written `a/PATH` and `b/PATH` with PATH as the plan
/// gives it (relative to the repository root), so `git apply` and `patch -p1` apply it
/// from the root.
public enum UnifiedDiff {
    static let context = 3

    /// The diff of every file of `plan`, in the plan's order (sorted by path).
    public static func render(_ plan: FixPlan) -> String {
        plan.files.map(render).joined()
    }

    /// The diff of one file.
    public static func render(_ file: FileFix) -> String {
        let lines = Lines(file.original)
        // Changed line ranges of the original (first...last, empty when an insertion falls
        // between lines) with their edits, merged where they touch the same lines.
        var blocks: [(first: Int, last: Int, edits: [TextEdit])] = []
        for edit in file.edits.sorted(by: { $0.offset < $1.offset }) {
            let first = lines.line(containing: edit.offset)
            let insertsBetweenLines = edit.length == 0 && lines.start(of: first) == edit.offset
            let last = insertsBetweenLines ? first - 1 : lines.line(containing: edit.offset + max(edit.length, 1) - 1)
            if let previous = blocks.last, first <= previous.last || (insertsBetweenLines && previous.last >= first - 1 && previous.first == first) {
                blocks[blocks.count - 1].last = max(previous.last, last)
                blocks[blocks.count - 1].edits.append(edit)
            } else {
                blocks.append((first, last, [edit]))
            }
        }
        // Each block's new lines: the original lines with the block's edits applied.
        let changes = blocks.map { block -> Change in
            let startOffset = lines.start(of: block.first)
            let endOffset = block.last >= block.first ? lines.start(of: block.last + 1) : startOffset
            let shifted = block.edits.map { edit in
                TextEdit(offset: edit.offset - startOffset, length: edit.length, replacement: edit.replacement, start: edit.start, end: edit.end)
            }
            let old = Array(file.original[startOffset..<endOffset])
            let new = EditableDocument.apply(shifted, to: old) ?? old
            return Change(first: block.first, old: Lines.split(old), new: Lines.split(new))
        }
        var out = "--- a/\(file.path)\n+++ b/\(file.path)\n"
        var index = 0
        // Lines the hunks so far added (or removed): where the next starts in the new file.
        var shift = 0
        while index < changes.count {
            // Changes closer than twice the context share a hunk.
            var end = index
            while end + 1 < changes.count, changes[end + 1].first - (changes[end].first + changes[end].old.count) <= 2 * context { end += 1 }
            let (text, added) = hunk(changes[index...end], lines: lines, shift: shift)
            out += text
            shift += added
            index = end + 1
        }
        return out
    }

    struct Change {
        /// The first original line the change replaces (or inserts before).
        let first: Int
        let old: [[UInt8]]
        let new: [[UInt8]]
    }

    /// One hunk, and how many lines it adds (negative: removes).
    static func hunk(_ changes: ArraySlice<Change>, lines: Lines, shift: Int) -> (String, Int) {
        let first = changes.first!.first
        let lastChange = changes.last!
        let contextStart = max(1, first - context)
        let contextEnd = min(lines.count, lastChange.first + lastChange.old.count - 1 + context)
        var body = ""
        var oldCount = 0
        var newCount = 0
        var line = contextStart
        func emit(_ prefix: String, _ text: [UInt8]) {
            body += prefix + String(decoding: text, as: UTF8.self)
            if text.last != UInt8(ascii: "\n") { body += "\n\\ No newline at end of file\n" }
        }
        for change in changes {
            while line < change.first {
                emit(" ", lines[line])
                oldCount += 1
                newCount += 1
                line += 1
            }
            for old in change.old { emit("-", old) }
            for new in change.new { emit("+", new) }
            oldCount += change.old.count
            newCount += change.new.count
            line = change.first + change.old.count
        }
        while line <= contextEnd {
            emit(" ", lines[line])
            oldCount += 1
            newCount += 1
            line += 1
        }
        // A range of no lines is written at the line before it.
        let oldStart = oldCount == 0 ? contextStart - 1 : contextStart
        let newStart = (newCount == 0 ? contextStart - 1 : contextStart) + shift
        return ("@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@\n" + body, newCount - oldCount)
    }

    /// A file's lines, each with its line ending.
    struct Lines {
        let bytes: [UInt8]
        /// Offsets where lines start; a final newline starts no line.
        let starts: [Int]

        init(_ bytes: [UInt8]) {
            self.bytes = bytes
            var starts = bytes.isEmpty ? [] : [0]
            for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") && offset + 1 < bytes.count {
                starts.append(offset + 1)
            }
            self.starts = starts
        }

        var count: Int { starts.count }

        /// The offset line `line` (1-based) starts at; the end of the file past the last.
        func start(of line: Int) -> Int { line - 1 < starts.count ? starts[line - 1] : bytes.count }

        /// The line holding `offset`; the last line for the end of the file.
        func line(containing offset: Int) -> Int {
            var low = 0
            var high = max(starts.count - 1, 0)
            while low < high {
                let middle = (low + high + 1) / 2
                if starts[middle] <= offset { low = middle } else { high = middle - 1 }
            }
            return low + 1
        }

        subscript(line: Int) -> [UInt8] { Array(bytes[start(of: line)..<start(of: line + 1)]) }

        static func split(_ bytes: [UInt8]) -> [[UInt8]] {
            var lines: [[UInt8]] = []
            var current: [UInt8] = []
            for byte in bytes {
                current.append(byte)
                if byte == UInt8(ascii: "\n") {
                    lines.append(current)
                    current = []
                }
            }
            if !current.isEmpty { lines.append(current) }
            return lines
        }
    }
}
