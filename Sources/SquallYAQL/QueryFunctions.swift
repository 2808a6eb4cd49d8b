import SquallModel

/// yaql's queries on lists: select, where, orderBy, first, sum... Lambdas see the item as `$`.
enum QueryFunctions {
    static let all: [(String, Builtin)] = [
        ("select", .method(2...2) { call in
            let selector = call.lambda(1)
            return .array(try call.list(0).map(selector))
        }),
        ("where", .method(2...2) { try filter($0) }),
        ("filter", .method(2...2) { try filter($0) }),
        ("distinct", .both(1...2) { call in
            let items = try call.list(0)
            let keyOf = call.optionalLambda(1) ?? { $0 }
            var seen = Set<JSONValue>()
            var out: [JSONValue] = []
            for item in items where seen.insert(Normalized.key(try keyOf(item))).inserted { out.append(item) }
            return .array(out)
        }),
        ("first", .method(1...2) { call in
            if let first = try call.list(0).first { return first }
            if let fallback = try call.optionalValue(1) { return fallback }
            throw EvaluationFailure(.value, "first() of an empty list")
        }),
        ("last", .method(1...2) { call in
            if let last = try call.list(0).last { return last }
            if let fallback = try call.optionalValue(1) { return fallback }
            throw EvaluationFailure(.value, "last() of an empty list")
        }),
        // Without a predicate, any() asks whether the list has elements at all, all() whether each is true.
        ("any", .both(1...2) { call in
            let items = try call.list(0)
            guard let predicate = call.optionalLambda(1) else { return .bool(!items.isEmpty) }
            return .bool(try items.contains { try predicate($0).isPythonTruthy })
        }),
        ("all", .both(1...2) { call in
            let predicate = call.optionalLambda(1) ?? { $0 }
            return .bool(try call.list(0).allSatisfy { try predicate($0).isPythonTruthy })
        }),
        ("count", .method(1...1) { .int(try $0.list(0).count) }),
        ("sum", .method(1...2) { call in
            var items = try call.list(0)
            if let initial = try call.optionalValue(1) { items.insert(initial, at: 0) }
            guard var total = items.first else { throw EvaluationFailure(.value, "sum() of an empty list") }
            for item in items.dropFirst() { total = try Operators.add(total, item, evaluator: call.evaluator) }
            return total
        }),
        ("max", .method(1...1) { try extreme($0, keep: 1) }),
        ("min", .method(1...1) { try extreme($0, keep: -1) }),
        ("max", .function(2...2) { call in
            let a = try call.value(0), b = try call.value(1)
            return try Operators.compare(b, a, op: "max") > 0 ? b : a
        }),
        ("min", .function(2...2) { call in
            let a = try call.value(0), b = try call.value(1)
            return try Operators.compare(b, a, op: "min") < 0 ? b : a
        }),
        ("orderBy", .method(2...2) { try order($0, descending: false) }),
        ("orderByDescending", .method(2...2) { try order($0, descending: true) }),
        ("skip", .method(2...2) { call in
            let items = try call.list(0)
            return .array(Array(items.dropFirst(try nonNegative(call, 1))))
        }),
        ("take", .method(2...2) { try take($0) }),
        ("limit", .method(2...2) { try take($0) }),
        ("concat", .both(1...Int.max) { try concat($0) }),
        ("append", .both(1...Int.max) { call in
            var items = try call.list(0)
            try call.evaluator.checkSize(items.count + call.count - 1, of: "the list")
            for i in 1..<call.count { items.append(try call.value(i)) }
            return .array(items)
        }),
        ("toList", .method(1...1) { .array(try $0.list(0)) }),
        ("reverse", .method(1...1) { .array(try $0.list(0).reversed()) }),
        ("flatten", .method(1...1) { call in
            var out: [JSONValue] = []
            try flatten(try call.list(0), into: &out, call: call)
            return .array(out)
        }),
        ("indexOf", .method(2...3) { try indexOf($0) }),
    ]

    private static func filter(_ call: Invocation) throws -> JSONValue {
        let predicate = call.lambda(1)
        return .array(try call.list(0).filter { try predicate($0).isPythonTruthy })
    }

    private static func extreme(_ call: Invocation, keep sign: Int) throws -> JSONValue {
        let items = try call.list(0)
        guard var best = items.first else { throw EvaluationFailure(.value, "\(call.name)() of an empty list") }
        for item in items.dropFirst() where try Operators.compare(item, best, op: call.name) * sign > 0 { best = item }
        return best
    }

    /// A stable sort by the selector's value, with yaql's ordering (mixed types are an error).
    private static func order(_ call: Invocation, descending: Bool) throws -> JSONValue {
        let items = try call.list(0)
        let selector = call.lambda(1)
        let keyed = try items.enumerated().map { (index: $0.offset, key: try selector($0.element), item: $0.element) }
        try call.evaluator.spend(items.count * max(1, Int.bitWidth - items.count.leadingZeroBitCount))
        let sorted = try keyed.sorted { a, b in
            let c = try Operators.compare(a.key, b.key)
            if c != 0 { return descending ? c > 0 : c < 0 }
            return a.index < b.index
        }
        return .array(sorted.map(\.item))
    }

    private static func nonNegative(_ call: Invocation, _ i: Int) throws -> Int {
        let n = try call.int(i)
        guard n >= 0 else { throw EvaluationFailure(.value, "\(call.name)() needs a count of 0 or more, not \(n)") }
        return n
    }

    private static func take(_ call: Invocation) throws -> JSONValue {
        .array(Array(try call.list(0).prefix(try nonNegative(call, 1))))
    }

    /// `[1].concat([2], [3])` joins lists; the function form `concat("a", "b")` joins strings too.
    private static func concat(_ call: Invocation) throws -> JSONValue {
        let values = try (0..<call.count).map { try call.value($0) }
        if values.allSatisfy({ if case .string = $0 { return true } else { return false } }) {
            let total = values.reduce(0) { $0 + ($1.stringValue?.unicodeScalars.count ?? 0) }
            try call.evaluator.checkSize(total, of: "the string")
            return .string(values.compactMap(\.stringValue).joined())
        }
        var out: [JSONValue] = []
        for (i, value) in values.enumerated() {
            guard case .array(let items) = value else { throw call.wrongType(i, value, expected: "list") }
            try call.evaluator.checkSize(out.count + items.count, of: "the list")
            out += items
        }
        return .array(out)
    }

    private static func flatten(_ items: [JSONValue], into out: inout [JSONValue], call: Invocation, depth: Int = 0) throws {
        guard depth < call.evaluator.options.maxNestingDepth else {
            throw EvaluationFailure(.limit, "flatten() of a list nested deeper than \(call.evaluator.options.maxNestingDepth) levels")
        }
        for item in items {
            if case .array(let inner) = item {
                try flatten(inner, into: &out, call: call, depth: depth + 1)
            } else {
                try call.evaluator.checkSize(out.count + 1, of: "the flattened list")
                out.append(item)
            }
        }
    }

    /// List: the first equal element's index, or -1. String: Python's str.find.
    private static func indexOf(_ call: Invocation) throws -> JSONValue {
        if case .string(let text) = try call.value(0) {
            let scalars = Array(text.unicodeScalars)
            var start = call.count == 3 ? try call.int(2) : 0
            if start < 0 { start = max(0, scalars.count + start) }
            let part = Array(try call.string(1).unicodeScalars)
            return .int(try ScalarSearch.find(part, in: scalars, from: start, evaluator: call.evaluator) ?? -1)
        }
        guard call.count == 2 else { throw EvaluationFailure(.noMethod("indexOf"), "no method 'indexOf' taking 2 argument(s) for list") }
        let item = try call.value(1)
        return .int(try call.list(0).firstIndex { Operators.equal($0, item) } ?? -1)
    }
}

/// Values as Python hashes them for sets: 1, 1.0 and true are the same element.
enum Normalized {
    static func key(_ value: JSONValue) -> JSONValue {
        switch value {
        case .bool(let b): return .int(b ? 1 : 0)
        case .double(let d) where d.rounded() == d && abs(d) < 9.0e18: return .int(Int(d))
        case .array(let items): return .array(items.map(key))
        case .object(let object): return .object(object.mapValues(key))
        default: return value
        }
    }
}
