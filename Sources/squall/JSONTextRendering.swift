import SquallModel

/// A result still in its JSON text (`JSONTextSlice`) rendered as its value would be: pretty JSON as
/// `JSONValue.jsonString(pretty: true)` and st2's text as `ResultText.entry`, into a buffer flushed
/// to stdout in pieces. Apart from ResultTextPrinting so that the fuzz target Fuzz/FuzzLargeResult
/// can compile it (with JSONTextSlice and ResultText) and check it against the value path.
enum JSONTextRendering {
    /// Output is written to stdout whenever this much is pending.
    static let piece = 1 << 20

    /// `JSONValue.jsonString(pretty: true)`'s layout: sorted keys, "," then a newline and two spaces per level.
    static func writeJSON(_ slice: JSONTextSlice, indent: Int, to out: inout ResultTextBuffer) {
        switch slice.shape {
        case .object(let members) where !members.isEmpty:
            out.append(byte: UInt8(ascii: "{"))
            var first = true
            for key in members.keys.sorted() {
                if !first { out.append(byte: UInt8(ascii: ",")) }
                first = false
                newline(indent + 1, to: &out)
                out.append(JSONValue.string(key).jsonString())
                out.append(": ")
                writeJSON(members[key]!, indent: indent + 1, to: &out)
            }
            newline(indent, to: &out)
            out.append(byte: UInt8(ascii: "}"))
        case .array(let items) where !items.isEmpty:
            out.append(byte: UInt8(ascii: "["))
            var first = true
            for item in items {
                if !first { out.append(byte: UInt8(ascii: ",")) }
                first = false
                newline(indent + 1, to: &out)
                writeJSON(item, indent: indent + 1, to: &out)
            }
            newline(indent, to: &out)
            out.append(byte: UInt8(ascii: "]"))
        case .object: out.append("{}")
        case .array: out.append("[]")
        case .scalar(let value): out.append(value.jsonString())
        }
        out.flush(ifOver: piece)
    }

    private static func newline(_ indent: Int, to out: inout ResultTextBuffer) {
        out.append(byte: 0x0A)
        for _ in 0..<(2 * indent) { out.append(byte: 0x20) }
    }

    /// `ResultText.entry` for a value still in its text.
    static func textEntry(_ slice: JSONTextSlice, indent: Int, to out: inout ResultTextBuffer) {
        switch slice.shape {
        case .object(let members) where !members.isEmpty:
            for key in members.keys.sorted() {
                out.startLine(indent: indent + 2)
                out.append(key)
                out.append(byte: UInt8(ascii: ":"))
                textEntry(members[key]!, indent: indent + 2, to: &out)
            }
        case .array(let items) where !items.isEmpty:
            for item in items {
                out.startLine(indent: indent + 2)
                out.append(byte: UInt8(ascii: "-"))
                textEntry(item, indent: indent + 2, to: &out)
            }
        case .object: ResultText.entry(.object([:]), indent: indent, to: &out)
        case .array: ResultText.entry(.array([]), indent: indent, to: &out)
        case .scalar(let value): ResultText.entry(value, indent: indent, to: &out)
        }
        out.flush(ifOver: piece)
    }
}
