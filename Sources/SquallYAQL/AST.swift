import SquallModel

/// A parsed expression. Each node knows its depth so the parser can refuse trees deeper than the
/// evaluator may recurse (a chain like `1+1+...+1` is deep without any nesting bracket).
struct Node: Sendable {
    indirect enum Kind: Sendable {
        case constant(JSONValue)
        /// A bare word: evaluates to its text; after `.` it names a key.
        case keyword(String)
        /// `$` (name "") or `$name`.
        case variable(String)
        case list([Node])
        /// `{k => v, ...}`
        case map([(key: Node, value: Node)])
        /// `name(args)`, `recv.name(args)` once the dot is applied.
        case call(name: String, arguments: [Argument])
        case unary(op: String, operand: Node)
        case binary(op: String, left: Node, right: Node)
        /// `recv.x`, `recv?.x`: x is a call (a method) or a keyword (a key); anything else is an
        /// error at evaluation, as in yaql.
        case member(receiver: Node, member: Node, nullSafe: Bool)
        case index(receiver: Node, arguments: [Node])
    }

    enum Argument: Sendable {
        case positional(Node)
        case named(name: Node, value: Node)
    }

    let kind: Kind
    /// Where the node starts in the expression, in unicode scalars.
    let offset: Int
    let depth: Int

    init(_ kind: Kind, at offset: Int, children: [Node] = []) {
        self.kind = kind
        self.offset = offset
        self.depth = 1 + (children.map(\.depth).max() ?? 0)
    }
}

extension Node.Argument {
    var nodes: [Node] {
        switch self {
        case .positional(let n): return [n]
        case .named(let k, let v): return [k, v]
        }
    }
}
