import Foundation
import SquallModel
import SquallPython

/// Python's arithmetic on JSON values: int stays int unless a float is involved, `/` always
/// gives a float, `//` and `%` floor toward negative infinity, `+` and `*` also work on
/// strings and lists.
enum PythonArithmetic {
    static func apply(_ op: BinaryOperator, _ a: JSONValue, _ b: JSONValue) throws -> JSONValue {
        switch (op, a, b) {
        case (.add, .string(let x), .string(let y)): return .string(x + y)
        case (.add, .array(let x), .array(let y)): return .array(x + y)
        case (.multiply, .string(let s), _) where isInteger(b): return .string(try repeated(s, try intValue(b)))
        case (.multiply, _, .string(let s)) where isInteger(a): return .string(try repeated(s, try intValue(a)))
        case (.multiply, .array(let items), _) where isInteger(b): return .array(try repeated(items, try intValue(b)))
        case (.multiply, _, .array(let items)) where isInteger(a): return .array(try repeated(items, try intValue(a)))
        case (.modulo, .string(let format), _): return .string(try BoundedPercentFormat.format(format, percentArguments(format, b), limits: TemplateLimits.process))
        default: break
        }
        guard let x = Python.number(a), let y = Python.number(b) else {
            throw TemplateError("unsupported operand type(s) for \(op.rawValue): '\(Python.typeName(a))' and '\(Python.typeName(b))'")
        }
        if case .int(let i) = x, case .int(let j) = y {
            return try integerOperation(op, i, j)
        }
        return try floatOperation(op, x.asDouble, y.asDouble)
    }

    private static func integerOperation(_ op: BinaryOperator, _ i: Int, _ j: Int) throws -> JSONValue {
        func checked(_ result: (partialValue: Int, overflow: Bool)) throws -> JSONValue {
            if result.overflow { throw TemplateError("integer overflow") }
            return .int(result.partialValue)
        }
        switch op {
        case .add: return try checked(i.addingReportingOverflow(j))
        case .subtract: return try checked(i.subtractingReportingOverflow(j))
        case .multiply: return try checked(i.multipliedReportingOverflow(by: j))
        case .divide:
            guard j != 0 else { throw TemplateError("division by zero") }
            return .double(Double(i) / Double(j))
        case .floorDivide:
            guard j != 0 else { throw TemplateError("integer division or modulo by zero") }
            var quotient = i / j
            if (i % j != 0) && ((i < 0) != (j < 0)) { quotient -= 1 }
            return .int(quotient)
        case .modulo:
            guard j != 0 else { throw TemplateError("integer division or modulo by zero") }
            let remainder = i % j
            return .int(remainder != 0 && (remainder < 0) != (j < 0) ? remainder + j : remainder)
        case .power:
            if j < 0 { return .double(pow(Double(i), Double(j))) }
            return .int(try power(i, j))
        }
    }

    /// i ** j by squaring: 64 multiplications at most, whatever j (a loop of j steps made
    /// `1 ** 10**18` run for ever). Python would make a big integer; squall says it cannot.
    private static func power(_ base: Int, _ exponent: Int) throws -> Int {
        var result = 1, factor = base, remaining = exponent
        while remaining > 0 {
            if remaining & 1 == 1 {
                let (value, overflow) = result.multipliedReportingOverflow(by: factor)
                if overflow { throw TemplateError("integer overflow: \(base) ** \(exponent) does not fit in 64 bits") }
                result = value
            }
            remaining >>= 1
            if remaining > 0 {
                let (square, overflow) = factor.multipliedReportingOverflow(by: factor)
                if overflow { throw TemplateError("integer overflow: \(base) ** \(exponent) does not fit in 64 bits") }
                factor = square
            }
        }
        return result
    }

    private static func floatOperation(_ op: BinaryOperator, _ x: Double, _ y: Double) throws -> JSONValue {
        switch op {
        case .add: return .double(x + y)
        case .subtract: return .double(x - y)
        case .multiply: return .double(x * y)
        case .divide:
            guard y != 0 else { throw TemplateError("float division by zero") }
            return .double(x / y)
        case .floorDivide:
            guard y != 0 else { throw TemplateError("float floor division by zero") }
            return .double((x / y).rounded(.down))
        case .modulo:
            guard y != 0 else { throw TemplateError("float modulo") }
            let remainder = fmod(x, y)
            return .double(remainder != 0 && (remainder < 0) != (y < 0) ? remainder + y : remainder)
        case .power:
            return .double(pow(x, y))
        }
    }

    static func negate(_ value: JSONValue) throws -> JSONValue {
        switch Python.number(value) {
        case .int(let i)?:
            guard i != Int.min else { throw TemplateError("integer overflow") }
            return .int(-i)
        case .double(let d)?: return .double(-d)
        case nil: throw TemplateError("bad operand type for unary -: '\(Python.typeName(value))'")
        }
    }

    /// Templates build tuples as lists, so a list on the right of `%` stands for a tuple when it
    /// fits the specifiers better than a single value does.
    private static func percentArguments(_ format: String, _ value: JSONValue) -> Python.PercentArguments {
        guard case .array(let items) = value else { return .single(value) }
        let specifiers = Python.percentSpecifierCount(format)
        if specifiers > 1 || (specifiers == items.count && specifiers != 1) { return .tuple(items) }
        return .single(value)
    }

    private static func isInteger(_ value: JSONValue) -> Bool {
        switch value {
        case .int, .bool: return true
        default: return false
        }
    }

    private static func intValue(_ value: JSONValue) throws -> Int {
        if case .int(let i)? = Python.number(value) { return i }
        throw TemplateError("expected an integer")
    }

    /// Sizes are checked before anything is built: `'x' * 10**9` made a gigabyte before.
    private static func repeated(_ s: String, _ count: Int) throws -> String {
        // Empty times a huge count would still loop once per repetition.
        guard count > 0, !s.isEmpty else { return "" }
        try TemplateLimits.process.checkString(bytes: TemplateLimits.product(s.utf8.count, count))
        return String(repeating: s, count: count)
    }

    private static func repeated(_ items: [JSONValue], _ count: Int) throws -> [JSONValue] {
        guard count > 0, !items.isEmpty else { return [] }
        try TemplateLimits.process.checkItems(TemplateLimits.product(items.count, count))
        var out: [JSONValue] = []
        out.reserveCapacity(items.count * count)
        for _ in 0..<count { out += items }
        return out
    }
}
