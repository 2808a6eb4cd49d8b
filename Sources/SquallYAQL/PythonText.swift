import SquallModel
import SquallPython

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
            for (i, key) in Python.sortedKeys(object).enumerated() {
                if i > 0 { out += ", " }
                writeStringRepr(key, to: &out)
                out += ": "
                writeRepr(object[key]!, to: &out)
            }
            out += "}"
        }
    }

    static func floatRepr(_ d: Double) -> String { Python.floatRepr(d) }

    static func writeStringRepr(_ s: String, to out: inout String) { Python.writeStringRepr(s, to: &out) }
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

extension JSONValue {
    /// Python's truthiness, which yaql's `and`, `or`, `not`, `bool()` and predicates use.
    var isPythonTruthy: Bool { Python.isTruthy(self) }
}
