import SquallModel

/// Text conversions matching Python's str() and repr(), which is how Jinja2 prints values.
enum PythonFormat {
    /// str(): what `{{ value }}` prints.
    static func str(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): return s
        default:
            var out = ""
            writeRepr(value, to: &out)
            return out
        }
    }

    static func repr(_ value: JSONValue) -> String {
        var out = ""
        writeRepr(value, to: &out)
        return out
    }

    static func writeStr(_ value: JSONValue, to out: inout String) {
        switch value {
        case .string(let s): out += s
        case .int(let i): out += String(i)
        default: writeRepr(value, to: &out)
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
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += ", " }
                writeRepr(item, to: &out)
            }
            out += "]"
        case .object(let dict):
            // JSONValue objects have no order; sorted keys keep the output stable.
            out += "{"
            for (i, key) in dict.keys.sorted().enumerated() {
                if i > 0 { out += ", " }
                writeStringRepr(key, to: &out)
                out += ": "
                writeRepr(dict[key]!, to: &out)
            }
            out += "}"
        }
    }

    /// Python's float repr: shortest round-trip digits, always with a '.0' or an exponent.
    static func floatRepr(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        // Swift's description already follows the same shortest-digits and exponent rules.
        return d.description
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
            default:
                if Character(scalar) == quote {
                    out += "\\"
                    out.unicodeScalars.append(scalar)
                } else if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\x" + hex(scalar.value, width: 2)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out.append(quote)
    }

    static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Python's type names, for error messages that read like Python's.
    static func typeName(_ value: JSONValue) -> String {
        value.pythonTypeName
    }
}
