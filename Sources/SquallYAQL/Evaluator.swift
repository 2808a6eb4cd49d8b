import SquallModel

/// What `$` and `$name` stand for at one point of evaluation. Inside `select($...)` and the other
/// lambdas, `$` (and `$1`) is the current item.
struct Scope {
    let dollar: JSONValue
    let variables: [String: JSONValue]

    func binding(_ item: JSONValue) -> Scope {
        var variables = self.variables
        variables["1"] = item
        return Scope(dollar: item, variables: variables)
    }
}

/// A problem found while evaluating, before it is placed in the expression: the evaluator adds
/// the offset of the node being evaluated.
struct EvaluationFailure: Error {
    let kind: YAQLError.Kind
    let message: String

    init(_ kind: YAQLError.Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
}

/// Walks the tree. One instance per evaluation: it holds the step budget.
final class Evaluator {
    let source: String
    let options: YAQLOptions
    let hostFunctions: [String: YAQLKeywordHostFunction]
    /// The host functions that take `name => value` arguments; the others refuse them.
    let keywordHosts: Set<String>
    private var steps = 0

    init(source: String, options: YAQLOptions, hostFunctions: [String: YAQLKeywordHostFunction], keywordHosts: Set<String> = []) {
        self.source = source
        self.options = options
        self.hostFunctions = hostFunctions
        self.keywordHosts = keywordHosts
    }

    /// Spends `count` steps of the budget, so that no expression runs unbounded.
    func spend(_ count: Int = 1) throws {
        let (total, overflow) = steps.addingReportingOverflow(count)
        steps = total
        guard !overflow, steps <= options.maxSteps else {
            throw EvaluationFailure(.limit, "evaluation took more than \(options.maxSteps) steps")
        }
    }

    /// Refuses to build a value with more than `maxCollectionSize` elements (or characters).
    func checkSize(_ count: Int, of what: String) throws {
        guard count <= options.maxCollectionSize else {
            let unit = what == "the string" ? "characters" : "elements"
            throw EvaluationFailure(.limit, "\(what) would have \(count) \(unit), more than the limit of \(options.maxCollectionSize)")
        }
        try spend(count)
    }

    func evaluate(_ node: Node, in scope: Scope) throws -> JSONValue {
        do {
            try spend()
            return try evaluateKind(node, in: scope)
        } catch let failure as EvaluationFailure {
            let at = " at \(node.offset) in \(YAQLError.quoted(source))"
            throw YAQLError(failure.kind, failure.message + at)
        }
    }

    private func evaluateKind(_ node: Node, in scope: Scope) throws -> JSONValue {
        switch node.kind {
        case .constant(let value):
            return value
        case .keyword(let word):
            return .string(word)
        case .variable(let name):
            return name.isEmpty ? scope.dollar : scope.variables[name] ?? .null
        case .list(let items):
            return .array(try items.map { try evaluate($0, in: scope) })
        case .map(let pairs):
            var object: [String: JSONValue] = [:]
            for pair in pairs {
                object[try Self.key(try evaluate(pair.key, in: scope))] = try evaluate(pair.value, in: scope)
            }
            return .object(object)
        case .call(let name, let arguments):
            return try callFunction(name, arguments: arguments, in: scope)
        case .unary(let op, let operand):
            return try Operators.unary(op, try evaluate(operand, in: scope))
        case .binary("and", let left, let right):
            let l = try evaluate(left, in: scope)
            return l.isPythonTruthy ? try evaluate(right, in: scope) : l
        case .binary("or", let left, let right):
            let l = try evaluate(left, in: scope)
            return l.isPythonTruthy ? l : try evaluate(right, in: scope)
        case .binary(let op, let left, let right):
            let l = try evaluate(left, in: scope)
            let r = try evaluate(right, in: scope)
            return try Operators.binary(op, l, r, evaluator: self)
        case .member(let receiverNode, let member, let nullSafe):
            let receiver = try evaluate(receiverNode, in: scope)
            if nullSafe, receiver == .null { return .null }
            return try access(member, of: receiver, in: scope)
        case .index(let receiverNode, let arguments):
            let receiver = try evaluate(receiverNode, in: scope)
            let values = try arguments.map { try evaluate($0, in: scope) }
            return try Self.index(receiver, values)
        }
    }

    /// yaql dicts may have any hashable key; JSON objects only string keys.
    static func key(_ value: JSONValue) throws -> String {
        guard case .string(let s) = value else {
            throw EvaluationFailure(.type, "a dict key must be a string here, not \(TypeNames.describe(value))")
        }
        return s
    }

    /// `recv.name(...)` calls a method, `recv.key` reads a key (of each item, for a list).
    private func access(_ member: Node, of receiver: JSONValue, in scope: Scope) throws -> JSONValue {
        switch member.kind {
        case .call(let name, let arguments):
            return try callMethod(name, on: receiver, arguments: arguments, in: scope)
        case .keyword(let key):
            return try Self.attribute(key, of: receiver, evaluator: self)
        default:
            throw EvaluationFailure(.type, "after '.' comes a name or a method call")
        }
    }

    static func attribute(_ key: String, of receiver: JSONValue, evaluator: Evaluator) throws -> JSONValue {
        switch receiver {
        case .object(let object):
            guard let value = object[key] else { throw EvaluationFailure(.missingKey(key), "no key '\(key)' in the dict") }
            return value
        case .array(let items):
            try evaluator.spend(items.count)
            return .array(try items.map { try attribute(key, of: $0, evaluator: evaluator) })
        default:
            throw EvaluationFailure(.noProperty(key), "cannot read '\(key)' of \(TypeNames.describe(receiver))")
        }
    }

    static func index(_ receiver: JSONValue, _ arguments: [JSONValue]) throws -> JSONValue {
        switch (receiver, arguments.count) {
        case (.object(let object), 1), (.object(let object), 2):
            let key = try key(arguments[0])
            if let value = object[key] { return value }
            if arguments.count == 2 { return arguments[1] }
            throw EvaluationFailure(.missingKey(key), "no key '\(key)' in the dict")
        case (.array(let items), 1):
            return try element(of: items, at: arguments[0])
        default:
            throw EvaluationFailure(.type, "cannot index \(TypeNames.of(receiver)) with \(arguments.count) argument(s)")
        }
    }

    static func element(of items: [JSONValue], at index: JSONValue) throws -> JSONValue {
        items[try position(index, count: items.count)]
    }

    /// Python indexing: negative counts from the end; out of range is an error.
    private static func position(_ index: JSONValue, count: Int) throws -> Int {
        guard case .int(let i) = index else {
            throw EvaluationFailure(.type, "an index must be an integer, not \(TypeNames.of(index))")
        }
        let position = i < 0 ? count + i : i
        guard position >= 0, position < count else {
            throw EvaluationFailure(.value, "index \(i) is out of range for \(count) elements")
        }
        return position
    }
}
