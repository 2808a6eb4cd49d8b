import SquallModel

/// Turns tokens into statement nodes. Expression grammar lives in ExpressionParser.swift.
struct Parser {
    var tokens: [Token]
    var index = 0
    let filters: [String: FilterImplementation]
    /// Counts mentions of `loop` so a for loop knows whether its body needs the loop object.
    var loopReferences = 0
    /// How deep the node being parsed sits (see `nest`), and how deep it may.
    var depth = 0
    let maxDepth = TemplateLimits.process.maxDepth

    init(tokens: [Token], filters: [String: FilterImplementation]) {
        self.tokens = tokens
        self.filters = filters
    }

    static func parse(_ source: String, filters: [String: FilterImplementation], keepTrailingNewline: Bool) throws -> [Node] {
        var parser = Parser(tokens: try Lexer.tokenize(source, keepTrailingNewline: keepTrailingNewline), filters: filters)
        let (body, stop) = try parser.parseBody(until: [])
        if let stop {
            throw TemplateError("unexpected '\(stop)'", at: parser.current.position)
        }
        return body
    }

    /// Charges one level of nesting: a block, a sub-expression, or one more link of an operator,
    /// filter or attribute chain (each link nests the tree one deeper, and rendering recurses
    /// as deep as the tree). Callers restore `depth` when they return. 10,000 nested parentheses
    /// overflowed the stack before.
    mutating func nest() throws {
        depth += 1
        if depth > maxDepth {
            throw TemplateError("nested more than \(maxDepth) deep (setting template_max_depth)", at: current.position)
        }
    }

    // MARK: - Statements

    /// Parses nodes until a block tag whose name is in `terminators` (left unconsumed after its
    /// name) or the end of the template. Returns which terminator stopped it.
    mutating func parseBody(until terminators: Set<String>) throws -> ([Node], String?) {
        var nodes: [Node] = []
        while true {
            let token = current
            switch token.kind {
            case .end:
                return (nodes, nil)
            case .text(let text):
                advance()
                nodes.append(.text(text))
            case .variableBegin:
                advance()
                let expr = try parseExpression()
                try expect(.variableEnd, "'}}'")
                nodes.append(.output(expr, token.position))
            case .blockBegin:
                advance()
                guard case .name(let keyword) = current.kind else {
                    throw TemplateError("expected a statement name after '{%', found \(current.display)", at: current.position)
                }
                if terminators.contains(keyword) {
                    advance()
                    return (nodes, keyword)
                }
                advance()
                nodes.append(try parseStatement(keyword, at: token.position, terminators: terminators))
            default:
                throw TemplateError("unexpected \(token.display)", at: token.position)
            }
        }
    }

    private mutating func parseStatement(_ keyword: String, at position: SourcePosition, terminators: Set<String>) throws -> Node {
        switch keyword {
        case "if": return try parseIf(at: position)
        case "for": return try parseFor(at: position)
        case "set": return try parseSet(at: position)
        case "elif", "else", "endif", "endfor", "endset", "endraw":
            // A closing tag with nothing open to close.
            throw TemplateError("unexpected '\(keyword)'", at: position)
        default:
            if !terminators.isEmpty {
                let expected = terminators.sorted().map { "'\($0)'" }.joined(separator: " or ")
                throw TemplateError("unknown tag '\(keyword)', expected \(expected)", at: position)
            }
            throw TemplateError("unknown tag '\(keyword)'", at: position)
        }
    }

    private mutating func parseIf(at position: SourcePosition) throws -> Node {
        let entry = depth
        defer { depth = entry }
        try nest()
        var branches: [ConditionalBranch] = []
        var condition = try parseExpression()
        while true {
            try expect(.blockEnd, "'%}'")
            let (body, stop) = try parseBody(until: ["elif", "else", "endif"])
            branches.append(ConditionalBranch(condition: condition, body: body))
            switch stop {
            case "elif":
                condition = try parseExpression()
            case "else":
                try expect(.blockEnd, "'%}'")
                let (elseBody, elseStop) = try parseBody(until: ["endif"])
                guard elseStop != nil else { throw endOfTemplate(expected: "endif", openedAt: position) }
                try expect(.blockEnd, "'%}'")
                return .conditional(branches: branches, otherwise: elseBody)
            case "endif":
                try expect(.blockEnd, "'%}'")
                return .conditional(branches: branches, otherwise: nil)
            default:
                throw endOfTemplate(expected: "endif", openedAt: position)
            }
        }
    }

    private mutating func parseFor(at position: SourcePosition) throws -> Node {
        let entry = depth
        defer { depth = entry }
        try nest()
        let targets = try parseAssignTargets()
        try expectName("in")
        let iterable = try parseExpression(allowConditional: false)
        var condition: Expr?
        if case .name("if") = current.kind {
            advance()
            condition = try parseExpression(allowConditional: false)
        }
        try expect(.blockEnd, "'%}'")
        let referencesBefore = loopReferences
        let (body, stop) = try parseBody(until: ["else", "endfor"])
        let usesLoop = loopReferences > referencesBefore
        var otherwise: [Node]?
        switch stop {
        case "else":
            try expect(.blockEnd, "'%}'")
            let (elseBody, elseStop) = try parseBody(until: ["endfor"])
            guard elseStop != nil else { throw endOfTemplate(expected: "endfor", openedAt: position) }
            otherwise = elseBody
        case "endfor":
            break
        default:
            throw endOfTemplate(expected: "endfor", openedAt: position)
        }
        try expect(.blockEnd, "'%}'")
        loopReferences = referencesBefore
        return .forLoop(ForLoop(targets: targets, iterable: iterable, condition: condition, body: body,
                                otherwise: otherwise, usesLoopVariable: usesLoop, position: position))
    }

    private mutating func parseSet(at position: SourcePosition) throws -> Node {
        let targets = try parseAssignTargets()
        if current.kind == .blockEnd {
            guard targets.count == 1 else {
                throw TemplateError("a block 'set' assigns a single name", at: position)
            }
            advance()
            let (body, stop) = try parseBody(until: ["endset"])
            guard stop != nil else { throw endOfTemplate(expected: "endset", openedAt: position) }
            try expect(.blockEnd, "'%}'")
            return .assignBlock(target: targets[0], body: body)
        }
        guard current.kind == .op("=") else {
            throw TemplateError("expected '=' in 'set', found \(current.display)", at: current.position)
        }
        advance()
        let value = try parseTupleOrExpression()
        try expect(.blockEnd, "'%}'")
        return .assign(targets: targets, value: value, position)
    }

    private mutating func parseAssignTargets() throws -> [String] {
        var names: [String] = []
        let parenthesized = current.kind == .op("(")
        if parenthesized { advance() }
        repeat {
            if current.kind == .op(",") { advance() }
            guard case .name(let name) = current.kind else {
                throw TemplateError("expected a variable name, found \(current.display)", at: current.position)
            }
            names.append(name)
            advance()
        } while current.kind == .op(",")
        if parenthesized { try expect(.op(")"), "')'") }
        return names
    }

    private func endOfTemplate(expected: String, openedAt position: SourcePosition) -> TemplateError {
        TemplateError("unexpected end of template, expected '\(expected)' to close the tag opened at \(position)",
                      at: current.position)
    }

    // MARK: - Token helpers

    var current: Token { tokens[index] }

    var peek: Token { tokens[min(index + 1, tokens.count - 1)] }

    mutating func advance() {
        if index < tokens.count - 1 { index += 1 }
    }

    mutating func expect(_ kind: Token.Kind, _ display: String) throws {
        guard current.kind == kind else {
            if current.kind == .end {
                throw TemplateError("unexpected end of template, expected \(display)", at: current.position)
            }
            throw TemplateError("expected \(display), found \(current.display)", at: current.position)
        }
        advance()
    }

    mutating func expectName(_ name: String) throws {
        try expect(.name(name), "'\(name)'")
    }
}
