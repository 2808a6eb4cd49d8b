import SquallModel

/// Less common queries: enumerate, zip, selectMany, toDict, indexWhere, lastIndexOf, delete.
enum SequenceFunctions {
    static let all: [(String, Builtin)] = [
        ("enumerate", .both(1...2) { call in
            let items = try call.list(0)
            let start = call.count == 2 ? try call.int(1) : 0
            guard start.addingReportingOverflow(items.count).overflow == false else {
                throw EvaluationFailure(.value, "enumerate() start \(start) is too large")
            }
            return .array(items.enumerated().map { .array([.int(start + $0.offset), $0.element]) })
        }),
        ("zip", .method(2...Int.max) { call in
            let lists = try (0..<call.count).map { try call.list($0) }
            let length = lists.map(\.count).min() ?? 0
            return .array((0..<length).map { i in .array(lists.map { $0[i] }) })
        }),
        ("selectMany", .method(2...2) { call in
            let selector = call.lambda(1)
            var out: [JSONValue] = []
            for item in try call.list(0) {
                let selected = try selector(item)
                if case .array(let inner) = selected {
                    try call.evaluator.checkSize(out.count + inner.count, of: "the list")
                    out += inner
                } else {
                    out.append(selected)
                }
            }
            return .array(out)
        }),
        ("toDict", .method(2...3) { call in
            let keyOf = call.lambda(1)
            let valueOf = call.optionalLambda(2) ?? { $0 }
            var object: [String: JSONValue] = [:]
            for item in try call.list(0) { object[try Evaluator.key(try keyOf(item))] = try valueOf(item) }
            return .object(object)
        }),
        ("indexWhere", .method(2...2) { call in
            let predicate = call.lambda(1)
            return .int(try call.list(0).firstIndex { try predicate($0).isPythonTruthy } ?? -1)
        }),
        ("lastIndexOf", .method(2...2) { call in
            if case .string(let text) = try call.value(0) {
                let scalars = Array(text.unicodeScalars)
                let part = Array(try call.string(1).unicodeScalars)
                var last = -1
                var from = 0
                while let found = try ScalarSearch.find(part, in: scalars, from: from, evaluator: call.evaluator) {
                    last = found
                    from = found + 1
                }
                return .int(last)
            }
            let item = try call.value(1)
            return .int(try call.list(0).lastIndex { Operators.equal($0, item) } ?? -1)
        }),
        // dict.delete(key, ...) drops keys; list.delete(position[, count]) drops elements.
        ("delete", .method(1...Int.max) { call in
            if case .object(var object) = try call.value(0) {
                for i in 1..<max(1, call.count) {
                    if case .string(let key) = try call.value(i) { object[key] = nil }
                }
                return .object(object)
            }
            var items = try call.list(0)
            guard call.count == 2 || call.count == 3 else {
                throw EvaluationFailure(.noMethod("delete"), "no method 'delete' taking \(call.count - 1) argument(s) for list")
            }
            let position = try call.int(1)
            let count = call.count == 3 ? try call.int(2) : 1
            guard position >= 0 else { throw EvaluationFailure(.value, "delete() position must be 0 or more, not \(position)") }
            let start = min(position, items.count)
            let end = count < 0 ? items.count : start + min(count, items.count - start)
            items.removeSubrange(start..<end)
            return .array(items)
        }),
        ("deleteAll", .method(2...2) { call in
            var object = try call.dict(0)
            for key in try call.list(1) { if case .string(let k) = key { object[k] = nil } }
            return .object(object)
        }),
    ]
}
