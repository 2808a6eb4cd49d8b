import SquallModel
import SquallPython

/// Functions callable by name in templates: Jinja's `range` and `dict`.
enum GlobalFunctions {
    static func call(_ name: String, _ args: [JSONValue], _ kwargs: [String: JSONValue]) throws -> JSONValue {
        switch name {
        case "range":
            let bounds = try args.map { value -> Int in
                guard case .int(let i)? = Python.number(value) else {
                    throw TemplateError("range() takes integers, not '\(Python.typeName(value))'")
                }
                return i
            }
            let (start, stop, step): (Int, Int, Int)
            switch bounds.count {
            case 1: (start, stop, step) = (0, bounds[0], 1)
            case 2: (start, stop, step) = (bounds[0], bounds[1], 1)
            case 3: (start, stop, step) = (bounds[0], bounds[1], bounds[2])
            default: throw TemplateError("range expected 1 to 3 arguments, got \(bounds.count)")
            }
            guard step != 0 else { throw TemplateError("range() arg 3 must not be zero") }
            // Counted before anything is built (range(10**9) made the whole array first).
            let count = rangeCount(start, stop, step)
            guard count <= 100_000 else { throw TemplateError("range too big: \(count) items (Jinja's sandbox allows 100000)") }
            return .array(stride(from: start, to: stop, by: step).map { .int($0) })
        case "dict":
            var dict: [String: JSONValue] = [:]
            if let first = args.first {
                guard case .object(let base) = first else { throw TemplateError("dict() takes a mapping") }
                dict = base
            }
            for (key, value) in kwargs { dict[key] = value }
            return .object(dict)
        default:
            throw TemplateError("undefined function '\(name)'")
        }
    }

    /// len(range(start, stop, step)), never trapping: a span beyond Int counts as Int.max items.
    static func rangeCount(_ start: Int, _ stop: Int, _ step: Int) -> Int {
        let (span, overflow) = (step > 0 ? stop : start).subtractingReportingOverflow(step > 0 ? start : stop)
        if overflow { return Int.max }
        guard span > 0 else { return 0 }
        let magnitude = step.magnitude
        return Int((UInt(span) + magnitude - 1) / magnitude)
    }
}
