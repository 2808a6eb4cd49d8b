import SquallModel
import SquallPython

/// A filter added from outside the engine (st2's to_json_string, regex_match, ...).
/// Undefined values never reach it: strict mode fails first, lenient mode passes null.
public typealias TemplateFilter = @Sendable (_ value: JSONValue, _ args: [JSONValue], _ kwargs: [String: JSONValue]) throws -> JSONValue

enum FilterImplementation: Sendable {
    /// Builtins see Undefined so that `default`, `length` and friends can treat it as Jinja does.
    case builtin(@Sendable (FilterCall) throws -> Value)
    case registered(TemplateFilter)
}

/// The input and arguments of one builtin filter call, with Python-style argument access.
struct FilterCall {
    let value: Value
    let args: [Value]
    let kwargs: [String: Value]
    let renderer: Renderer

    /// The argument given by position or keyword, if any.
    func argument(_ index: Int, _ name: String) -> Value? {
        if index >= 0, index < args.count { return args[index] }
        return kwargs[name]
    }

    func json(_ index: Int, _ name: String) throws -> JSONValue? {
        guard let value = argument(index, name) else { return nil }
        return try renderer.require(value)
    }

    func string(_ index: Int, _ name: String, default fallback: String) throws -> String {
        guard let value = try json(index, name) else { return fallback }
        return Python.str(value)
    }

    func optionalString(_ index: Int, _ name: String) throws -> String? {
        guard let value = try json(index, name), !value.isNull else { return nil }
        return Python.str(value)
    }

    func int(_ index: Int, _ name: String, default fallback: Int) throws -> Int {
        guard let value = try json(index, name), !value.isNull else { return fallback }
        guard case .int(let i)? = Python.number(value) else {
            throw TemplateError("argument '\(name)' must be an integer, not \(Python.typeName(value))")
        }
        return i
    }

    func bool(_ index: Int, _ name: String, default fallback: Bool) throws -> Bool {
        guard let value = try json(index, name) else { return fallback }
        return Python.isTruthy(value)
    }

    /// The filtered value, which must be defined.
    func input() throws -> JSONValue { try renderer.require(value) }

    /// str() of the filtered value; lenient Undefined is "".
    func text() throws -> String { try renderer.text(value) }

    /// Items of the filtered value; lenient Undefined is empty.
    func items() throws -> [JSONValue] { try renderer.iterationItems(value) }
}

/// `attribute="a.b.0"` as Jinja reads it: dict keys and list indexes, dot-separated.
enum AttributePath {
    static func lookup(_ value: JSONValue, _ path: String) -> JSONValue? {
        var current = value
        for part in path.split(separator: ".", omittingEmptySubsequences: false) {
            let key: JSONValue = Int(part).map { .int($0) } ?? .string(String(part))
            if case .object(let dict) = current, let found = dict[String(part)] {
                current = found
            } else if let found = Renderer.subscriptValue(current, key) {
                current = found
            } else {
                return nil
            }
        }
        return current
    }
}

/// A stable merge sort whose comparison may throw (Python comparisons raise on mixed types).
enum StableSort {
    static func sorted(_ items: [JSONValue], by less: (JSONValue, JSONValue) throws -> Bool) throws -> [JSONValue] {
        guard items.count > 1 else { return items }
        let middle = items.count / 2
        let left = try sorted(Array(items[..<middle]), by: less)
        let right = try sorted(Array(items[middle...]), by: less)
        var merged: [JSONValue] = []
        merged.reserveCapacity(items.count)
        var i = 0
        var j = 0
        while i < left.count, j < right.count {
            // Take from the right only when strictly smaller, which keeps equal items in order.
            if try less(right[j], left[i]) {
                merged.append(right[j]); j += 1
            } else {
                merged.append(left[i]); i += 1
            }
        }
        merged += left[i...]
        merged += right[j...]
        return merged
    }
}
