import SquallModel

/// One call of a built-in: its arguments stay unevaluated until asked for, because some are
/// lambdas (`select($.x)` evaluates `$.x` once per item). A method's receiver is argument 0.
/// An argument asked for as a value is evaluated once, however often a built-in reads it.
final class Invocation {
    enum Argument {
        case value(JSONValue)
        case node(Node)
    }

    let name: String
    let evaluator: Evaluator
    let scope: Scope
    let arguments: [Argument]
    let named: [(name: Node, value: Node)]
    private var evaluated: [Int: JSONValue] = [:]

    init(name: String, evaluator: Evaluator, scope: Scope, arguments: [Argument], named: [(name: Node, value: Node)]) {
        self.name = name
        self.evaluator = evaluator
        self.scope = scope
        self.arguments = arguments
        self.named = named
    }

    var count: Int { arguments.count }

    func value(_ i: Int) throws -> JSONValue {
        if let known = evaluated[i] { return known }
        let value: JSONValue
        switch arguments[i] {
        case .value(let v): value = v
        case .node(let n): value = try evaluator.evaluate(n, in: scope)
        }
        evaluated[i] = value
        return value
    }

    /// (JSONValue is ExpressibleByNilLiteral: a bare `nil` here would become `.some(.null)`.)
    func optionalValue(_ i: Int) throws -> JSONValue? { i < count ? try value(i) : Optional<JSONValue>.none }

    /// Argument `i` as a function of the current item (`$` and `$1` inside it).
    func lambda(_ i: Int) -> (JSONValue) throws -> JSONValue {
        let argument = arguments[i]
        let evaluator = self.evaluator, scope = self.scope
        return { item in
            switch argument {
            case .value(let v): return v
            case .node(let n): return try evaluator.evaluate(n, in: scope.binding(item))
            }
        }
    }

    func optionalLambda(_ i: Int) -> ((JSONValue) throws -> JSONValue)? { i < count ? lambda(i) : nil }

    // Typed access, with errors that name the function and the argument.

    func list(_ i: Int) throws -> [JSONValue] {
        let v = try value(i)
        guard case .array(let items) = v else { throw wrongType(i, v, expected: "list") }
        try evaluator.spend(items.count)
        return items
    }

    func dict(_ i: Int) throws -> [String: JSONValue] {
        let v = try value(i)
        guard case .object(let object) = v else { throw wrongType(i, v, expected: "dict") }
        return object
    }

    func string(_ i: Int) throws -> String {
        let v = try value(i)
        guard case .string(let s) = v else { throw wrongType(i, v, expected: "string") }
        return s
    }

    /// An optional string argument: absent or null is nil.
    func optionalString(_ i: Int) throws -> String? {
        guard i < count, try value(i) != .null else { return nil }
        return try string(i)
    }

    func int(_ i: Int) throws -> Int {
        let v = try value(i)
        guard case .int(let n) = v else { throw wrongType(i, v, expected: "integer") }
        return n
    }

    func wrongType(_ i: Int, _ v: JSONValue, expected: String) -> EvaluationFailure {
        EvaluationFailure(.type, "\(name)() needs a \(expected) as argument \(i + 1), not \(TypeNames.describe(v))")
    }
}

/// A built-in function: where it may be called (yaql's functions, methods and extension methods
/// that are both), how many positional arguments it takes (a method's receiver counted), and
/// whether it takes `name => value` arguments.
struct Builtin: Sendable {
    let asFunction: Bool
    let asMethod: Bool
    let arity: ClosedRange<Int>
    let takesNamed: Bool
    let run: @Sendable (Invocation) throws -> JSONValue

    static func function(_ arity: ClosedRange<Int>, named: Bool = false, _ run: @escaping @Sendable (Invocation) throws -> JSONValue) -> Builtin {
        Builtin(asFunction: true, asMethod: false, arity: arity, takesNamed: named, run: run)
    }

    static func method(_ arity: ClosedRange<Int>, _ run: @escaping @Sendable (Invocation) throws -> JSONValue) -> Builtin {
        Builtin(asFunction: false, asMethod: true, arity: arity, takesNamed: false, run: run)
    }

    static func both(_ arity: ClosedRange<Int>, _ run: @escaping @Sendable (Invocation) throws -> JSONValue) -> Builtin {
        Builtin(asFunction: true, asMethod: true, arity: arity, takesNamed: false, run: run)
    }
}

/// Built-ins by name. A name may have a function form and a method form that differ
/// (`concat("a", "b")` joins strings, `[1].concat([2])` lists), so each name maps to a list.
enum Builtins {
    static let table: [String: [Builtin]] = {
        var table: [String: [Builtin]] = [:]
        for library in [ConversionFunctions.all, QueryFunctions.all, SequenceFunctions.all, CollectionFunctions.all,
                        StringFunctions.all, BranchingFunctions.all, MathFunctions.all] {
            for (name, builtin) in library { table[name, default: []].append(builtin) }
        }
        return table
    }()
}

extension Evaluator {
    func callFunction(_ name: String, arguments: [Node.Argument], in scope: Scope) throws -> JSONValue {
        if let host = hostFunctions[name] {
            var values: [JSONValue] = []
            var keywords: [String: JSONValue] = [:]
            for argument in arguments {
                switch argument {
                case .positional(let node):
                    values.append(try evaluate(node, in: scope))
                case .named(let key, let value):
                    guard keywordHosts.contains(name), case .keyword(let word) = key.kind else {
                        throw EvaluationFailure(.type, "\(name)() takes no 'name => value' argument")
                    }
                    keywords[word] = try evaluate(value, in: scope)
                }
            }
            do {
                return try host(values, keywords)
            } catch let error as YAQLError {
                throw error
            } catch {
                let text = "\(error)".split(whereSeparator: \.isNewline).joined(separator: " ")
                throw EvaluationFailure(.host, "\(name)(): \(text)")
            }
        }
        let candidates = (Builtins.table[name] ?? []).filter(\.asFunction)
        guard !candidates.isEmpty else { throw EvaluationFailure(.noFunction(name), "no function '\(name)'") }
        return try invoke(name, candidates, receiver: nil, arguments: arguments, in: scope)
    }

    func callMethod(_ name: String, on receiver: JSONValue, arguments: [Node.Argument], in scope: Scope) throws -> JSONValue {
        let candidates = (Builtins.table[name] ?? []).filter(\.asMethod)
        guard !candidates.isEmpty else {
            throw EvaluationFailure(.noMethod(name), "no method '\(name)' for \(TypeNames.of(receiver))")
        }
        return try invoke(name, candidates, receiver: receiver, arguments: arguments, in: scope)
    }

    private func invoke(_ name: String, _ candidates: [Builtin], receiver: JSONValue?,
                        arguments: [Node.Argument], in scope: Scope) throws -> JSONValue {
        var positional: [Invocation.Argument] = receiver.map { [.value($0)] } ?? []
        var named: [(name: Node, value: Node)] = []
        for argument in arguments {
            switch argument {
            case .positional(let node):
                positional.append(.node(node))
            case .named(let key, let value):
                named.append((key, value))
            }
        }
        let kind: YAQLError.Kind = receiver == nil ? .noFunction(name) : .noMethod(name)
        guard let builtin = candidates.first(where: { $0.arity.contains(positional.count) && (named.isEmpty || $0.takesNamed) }) else {
            let given = receiver == nil ? positional.count : positional.count - 1
            let what = receiver == nil ? "function '\(name)'" : "method '\(name)'"
            throw EvaluationFailure(kind, "no \(what) taking \(given) argument(s)\(named.isEmpty ? "" : " and named arguments")")
        }
        return try builtin.run(Invocation(name: name, evaluator: self, scope: scope, arguments: positional, named: named))
    }
}
