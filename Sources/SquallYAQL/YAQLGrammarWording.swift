import SquallModel
import SquallPython

/// yaql's parser's words for a token it did not expect (`YaqlGrammarException`), which orquesta's
/// inspection reports as is: the token's value as Python's `str` gives it.
extension Parser {
    static func yaqlUnexpected(_ token: Token, in source: String) -> String {
        if token.kind == .end { return "Parse error: unexpected end of statement" }
        return "Parse error: unexpected '\(token.yaqlValue)' at position \(token.offset) of expression '\(source)'"
    }
}

extension Token {
    /// The token's value in yaql's lexer: a string's text, a number, True/False/None, a function's
    /// name without its `(`, `$name`, an operator's symbol or word.
    var yaqlValue: String {
        switch kind {
        case .constant(.string(let s)): return s
        case .constant(.null): return "None"
        case .constant(.bool(let b)): return b ? "True" : "False"
        case .constant(.double(let d)): return Python.floatRepr(d)
        case .constant(let v): return v.jsonString()
        case .keyword(let k): return k
        case .function(let f): return f
        case .dollar(let d): return "$" + d
        case .op(let o): return o
        case .end: return ""
        }
    }
}
