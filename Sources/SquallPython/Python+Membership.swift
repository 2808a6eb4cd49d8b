import SquallModel

extension Python {
    /// Python `item in container`: a code-point substring for str ('cafe' in 'cafe\u{301}' is
    /// True), element equality for list, key for dict. Python's TypeErrors otherwise.
    public static func contains(_ container: JSONValue, _ item: JSONValue) throws -> Bool {
        switch container {
        case .string(let haystack):
            guard case .string(let needle) = item else {
                throw PythonError.typeError("'in <string>' requires string as left operand, not \(typeName(item))")
            }
            return find(needle, in: haystack) != nil
        case .array(let elements):
            return elements.contains { equal($0, item) }
        case .object(let object):
            switch item {
            case .string(let key): return entry(object, key) != nil
            case .array, .object: throw PythonError.typeError("unhashable type: '\(typeName(item))'")
            default: return false  // JSON object keys are strings: no int/bool/None key can be present
            }
        default:
            throw PythonError.typeError("argument of type '\(typeName(container))' is not iterable")
        }
    }

    /// `haystack.find(needle)`: the code-point index of the first occurrence, or nil.
    public static func find(_ needle: String, in haystack: String) -> Int? {
        guard let byteOffset = firstByteOffset(of: needle, in: haystack) else { return nil }
        var haystack = haystack
        // UTF-8 continuation bytes are 10xxxxxx: every other byte starts a code point.
        return haystack.withUTF8 { bytes in
            bytes[..<byteOffset].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
        }
    }

    /// A UTF-8 byte search finds exactly the code-point matches (no match can start mid-character).
    static func firstByteOffset(of needle: String, in haystack: String) -> Int? {
        var needle = needle, haystack = haystack
        if needle.isEmpty { return 0 }
        return haystack.withUTF8 { h in
            needle.withUTF8 { n -> Int? in
                guard n.count <= h.count else { return nil }
                let first = n[0]
                var i = 0
                let last = h.count - n.count
                while i <= last {
                    if h[i] == first {
                        var k = 1
                        while k < n.count && h[i + k] == n[k] { k += 1 }
                        if k == n.count { return i }
                    }
                    i += 1
                }
                return nil
            }
        }
    }

    /// `text.startswith(prefix)`, by code point.
    public static func startsWith(_ text: String, _ prefix: String) -> Bool { text.utf8.starts(with: prefix.utf8) }

    /// `text.endswith(suffix)`, by code point.
    public static func endsWith(_ text: String, _ suffix: String) -> Bool {
        text.utf8.count >= suffix.utf8.count && text.utf8.reversed().starts(with: suffix.utf8.reversed())
    }
}
