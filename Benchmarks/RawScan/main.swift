// The floor for archlint's speed: read every spec file and pull every libyaml event, and
// nothing else — no composing, no model, no rules, one thread. archlint cannot read specs
// faster than libyaml tokenizes them, so the benchmark reports archlint's time as a
// multiple of this program's.
//
//   archlint-rawscan PATH...   (files, or folders searched for *.yaml / *.yml)
import CYAML
import Foundation

func specFiles(under path: String) -> [String] {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else { return [path] }
    let names = (FileManager.default.enumerator(atPath: path)?.allObjects as? [String]) ?? []
    return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { "\(path)/\($0)" }
}

var files = 0, bytes = 0, events = 0, failures = 0
for path in CommandLine.arguments.dropFirst().flatMap(specFiles) {
    guard let data = FileManager.default.contents(atPath: path) else {
        FileHandle.standardError.write(Data("archlint-rawscan: cannot read \(path)\n".utf8))
        exit(2)
    }
    files += 1
    bytes += data.count
    data.withUnsafeBytes { raw in
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { fatalError("libyaml: out of memory") }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_input_string(&parser, raw.bindMemory(to: UInt8.self).baseAddress, raw.count)
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else { failures += 1; return }
            events += 1
            let done = event.type == YAML_STREAM_END_EVENT
            yaml_event_delete(&event)
            if done { return }
        }
    }
}
print("\(files) files, \(bytes) bytes, \(events) events, \(failures) syntax errors")
