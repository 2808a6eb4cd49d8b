import SquallModel

/// Dict methods (keys, values, items, get, set...) and membership tests.
enum CollectionFunctions {
    static let all: [(String, Builtin)] = [
        // JSON objects keep no order: yaql's dicts keep insertion order, so callers must not rely on it.
        ("keys", .method(1...1) { call in .array(try call.dict(0).keys.sorted().map { .string($0) }) }),
        ("values", .method(1...1) { call in
            let object = try call.dict(0)
            return .array(object.keys.sorted().map { object[$0]! })
        }),
        ("items", .method(1...1) { call in
            let object = try call.dict(0)
            return .array(object.keys.sorted().map { .array([.string($0), object[$0]!]) })
        }),
        ("get", .method(2...3) { call in
            let object = try call.dict(0)
            let key = try call.value(1)
            guard case .string(let name) = key, let value = object[name] else { return try call.optionalValue(2) ?? .null }
            return value
        }),
        ("set", Builtin(asFunction: false, asMethod: true, arity: 1...3, takesNamed: true) { try set($0) }),
        ("containsKey", .method(2...2) { call in
            let object = try call.dict(0)
            guard case .string(let key) = try call.value(1) else { return .bool(false) }
            return .bool(object[key] != nil)
        }),
        ("containsValue", .method(2...2) { call in
            let object = try call.dict(0)
            let value = try call.value(1)
            return .bool(object.values.contains { Operators.equal($0, value) })
        }),
        ("contains", .method(2...2) { call in
            let items = try call.list(0)
            let value = try call.value(1)
            return .bool(items.contains { Operators.equal($0, value) })
        }),
    ]

    /// `d.set(key, value)`, `d.set({k => v})`, `d.set(k => v, ...)`: a new dict, later keys winning.
    private static func set(_ call: Invocation) throws -> JSONValue {
        var object = try call.dict(0)
        switch call.count {
        case 3:
            object[try Evaluator.key(try call.value(1))] = try call.value(2)
        case 2:
            object.merge(try call.dict(1)) { _, new in new }
        default:
            break
        }
        guard call.count != 1 || !call.named.isEmpty else {
            throw EvaluationFailure(.noMethod("set"), "set() needs a key and value, a dict or 'key => value' arguments")
        }
        for (name, value) in call.named {
            object[try Evaluator.key(try call.evaluator.evaluate(name, in: call.scope))] = try call.evaluator.evaluate(value, in: call.scope)
        }
        return .object(object)
    }
}
