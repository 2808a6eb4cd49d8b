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
            let items = Array(stride(from: start, to: stop, by: step))
            guard items.count <= 100_000 else { throw TemplateError("range too big: \(items.count) items") }
            return .array(items.map { .int($0) })
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
}
