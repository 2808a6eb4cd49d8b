/// Python's escapes as yaql decodes them in quoted strings. A backslash that starts none of them
/// stays as written, so regular expressions like '\d+' keep their backslash.
enum StringEscapes {
    private static let single: [Unicode.Scalar: Unicode.Scalar] = [
        "\\": "\\", "'": "'", "\"": "\"", "a": "\u{07}", "b": "\u{08}", "f": "\u{0C}",
        "n": "\n", "r": "\r", "t": "\t", "v": "\u{0B}",
    ]

    static func decode(_ raw: [Unicode.Scalar],
                       error: (_ problem: String, _ at: Int) -> YAQLError) throws -> String {
        var out = String.UnicodeScalarView()
        var i = 0
        while i < raw.count {
            let s = raw[i]
            guard s == "\\", i + 1 < raw.count else { out.append(s); i += 1; continue }
            let e = raw[i + 1]
            if let mapped = single[e] { out.append(mapped); i += 2; continue }
            let hexDigits: Int? = e == "x" ? 2 : e == "u" ? 4 : e == "U" ? 8 : nil
            if let count = hexDigits, i + 2 + count <= raw.count {
                let digits = String(String.UnicodeScalarView(raw[(i + 2)..<(i + 2 + count)]))
                guard let code = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(code) else {
                    throw error("invalid escape '\\\(e)\(digits)'", i)
                }
                out.append(scalar)
                i += 2 + count
                continue
            }
            if ("0"..."7").contains(e) {
                var j = i + 1
                var code: UInt32 = 0
                while j < raw.count, j < i + 4, ("0"..."7").contains(raw[j]) {
                    code = code * 8 + (raw[j].value - 48)
                    j += 1
                }
                out.append(Unicode.Scalar(code)!)
                i = j
                continue
            }
            if e == "N" { throw error("\\N{...} escapes are not supported", i) }
            out.append(s)
            i += 1
        }
        return String(out)
    }
}
