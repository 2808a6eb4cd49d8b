import SquallModel
import SquallPython

/// Jinja's tests, used by `x is name` and by the select/reject filters.
enum BuiltinTests {
    static let names: Set<String> = [
        "defined", "undefined", "none", "string", "number", "integer", "float", "boolean", "true", "false",
        "mapping", "sequence", "iterable", "callable", "even", "odd", "divisibleby", "sameas",
        "eq", "equalto", "==", "ne", "!=", "lt", "lessthan", "<", "le", "<=", "gt", "greaterthan", ">", "ge", ">=",
        "in", "lower", "upper", "filter", "test", "escaped",
    ]

    static func evaluate(_ name: String, _ value: Value, _ args: [Value], _ kwargs: [String: Value], renderer: Renderer) throws -> Bool {
        func argument(_ index: Int) throws -> JSONValue {
            guard index < args.count else { throw TemplateError("test '\(name)' needs an argument") }
            return try renderer.require(args[index])
        }
        switch name {
        case "defined": return !value.isUndefined
        case "undefined": return value.isUndefined
        case "filter":
            guard case .string(let filterName) = try argument(0) else { return false }
            _ = value
            return renderer.filters[filterName] != nil
        case "test":
            guard case .string(let testName) = try argument(0) else { return false }
            return names.contains(testName)
        default: break
        }
        // Type tests say false for Undefined rather than failing, as in Jinja.
        guard case .defined(let json) = value else {
            if ["none", "string", "number", "integer", "float", "boolean", "true", "false", "mapping",
                "sequence", "iterable", "callable", "escaped", "sameas"].contains(name) {
                return false
            }
            if name == "lower" || name == "upper" { _ = try renderer.text(value); return false }
            throw renderer.undefinedError(value)
        }
        switch name {
        case "none": return json.isNull
        case "string": if case .string = json { return true } else { return false }
        case "number": return Python.number(json) != nil
        case "integer": if case .int = json { return true } else { return false }
        case "float": if case .double = json { return true } else { return false }
        case "boolean": if case .bool = json { return true } else { return false }
        case "true": return json == .bool(true)
        case "false": return json == .bool(false)
        case "mapping": if case .object = json { return true } else { return false }
        case "sequence", "iterable":
            switch json {
            case .string, .array, .object: return true
            default: return false
            }
        case "callable", "escaped": return false
        case "even", "odd":
            guard case .int(let i)? = Python.number(json) else {
                throw TemplateError("test '\(name)' needs an integer, not '\(Python.typeName(json))'")
            }
            return (i % 2 == 0) == (name == "even")
        case "divisibleby":
            guard case .int(let i)? = Python.number(json), case .int(let d)? = Python.number(try argument(0)) else {
                throw TemplateError("test 'divisibleby' needs integers")
            }
            guard d != 0 else { throw TemplateError("integer division or modulo by zero") }
            return i % d == 0
        case "sameas":
            // Python identity only holds for singletons in practice: None, True, False.
            let other = try argument(0)
            switch (json, other) {
            case (.null, .null): return true
            case (.bool(let a), .bool(let b)): return a == b
            default: return false
            }
        case "eq", "equalto", "==": return Python.equal(json, try argument(0))
        case "ne", "!=": return !Python.equal(json, try argument(0))
        case "lt", "lessthan", "<": return try Python.compare(json, .less, try argument(0))
        case "le", "<=": return try Python.compare(json, .lessOrEqual, try argument(0))
        case "gt", "greaterthan", ">": return try Python.compare(json, .greater, try argument(0))
        case "ge", ">=": return try Python.compare(json, .greaterOrEqual, try argument(0))
        case "in": return try Python.contains(try argument(0), json)
        case "lower", "upper":
            guard case .string(let s) = json else { return false }
            return Python.stringsEqual(name == "lower" ? Python.lower(s) : Python.upper(s), s)
        default:
            throw TemplateError("unknown test '\(name)'")
        }
    }
}

extension Renderer {
    func undefinedError(_ value: Value) -> TemplateError {
        if case .undefined(let undefined) = value { return undefined.error }
        return TemplateError("value is undefined")
    }
}
