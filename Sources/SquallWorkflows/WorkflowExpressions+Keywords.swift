import SquallModel
import SquallYAQL

/// Orquesta's functions called with keyword arguments, as its Python signatures allow:
/// `task(task_id, route)`, `task_status(task_id, route)`, `ctx(key)`, `item(key)` — in YAQL
/// `task('t', route => 1)`, in Jinja `task('t', route=1)`.
extension WorkflowExpressions {
    /// The exception orquesta's functions raise, named in its messages.
    static let evaluationException = "ExpressionEvaluationException: "

    static let orquestaSignatures: [String: [String]] = [
        "task": ["task_id", "route"], "task_status": ["task_id", "route"], "ctx": ["key"], "item": ["key"],
        "result": [], "succeeded": [], "failed": [], "completed": [],
    ]

    func orquestaKeywordFunctions(_ scope: ExpressionScope,
                                  _ positional: [String: @Sendable ([JSONValue]) throws -> JSONValue])
        -> [String: @Sendable ([JSONValue], [String: JSONValue]) throws -> JSONValue] {
        var functions: [String: @Sendable ([JSONValue], [String: JSONValue]) throws -> JSONValue] = [:]
        for (name, parameters) in Self.orquestaSignatures {
            let call: @Sendable ([JSONValue]) throws -> JSONValue
            if name == "task" {
                call = { arguments in try WorkflowExpressions.task(arguments, in: scope) }
            } else if let function = positional[name] {
                call = function
            } else {
                continue
            }
            functions[name] = { arguments, keywords in
                try call(Self.bind(name, parameters, arguments, keywords))
            }
        }
        return functions
    }

    /// Positional and keyword arguments as one positional list, as Python binds them (a keyword
    /// left out before a given one is None); a wrong call gets Python's one-line TypeError.
    static func bind(_ function: String, _ parameters: [String], _ arguments: [JSONValue], _ keywords: [String: JSONValue]) throws -> [JSONValue] {
        guard arguments.count <= parameters.count else {
            throw ExpressionError(message: "TypeError: \(function)() takes \(parameters.count) positional argument(s) but \(arguments.count) were given")
        }
        var bound = arguments
        for (keyword, value) in keywords.sorted(by: { $0.key < $1.key }) {
            guard let index = parameters.firstIndex(of: keyword) else {
                throw ExpressionError(message: "TypeError: \(function)() got an unexpected keyword argument '\(keyword)'")
            }
            guard index >= arguments.count else {
                throw ExpressionError(message: "TypeError: \(function)() got multiple values for argument '\(keyword)'")
            }
            while bound.count <= index { bound.append(.null) }
            bound[index] = value
        }
        return bound
    }

    /// st2's task(task_id=None, route=None): the task's latest instance on the route (the current
    /// task and its route when not given), looked up back along the route as st2 does.
    static func task(_ arguments: [JSONValue], in scope: ExpressionScope) throws -> JSONValue {
        let given = arguments.first.flatMap { $0 == .null ? nil : $0 }
        let route = arguments.count > 1 ? arguments[1].intValue : nil
        guard let name = given?.stringValue ?? (given == nil ? scope.currentTask : nil),
              let latest = Conductor.latestTask(name, route: route ?? scope.currentRoute ?? 0, in: scope)
                ?? (route == nil ? scope.latestTasks[name] : nil) else {
            let name = given.map { $0.stringValue ?? PythonStr.str($0) } ?? ""
            // A YAQL error passes through YAQL's host call unwrapped; the callers word it as orquesta does.
            throw YAQLError(.host, evaluationException + "Unable to find task execution for \"\(name)\".")
        }
        return ["id": .string(name), "task_id": .string(name), "task_name": .string(name), "route": .int(latest.route),
                "status": .string(scope.taskStatuses[name] ?? "null"), "result": latest.result]
    }
}
