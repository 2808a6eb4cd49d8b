import SquallModel

/// str, int, float, bool, len, list, dict, range and the is* type tests.
enum ConversionFunctions {
    static let all: [(String, Builtin)] = [
        ("str", .function(1...1) { .string(PythonText.str(try $0.value(0))) }),
        ("bool", .function(1...1) { .bool(try $0.value(0).isPythonTruthy) }),
        ("int", .function(1...1) { try toInt(try $0.value(0)) }),
        ("float", .function(1...1) { try toFloat(try $0.value(0)) }),
        ("len", .both(1...1) { call in
            switch try call.value(0) {
            case .string(let s): return .int(s.unicodeScalars.count)
            case .array(let a): return .int(a.count)
            case .object(let o): return .int(o.count)
            case let other: throw call.wrongType(0, other, expected: "string, list or dict")
            }
        }),
        ("list", .function(0...Int.max) { call in .array(try (0..<call.count).map { try call.value($0) }) }),
        ("dict", .function(0...1, named: true) { try dict($0) }),
        ("range", .function(1...3) { try range($0) }),
        ("isList", .function(1...1) { call in if case .array = try call.value(0) { return .bool(true) } else { return .bool(false) } }),
        ("isDict", .function(1...1) { call in if case .object = try call.value(0) { return .bool(true) } else { return .bool(false) } }),
        ("isString", .function(1...1) { call in if case .string = try call.value(0) { return .bool(true) } else { return .bool(false) } }),
        ("isInteger", .function(1...1) { call in if case .int = try call.value(0) { return .bool(true) } else { return .bool(false) } }),
        ("isBoolean", .function(1...1) { call in if case .bool = try call.value(0) { return .bool(true) } else { return .bool(false) } }),
        ("isNumber", .function(1...1) { call in
            switch try call.value(0) {
            case .int, .double: return .bool(true)
            default: return .bool(false)
            }
        }),
    ]

    /// Python's int(): null is 0 (yaql's addition), floats truncate, strings must be decimal.
    static func toInt(_ value: JSONValue) throws -> JSONValue {
        switch value {
        case .null: return .int(0)
        case .bool(let b): return .int(b ? 1 : 0)
        case .int: return value
        case .double(let d):
            guard d.isFinite, d > -9.2e18, d < 9.2e18 else { throw EvaluationFailure(.value, "cannot convert float \(PythonText.floatRepr(d)) to integer") }
            return .int(Int(d))
        case .string(let s):
            let trimmed = s.trimmingPythonWhitespace().replacingOccurrences(of: "_", with: "")
            guard !trimmed.isEmpty, let i = Int(trimmed) else { throw EvaluationFailure(.value, "invalid literal for int(): '\(s)'") }
            return .int(i)
        default:
            throw EvaluationFailure(.type, "int() cannot convert \(TypeNames.of(value))")
        }
    }

    static func toFloat(_ value: JSONValue) throws -> JSONValue {
        switch value {
        case .null: return .double(0)
        case .bool(let b): return .double(b ? 1 : 0)
        case .int(let i): return .double(Double(i))
        case .double: return value
        case .string(let s):
            guard let d = Double(s.trimmingPythonWhitespace()) else { throw EvaluationFailure(.value, "could not convert string to float: '\(s)'") }
            return .double(d)
        default:
            throw EvaluationFailure(.type, "float() cannot convert \(TypeNames.of(value))")
        }
    }

    /// `dict(a => 1, b => 2)` or `dict([[k, v], ...])`.
    private static func dict(_ call: Invocation) throws -> JSONValue {
        var object: [String: JSONValue] = [:]
        if call.count == 1 {
            for pair in try call.list(0) {
                guard case .array(let kv) = pair, kv.count == 2 else {
                    throw EvaluationFailure(.type, "dict() needs [key, value] pairs, not \(TypeNames.describe(pair))")
                }
                object[try Evaluator.key(kv[0])] = kv[1]
            }
        }
        for (name, value) in call.named {
            object[try Evaluator.key(try call.evaluator.evaluate(name, in: call.scope))] = try call.evaluator.evaluate(value, in: call.scope)
        }
        return .object(object)
    }

    /// Python's range(stop) / range(start, stop[, step]).
    private static func range(_ call: Invocation) throws -> JSONValue {
        let start = call.count == 1 ? 0 : try call.int(0)
        let stop = try call.int(call.count == 1 ? 0 : 1)
        let step = call.count == 3 ? try call.int(2) : 1
        guard step != 0 else { throw EvaluationFailure(.value, "range() step must not be zero") }
        let span = step > 0 ? stop.subtractingReportingOverflow(start) : start.subtractingReportingOverflow(stop)
        let magnitude = step.magnitude
        let count: Int
        if span.overflow { count = Int.max } else if span.partialValue <= 0 { count = 0 } else {
            count = Int((UInt(span.partialValue) + magnitude - 1) / magnitude)
        }
        try call.evaluator.checkSize(count, of: "range()")
        // Each element lies between start and stop, so this cannot overflow (stride() could, past stop).
        return .array((0..<count).map { .int(start + $0 * step) })
    }
}

extension String {
    func trimmingPythonWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
