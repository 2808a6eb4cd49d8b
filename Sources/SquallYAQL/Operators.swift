import Foundation
import SquallModel

/// yaql's operators on values: Python's arithmetic (floor division and modulo for integers),
/// equality (`1 = 1.0`, `true = 1`) and ordering (numbers with numbers, strings with strings,
/// null below everything). Integer overflow is an error, never a trap.
enum Operators {
    static func unary(_ op: String, _ value: JSONValue) throws -> JSONValue {
        switch (op, value) {
        case ("not", _): return .bool(!value.isPythonTruthy)
        case ("-", .int(let i)):
            let (negated, overflow) = Int(0).subtractingReportingOverflow(i)
            if overflow { throw overflowFailure("-", value, nil) }
            return .int(negated)
        case ("-", .double(let d)): return .double(-d)
        case ("+", .int), ("+", .double): return value
        default:
            throw EvaluationFailure(.type, "no operator '\(op)' for \(TypeNames.of(value))")
        }
    }

    static func binary(_ op: String, _ l: JSONValue, _ r: JSONValue, evaluator: Evaluator) throws -> JSONValue {
        switch op {
        case "=": return .bool(equal(l, r))
        case "!=": return .bool(!equal(l, r))
        case "<", "<=", ">", ">=": return .bool(try ordered(op, l, r))
        case "in": return try contains(r, l, op: op, evaluator: evaluator)
        case "+": return try add(l, r, evaluator: evaluator)
        case "-", "*", "/", "mod":
            if op == "*", let repeated = try repeatIfSequence(l, r, evaluator: evaluator) { return repeated }
            return try arithmetic(op, l, r)
        case "=~", "!~":
            guard case .string(let text) = l, case .string(let pattern) = r else { throw noOperator(op, l, r) }
            let found = try RegexMatch.search(pattern, in: text, evaluator: evaluator)
            return .bool(op == "=~" ? found : !found)
        default:
            throw noOperator(op, l, r)
        }
    }

    static func noOperator(_ op: String, _ l: JSONValue, _ r: JSONValue) -> EvaluationFailure {
        EvaluationFailure(.type, "no operator '\(op)' for \(TypeNames.of(l)) and \(TypeNames.of(r))")
    }

    private static func overflowFailure(_ op: String, _ l: JSONValue, _ r: JSONValue?) -> EvaluationFailure {
        let operands = r.map { "\(PythonText.str(l)) \(op) \(PythonText.str($0))" } ?? "\(op)\(PythonText.str(l))"
        return EvaluationFailure(.value, "integer overflow in \(operands)")
    }

    // MARK: equality and order

    /// Python's ==: numbers (booleans included) by value, containers element by element.
    static func equal(_ l: JSONValue, _ r: JSONValue) -> Bool {
        switch (l, r) {
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { equal($0, $1) }
        case (.object(let a), .object(let b)):
            return a.count == b.count && a.allSatisfy { key, value in b[key].map { equal(value, $0) } ?? false }
        case (.string(let a), .string(let b)):
            // Python compares code points: a precomposed é is not e + combining accent.
            return a.unicodeScalars.elementsEqual(b.unicodeScalars)
        default:
            if let a = numeric(l), let b = numeric(r) { return a == b }
            return l == r
        }
    }

    private enum Number: Equatable {
        case int(Int), double(Double)
        static func == (a: Number, b: Number) -> Bool {
            switch (a, b) {
            case (.int(let x), .int(let y)): return x == y
            case (.int(let x), .double(let y)), (.double(let y), .int(let x)): return compareExactly(x, y) == 0
            case (.double(let x), .double(let y)): return x == y
            }
        }
    }

    /// Python compares an int with a float exactly: 2**53 + 1 is not 2.0**53, though Double(2**53 + 1) is.
    /// nil when the float is NaN.
    static func compareExactly(_ i: Int, _ d: Double) -> Int? {
        if d.isNaN { return nil }
        if d >= 0x1p63 { return -1 }
        if d < -0x1p63 { return 1 }
        let whole = Int(d.rounded(.down))
        if i != whole { return i < whole ? -1 : 1 }
        return d > d.rounded(.down) ? -1 : 0
    }

    private static func numeric(_ v: JSONValue) -> Number? {
        switch v {
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .bool(let b): return .int(b ? 1 : 0)
        default: return nil
        }
    }

    static func ordered(_ op: String, _ l: JSONValue, _ r: JSONValue) throws -> Bool {
        let order = try compare(l, r, op: op)
        switch op {
        case "<": return order < 0
        case "<=": return order <= 0
        case ">": return order > 0
        default: return order >= 0
        }
    }

    /// -1, 0 or 1. Null sorts below any value and equals null; numbers (not booleans) and
    /// strings compare among themselves; anything else has no order in yaql.
    static func compare(_ l: JSONValue, _ r: JSONValue, op: String = "<") throws -> Int {
        switch (l, r) {
        case (.null, .null): return 0
        case (.null, _): return -1
        case (_, .null): return 1
        case (.int(let a), .int(let b)): return a < b ? -1 : a == b ? 0 : 1
        case (.int(let a), .double(let b)):
            return compareExactly(a, b) ?? 1
        case (.double(let a), .int(let b)):
            return compareExactly(b, a).map { -$0 } ?? 1
        case (.double(let a), .double(let b)):
            return a < b ? -1 : a == b ? 0 : 1
        case (.string(let a), .string(let b)):
            // Python compares code points, not Swift's canonical ordering.
            if a.unicodeScalars.elementsEqual(b.unicodeScalars) { return 0 }
            return a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) ? -1 : 1
        default:
            throw noOperator(op, l, r)
        }
    }

    /// `item in collection`: a list holds an equal element, a string the substring.
    static func contains(_ collection: JSONValue, _ item: JSONValue, op: String, evaluator: Evaluator) throws -> JSONValue {
        switch (collection, item) {
        case (.array(let items), _):
            try evaluator.spend(items.count)
            return .bool(items.contains { equal($0, item) })
        case (.string(let text), .string(let part)):
            let scalars = Array(text.unicodeScalars)
            return .bool(try ScalarSearch.find(Array(part.unicodeScalars), in: scalars, from: 0, evaluator: evaluator) != nil)
        default:
            throw noOperator(op, item, collection)
        }
    }

    // MARK: arithmetic

    static func add(_ l: JSONValue, _ r: JSONValue, evaluator: Evaluator) throws -> JSONValue {
        switch (l, r) {
        case (.string(let a), .string(let b)):
            try evaluator.checkSize(a.unicodeScalars.count + b.unicodeScalars.count, of: "the string")
            return .string(a + b)
        case (.array(let a), .array(let b)):
            try evaluator.checkSize(a.count + b.count, of: "the list")
            return .array(a + b)
        case (.object(let a), .object(let b)):
            try evaluator.checkSize(a.count + b.count, of: "the dict")
            return .object(a.merging(b) { _, new in new })
        default:
            return try arithmetic("+", l, r)
        }
    }

    /// `"ab" * 3`, `3 * [1]`: repetition, bounded by the collection size limit.
    private static func repeatIfSequence(_ l: JSONValue, _ r: JSONValue, evaluator: Evaluator) throws -> JSONValue? {
        let sequence: JSONValue, times: Int
        switch (l, r) {
        case (.string, .int(let n)), (.array, .int(let n)): sequence = l; times = n
        case (.int(let n), .string), (.int(let n), .array): sequence = r; times = n
        default: return nil
        }
        let count = max(times, 0)
        // An empty sequence times a huge count is empty: building it would still allocate (or
        // loop) per repetition (found by fuzzing: `[] * 929999999999999992` asked for 7 EB).
        if count == 0 || sequence == .string("") || sequence == .array([]) {
            if case .string = sequence { return .string("") }
            return .array([])
        }
        switch sequence {
        case .string(let s):
            let (total, overflow) = s.unicodeScalars.count.multipliedReportingOverflow(by: count)
            try evaluator.checkSize(overflow ? Int.max : total, of: "the string")
            return .string(String(repeating: s, count: count))
        case .array(let items):
            let (total, overflow) = items.count.multipliedReportingOverflow(by: count)
            try evaluator.checkSize(overflow ? Int.max : total, of: "the list")
            return .array(Array([[JSONValue]](repeating: items, count: count).joined()))
        default:
            return nil
        }
    }

    static func arithmetic(_ op: String, _ l: JSONValue, _ r: JSONValue) throws -> JSONValue {
        switch (l, r) {
        case (.int(let a), .int(let b)):
            return .int(try integer(op, a, b, l, r))
        case (.int, .double), (.double, .int), (.double, .double):
            let a = l.doubleValue!, b = r.doubleValue!
            switch op {
            case "+": return .double(a + b)
            case "-": return .double(a - b)
            case "*": return .double(a * b)
            case "/":
                guard b != 0 else { throw EvaluationFailure(.value, "float division by zero") }
                return .double(a / b)
            default:
                guard b != 0 else { throw EvaluationFailure(.value, "float modulo by zero") }
                // Python's float modulo takes the sign of the divisor.
                let m = fmod(a, b)
                return .double(m != 0 && (m < 0) != (b < 0) ? m + b : m)
            }
        default:
            throw noOperator(op, l, r)
        }
    }

    private static func integer(_ op: String, _ a: Int, _ b: Int, _ l: JSONValue, _ r: JSONValue) throws -> Int {
        let result: (partialValue: Int, overflow: Bool)
        switch op {
        case "+": result = a.addingReportingOverflow(b)
        case "-": result = a.subtractingReportingOverflow(b)
        case "*": result = a.multipliedReportingOverflow(by: b)
        case "/":
            guard b != 0 else { throw EvaluationFailure(.value, "integer division by zero") }
            let q = a.dividedReportingOverflow(by: b)
            // Python's // rounds toward negative infinity.
            let adjust = !q.overflow && a % b != 0 && (a < 0) != (b < 0)
            result = (adjust ? q.partialValue - 1 : q.partialValue, q.overflow)
        default:
            guard b != 0 else { throw EvaluationFailure(.value, "integer modulo by zero") }
            if b == -1 { return 0 }  // Int.min % -1 overflows in Swift; the answer is 0.
            let m = a.remainderReportingOverflow(dividingBy: b)
            let value = m.partialValue
            result = (value != 0 && (value < 0) != (b < 0) ? value + b : value, m.overflow)
        }
        if result.overflow { throw overflowFailure(op, l, r) }
        return result.partialValue
    }
}
