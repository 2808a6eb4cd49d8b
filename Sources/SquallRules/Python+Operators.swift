import SquallModel
import SquallPython

/// The argument checks st2's operators hit before Python's own semantics apply: which values
/// must be strings, and the exception Python raises when they are not.
extension Python {
    /// The string behind a value on which the operator calls a `str` method (`lower`,
    /// `startswith`...): anything else raises AttributeError, as in Python.
    static func requireString(_ value: JSONValue, method: String) throws -> String {
        guard case .string(let s) = value else { throw CriteriaError.attributeError(typeName(value), method) }
        return s
    }

    /// The argument of a `str` method (`s.startswith(arg)`), which must be a str.
    static func requireStringArgument(_ value: JSONValue, method: String) throws -> String {
        guard case .string(let s) = value else {
            throw CriteriaError.typeError("\(method) first arg must be str or a tuple of str, not \(typeName(value))")
        }
        return s
    }
}

extension CriteriaError {
    /// A Python exception as st2 records it: "TypeError: ...".
    init(_ error: PythonError) { self.init(error.description) }
}
