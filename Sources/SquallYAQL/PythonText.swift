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

    static func floatRepr(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        // Swift's description follows Python's shortest-digits and exponent rules.
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
