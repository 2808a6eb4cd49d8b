import SquallModel
import SquallPython

/// Evaluation of expressions with Jinja's semantics over Python values.
extension Renderer {
    func evaluate(_ expr: Expr) throws -> Value {
        try step()
        if !lookupNamespaces.isEmpty, let value = namespaceLookup(expr) { return value }
        switch expr {
        case .literal(let value):
            return .defined(value)
        case .name(let name, let position):
            return lookup(name, at: position)
        case .attribute(.name("loop", _), let name, let position) where !loopStates.isEmpty:
            // Fast path: answer loop.index and friends without building the loop object.
            if let value = loopStates[loopStates.count - 1].attribute(name) { return .defined(value) }
            return .undefined(Undefined(origin: .attribute(base: .name("loop", position), name: name), position: position))
        case .attribute(let baseExpr, let name, let position):
            let base = try require(try evaluate(baseExpr))
            if case .object(let dict) = base, let found = dict[name] { return .defined(found) }
            return .undefined(Undefined(origin: .attribute(base: baseExpr, name: name), position: position))
        case .item(let baseExpr, let keyExpr, let position):
            let base = try require(try evaluate(baseExpr))
            let key = try require(try evaluate(keyExpr))
            if let found = Renderer.subscriptValue(base, key) { return .defined(found) }
            return .undefined(Undefined(origin: .item(base: baseExpr, key: key), position: position))
        case .slice(let baseExpr, let start, let stop, let step, let position):
            return try located(position) {
                let base = try require(try evaluate(baseExpr))
                return .defined(try Slicing.slice(base, start: try optionalInt(start), stop: try optionalInt(stop),
                                                  step: try optionalInt(step)))
            }
        case .list(let items), .tuple(let items):
            return .defined(.array(try items.map { try require(try evaluate($0)) }))
        case .dict(let entries):
            var dict: [String: JSONValue] = [:]
            for entry in entries {
                let key = try require(try evaluate(entry.key))
                dict[Python.str(key)] = try require(try evaluate(entry.value))
            }
            return .defined(.object(dict))
        case .negate(let operand, let position):
            return try located(position) { .defined(try PythonArithmetic.negate(try require(try evaluate(operand)))) }
        case .plus(let operand, let position):
            return try located(position) {
                let value = try require(try evaluate(operand))
                guard Python.number(value) != nil else {
                    throw TemplateError("bad operand type for unary +: '\(Python.typeName(value))'")
                }
                return .defined(value)
            }
        case .binary(let op, let left, let right, let position):
            let a = try require(try evaluate(left))
            let b = try require(try evaluate(right))
            return try located(position) { try checkedSize(.defined(try PythonArithmetic.apply(op, a, b))) }
        case .concat(let parts, let position):
            var out = ""
            for part in parts {
                out += try text(try evaluate(part))
                try located(position) { try limits.checkString(bytes: out.utf8.count) }
            }
            return .defined(.string(out))
        case .and(let left, let right):
            let first = try evaluate(left)
            return try isTruthy(first) ? try evaluate(right) : first
        case .or(let left, let right):
            let first = try evaluate(left)
            return try isTruthy(first) ? first : try evaluate(right)
        case .not(let operand):
            return .defined(.bool(!(try isTruthy(try evaluate(operand)))))
        case .compare(let first, let comparisons, let position):
            return try located(position) { .defined(.bool(try compareChain(first, comparisons))) }
        case .conditional(let condition, let then, let otherwise):
            if try isTruthy(try evaluate(condition)) { return try evaluate(then) }
            // Jinja prints nothing for a false inline `if` without `else`, even with StrictUndefined.
            guard let otherwise else { return .emptyString }
            return try evaluate(otherwise)
        case .filter(let base, let filter):
            let value = try applyFilter(filter, to: try evaluate(base))
            return try located(filter.position) { try checkedSize(value) }
        case .test(let base, let test):
            let value = try evaluate(base)
            let (args, kwargs) = try evaluateArguments(test.arguments)
            let passed = try located(test.position) {
                try BuiltinTests.evaluate(test.name, value, args, kwargs, renderer: self)
            }
            return .defined(.bool(passed != test.negated))
        case .call(let callee, let arguments, let position):
            return try located(position) { try checkedSize(try call(callee, arguments, at: position)) }
        }
    }

    /// What an operation, filter or call made must be within `limits`. Operations that multiply
    /// sizes (repetition, range, join, padding) check before building; this catches the rest
    /// after a single step, which at most doubles or re-encodes what was within bounds.
    private func checkedSize(_ value: Value) throws -> Value {
        switch value {
        case .defined(.string(let s)): try limits.checkString(bytes: s.utf8.count)
        case .defined(.array(let items)): try limits.checkItems(items.count)
        case .defined(.object(let dict)): try limits.checkItems(dict.count)
        default: break
        }
        return value
    }

    /// Attaches a position to errors thrown without one.
    func located<T>(_ position: SourcePosition, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as TemplateError where error.position == nil {
            throw TemplateError(error.message, at: position)
        } catch let error as PythonError {
            throw TemplateError(error, at: position)
        }
    }

    /// `obj[key]` over Python containers: dict by string key, list and string by (negative) index.
    static func subscriptValue(_ base: JSONValue, _ key: JSONValue) -> JSONValue? {
        switch (base, key) {
        case (.object(let dict), .string(let name)):
            return dict[name]
        case (.array(let items), _):
            guard case .int(let raw)? = Python.number(key) else { return nil }
            let index = raw < 0 ? raw + items.count : raw
            // Not a ternary: JSONValue is ExpressibleByNilLiteral, so `: nil` would mean .null.
            guard items.indices.contains(index) else { return Optional.none }
            return items[index]
        case (.string(let s), _):
            guard case .int(let raw)? = Python.number(key) else { return nil }
            let scalars = Array(s.unicodeScalars)
            let index = raw < 0 ? raw + scalars.count : raw
            guard scalars.indices.contains(index) else { return Optional.none }
            return .string(String(Character(scalars[index])))
        default:
            return nil
        }
    }

    private func optionalInt(_ expr: Expr?) throws -> Int? {
        guard let expr else { return nil }
        let value = try require(try evaluate(expr))
        if value.isNull { return nil }
        guard case .int(let i)? = Python.number(value) else {
            throw TemplateError("slice indices must be integers or None")
        }
        return i
    }

    private func compareChain(_ first: Expr, _ comparisons: [Comparison]) throws -> Bool {
        var left = try evaluate(first)
        for comparison in comparisons {
            let right = try evaluate(comparison.operand)
            guard try compare(left, comparison.op, right) else { return false }
            left = right
        }
        return true
    }

    private func compare(_ left: Value, _ op: CompareOperator, _ right: Value) throws -> Bool {
        switch op {
        case .equal, .notEqual:
            let equal: Bool
            switch (left, right) {
            case (.defined(let a), .defined(let b)): equal = Python.equal(a, b)
            case (.undefined, .undefined) where !strictUndefined: equal = true
            default:
                if strictUndefined {
                    if case .undefined(let u) = left { throw u.error }
                    if case .undefined(let u) = right { throw u.error }
                }
                equal = false
            }
            return equal == (op == .equal)
        case .isIn, .notIn:
            let found: Bool
            if case .undefined(let u) = right {
                if strictUndefined { throw u.error }
                found = false
            } else {
                found = try Python.contains(try require(right), try require(left))
            }
            return found == (op == .isIn)
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            let ordering: Python.ComparisonOperator
            switch op {
            case .less: ordering = .less
            case .lessOrEqual: ordering = .lessOrEqual
            case .greater: ordering = .greater
            default: ordering = .greaterOrEqual
            }
            return try Python.compare(try require(left), ordering, try require(right))
        }
    }

    func evaluateArguments(_ arguments: Arguments) throws -> ([Value], [String: Value]) {
        let positional = try arguments.positional.map { try evaluate($0) }
        var keywords: [String: Value] = [:]
        for (name, expr) in arguments.keywords { keywords[name] = try evaluate(expr) }
        return (positional, keywords)
    }

    func applyFilter(_ filter: FilterApplication, to value: Value) throws -> Value {
        let (args, kwargs) = try evaluateArguments(filter.arguments)
        return try located(filter.position) {
            try invokeFilter(filter.implementation, value, args, kwargs)
        }
    }

    func invokeFilter(_ implementation: FilterImplementation, _ value: Value, _ args: [Value], _ kwargs: [String: Value]) throws -> Value {
        switch implementation {
        case .builtin(let body):
            return try body(FilterCall(value: value, args: args, kwargs: kwargs, renderer: self))
        case .registered(let body):
            // Outside code sees plain JSON; lenient Undefined reaches it as null.
            let input = try exported(value, lenientFallback: .null)
            let plainArgs = try args.map { try exported($0, lenientFallback: .null) }
            let plainKwargs = try kwargs.mapValues { try exported($0, lenientFallback: .null) }
            do {
                return .defined(try body(input, plainArgs, plainKwargs))
            } catch let error as TemplateError {
                throw error
            } catch {
                throw TemplateError(String(describing: error))
            }
        }
    }

    private func call(_ callee: Expr, _ arguments: Arguments, at position: SourcePosition) throws -> Value {
        let (args, kwargs) = try evaluateArguments(arguments)
        switch callee {
        case .attribute(let baseExpr, let name, _):
            let base = try require(try evaluate(baseExpr))
            if name == "cycle", case .name("loop", _) = baseExpr, let state = loopStates.last {
                let index0 = state.index
                guard !args.isEmpty else { throw TemplateError("no items for cycling given") }
                return args[index0 % args.count]
            }
            let plainArgs = try args.map { try require($0) }
            let plainKwargs = try kwargs.mapValues { try require($0) }
            return .defined(try PythonMethods.call(name, on: base, plainArgs, plainKwargs))
        case .name(let name, _):
            // Positional-only host functions never see keyword arguments.
            var function: TemplateKeywordFunction? = keywordFunctions[name]
            let takesKeywords = function != nil
            if function == nil, let positional = functions[name] {
                function = { arguments, _ in try positional(arguments) }
            }
            if let function {
                let plainArgs = try args.map { try require($0) }
                let plainKwargs: [String: JSONValue] = try takesKeywords ? kwargs.mapValues { try require($0) } : [:]
                do {
                    return .defined(try function(plainArgs, plainKwargs))
                } catch let error as TemplateError {
                    throw error
                } catch {
                    throw TemplateError(String(describing: error))
                }
            }
            if case .defined = lookup(name, at: position) {
                throw TemplateError("'\(name)' is not callable")
            }
            let plainArgs = try args.map { try require($0) }
            let plainKwargs = try kwargs.mapValues { try require($0) }
            return .defined(try GlobalFunctions.call(name, plainArgs, plainKwargs))
        default:
            throw TemplateError("'\(ExpressionText.describe(callee))' is not callable")
        }
    }
}
