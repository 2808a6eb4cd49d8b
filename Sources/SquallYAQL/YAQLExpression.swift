import SquallModel

/// A function the host provides (Orquesta's `ctx()`, `task_status()`, `result()`...). It gets the
/// evaluated positional arguments; a bare word argument (`ctx(x)`) arrives as the string "x".
/// Host functions are looked up before the built-in ones, so a host may override a built-in.
public typealias YAQLHostFunction = @Sendable (_ arguments: [JSONValue]) throws -> JSONValue

/// A host function that also takes `name => value` arguments (Orquesta's `st2kv(key, decrypt => true)`).
public typealias YAQLKeywordHostFunction = @Sendable (_ arguments: [JSONValue], _ keywords: [String: JSONValue]) throws -> JSONValue

/// A parsed YAQL expression (the text between `<%` and `%>`), ready to evaluate many times.
public struct YAQLExpression: Sendable {
    public let source: String
    public let options: YAQLOptions
    let root: Node

    public init(_ source: String, options: YAQLOptions = YAQLOptions()) throws {
        self.source = source
        self.options = options
        self.root = try Parser.parse(source, options: options)
    }

    /// `data` is what `$` stands for; `variables` are the `$name`s (an unknown one is null, as in
    /// yaql); `functions` are the host's.
    public func evaluate(data: JSONValue = .null, variables: [String: JSONValue] = [:],
                         functions: [String: YAQLHostFunction] = [:],
                         keywordFunctions: [String: YAQLKeywordHostFunction] = [:]) throws -> JSONValue {
        var hostFunctions = functions.mapValues { function -> YAQLKeywordHostFunction in { arguments, _ in try function(arguments) } }
        hostFunctions.merge(keywordFunctions) { _, keyword in keyword }
        let evaluator = Evaluator(source: source, options: options, hostFunctions: hostFunctions,
                                  keywordHosts: Set(keywordFunctions.keys))
        return try evaluator.evaluate(root, in: Scope(dollar: data, variables: variables))
    }
}
