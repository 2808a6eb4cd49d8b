import SquallModel

/// Builds the syntax tree with yaql's operator table, tightest binding first:
/// `.` `?.` > `[]` > unary `+ -` > `=~ !~` > `* / mod` > `+ -` > `< <= > >= = != in` > `not` > `and` > `or`.
/// All binary operators are left-associative.
struct Parser {
    private static let binaryPower: [String: Int] = [
        "or": 10, "and": 20,
        "=": 40, "!=": 40, "<": 40, "<=": 40, ">": 40, ">=": 40, "in": 40,
        "+": 50, "-": 50,
        "*": 60, "/": 60, "mod": 60,
        "=~": 70, "!~": 70,
    ]
    private static let notOperandPower = 30
    private static let unaryOperandPower = 80
    private static let indexPower = 90
    private static let memberPower = 100

    private let source: String
    private let tokens: [Token]
    private let maxDepth: Int
    private var position = 0
    private var nesting = 0

    init(source: String, tokens: [Token], maxDepth: Int) {
        self.source = source
        self.tokens = tokens
        self.maxDepth = maxDepth
    }

    static func parse(_ source: String, options: YAQLOptions) throws -> Node {
        let length = source.unicodeScalars.count
        guard length <= options.maxExpressionLength else {
            throw YAQLError(.limit, "expression is \(length) characters long, more than the limit of \(options.maxExpressionLength)")
        }
        var lexer = Lexer(source)
        let (tokens, lexical) = lexer.tokenizeUntilError()
        var parser = Parser(source: source, tokens: tokens, maxDepth: options.maxNestingDepth)
        do {
            let root = try parser.parseExpression(minPower: 0)
            guard parser.current.kind == .end else { throw parser.unexpected() }
            if let lexical { throw lexical }
            return root
        } catch let error as YAQLError {
            // yaql's parser asks its lexer for one token at a time: a grammar error before the
            // token the lexer cannot read is raised first (`<% x` is an unexpected `<`, not an
            // illegal `%`). At that token, the lexer's error is.
            guard let lexical, let end = tokens.last?.offset else { throw error }
            if error.kind == .syntax, parser.current.offset >= end { throw lexical }
            throw error
        }
    }

    private var current: Token { tokens[position] }

    private mutating func advance() { if position < tokens.count - 1 { position += 1 } }

    private func unexpected() -> YAQLError {
        let token = current
        if token.kind == .end {
            return .syntax("unexpected end of expression", at: token.offset, in: source, yaql: Self.yaqlUnexpected(token, in: source))
        }
        if token.kind == .op("->") {
            // yaql has the operator: it would not stop here.
            return .syntax("the '->' operator is not supported", at: token.offset, in: source, yaql: nil)
        }
        return .syntax("unexpected token \(token.display)", at: token.offset, in: source, yaql: Self.yaqlUnexpected(token, in: source))
    }

    private mutating func expect(_ symbol: String) throws {
        guard current.kind == .op(symbol) else { throw unexpected() }
        advance()
    }

    /// Every node goes through here, so no tree deeper than the limit is ever built.
    private func make(_ kind: Node.Kind, at offset: Int, children: [Node]) throws -> Node {
        let node = Node(kind, at: offset, children: children)
        guard node.depth <= maxDepth else { throw tooDeep(at: offset) }
        return node
    }

    private func tooDeep(at offset: Int) -> YAQLError {
        YAQLError(.limit, "expression nested deeper than \(maxDepth) levels at \(offset) in \(YAQLError.quoted(source))")
    }

    mutating func parseExpression(minPower: Int) throws -> Node {
        nesting += 1
        defer { nesting -= 1 }
        guard nesting <= maxDepth else { throw tooDeep(at: current.offset) }

        var left = try parsePrefix()
        while true {
            let token = current
            guard case .op(let op) = token.kind else { break }
            if let power = Self.binaryPower[op], power > minPower {
                advance()
                let right = try parseExpression(minPower: power)
                left = try make(.binary(op: op, left: left, right: right), at: token.offset, children: [left, right])
            } else if op == "[", Self.indexPower > minPower {
                advance()
                let arguments = try parseArguments(closer: "]")
                let nodes = try arguments.map { argument -> Node in
                    guard case .positional(let n) = argument else {
                        throw YAQLError.syntax("an index takes no named argument", at: token.offset, in: source, yaql: nil)
                    }
                    return n
                }
                left = try make(.index(receiver: left, arguments: nodes), at: token.offset, children: [left] + nodes)
            } else if op == "." || op == "?.", Self.memberPower > minPower {
                advance()
                let member = try parseExpression(minPower: Self.memberPower)
                left = try make(.member(receiver: left, member: member, nullSafe: op == "?."),
                                at: token.offset, children: [left, member])
            } else {
                break
            }
        }
        return left
    }

    private mutating func parsePrefix() throws -> Node {
        let token = current
        switch token.kind {
        case .constant(let value):
            advance()
            return Node(.constant(value), at: token.offset)
        case .keyword(let word):
            advance()
            return Node(.keyword(word), at: token.offset)
        case .dollar(let name):
            advance()
            return Node(.variable(name), at: token.offset)
        case .function(let name):
            advance()
            let arguments = try parseArguments(closer: ")")
            return try make(.call(name: name, arguments: arguments), at: token.offset,
                            children: arguments.flatMap(\.nodes))
        case .op("-"), .op("+"), .op("not"):
            guard case .op(let op) = token.kind else { throw unexpected() }
            advance()
            let operand = try parseExpression(minPower: op == "not" ? Self.notOperandPower : Self.unaryOperandPower)
            return try make(.unary(op: op, operand: operand), at: token.offset, children: [operand])
        case .op("("):
            advance()
            let inner = try parseExpression(minPower: 0)
            try expect(")")
            return inner
        case .op("["):
            advance()
            let arguments = try parseArguments(closer: "]")
            let items = try arguments.map { argument -> Node in
                guard case .positional(let n) = argument else {
                    throw YAQLError.syntax("a list takes no 'key => value' item", at: token.offset, in: source, yaql: nil)
                }
                return n
            }
            return try make(.list(items), at: token.offset, children: items)
        case .op("{"):
            advance()
            let arguments = try parseArguments(closer: "}")
            let pairs = try arguments.map { argument -> (key: Node, value: Node) in
                guard case .named(let k, let v) = argument else {
                    throw YAQLError.syntax("a dict item must be 'key => value'", at: token.offset, in: source, yaql: nil)
                }
                return (k, v)
            }
            return try make(.map(pairs), at: token.offset, children: pairs.flatMap { [$0.key, $0.value] })
        default:
            throw unexpected()
        }
    }

    /// `a, b, k => v` up to the closing bracket, which is consumed.
    private mutating func parseArguments(closer: String) throws -> [Node.Argument] {
        var arguments: [Node.Argument] = []
        if current.kind == .op(closer) {
            advance()
            return arguments
        }
        while true {
            let value = try parseExpression(minPower: 0)
            if current.kind == .op("=>") {
                advance()
                arguments.append(.named(name: value, value: try parseExpression(minPower: 0)))
            } else {
                if case .named = arguments.last {
                    // yaql's grammar stops at the token after it.
                    throw YAQLError.syntax("a positional argument after a named one", at: value.offset, in: source,
                                           yaql: Self.yaqlUnexpected(current, in: source))
                }
                arguments.append(.positional(value))
            }
            if current.kind == .op(",") {
                advance()
                continue
            }
            try expect(closer)
            return arguments
        }
    }
}
