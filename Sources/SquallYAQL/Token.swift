import SquallModel

/// One lexical unit of a YAQL expression, with its offset (in unicode scalars) for error messages.
struct Token: Sendable {
    enum Kind: Sendable, Equatable {
        case constant(JSONValue)
        /// A bare word not followed by `(`: a string constant, or an attribute name after `.`.
        case keyword(String)
        /// A name directly followed by `(` (the parenthesis is part of the token, as in yaql).
        case function(String)
        /// `$` or `$name`; the payload is the name without the dollar ("" for `$`).
        case dollar(String)
        /// A symbol or one of the operator words `and or not in mod`.
        case op(String)
        case end
    }

    let kind: Kind
    let offset: Int

    /// How the token reads in an error message.
    var display: String {
        switch kind {
        case .constant(.string(let s)):
            // Python's repr: quoted, newlines escaped, so the message stays one line.
            var text = ""
            PythonText.writeStringRepr(s, to: &text)
            return text.count > 60 ? String(text.prefix(57)) + "..." : text
        case .constant(let v): return "'\(v.jsonString())'"
        case .keyword(let k): return "'\(k)'"
        case .function(let f): return "'\(f)('"
        case .dollar(let d): return "'$\(d)'"
        case .op(let o): return "'\(o)'"
        case .end: return "end of expression"
        }
    }
}
