import SquallPython

/// One lexical unit of a template: raw text between tags, tag delimiters, and expression tokens.
struct Token: Sendable {
    enum Kind: Sendable, Equatable {
        case text(String)
        case variableBegin, variableEnd
        case blockBegin, blockEnd
        case name(String)
        case string(String)
        case integer(Int)
        case float(Double)
        case op(String)
        case end
    }

    let kind: Kind
    let position: SourcePosition

    /// How the token reads in an error message.
    var display: String {
        switch kind {
        case .text: return "text"
        case .variableBegin: return "'{{'"
        case .variableEnd: return "'}}'"
        case .blockBegin: return "'{%'"
        case .blockEnd: return "'%}'"
        case .name(let n): return "'\(n)'"
        case .string(let s): return Python.repr(.string(s))
        case .integer(let i): return String(i)
        case .float(let d): return Python.floatRepr(d)
        case .op(let o): return "'\(o)'"
        case .end: return "end of template"
        }
    }
}
