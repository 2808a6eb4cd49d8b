import SquallModel

/// Splits an expression into tokens the way yaql's lexer does: a name followed by `(` is a
/// function, other names are keyword strings, `\w` characters continue `$name`.
struct Lexer {
    private static let operatorWords: Set<String> = ["and", "or", "not", "in", "mod"]
    private static let twoCharSymbols: Set<String> = ["?.", "=~", "!~", "!=", "<=", ">=", "->", "=>"]
    private static let oneCharSymbols: Set<Character> = [".", "+", "-", "*", "/", "<", ">", "=", "(", ")", "[", "]", "{", "}", ","]

    let source: String
    private let scalars: [Unicode.Scalar]
    private var index = 0

    init(_ source: String) {
        self.source = source
        self.scalars = Array(source.unicodeScalars)
    }

    /// The tokens, or those before the first one yaql's lexer cannot read, then an `.end` at that
    /// token's offset, with the lexical error. yaql lexes as its parser asks for tokens, so a
    /// grammar error before that token is the one it reports (`Parser.parse`).
    mutating func tokenizeUntilError() -> (tokens: [Token], error: YAQLError?) {
        var tokens: [Token] = []
        while true {
            skipBlanks()
            let start = index
            do {
                let token = try next()
                tokens.append(token)
                if token.kind == .end { return (tokens, nil) }
            } catch {
                tokens.append(Token(kind: .end, offset: start))
                return (tokens, error as? YAQLError ?? YAQLError(.syntax, "\(error)"))
            }
        }
    }

    private mutating func skipBlanks() {
        while let s = peek(), s == " " || s == "\t" || s == "\r" || s == "\n" { index += 1 }
    }

    private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        index + ahead < scalars.count ? scalars[index + ahead] : nil
    }

    private static func isWord(_ s: Unicode.Scalar) -> Bool {
        s == "_" || s.properties.isAlphabetic || s.properties.numericType != nil
    }

    private static func isDigit(_ s: Unicode.Scalar) -> Bool { ("0"..."9").contains(s) }

    /// `illegal`: the character yaql's lexer stops at (the token's first), for its message; nil
    /// where yaql raises no yaql error (a bad escape is Python's decode error).
    private func error(_ problem: String, at offset: Int, illegal: Unicode.Scalar?) -> YAQLError {
        .syntax(problem, at: offset, in: source,
                yaql: illegal.map { "Lexical error: illegal character '\(Character($0))' at position \(offset)" })
    }

    private func illegal(_ s: Unicode.Scalar, at offset: Int) -> YAQLError {
        error("illegal character '\(Character(s))'", at: offset, illegal: s)
    }

    private mutating func next() throws -> Token {
        skipBlanks()
        let start = index
        guard let s = peek() else { return Token(kind: .end, offset: start) }
        if s == "$" {
            index += 1
            let name = readWord()
            return Token(kind: .dollar(name), offset: start)
        }
        if Self.isDigit(s) { return try readNumber() }
        if Self.isWord(s) {
            let word = readWord()
            if peek() == "(" {
                index += 1
                return Token(kind: .function(word), offset: start)
            }
            if word.hasPrefix("__") { throw illegal("_", at: start) }
            if Self.operatorWords.contains(word) { return Token(kind: .op(word), offset: start) }
            switch word {
            case "true": return Token(kind: .constant(.bool(true)), offset: start)
            case "false": return Token(kind: .constant(.bool(false)), offset: start)
            case "null": return Token(kind: .constant(.null), offset: start)
            default: return Token(kind: .keyword(word), offset: start)
            }
        }
        if s == "'" || s == "\"" || s == "`" { return try readString(quote: s) }
        if let second = peek(1) {
            let pair = String(Character(s)) + String(Character(second))
            if Self.twoCharSymbols.contains(pair) {
                index += 2
                return Token(kind: .op(pair), offset: start)
            }
        }
        if Self.oneCharSymbols.contains(Character(s)) {
            index += 1
            return Token(kind: .op(String(Character(s))), offset: start)
        }
        throw illegal(s, at: start)
    }

    private mutating func readWord() -> String {
        var word = String.UnicodeScalarView()
        while let s = peek(), Self.isWord(s) {
            word.append(s)
            index += 1
        }
        return String(word)
    }

    /// yaql's `\b\d+(\.?\d+)?\b`: no exponent, no leading dot; `3.x` is the integer 3 then `.x`.
    /// A number running into a word is no number: `12abc` is illegal at `1`, and `1.5e3` is `1`,
    /// `.`, then illegal at `5`, where yaql's lexer stops.
    private mutating func readNumber() throws -> Token {
        let start = index
        var text = ""
        while let s = peek(), Self.isDigit(s) { text.unicodeScalars.append(s); index += 1 }
        let integerEnd = index
        var isFloat = false
        if peek() == ".", let after = peek(1), Self.isDigit(after) {
            isFloat = true
            text += "."
            index += 1
            while let s = peek(), Self.isDigit(s) { text.unicodeScalars.append(s); index += 1 }
        }
        if let s = peek(), Self.isWord(s) {
            guard isFloat else { throw illegal(scalars[start], at: start) }
            index = integerEnd
            text = String(text.prefix(integerEnd - start))
            isFloat = false
        }
        if isFloat {
            guard let d = Double(text), d.isFinite else { throw error("number \(text) is too large", at: start, illegal: nil) }
            return Token(kind: .constant(.double(d)), offset: start)
        }
        guard let i = Int(text) else { throw error("integer \(text) is too large", at: start, illegal: nil) }
        return Token(kind: .constant(.int(i)), offset: start)
    }

    private mutating func readString(quote: Unicode.Scalar) throws -> Token {
        let start = index
        index += 1
        var raw: [Unicode.Scalar] = []
        while true {
            guard let s = peek() else { throw error("unterminated string", at: start, illegal: quote) }
            index += 1
            if s == quote { break }
            raw.append(s)
            if s == "\\", let escaped = peek() {
                raw.append(escaped)
                index += 1
            }
        }
        let value: String
        if quote == "`" {
            // Verbatim strings only unescape the backquote.
            value = String(String.UnicodeScalarView(raw)).replacingOccurrences(of: "\\`", with: "`")
        } else {
            value = try StringEscapes.decode(raw) { problem, at in
                self.error(problem, at: start + 1 + at, illegal: nil)
            }
        }
        return Token(kind: .constant(.string(value)), offset: start)
    }
}
