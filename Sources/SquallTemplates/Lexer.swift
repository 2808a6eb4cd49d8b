/// Splits a template into tokens in one pass over its UTF-8 bytes. Text between tags becomes
/// `.text`; inside `{{ }}` and `{% %}` it produces expression tokens; comments vanish.
/// Whitespace control (`{%-`, `-%}`, `{{-`, `-}}`, `{#-`, `-#}`) trims the neighbouring text here.
struct Lexer {
    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    /// The column of `index`, kept as it advances: recounting from the line start for every
    /// token made a long one-line template quadratic (10,000 parentheses took 9 s).
    private var column = 1
    private var tokens: [Token] = []
    /// Set by a closing `-%}`: the next text loses its leading whitespace.
    private var trimNextText = false

    init(source: String, keepTrailingNewline: Bool) {
        // Jinja normalises every newline to "\n" and drops one trailing newline by default.
        var normalized = Array(source.utf8)
        if normalized.contains(UInt8(ascii: "\r")) {
            normalized = Lexer.normalizeNewlines(normalized)
        }
        if !keepTrailingNewline, normalized.last == UInt8(ascii: "\n") {
            normalized.removeLast()
        }
        bytes = normalized
    }

    static func tokenize(_ source: String, keepTrailingNewline: Bool = false) throws -> [Token] {
        var lexer = Lexer(source: source, keepTrailingNewline: keepTrailingNewline)
        try lexer.run()
        return lexer.tokens
    }

    private static func normalizeNewlines(_ input: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var i = 0
        while i < input.count {
            if input[i] == UInt8(ascii: "\r") {
                out.append(UInt8(ascii: "\n"))
                if i + 1 < input.count, input[i + 1] == UInt8(ascii: "\n") { i += 1 }
            } else {
                out.append(input[i])
            }
            i += 1
        }
        return out
    }

    // MARK: - Data (text) mode

    private mutating func run() throws {
        while index < bytes.count {
            let textStart = index
            let textPosition = position
            var tagStart = -1
            var scan = index
            while scan + 1 < bytes.count {
                if bytes[scan] == UInt8(ascii: "{") {
                    let next = bytes[scan + 1]
                    if next == UInt8(ascii: "{") || next == UInt8(ascii: "%") || next == UInt8(ascii: "#") {
                        tagStart = scan
                        break
                    }
                }
                scan += 1
            }
            let textEnd = tagStart < 0 ? bytes.count : tagStart
            let stripBefore = tagStart >= 0 && tagStart + 2 < bytes.count && bytes[tagStart + 2] == UInt8(ascii: "-")
            emitText(from: textStart, to: textEnd, at: textPosition, stripTrailing: stripBefore)
            advance(to: textEnd)
            if tagStart < 0 { break }
            try lexTag()
        }
        tokens.append(Token(kind: .end, position: position))
    }

    private mutating func emitText(from start: Int, to end: Int, at position: SourcePosition, stripTrailing: Bool) {
        var lower = start
        var upper = end
        if trimNextText {
            while lower < upper, Lexer.isSpace(bytes[lower]) { lower += 1 }
            trimNextText = false
        }
        if stripTrailing {
            while upper > lower, Lexer.isSpace(bytes[upper - 1]) { upper -= 1 }
        }
        if lower < upper {
            tokens.append(Token(kind: .text(String(decoding: bytes[lower..<upper], as: UTF8.self)), position: position))
        }
    }

    private mutating func lexTag() throws {
        let begin = position
        let kindByte = bytes[index + 1]
        advance(by: 2)
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            advance(by: 1)
        }
        switch kindByte {
        case UInt8(ascii: "#"):
            try skipComment(openedAt: begin)
        case UInt8(ascii: "{"):
            tokens.append(Token(kind: .variableBegin, position: begin))
            try lexExpression(closer: UInt8(ascii: "}"), endKind: .variableEnd, openedAt: begin)
        default:
            if try lexRawBlock(openedAt: begin) { return }
            tokens.append(Token(kind: .blockBegin, position: begin))
            try lexExpression(closer: UInt8(ascii: "%"), endKind: .blockEnd, openedAt: begin)
        }
    }

    private mutating func skipComment(openedAt begin: SourcePosition) throws {
        while index + 1 < bytes.count {
            if bytes[index] == UInt8(ascii: "#"), bytes[index + 1] == UInt8(ascii: "}") {
                trimNextText = index > 0 && bytes[index - 1] == UInt8(ascii: "-")
                advance(by: 2)
                return
            }
            advance(by: 1)
        }
        throw TemplateError("unexpected end of template, missing '#}' for the comment", at: begin)
    }

    /// `{% raw %}...{% endraw %}`: the body is text, even if it looks like tags.
    private mutating func lexRawBlock(openedAt begin: SourcePosition) throws -> Bool {
        var probe = index
        while probe < bytes.count, Lexer.isSpace(bytes[probe]) { probe += 1 }
        guard matches("raw", at: probe) else { return false }
        probe += 3
        while probe < bytes.count, Lexer.isSpace(bytes[probe]) { probe += 1 }
        var trimAfterOpen = false
        if probe < bytes.count, bytes[probe] == UInt8(ascii: "-") { trimAfterOpen = true; probe += 1 }
        guard matches("%}", at: probe) else { return false }
        advance(to: probe + 2)
        let bodyStart = index
        let bodyPosition = position
        var scan = index
        while scan + 1 < bytes.count {
            if bytes[scan] == UInt8(ascii: "{"), bytes[scan + 1] == UInt8(ascii: "%") {
                var p = scan + 2
                let stripBody = p < bytes.count && bytes[p] == UInt8(ascii: "-")
                if stripBody { p += 1 }
                while p < bytes.count, Lexer.isSpace(bytes[p]) { p += 1 }
                if matches("endraw", at: p) {
                    p += 6
                    while p < bytes.count, Lexer.isSpace(bytes[p]) { p += 1 }
                    let trimAfter = p < bytes.count && bytes[p] == UInt8(ascii: "-")
                    if trimAfter { p += 1 }
                    if matches("%}", at: p) {
                        trimNextText = trimAfterOpen
                        emitText(from: bodyStart, to: scan, at: bodyPosition, stripTrailing: stripBody)
                        advance(to: p + 2)
                        trimNextText = trimAfter
                        return true
                    }
                }
            }
            scan += 1
        }
        throw TemplateError("unexpected end of template, expected 'endraw'", at: begin)
    }

    // MARK: - Expression mode

    private mutating func lexExpression(closer: UInt8, endKind: Token.Kind, openedAt begin: SourcePosition) throws {
        var depth = 0
        while true {
            while index < bytes.count, Lexer.isSpace(bytes[index]) { advance(by: 1) }
            guard index < bytes.count else {
                let expected = closer == UInt8(ascii: "}") ? "'}}'" : "'%}'"
                throw TemplateError("unexpected end of template, expected \(expected)", at: begin)
            }
            let start = position
            let byte = bytes[index]
            // A closing delimiter counts only outside brackets, so `{{ {'a': {'b': 1}} }}` works.
            if depth == 0 {
                var p = index
                let dash = byte == UInt8(ascii: "-")
                if dash { p += 1 }
                if p + 1 < bytes.count, bytes[p] == closer, bytes[p + 1] == UInt8(ascii: "}") {
                    tokens.append(Token(kind: endKind, position: start))
                    advance(to: p + 2)
                    trimNextText = dash
                    return
                }
            }
            if Lexer.isNameStart(byte) {
                let s = index
                while index < bytes.count, Lexer.isNameContinue(bytes[index]) { advance(by: 1) }
                tokens.append(Token(kind: .name(String(decoding: bytes[s..<index], as: UTF8.self)), position: start))
            } else if Lexer.isDigit(byte) {
                tokens.append(Token(kind: lexNumber(), position: start))
            } else if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
                tokens.append(Token(kind: .string(try lexString(quote: byte, at: start)), position: start))
            } else {
                let op = try lexOperator(at: start)
                if op == "(" || op == "[" || op == "{" { depth += 1 }
                if op == ")" || op == "]" || op == "}" { depth = max(0, depth - 1) }
                tokens.append(Token(kind: .op(op), position: start))
            }
        }
    }

    private mutating func lexNumber() -> Token.Kind {
        let s = index
        while index < bytes.count, Lexer.isDigit(bytes[index]) || bytes[index] == UInt8(ascii: "_") { advance(by: 1) }
        var isFloat = false
        // `a.0.1` is two attribute lookups, not a float: Jinja only reads a fraction when no '.' came before.
        let afterDot = s > 0 && bytes[s - 1] == UInt8(ascii: ".")
        if !afterDot, index + 1 < bytes.count, bytes[index] == UInt8(ascii: "."), Lexer.isDigit(bytes[index + 1]) {
            isFloat = true
            advance(by: 1)
            while index < bytes.count, Lexer.isDigit(bytes[index]) || bytes[index] == UInt8(ascii: "_") { advance(by: 1) }
        }
        if !afterDot, index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            var p = index + 1
            if p < bytes.count, bytes[p] == UInt8(ascii: "+") || bytes[p] == UInt8(ascii: "-") { p += 1 }
            if p < bytes.count, Lexer.isDigit(bytes[p]) {
                isFloat = true
                advance(to: p)
                while index < bytes.count, Lexer.isDigit(bytes[index]) { advance(by: 1) }
            }
        }
        let text = String(decoding: bytes[s..<index].filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
        if !isFloat, let value = Int(text) { return .integer(value) }
        return .float(Double(text) ?? .infinity)
    }

    private mutating func lexString(quote: UInt8, at start: SourcePosition) throws -> String {
        advance(by: 1)
        var out: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            if byte == quote {
                advance(by: 1)
                return String(decoding: out, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\"), index + 1 < bytes.count {
                let escaped = bytes[index + 1]
                advance(by: 2)
                switch escaped {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "0"): out.append(0x00)
                case UInt8(ascii: "a"): out.append(0x07)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "v"): out.append(0x0B)
                case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""): out.append(escaped)
                case UInt8(ascii: "\n"): break // a backslash-newline continues the line
                case UInt8(ascii: "x"): appendHexEscape(digits: 2, into: &out)
                case UInt8(ascii: "u"): appendHexEscape(digits: 4, into: &out)
                case UInt8(ascii: "U"): appendHexEscape(digits: 8, into: &out)
                default:
                    // Python keeps unknown escapes as written.
                    out.append(UInt8(ascii: "\\"))
                    out.append(escaped)
                }
                continue
            }
            out.append(byte)
            advance(by: 1)
        }
        throw TemplateError("unterminated string", at: start)
    }

    private mutating func appendHexEscape(digits: Int, into out: inout [UInt8]) {
        var value: UInt32 = 0
        var used = 0
        while used < digits, index < bytes.count, let digit = Lexer.hexValue(bytes[index]) {
            value = value * 16 + digit
            used += 1
            advance(by: 1)
        }
        if used == digits, let scalar = Unicode.Scalar(value) {
            out.append(contentsOf: Array(String(Character(scalar)).utf8))
        }
    }

    private static let twoCharOperators: Set<String> = ["//", "**", "==", "!=", "<=", ">="]
    private static let oneCharOperators: Set<UInt8> = Set("+-*/%~|.,:()[]{}<>=".utf8)

    private mutating func lexOperator(at start: SourcePosition) throws -> String {
        if index + 1 < bytes.count {
            let pair = String(decoding: bytes[index..<index + 2], as: UTF8.self)
            if Lexer.twoCharOperators.contains(pair) {
                advance(by: 2)
                return pair
            }
        }
        let byte = bytes[index]
        guard Lexer.oneCharOperators.contains(byte) else {
            let scalar = String(decoding: bytes[index..<min(bytes.count, index + 1)], as: UTF8.self)
            throw TemplateError("unexpected character '\(scalar)'", at: start)
        }
        advance(by: 1)
        return String(UnicodeScalar(byte))
    }

    // MARK: - Helpers

    private var position: SourcePosition { SourcePosition(line: line, column: column) }

    private mutating func advance(by count: Int) { advance(to: index + count) }

    private mutating func advance(to target: Int) {
        let end = min(target, bytes.count)
        while index < end {
            if bytes[index] == 0x0A {
                line += 1
                column = 1
            } else if bytes[index] & 0xC0 != 0x80 {
                // Columns count scalars: UTF-8 continuation bytes do not move them.
                column += 1
            }
            index += 1
        }
    }

    private func matches(_ word: String, at offset: Int) -> Bool {
        var p = offset
        for byte in word.utf8 {
            guard p < bytes.count, bytes[p] == byte else { return false }
            p += 1
        }
        return true
    }

    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }
    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    static func isNameStart(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b >= 0x80
    }
    static func isNameContinue(_ b: UInt8) -> Bool { isNameStart(b) || isDigit(b) }
    static func hexValue(_ b: UInt8) -> UInt32? {
        switch b {
        case 0x30...0x39: return UInt32(b - 0x30)
        case 0x41...0x46: return UInt32(b - 0x41 + 10)
        case 0x61...0x66: return UInt32(b - 0x61 + 10)
        default: return nil
        }
    }
}
