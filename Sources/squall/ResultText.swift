import SquallModel

/// An execution's result for people, shaped as st2's CLI prints it: `key: value` lines, nesting
/// by indentation, and a string holding newlines (a traceback, a command's stderr) as its own
/// lines under `key: |` instead of one JSON string full of `\n`.
enum ResultText {
    static func lines(_ value: JSONValue, indent: Int) -> [String] {
        var lines: [String] = []
        append(value, indent: indent, to: &lines)
        return lines
    }

    // Every level appends to the one array: returning arrays joined by flatMap copied each line
    // once per level above it (a third of `execution get` of a 4 MB result).
    private static func append(_ value: JSONValue, indent: Int, to lines: inout [String]) {
        let pad = String(repeating: " ", count: indent)
        switch value {
        case .object(let fields) where !fields.isEmpty:
            for key in fields.keys.sorted() { entry(pad + key + ":", fields[key]!, indent: indent, to: &lines) }
        case .array(let items) where !items.isEmpty:
            for item in items { entry(pad + "-", item, indent: indent, to: &lines) }
        default:
            entry(pad.isEmpty ? "" : String(pad.dropLast()), value, indent: indent, to: &lines)
        }
    }

    /// `label` then the value: inline when it is one line, else the lines below it.
    private static func entry(_ label: String, _ value: JSONValue, indent: Int, to lines: inout [String]) {
        switch value {
        case .object(let fields) where !fields.isEmpty:
            lines.append(label)
            append(value, indent: indent + 2, to: &lines)
        case .array(let items) where !items.isEmpty:
            lines.append(label)
            append(value, indent: indent + 2, to: &lines)
        case .string(let text) where text.contains("\n"):
            let pad = String(repeating: " ", count: indent + 2)
            lines.append(label + " |")
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) { lines.append(pad + line) }
        case .string(let text):
            lines.append(label + " " + (text.isEmpty ? "\"\"" : text))
        default:
            lines.append(label + " " + value.jsonString())
        }
    }
}
