import SquallModel

/// How yaql writes values as text: its `str()` gives null/true/false for the bare constants, and
/// Python's repr inside containers, where yaql's lists are tuples: `(1, 'a')`, `(1,)`, `{'k': None}`.
enum PythonText {
    static func str(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .string(let s): return s
        default:
            var out = ""
            writeRepr(value, to: &out)
            return out
        }
    }

    static func writeRepr(_ value: JSONValue, to out: inout String) {
        switch value {
        case .null: out += "None"
        case .bool(let b): out += b ? "True" : "False"
        case .int(let i): out += String(i)
        case .double(let d): out += floatRepr(d)
        case .string(let s): writeStringRepr(s, to: &out)
        case .array(let items):
            out += "("
            for (i, item) in items.enumerated() {
                if i > 0 { out += ", " }
                writeRepr(item, to: &out)
            }
            out += items.count == 1 ? ",)" : ")"
        case .object(let object):
            // Python keeps insertion order, which JSON objects here do not have: sorted keys at least
            // make the text stable.
            out += "{"
            for (i, key) in object.keys.sorted().enumerated() {
                if i > 0 { out += ", " }
                writeStringRepr(key, to: &out)
                out += ": "
                writeRepr(object[key]!, to: &out)
            }
            out += "}"
        }
    }

    /// Python's repr of a float: the shortest digits that read back the same (Swift finds those),
    /// written in fixed notation when the exponent is in -4..<16 and as `1e+16`, `1e-05` otherwise.
    static func floatRepr(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        if d == 0 { return d.sign == .minus ? "-0.0" : "0.0" }
        let (digits, exponent) = shortestDigits(d.magnitude)
        let sign = d < 0 ? "-" : ""
        if exponent >= -4 && exponent < 16 {
            if exponent < 0 { return sign + "0." + String(repeating: "0", count: -exponent - 1) + digits }
            let whole = digits.count > exponent + 1
                ? String(digits.prefix(exponent + 1))
                : digits + String(repeating: "0", count: exponent + 1 - digits.count)
            let fraction = digits.count > exponent + 1 ? String(digits.dropFirst(exponent + 1)) : "0"
            return sign + whole + "." + fraction
        }
        let mantissa = digits.count > 1 ? String(digits.prefix(1)) + "." + digits.dropFirst() : digits
        let exponentText = String(abs(exponent))
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (exponentText.count < 2 ? "0" : "") + exponentText
    }

    /// The significant digits of Swift's shortest round-trip text and the power of ten of the first.
    private static func shortestDigits(_ d: Double) -> (digits: String, exponent: Int) {
        let text = d.description
        let parts = text.split(separator: "e")
        var exponent = parts.count == 2 ? Int(parts[1]) ?? 0 : 0
        let mantissa = parts[0]
        let pointIndex = mantissa.firstIndex(of: ".") ?? mantissa.endIndex
        exponent += mantissa.distance(from: mantissa.startIndex, to: pointIndex) - 1
        var digits = mantissa.filter { $0 != "." }
        while digits.first == "0" {
            digits.removeFirst()
            exponent -= 1
        }
        while digits.count > 1, digits.last == "0" { digits.removeLast() }
        return (String(digits), exponent)
    }

    /// Python's string repr: single quotes unless the text has one and no double quote.
    static func writeStringRepr(_ s: String, to out: inout String) {
        let quote: Character = s.contains("'") && !s.contains("\"") ? "\"" : "'"
        out.append(quote)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where Character(scalar) == quote: out += "\\\(quote)"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                out += "\\x" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out.append(quote)
    }
}

/// yaql-ish names of value types, for error messages.
enum TypeNames {
    /// "integer 5", "string 'a\\nb'", "null": a value as an error message names it, on one line
    /// and cut short.
    static func describe(_ value: JSONValue) -> String {
        if value == .null { return "null" }
        var text = ""
        PythonText.writeRepr(value, to: &text)
        if text.count > 60 { text = String(text.prefix(57)) + "..." }
        return of(value) + " " + text
    }

    static func of(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "boolean"
        case .int: return "integer"
        case .double: return "float"
        case .string: return "string"
        case .array: return "list"
        case .object: return "dict"
        }
    }
}
