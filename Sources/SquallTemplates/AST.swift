import SquallModel

/// Expressions inside `{{ }}` and tags. Positions are kept where evaluation can fail.
indirect enum Expr: Sendable {
    case literal(JSONValue)
    case name(String, SourcePosition)
    case attribute(Expr, String, SourcePosition)
    case item(Expr, Expr, SourcePosition)
    case slice(Expr, start: Expr?, stop: Expr?, step: Expr?, SourcePosition)
    case list([Expr])
    case tuple([Expr])
    case dict([DictEntry])
    case negate(Expr, SourcePosition)
    case plus(Expr, SourcePosition)
    case binary(BinaryOperator, Expr, Expr, SourcePosition)
    case concat([Expr], SourcePosition)
    case and(Expr, Expr)
    case or(Expr, Expr)
    case not(Expr)
    case compare(Expr, [Comparison], SourcePosition)
    case conditional(condition: Expr, then: Expr, otherwise: Expr?)
    case filter(Expr, FilterApplication)
    case test(Expr, TestApplication)
    case call(Expr, Arguments, SourcePosition)
}

struct DictEntry: Sendable {
    let key: Expr
    let value: Expr
}

enum BinaryOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", floorDivide = "//", modulo = "%", power = "**"
}

enum CompareOperator: String, Sendable {
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case isIn = "in", notIn = "not in"
}

struct Comparison: Sendable {
    let op: CompareOperator
    let operand: Expr
}

struct Arguments: Sendable {
    var positional: [Expr] = []
    var keywords: [(name: String, value: Expr)] = []
}

/// A filter resolved when the template is compiled, so rendering never looks names up.
struct FilterApplication: Sendable {
    let name: String
    let implementation: FilterImplementation
    let arguments: Arguments
    let position: SourcePosition
}

struct TestApplication: Sendable {
    let name: String
    let arguments: Arguments
    let negated: Bool
    let position: SourcePosition
}

/// Template statements.
indirect enum Node: Sendable {
    case text(String)
    case output(Expr, SourcePosition)
    case conditional(branches: [ConditionalBranch], otherwise: [Node]?)
    case forLoop(ForLoop)
    case assign(targets: [String], value: Expr, SourcePosition)
    case assignBlock(target: String, body: [Node])
}

struct ConditionalBranch: Sendable {
    let condition: Expr
    let body: [Node]
}

struct ForLoop: Sendable {
    let targets: [String]
    let iterable: Expr
    let condition: Expr?
    let body: [Node]
    let otherwise: [Node]?
    /// Whether the body mentions `loop`; if not, rendering skips building the loop object.
    let usesLoopVariable: Bool
    let position: SourcePosition
}
