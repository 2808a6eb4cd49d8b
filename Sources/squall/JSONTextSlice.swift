import SquallModel

/// A value inside checked JSON text (`JSONText`), read one level at a time: printing a big result
/// this way holds its text and one level's ranges, never its tree (issue 15: the tree of a 40 MiB
/// result was most of `squall run`'s 580 MB). Valid while the text's bytes are.
struct JSONTextSlice {
    let base: UnsafePointer<UInt8>
    let range: Range<Int>

    enum Shape {
        /// Members as the parser keeps them: a repeated key's last value.
        case object([String: JSONTextSlice])
        case array([JSONTextSlice])
        /// A string, number, boolean or null, as `JSONValue.parse` reads it alone.
        case scalar(JSONValue)
    }

    var shape: Shape {
        var index = skipWhitespace(range.lowerBound)
        switch base[index] {
        case UInt8(ascii: "{"):
            var members: [String: JSONTextSlice] = [:]
            index = skipWhitespace(index + 1)
            while base[index] != UInt8(ascii: "}") {
                let keyEnd = valueEnd(index)
                let key = scalar(index..<keyEnd).stringValue ?? ""
                index = skipWhitespace(skipWhitespace(keyEnd) + 1)  // past ':'
                let end = valueEnd(index)
                members[key] = JSONTextSlice(base: base, range: index..<end)
                index = skipWhitespace(end)
                if base[index] == UInt8(ascii: ",") { index = skipWhitespace(index + 1) }
            }
            return .object(members)
        case UInt8(ascii: "["):
            var items: [JSONTextSlice] = []
            index = skipWhitespace(index + 1)
            while base[index] != UInt8(ascii: "]") {
                let end = valueEnd(index)
                items.append(JSONTextSlice(base: base, range: index..<end))
                index = skipWhitespace(end)
                if base[index] == UInt8(ascii: ",") { index = skipWhitespace(index + 1) }
            }
            return .array(items)
        default:
            return .scalar(scalar(index..<valueEnd(index)))
        }
    }

    /// Whether `text` nests at most `limit` levels. Each level is scanned once per enclosing level,
    /// so printing a slice costs size x depth: a deep big result is printed from its value instead.
    static func nests(_ text: JSONText, atMost limit: Int) -> Bool {
        // Over the raw bytes: Data's iterator was a tenth of `execution get`'s time (issue 11).
        text.bytes.withUnsafeBytes { raw in
            var depth = 0, inString = false, escaped = false
            for byte in raw {
                if inString {
                    if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                    continue
                }
                switch byte {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                    if depth > limit { return false }
                case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
                default: break
                }
            }
            return true
        }
    }

    private func scalar(_ bytes: Range<Int>) -> JSONValue {
        // The text was checked whole, so a string without escapes is its bytes and a literal its
        // first byte: most keys and scalars need no parser (issue 11).
        switch base[bytes.lowerBound] {
        case UInt8(ascii: "\""):
            let inner = UnsafeBufferPointer(start: base + bytes.lowerBound + 1, count: bytes.count - 2)
            if !inner.contains(UInt8(ascii: "\\")) { return .string(String(decoding: inner, as: UTF8.self)) }
        case UInt8(ascii: "t"): return .bool(true)
        case UInt8(ascii: "f"): return .bool(false)
        case UInt8(ascii: "n"): return .null
        default: break
        }
        // A failure here would be a parser bug, shown rather than trapped on.
        do { return try JSONParser.parse(UnsafeRawBufferPointer(start: base + bytes.lowerBound, count: bytes.count)) }
        catch { return .string("unreadable JSON text: \(error)") }
    }

    // Byte tests as switches: `contains` on a literal led a debug profile of `execution get` (issue 11).
    private func skipWhitespace(_ start: Int) -> Int {
        var index = start
        while index < range.upperBound, Self.isWhitespace(base[index]) { index += 1 }
        return index
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x20, 0x09, 0x0A, 0x0D: true
        default: false
        }
    }

    private static func endsScalar(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"): true
        default: isWhitespace(byte)
        }
    }

    /// Where the value starting at `start` ends: strings and brackets are skipped whole.
    private func valueEnd(_ start: Int) -> Int {
        var index = start
        var depth = 0
        repeat {
            switch base[index] {
            case UInt8(ascii: "\""):
                index += 1
                while base[index] != UInt8(ascii: "\"") { index += base[index] == UInt8(ascii: "\\") ? 2 : 1 }
                index += 1
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1; index += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1; index += 1
            default:
                if depth == 0 {
                    while index < range.upperBound, !Self.endsScalar(base[index]) { index += 1 }
                } else {
                    index += 1
                }
            }
        } while depth > 0
        return index
    }
}
