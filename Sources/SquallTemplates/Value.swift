import SquallModel
import SquallPython

/// What an expression evaluates to: a JSON value, or Jinja's Undefined (never confused with null).
enum Value: Sendable {
    case defined(JSONValue)
    case undefined(Undefined)

    static let none = Value.defined(.null)
    static let emptyString = Value.defined(.string(""))

    var isUndefined: Bool {
        if case .undefined = self { return true }
        return false
    }

    var json: JSONValue? {
        if case .defined(let value) = self { return value }
        return nil
    }
}

/// Where an undefined value came from; the message is only built when it is needed.
struct Undefined: Sendable {
    enum Origin: Sendable {
        case variable(String)
        case attribute(base: Expr, name: String)
        case item(base: Expr, key: JSONValue)
        case explicit(String)
    }

    let origin: Origin
    let position: SourcePosition?

    var message: String {
        switch origin {
        case .variable(let name):
            return "undefined variable '\(name)'"
        case .attribute(let base, let name):
            return "undefined attribute '\(name)' of '\(ExpressionText.describe(base))'"
        case .item(let base, let key):
            return "undefined item \(Python.repr(key)) of '\(ExpressionText.describe(base))'"
        case .explicit(let text):
            return text
        }
    }

    var error: TemplateError { TemplateError(message, at: position) }
}

/// Short source-like text for an expression, used to name undefined values in errors.
enum ExpressionText {
    static func describe(_ expr: Expr) -> String {
        switch expr {
        case .name(let name, _): return name
        case .attribute(let base, let name, _): return "\(describe(base)).\(name)"
        case .item(let base, .literal(let key), _): return "\(describe(base))[\(Python.repr(key))]"
        case .item(let base, _, _): return "\(describe(base))[...]"
        case .call(let base, _, _): return "\(describe(base))(...)"
        case .filter(let base, let filter): return "\(describe(base))|\(filter.name)"
        case .literal(let value): return Python.repr(value)
        default: return "expression"
        }
    }
}
