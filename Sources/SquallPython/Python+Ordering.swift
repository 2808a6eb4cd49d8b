import SquallModel

extension Python {
    /// The ordering operators, spelled as Python spells them (the spelling goes into TypeErrors).
    public enum ComparisonOperator: String, Sendable {
        case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="

        func holds(_ order: Int) -> Bool {
            switch self {
            case .less: return order < 0
            case .lessOrEqual: return order <= 0
            case .greater: return order > 0
            case .greaterOrEqual: return order >= 0
            }
        }
    }

    /// Python `a < b` (and `<=`, `>`, `>=`): numbers with numbers, strings by code point, lists
    /// lexicographically (the first unequal pair decides, then the length). NaN orders with
    /// nothing. Any other pair is Python's TypeError ("'<' not supported between instances of
    /// 'str' and 'int'").
    public static func compare(_ a: JSONValue, _ op: ComparisonOperator, _ b: JSONValue) throws -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)):
            return op.holds(compareStrings(x, y))
        case (.array(let x), .array(let y)):
            for (p, q) in zip(x, y) where !equal(p, q) {
                return try compare(p, op, q)
            }
            return op.holds(x.count < y.count ? -1 : (x.count > y.count ? 1 : 0))
        default:
            guard let x = number(a), let y = number(b) else {
                throw PythonError.typeError(
                    "'\(op.rawValue)' not supported between instances of '\(typeName(a))' and '\(typeName(b))'")
            }
            guard let order = compareNumbers(x, y) else { return false }
            return op.holds(order)
        }
    }

    /// -1, 0 or 1 by code point sequence (UTF-8 byte order is code point order).
    public static func compareStrings(_ a: String, _ b: String) -> Int {
        if stringsEqual(a, b) { return 0 }
        return a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : 1
    }
}
