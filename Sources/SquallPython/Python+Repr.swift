import SquallModel

extension Python {
    /// `str(value)`: what Jinja prints for `{{ value }}`.
    public static func str(_ value: JSONValue) -> String {
        if case .string(let s) = value { return s }
        var out = ""
        writeRepr(value, to: &out)
        return out
    }

    /// `repr(value)`: True/False/None, Python's float text, single-quoted escaped strings. Dicts
    /// print with sorted keys: JSON objects keep no insertion order.
    public static func repr(_ value: JSONValue) -> String {
        var out = ""
        writeRepr(value, to: &out)
        return out
    }

    public static func writeStr(_ value: JSONValue, to out: inout String) {
        switch value {
        case .string(let s): out += s
        case .int(let i): out += String(i)
        default: writeRepr(value, to: &out)
        }
    }

    public static func writeRepr(_ value: JSONValue, to out: inout String) {
        switch value {
        case .null: out += "None"
        case .bool(let b): out += b ? "True" : "False"
        case .int(let i): out += String(i)
        case .double(let d): out += floatRepr(d)
        case .string(let s): writeStringRepr(s, to: &out)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += ", " }
                writeRepr(item, to: &out)
            }
            out += "]"
        case .object(let dict):
            out += "{"
            for (i, key) in sortedKeys(dict).enumerated() {
                if i > 0 { out += ", " }
                writeStringRepr(key, to: &out)
                out += ": "
                writeRepr(dict[key]!, to: &out)
            }
            out += "}"
        }
    }

    /// Python's float repr: the shortest digits that round-trip (Swift finds the same ones),
    /// laid out as Python does: positional while the decimal exponent is in -4..<16, else
    /// `1e+16` style; always a '.0' or an exponent.
    public static func floatRepr(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        if d == 0 { return d.sign == .minus ? "-0.0" : "0.0" }
        let (digits, pointPosition) = shortestDigits(d.magnitude)
        let sign = d < 0 ? "-" : ""
        if pointPosition > -4 && pointPosition <= 16 {
            if pointPosition <= 0 {
                return sign + "0." + String(repeating: "0", count: -pointPosition) + digits
            }
            if pointPosition >= digits.count {
                return sign + digits + String(repeating: "0", count: pointPosition - digits.count) + ".0"
            }
            let split = digits.index(digits.startIndex, offsetBy: pointPosition)
            return sign + digits[..<split] + "." + digits[split...]
        }
        let exponent = pointPosition - 1
        let mantissa = digits.count == 1 ? digits : String(digits.prefix(1)) + "." + digits.dropFirst()
        let exponentDigits = String(abs(exponent))
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+")
            + (exponentDigits.count < 2 ? "0" : "") + exponentDigits
    }

    /// The significant digits of a positive finite double and where the point goes: the value is
    /// 0.<digits> x 10^pointPosition. Read off Swift's shortest round-trip description.
    private static func shortestDigits(_ d: Double) -> (digits: String, pointPosition: Int) {
        var text = Substring(d.description)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = text[..<e]
        }
        let integerPart = text.prefix { $0 != "." }
        let fractionPart = text.dropFirst(integerPart.count + 1)
        var digits = Substring(integerPart + fractionPart)
        var pointPosition = integerPart.count + exponent
        while digits.first == "0" { digits.removeFirst(); pointPosition -= 1 }
        while digits.last == "0" { digits.removeLast() }
        return (String(digits), pointPosition)
    }

    /// Python's string repr: single quotes unless the text has one and no double quote;
    /// backslash escapes for what `str.isprintable()` rejects.
    public static func writeStringRepr(_ s: String, to out: inout String) {
        let scalars = s.unicodeScalars
        let quote: Unicode.Scalar = scalars.contains("'") && !scalars.contains("\"") ? "\"" : "'"
        out.unicodeScalars.append(quote)
        for scalar in scalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case quote:
                out += "\\"
                out.unicodeScalars.append(scalar)
            default:
                if isPrintable(scalar) {
                    out.unicodeScalars.append(scalar)
                } else if scalar.value <= 0xFF {
                    out += "\\x" + hex(scalar.value, width: 2)
                } else if scalar.value <= 0xFFFF {
                    out += "\\u" + hex(scalar.value, width: 4)
                } else {
                    out += "\\U" + hex(scalar.value, width: 8)
                }
            }
        }
        out.unicodeScalars.append(quote)
    }

    /// Python's `str.isprintable()` for one code point: not a control, format, surrogate,
    /// private-use or unassigned code point, and no separator but the ASCII space.
    public static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " { return true }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned,
             .spaceSeparator, .lineSeparator, .paragraphSeparator:
            return false
        default:
            return true
        }
    }

    /// Lowercase hexadecimal, zero-padded to `width`.
    public static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
