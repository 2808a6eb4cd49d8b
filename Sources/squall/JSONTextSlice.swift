import SquallModel

/// A value inside checked JSON text (`JSONText`), read one level at a time: printing a big result
/// this way holds its text and one level's ranges, never its tree (issue 15: the tree of a 40 MiB
/// result was most of `squall run`'s 580 MB). Valid while the text's bytes are.
struct JSONTextSlice {
    let base: UnsafePointer<UInt8>
    let range: Range<Int>
    /// Where the text's containers end: a nested value is stepped over, not scanned again.
    /// Not counted: the printer holds the index while slices live, and retaining it for every
    /// slice was a tenth of `execution get`'s time.
    unowned(unsafe) let index: JSONTextIndex
    /// This value's number among the text's containers (JSONTextIndex), when it is one.
    private let container: Int

    /// The whole text, whose first value is container 0 if it is one.
    init(root base: UnsafePointer<UInt8>, count: Int, index: JSONTextIndex) {
        self.base = base
        range = 0..<count
        self.index = index
        container = 0
    }

    private init(base: UnsafePointer<UInt8>, range: Range<Int>, index: JSONTextIndex, container: Int) {
        self.base = base
        self.range = range
        self.index = index
        self.container = container
    }

    struct Member {
        let key: String
        /// The key as written, quotes included.
        let keyBytes: UnsafeBufferPointer<UInt8>
        let value: JSONTextSlice
    }

    enum Shape {
        /// Members sorted by key, as the parser keeps them: a repeated key's last value.
        case object([Member])
        case array([JSONTextSlice])
        /// A string, number, boolean or null, as `JSONValue.parse` reads it alone.
        case scalar(JSONValue)
    }

    var shape: Shape {
        var at = skipWhitespace(range.lowerBound)
        switch base[at] {
        case UInt8(ascii: "{"):
            var members: [Member] = []
            var next = container + 1
            at = skipWhitespace(at + 1)
            while base[at] != UInt8(ascii: "}") {
                let keyEnd = stringEnd(at)
                let keyBytes = bytes(at..<keyEnd)
                at = skipWhitespace(skipWhitespace(keyEnd) + 1)  // past ':'
                let value = child(at, &next)
                members.append(Member(key: Self.string(keyBytes), keyBytes: keyBytes, value: value))
                at = skipWhitespace(value.range.upperBound)
                if base[at] == UInt8(ascii: ",") { at = skipWhitespace(at + 1) }
            }
            // In text order among equal keys (== is canonical equivalence, as a Dictionary's): as the
            // parser's Dictionary, a repeated key keeps its first spelling and its last value.
            members.sort { $0.key != $1.key ? JSONKeyOrder.precedes($0.key, $1.key) : $0.value.range.lowerBound < $1.value.range.lowerBound }
            var unique: [Member] = []
            unique.reserveCapacity(members.count)
            for member in members {
                if let first = unique.last, first.key == member.key {
                    unique[unique.count - 1] = Member(key: first.key, keyBytes: first.keyBytes, value: member.value)
                } else {
                    unique.append(member)
                }
            }
            return .object(unique)
        case UInt8(ascii: "["):
            var items: [JSONTextSlice] = []
            var next = container + 1
            at = skipWhitespace(at + 1)
            while base[at] != UInt8(ascii: "]") {
                let item = child(at, &next)
                items.append(item)
                at = skipWhitespace(item.range.upperBound)
                if base[at] == UInt8(ascii: ",") { at = skipWhitespace(at + 1) }
            }
            return .array(items)
        case UInt8(ascii: "\""):
            return .scalar(scalar(bytes(at..<stringEnd(at))))
        default:
            return .scalar(scalar(bytes(at..<scalarEnd(at))))
        }
    }

    /// The bytes this scalar prints as in `jsonString`, when they are its own text: a string
    /// without escapes, an integer of at most 18 digits (not -0), true, false or null.
    var verbatim: UnsafeBufferPointer<UInt8>? {
        let at = skipWhitespace(range.lowerBound)
        switch base[at] {
        case UInt8(ascii: "{"), UInt8(ascii: "["): return nil
        case UInt8(ascii: "\""):
            let text = bytes(at..<stringEnd(at))
            return text.contains(UInt8(ascii: "\\")) ? nil : text
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"): return bytes(at..<scalarEnd(at))
        default:
            let number = bytes(at..<scalarEnd(at))
            guard let value = JSONTextScalar.integer(number), JSONTextScalar.printsAsItself(number, value) else { return nil }
            return number
        }
    }

    /// The value starting at `start`; `next` is the number of the next container in the text.
    private func child(_ start: Int, _ next: inout Int) -> JSONTextSlice {
        switch base[start] {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let number = next
            next = Int(index.nexts[number])
            return JSONTextSlice(base: base, range: start..<Int(index.ends[number]), index: index, container: number)
        case UInt8(ascii: "\""):
            return JSONTextSlice(base: base, range: start..<stringEnd(start), index: index, container: -1)
        default:
            return JSONTextSlice(base: base, range: start..<scalarEnd(start), index: index, container: -1)
        }
    }

    private func bytes(_ bytes: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base + bytes.lowerBound, count: bytes.count)
    }

    private static func string(_ quoted: UnsafeBufferPointer<UInt8>) -> String {
        let inner = UnsafeBufferPointer(rebasing: quoted[1..<quoted.count - 1])
        guard inner.contains(UInt8(ascii: "\\")) else { return String(decoding: inner, as: UTF8.self) }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(inner.count)
        JSONTextScalar.decode(inner, into: &decoded)
        return String(decoding: decoded, as: UTF8.self)
    }

    private func scalar(_ text: UnsafeBufferPointer<UInt8>) -> JSONValue {
        // The text was checked whole: a literal is its first byte, and strings and most integers
        // need no parser (issue 11).
        switch text[0] {
        case UInt8(ascii: "\""): return .string(Self.string(text))
        case UInt8(ascii: "t"): return .bool(true)
        case UInt8(ascii: "f"): return .bool(false)
        case UInt8(ascii: "n"): return .null
        default: if let integer = JSONTextScalar.integer(text) { return .int(integer) }
        }
        // A failure here would be a parser bug, shown rather than trapped on.
        do { return try JSONParser.parse(UnsafeRawBufferPointer(text)) }
        catch { return .string("unreadable JSON text: \(error)") }
    }

    // Byte tests as switches: `contains` on a literal led a debug profile of `execution get` (issue 11).
    private func skipWhitespace(_ start: Int) -> Int {
        var at = start
        while at < range.upperBound, Self.isWhitespace(base[at]) { at += 1 }
        return at
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x20, 0x09, 0x0A, 0x0D: true
        default: false
        }
    }

    /// Past the closing quote of the string whose opening quote is at `start`.
    private func stringEnd(_ start: Int) -> Int {
        var at = start + 1
        while base[at] != UInt8(ascii: "\"") { at += base[at] == UInt8(ascii: "\\") ? 2 : 1 }
        return at + 1
    }

    /// Past a number or literal starting at `start`.
    private func scalarEnd(_ start: Int) -> Int {
        var at = start
        while at < range.upperBound {
            switch base[at] {
            case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x09, 0x0A, 0x0D: return at
            default: at += 1
            }
        }
        return at
    }
}
