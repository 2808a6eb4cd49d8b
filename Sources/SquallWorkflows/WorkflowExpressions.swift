import Foundation
import SquallModel
import SquallPython
import SquallTemplates
import SquallYAQL

/// What an expression sees: `ctx()`, and while a task is being handled its `result()`, `item()`
/// and status (`succeeded()`, `failed()`, `completed()`), plus every task's last status.
public struct ExpressionScope: Sendable {
    public var context: [String: JSONValue]
    public var result: JSONValue?
    public var item: JSONValue?
    public var itemNames: [String] = []
    public var currentTaskStatus: String?
    public var taskStatuses: [String: String] = [:]
    /// The task whose transitions are being evaluated: `task()` without a name.
    public var currentTask: String?
    /// The route of the task being handled, for `task()` and `task_status()` without a route.
    public var currentRoute: Int?
    /// Each task's latest instance, for `task(name)`: by name, and by `LatestTask.key(name, route:)`.
    public var latestTasks: [String: LatestTask] = [:]
    /// Each route's transitions from the start, for `task(name, route)` to look back along a route.
    public var routePaths: [Int: [String]] = [:]

    public init(context: [String: JSONValue], result: JSONValue? = nil, item: JSONValue? = nil,
                currentTaskStatus: String? = nil, taskStatuses: [String: String] = [:]) {
        self.context = context; self.result = result; self.item = item
        self.currentTaskStatus = currentTaskStatus; self.taskStatuses = taskStatuses
    }
}

/// A task's latest instance as `task(name)` shows it: its route and, once it ended, its result.
public struct LatestTask: Sendable, Codable, Equatable {
    public var route: Int
    public var result: JSONValue
    public init(route: Int, result: JSONValue = .null) { self.route = route; self.result = result }
}

/// An expression failed at run time; `message` is orquesta's (`YaqlEvaluationException: ...`).
public struct ExpressionError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}

/// Evaluates workflow values: strings holding `<% %>` or `{{ }}`, nested in lists and mappings.
/// A string that is one expression keeps the value's type; otherwise values are interpolated as
/// Python's `str()` writes them.
public struct WorkflowExpressions: Sendable {
    let templates: TemplateEnvironment
    /// st2's `st2kv('system.key', decrypt=false)`: the host's datastore, if it gives one. It gets
    /// the key and whether to decrypt (st2 gives a secret's stored ciphertext unless asked).
    public var st2kv: (@Sendable (_ key: String, _ decrypt: Bool) throws -> JSONValue)?
    /// st2's functions from `templates`' filters, looked up once (WorkflowExpressions+St2Functions).
    let st2FunctionTable: [String: @Sendable ([JSONValue]) throws -> JSONValue]

    public init(templates: TemplateEnvironment = .st2(), st2kv: (@Sendable (_ key: String, _ decrypt: Bool) throws -> JSONValue)? = nil) {
        self.templates = templates
        self.st2kv = st2kv
        self.st2FunctionTable = Self.st2Functions(templates)
    }

    public func evaluate(_ value: JSONValue, in scope: ExpressionScope) throws -> JSONValue {
        switch value {
        case .string(let text): return try evaluateText(text, in: scope)
        case .array(let items): return .array(try items.map { try evaluate($0, in: scope) })
        case .object(let object): return .object(try object.mapValues { try evaluate($0, in: scope) })
        default: return value
        }
    }

    /// A `when` condition: Python truthiness of its value.
    public func condition(_ text: String, in scope: ExpressionScope) throws -> Bool {
        if let status = StatusCondition(exactly: text) { return status.holds(for: scope.currentTaskStatus) }
        return Python.isTruthy(try evaluateText(text, in: scope))
    }

    func evaluateText(_ text: String, in scope: ExpressionScope) throws -> JSONValue {
        let segments = ExpressionText.yaqlSegments(text)
        if !segments.isEmpty {
            if segments.count == 1, text[segments[0]].count == text.trimmingCharacters(in: .whitespacesAndNewlines).count {
                return try yaql(text[segments[0]], in: scope)
            }
            var out = ""
            var cursor = text.startIndex
            for segment in segments {
                out += text[cursor..<segment.lowerBound]
                out += PythonStr.str(try yaql(text[segment], in: scope))
                cursor = segment.upperBound
            }
            out += text[cursor...]
            return .string(out)
        }
        if ExpressionText.hasJinja(text) { return try jinja(text, in: scope) }
        return .string(text)
    }

    private func yaql(_ segment: Substring, in scope: ExpressionScope) throws -> JSONValue {
        let source = ExpressionText.inner(segment)
        do {
            let expression = try YAQLParseCache.shared.expression(source)
            let positional = functions(scope)
            return try expression.evaluate(data: .object(scope.context), functions: positional, keywordFunctions: keywordFunctions(scope, positional))
        } catch let error as YAQLError {
            if case .missingKey(let key) = error.kind {
                throw ExpressionError(message: "YaqlEvaluationException: Unable to resolve key '\(key)' in expression '\(segment)' from context.")
            }
            if case .host = error.kind, error.message.hasPrefix(Self.evaluationException) {
                throw ExpressionError(message: "YaqlEvaluationException: Unable to evaluate expression '\(segment)'. \(error.message)")
            }
            if case .noProperty(let name) = error.kind {
                throw ExpressionError(message: "YaqlEvaluationException: Unable to evaluate expression '\(segment)'. "
                                      + "NoFunctionRegisteredException: Unknown function \"#property#\(name)\"")
            }
            throw ExpressionError(message: "YaqlEvaluationException: \(error.message)")
        } catch let error as ExpressionError {
            throw error
        } catch {
            throw ExpressionError(message: "YaqlEvaluationException: \(error)")
        }
    }

    private func jinja(_ text: String, in scope: ExpressionScope) throws -> JSONValue {
        do {
            let positional = functions(scope)
            return try templates.renderValue(text, context: ["_": .object(scope.context)], functions: positional,
                                             keywordFunctions: keywordFunctions(scope, positional))
        } catch let error as TemplateError {
            if let range = error.message.range(of: Self.evaluationException) {
                let expression = text.trimmingCharacters(in: .whitespacesAndNewlines)
                throw ExpressionError(message: "JinjaEvaluationException: Unable to evaluate expression '\(expression)'. \(error.message[range.lowerBound...])")
            }
            if error.message.contains("undefined") || error.message.contains("has no attribute") {
                let inner = text.replacingOccurrences(of: "{{", with: "").replacingOccurrences(of: "}}", with: "")
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                throw ExpressionError(message: "JinjaEvaluationException: There are unresolved variables: \(inner)")
            }
            throw ExpressionError(message: "JinjaEvaluationException: \(error.message)")
        } catch {
            throw ExpressionError(message: "JinjaEvaluationException: \(error)")
        }
    }

    /// Orquesta's functions, shared by both languages.
    func functions(_ scope: ExpressionScope) -> [String: @Sendable ([JSONValue]) throws -> JSONValue] {
        let status = scope.currentTaskStatus
        var functions: [String: @Sendable ([JSONValue]) throws -> JSONValue] = [
            "ctx": { arguments in
                guard let name = arguments.first?.stringValue else { return .object(scope.context) }
                guard let value = scope.context[name] else {
                    throw YAQLError(.missingKey(name), "Unable to resolve key '\(name)' in context")
                }
                return value
            },
            "result": { _ in scope.result ?? .null },
            "item": { arguments in
                guard let item = scope.item else { return .null }
                guard let name = arguments.first?.stringValue else { return item }
                if scope.itemNames.count > 1, let index = scope.itemNames.firstIndex(of: name), case .array(let values) = item {
                    return index < values.count ? values[index] : .null
                }
                return item
            },
            "task_status": { arguments in
                guard let name = arguments.first?.stringValue else { return .null }
                return .string(scope.taskStatuses[name] ?? "null")
            },
            "succeeded": { _ in .bool(status == "succeeded") },
            "failed": { _ in .bool(status == "failed") },
            "completed": { _ in .bool(status == "succeeded" || status == "failed") },
        ]
        functions.merge(st2FunctionTable) { own, _ in own }
        return functions
    }

    /// The functions that take keyword arguments: orquesta's (WorkflowExpressions+Keywords) and
    /// st2kv(key, decrypt=...) (`decrypt => true` in YAQL).
    func keywordFunctions(_ scope: ExpressionScope, _ positional: [String: @Sendable ([JSONValue]) throws -> JSONValue])
        -> [String: @Sendable ([JSONValue], [String: JSONValue]) throws -> JSONValue] {
        var functions = orquestaKeywordFunctions(scope, positional)
        guard let st2kv else { return functions }
        functions["st2kv"] = { arguments, keywords in
            guard let key = arguments.first?.stringValue else { throw ExpressionError(message: "st2kv() needs a key") }
            if let unknown = keywords.keys.sorted().first(where: { $0 != "decrypt" && $0 != "default" }) {
                throw ExpressionError(message: "st2kv() got an unexpected keyword argument '\(unknown)'")
            }
            // st2 reads decrypt as Python truth; a second positional argument is not st2's signature.
            let decrypt = keywords["decrypt"].map(Python.isTruthy) ?? false
            // st2's `default`: the value of a key that does not exist (the host throws
            // ExpressionError for a missing key only).
            guard let fallback = keywords["default"] else { return try st2kv(key, decrypt) }
            do { return try st2kv(key, decrypt) } catch is ExpressionError { return fallback }
        }
        return functions
    }
}
