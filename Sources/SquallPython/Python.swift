import SquallModel

/// Python 3's data model for JSON values, shared by the rules' operators and the templates:
/// `==`, ordering, `in`, truthiness, `str()`/`repr()`, case mappings and `%`-formatting.
/// Strings compare by code point sequence, as in Python, never by Swift's canonical equivalence
/// ('é' and 'e\u{301}' are different strings). Callers turn `PythonError` into their own errors.
public enum Python {
    /// Python's type name, for error messages that read like Python's.
    public static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .null: return "NoneType"
        case .bool: return "bool"
        case .int: return "int"
        case .double: return "float"
        case .string: return "str"
        case .array: return "list"
        case .object: return "dict"
        }
    }

    /// Python's truthiness: None, False, 0, 0.0, -0.0, "", [] and {} are false; NaN is true.
    public static func isTruthy(_ value: JSONValue) -> Bool {
        switch value {
        case .null: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .double(let d): return d != 0
        case .string(let s): return !s.isEmpty
        case .array(let a): return !a.isEmpty
        case .object(let o): return !o.isEmpty
        }
    }

    /// `len(value)`: strings count code points.
    public static func length(_ value: JSONValue) throws -> Int {
        switch value {
        case .string(let s): return s.unicodeScalars.count
        case .array(let a): return a.count
        case .object(let o): return o.count
        default: throw PythonError.typeError("object of type '\(typeName(value))' has no len()")
        }
    }

    /// A dict's keys in code-point order, the order squall gives dicts everywhere (JSON objects
    /// keep no insertion order; Swift's own String order is canonical, not by code point).
    public static func sortedKeys(_ dict: [String: JSONValue]) -> [String] {
        dict.keys.sorted { compareStrings($0, $1) < 0 }
    }

    /// What `for x in value` walks over: list items, dict keys (sorted: JSON objects keep no
    /// order), a string's code points.
    public static func iterate(_ value: JSONValue) throws -> [JSONValue] {
        switch value {
        case .array(let items): return items
        case .object(let dict): return sortedKeys(dict).map { .string($0) }
        case .string(let s): return s.unicodeScalars.map { .string(String($0)) }
        default: throw PythonError.typeError("'\(typeName(value))' object is not iterable")
        }
    }
}
