import SquallModel

/// Jinja's expression grammar, loosest binding first:
/// conditional > or > and > not > comparison > + - > ~ > * / // % > ** > unary > postfix, filters, tests.
extension Parser {
    mutating func parseExpression(allowConditional: Bool = true) throws -> Expr {
        let entry = depth
        defer { depth = entry }
        try nest()
        return allowConditional ? try parseConditional() : try parseOr()
    }

    /// `a, b` without brackets (used by `set`) becomes a tuple.
    mutating func parseTupleOrExpression() throws -> Expr {
        let first = try parseExpression()
        guard current.kind == .op(",") else { return first }
        var items = [first]
        while current.kind == .op(",") {
            advance()
            if current.kind == .blockEnd { break }
            items.append(try parseExpression())
        }
        return .tuple(items)
    }

    private mutating func parseConditional() throws -> Expr {
        let entry = depth
        defer { depth = entry }
        var expr = try parseOr()
        while case .name("if") = current.kind {
            try nest()
            advance()
            let condition = try parseOr()
            var otherwise: Expr?
            if case .name("else") = current.kind {
                advance()
                otherwise = try parseConditional()
            }
            expr = .conditional(condition: condition, then: expr, otherwise: otherwise)
        }
        return expr
    }

    private mutating func parseOr() throws -> Expr {
        let entry = depth
        defer { depth = entry }
        var expr = try parseAnd()
        while case .name("or") = current.kind {
            try nest()
            advance()
            expr = .or(expr, try parseAnd())
        }
        return expr
    }

    private mutating func parseAnd() throws -> Expr {
        let entry = depth
        defer { depth = entry }
        var expr = try parseNot()
        while case .name("and") = current.kind {
            try nest()
            advance()
            expr = .and(expr, try parseNot())
        }
        return expr
    }

    private mutating func parseNot() throws -> Expr {
        if case .name("not") = current.kind {
            let entry = depth
            defer { depth = entry }
            try nest()
            advance()
            return .not(try parseNot())
        }
        return try parseCompare()
    }

    private mutating func parseCompare() throws -> Expr {
        let position = current.position
        let first = try parseAdditive()
        var comparisons: [Comparison] = []
        while true {
            let op: CompareOperator
            switch current.kind {
            case .op(let symbol):
                guard let parsed = CompareOperator(rawValue: symbol) else { return finish(first, comparisons, position) }
                op = parsed
                advance()
            case .name("in"):
                op = .isIn
                advance()
            case .name("not") where peek.kind == .name("in"):
                op = .notIn
                advance()
                advance()
            default:
                return finish(first, comparisons, position)
            }
            comparisons.append(Comparison(op: op, operand: try parseAdditive()))
        }
    }

    private func finish(_ first: Expr, _ comparisons: [Comparison], _ position: SourcePosition) -> Expr {
        comparisons.isEmpty ? first : .compare(first, comparisons, position)
    }

    private mutating func parseAdditive() throws -> Expr {
        let entry = depth
        defer { depth = entry }
        var expr = try parseConcat()
        while case .op(let symbol) = current.kind, symbol == "+" || symbol == "-" {
            try nest()
            let position = current.position
            advance()
            expr = .binary(symbol == "+" ? .add : .subtract, expr, try parseConcat(), position)
        }
        return expr
    }

    private mutating func parseConcat() throws -> Expr {
        let position = current.position
        var parts = [try parseMultiplicative()]
        while current.kind == .op("~") {
            advance()
            parts.append(try parseMultiplicative())
        }
        return parts.count == 1 ? parts[0] : .concat(parts, position)
    }

    private mutating func parseMultiplicative() throws -> Expr {
        let entry = depth
        defer { depth = entry }
        var expr = try parsePower()
        while case .op(let symbol) = current.kind, let op = BinaryOperator(rawValue: symbol),
              op == .multiply || op == .divide || op == .floorDivide || op == .modulo {
            try nest()
            let position = current.position
            advance()
            expr = .binary(op, expr, try parsePower(), position)
        }
        return expr
    }

    private mutating func parsePower() throws -> Expr {
        let entry = depth
        defer { depth = entry }
        var expr = try parseUnary(withFilters: true)
        while current.kind == .op("**") {
            try nest()
            let position = current.position
            advance()
            expr = .binary(.power, expr, try parseUnary(withFilters: true), position)
        }
        return expr
    }

    /// Like Jinja, `-x|abs` applies the filter to `-x`.
    private mutating func parseUnary(withFilters: Bool) throws -> Expr {
        let entry = depth
        defer { depth = entry }
        let position = current.position
        var expr: Expr
        if current.kind == .op("-") {
            try nest()
            advance()
            expr = .negate(try parseUnary(withFilters: false), position)
        } else if current.kind == .op("+") {
            try nest()
            advance()
            expr = .plus(try parseUnary(withFilters: false), position)
        } else {
            expr = try parsePostfix(try parsePrimary())
        }
        if withFilters { expr = try parseFiltersAndTests(expr) }
        return expr
    }

    private mutating func parsePrimary() throws -> Expr {
        let token = current
        switch token.kind {
        case .name(let name):
            advance()
            switch name {
            case "true", "True": return .literal(.bool(true))
            case "false", "False": return .literal(.bool(false))
            case "none", "None": return .literal(.null)
            default:
                if name == "loop" { loopReferences += 1 }
                return .name(name, token.position)
            }
        case .string(var text):
            advance()
            // Adjacent string literals join, as in Python.
            while case .string(let more) = current.kind {
                text += more
                advance()
            }
            return .literal(.string(text))
        case .integer(let value):
            advance()
            return .literal(.int(value))
        case .float(let value):
            advance()
            return .literal(.double(value))
        case .op("("):
            advance()
            if current.kind == .op(")") {
                advance()
                return .tuple([])
            }
            let first = try parseExpression()
            if current.kind == .op(")") {
                advance()
                return first
            }
            var items = [first]
            while current.kind == .op(",") {
                advance()
                if current.kind == .op(")") { break }
                items.append(try parseExpression())
            }
            try expect(.op(")"), "')'")
            return .tuple(items)
        case .op("["):
            advance()
            var items: [Expr] = []
            while current.kind != .op("]") {
                items.append(try parseExpression())
                if current.kind == .op(",") { advance() } else { break }
            }
            try expect(.op("]"), "']'")
            return .list(items)
        case .op("{"):
            advance()
            var entries: [DictEntry] = []
            while current.kind != .op("}") {
                let key = try parseExpression()
                try expect(.op(":"), "':'")
                entries.append(DictEntry(key: key, value: try parseExpression()))
                if current.kind == .op(",") { advance() } else { break }
            }
            try expect(.op("}"), "'}'")
            return .dict(entries)
        case .end, .variableEnd, .blockEnd:
            throw TemplateError("expected an expression, found \(token.display)", at: token.position)
        default:
            throw TemplateError("unexpected \(token.display)", at: token.position)
        }
    }

    private mutating func parsePostfix(_ base: Expr) throws -> Expr {
        let entry = depth
        defer { depth = entry }
        var expr = base
        while true {
            try nest()
            let position = current.position
            switch current.kind {
            case .op("."):
                advance()
                switch current.kind {
                case .name(let name):
                    advance()
                    expr = .attribute(expr, name, position)
                case .integer(let index):
                    advance()
                    expr = .item(expr, .literal(.int(index)), position)
                default:
                    throw TemplateError("expected an attribute name after '.', found \(current.display)", at: current.position)
                }
            case .op("["):
                advance()
                expr = try parseSubscript(expr, at: position)
            case .op("("):
                advance()
                expr = .call(expr, try parseArguments(), position)
            default:
                return expr
            }
        }
    }

    private mutating func parseSubscript(_ base: Expr, at position: SourcePosition) throws -> Expr {
        var parts: [Expr?] = [nil]
        var isSlice = false
        while current.kind != .op("]") {
            if current.kind == .op(":") {
                isSlice = true
                parts.append(nil)
                advance()
                continue
            }
            guard parts[parts.count - 1] == nil else {
                throw TemplateError("expected ']', found \(current.display)", at: current.position)
            }
            parts[parts.count - 1] = try parseExpression()
        }
        advance()
        if !isSlice {
            guard let key = parts[0] else { throw TemplateError("expected an index inside '[]'", at: position) }
            return .item(base, key, position)
        }
        guard parts.count <= 3 else { throw TemplateError("a slice has at most three parts", at: position) }
        return .slice(base, start: parts[0], stop: parts.count > 1 ? parts[1] : nil,
                      step: parts.count > 2 ? parts[2] : nil, position)
    }

    /// After '(' has been consumed: positional and keyword arguments up to ')'.
    mutating func parseArguments() throws -> Arguments {
        var arguments = Arguments()
        while current.kind != .op(")") {
            if case .name(let name) = current.kind, peek.kind == .op("=") {
                advance()
                advance()
                arguments.keywords.append((name, try parseExpression()))
            } else {
                guard arguments.keywords.isEmpty else {
                    throw TemplateError("positional argument after keyword argument", at: current.position)
                }
                arguments.positional.append(try parseExpression())
            }
            if current.kind == .op(",") { advance() } else { break }
        }
        try expect(.op(")"), "')'")
        return arguments
    }

    private mutating func parseFiltersAndTests(_ base: Expr) throws -> Expr {
        let entry = depth
        defer { depth = entry }
        var expr = base
        while true {
            try nest()
            if current.kind == .op("|") {
                advance()
                expr = .filter(expr, try parseFilter())
            } else if case .name("is") = current.kind {
                let position = current.position
                advance()
                expr = .test(expr, try parseTest(at: position))
            } else {
                return expr
            }
        }
    }

    private mutating func parseFilter() throws -> FilterApplication {
        guard case .name(let name) = current.kind else {
            throw TemplateError("expected a filter name after '|', found \(current.display)", at: current.position)
        }
        let position = current.position
        advance()
        guard let implementation = filters[name] else {
            throw TemplateError("unknown filter '\(name)'", at: position)
        }
        var arguments = Arguments()
        if current.kind == .op("(") {
            advance()
            arguments = try parseArguments()
        }
        return FilterApplication(name: name, implementation: implementation, arguments: arguments, position: position)
    }

    private mutating func parseTest(at position: SourcePosition) throws -> TestApplication {
        var negated = false
        if case .name("not") = current.kind {
            negated = true
            advance()
        }
        guard case .name(let name) = current.kind else {
            throw TemplateError("expected a test name after 'is', found \(current.display)", at: current.position)
        }
        let namePosition = current.position
        advance()
        guard BuiltinTests.names.contains(name) else {
            throw TemplateError("unknown test '\(name)'", at: namePosition)
        }
        var arguments = Arguments()
        switch current.kind {
        case .op("("):
            advance()
            arguments = try parseArguments()
        case .string, .integer, .float, .op("["), .op("{"):
            // `x is divisibleby 3`: one argument without parentheses.
            arguments.positional = [try parsePostfix(try parsePrimary())]
        case .name(let word) where !["else", "or", "and", "if", "in", "not", "is"].contains(word):
            arguments.positional = [try parsePostfix(try parsePrimary())]
        default:
            break
        }
        return TestApplication(name: name, arguments: arguments, negated: negated, position: position)
    }
}
