import SquallModel

/// Scalars of checked JSON text read without JSONParser, whose per-call setup was a visible part
/// of `execution get` of a big result (issue 11): integers of up to 18 digits and strings with
/// escapes. The text was checked whole, so neither needs validating; anything else goes to the parser.
enum JSONTextScalar {
    /// The integer `bytes` spell, when it is one of at most 18 digits (as JSONParser reads it).
    static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let negative = bytes.first == UInt8(ascii: "-")
        let digits = bytes.count - (negative ? 1 : 0)
        guard digits > 0, digits <= 18 else { return nil }
        var magnitude = 0
        for byte in bytes[(negative ? 1 : 0)...] {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            magnitude = magnitude &* 10 &+ Int(byte &- UInt8(ascii: "0"))
        }
        return negative ? -magnitude : magnitude
    }

    /// Whether an integer prints back as the same bytes (jsonString writes -0 as 0).
    static func printsAsItself(_ bytes: UnsafeBufferPointer<UInt8>, _ value: Int) -> Bool {
        value != 0 || bytes.count == 1
    }

    /// The UTF-8 of the string between the quotes `inner` holds, its escapes decoded, appended to `out`.
    static func decode(_ inner: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        var index = 0
        var runStart = 0
        while index < inner.count {
            guard inner[index] == UInt8(ascii: "\\") else { index += 1; continue }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: inner[runStart..<index]))
            let code = inner[index + 1]
            index += 2
            switch code {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = hexQuad(inner, at: index)
                index += 4
                if scalar >= 0xD800 && scalar <= 0xDBFF {
                    // Checked text: a high surrogate is followed by "\u" and a low one.
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (hexQuad(inner, at: index + 2) - 0xDC00)
                    index += 6
                }
                UTF8Scalar.append(scalar, to: &out)
            default: out.append(code)  // " \ /
            }
            runStart = index
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: inner[runStart...]))
    }

    private static func hexQuad(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> UInt32 {
        var value: UInt32 = 0
        for byte in bytes[start..<start + 4] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            default: digit = byte &- UInt8(ascii: "A") &+ 10
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}
