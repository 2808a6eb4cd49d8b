import SquallModel

/// coalesce() and switch(): their arguments are evaluated only as far as needed.
enum BranchingFunctions {
    static let all: [(String, Builtin)] = [
        ("coalesce", .function(0...Int.max) { call in
            for i in 0..<call.count {
                let value = try call.value(i)
                if value != .null { return value }
            }
            return .null
        }),
        // switch(condition => value, ...): the value of the first true condition, else null.
        ("switch", .function(0...0, named: true) { call in
            for (condition, value) in call.named where try call.evaluator.evaluate(condition, in: call.scope).isPythonTruthy {
                return try call.evaluator.evaluate(value, in: call.scope)
            }
            return .null
        }),
    ]
}
