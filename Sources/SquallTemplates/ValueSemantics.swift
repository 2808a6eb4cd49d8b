import SquallModel

/// Python's truthiness, equality, ordering and `in`, applied to JSON values.
/// Booleans count as the integers 0 and 1, as in Python.
enum PythonSemantics {
    static func isTruthy(_ value: JSONValue) -> Bool {
        value.isPythonTruthy
    }

    /// A number as Python sees it, or nil for non-numbers.
    enum Number {
        case int(Int)
        case double(Double)

        var asDouble: Double {
            switch self {
            case .int(let i): return Double(i)
            case .double(let d): return d
            }
        }
    }

    static func number(_ value: JSONValue) -> Number? {
        switch value {
        case .bool(let b): return .int(b ? 1 : 0)
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        default: return nil
        }
    }

    static func equals(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.string(let x), .string(let y)): return x.unicodeScalars.elementsEqual(y.unicodeScalars)
        case (.array(let x), .array(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { equals($0, $1) }
        case (.object(let x), .object(let y)):
            guard x.count == y.count else { return false }
            for (key, value) in x {
                guard let other = y[key], equals(value, other) else { return false }
            }
            return true
        default:
            guard let x = number(a), let y = number(b) else { return false }
            switch (x, y) {
            case (.int(let i), .int(let j)): return i == j
            default: return x.asDouble == y.asDouble
            }
        }
    }

    /// Python ordering: numbers with numbers, strings by code point, lists element-wise.
    /// Anything else is a TypeError in Python and an error here.
    static func compare(_ a: JSONValue, _ b: JSONValue, op: String) throws -> Int {
        switch (a, b) {
        case (.string(let x), .string(let y)):
            if x.unicodeScalars.elementsEqual(y.unicodeScalars) { return 0 }
            return x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars) ? -1 : 1
        case (.array(let x), .array(let y)):
            for (left, right) in zip(x, y) where !equals(left, right) {
                return try compare(left, right, op: op)
            }
            return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
        default:
            guard let x = number(a), let y = number(b) else {
                throw TemplateError("'\(op)' not supported between instances of '\(PythonFormat.typeName(a))' and '\(PythonFormat.typeName(b))'")
            }
            switch (x, y) {
            case (.int(let i), .int(let j)): return i == j ? 0 : (i < j ? -1 : 1)
            default:
                let (i, j) = (x.asDouble, y.asDouble)
                return i == j ? 0 : (i < j ? -1 : 1)
            }
        }
    }

    /// `needle in haystack`.
    static func contains(_ haystack: JSONValue, _ needle: JSONValue) throws -> Bool {
        switch haystack {
        case .string(let s):
            guard case .string(let n) = needle else {
                throw TemplateError("'in <string>' requires string as left operand, not \(PythonFormat.typeName(needle))")
            }
            return n.isEmpty || s.contains(n)
        case .array(let items):
            return items.contains { equals($0, needle) }
        case .object(let dict):
            guard case .string(let key) = needle else { return false }
            return dict[key] != nil
        default:
            throw TemplateError("argument of type '\(PythonFormat.typeName(haystack))' is not iterable")
        }
    }

    /// What a for loop walks over: list items, dict keys (sorted), string characters.
    static func iterate(_ value: JSONValue) throws -> [JSONValue] {
        switch value {
        case .array(let items): return items
        case .object(let dict): return dict.keys.sorted().map { .string($0) }
        case .string(let s): return s.map { .string(String($0)) }
        default: throw TemplateError("'\(PythonFormat.typeName(value))' object is not iterable")
        }
    }

    static func length(_ value: JSONValue) throws -> Int {
        switch value {
        case .string(let s): return s.unicodeScalars.count
        case .array(let a): return a.count
        case .object(let o): return o.count
        default: throw TemplateError("object of type '\(PythonFormat.typeName(value))' has no len()")
        }
    }
}
