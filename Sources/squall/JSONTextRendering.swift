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
        // Most scalars print as their own text: no value, no String.
        if let verbatim = slice.verbatim { return out.append(verbatim) }
        switch slice.shape {
        case .object(let members) where !members.isEmpty:
            out.append(byte: UInt8(ascii: "{"))
            var first = true
            for member in members {
                if !first { out.append(byte: UInt8(ascii: ",")) }
                first = false
                newline(indent + 1, to: &out)
                if member.keyBytes.contains(UInt8(ascii: "\\")) {
                    out.append(JSONValue.string(member.key).jsonString())
                } else {
                    out.append(member.keyBytes)
                }
                out.append(": ")
                writeJSON(member.value, indent: indent + 1, to: &out)
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
        // A string without escapes is printed from its bytes; other verbatim scalars as they are written.
        if let verbatim = slice.verbatim {
            if verbatim.first == UInt8(ascii: "\"") {
                return ResultText.stringEntry(UnsafeBufferPointer(rebasing: verbatim[1..<verbatim.count - 1]), indent: indent, to: &out)
            }
            out.append(byte: UInt8(ascii: " "))
            return out.append(verbatim)
        }
        switch slice.shape {
        case .object(let members) where !members.isEmpty:
            for member in members {
                out.startLine(indent: indent + 2)
                out.append(member.key)
                out.append(byte: UInt8(ascii: ":"))
                textEntry(member.value, indent: indent + 2, to: &out)
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
