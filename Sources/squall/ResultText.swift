import SquallModel

/// An execution's result for people, shaped as st2's CLI prints it: `key: value` lines, nesting
/// by indentation, and a string holding newlines (a traceback, a command's stderr) as its own
/// lines under `key: |` instead of one JSON string full of `\n`.
enum ResultText {
    static func lines(_ value: JSONValue, indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        switch value {
        case .object(let fields) where !fields.isEmpty:
            return fields.keys.sorted().flatMap { key in entry(pad + key + ":", fields[key]!, indent: indent) }
        case .array(let items) where !items.isEmpty:
            return items.flatMap { item in entry(pad + "-", item, indent: indent) }
        default:
            return entry(pad.isEmpty ? "" : String(pad.dropLast()), value, indent: indent)
        }
    }

    /// `label` then the value: inline when it is one line, else the lines below it.
    private static func entry(_ label: String, _ value: JSONValue, indent: Int) -> [String] {
        switch value {
        case .object(let fields) where !fields.isEmpty:
            return [label] + lines(value, indent: indent + 2)
        case .array(let items) where !items.isEmpty:
            return [label] + lines(value, indent: indent + 2)
        case .string(let text) where text.contains("\n"):
            let pad = String(repeating: " ", count: indent + 2)
            return [label + " |"] + text.split(separator: "\n", omittingEmptySubsequences: false).map { pad + $0 }
        case .string(let text):
            return [label + " " + (text.isEmpty ? "\"\"" : text)]
        default:
            return [label + " " + value.jsonString()]
        }
    }
}
