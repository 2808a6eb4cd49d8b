/// Python's `fnmatch.fnmatch` on POSIX (case-sensitive): `*`, `?`, `[seq]`, `[!seq]`, matched
/// against the whole string by code point. `*` crosses `/` and newlines; there is no escape
/// character; an unclosed `[` is a literal.
struct WildcardPattern: Sendable {
    private enum Token: Sendable {
        case star
        case anyOne
        case literal(Unicode.Scalar)
        case set(negated: Bool, ranges: [ClosedRange<UInt32>])
    }

    private let tokens: [Token]

    init(_ pattern: String) {
        let scalars = Array(pattern.unicodeScalars)
        var tokens: [Token] = []
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            i += 1
            switch c {
            case "*":
                if case .star = tokens.last { continue }  // consecutive stars match the same
                tokens.append(.star)
            case "?":
                tokens.append(.anyOne)
            case "[":
                if let (set, next) = WildcardPattern.parseSet(scalars, from: i) {
                    tokens.append(set)
                    i = next
                } else {
                    tokens.append(.literal(c))
                }
            default:
                tokens.append(.literal(c))
            }
        }
        self.tokens = tokens
    }

    /// Parses the body of a `[...]` starting just after the `[`; nil when it never closes.
    private static func parseSet(_ s: [Unicode.Scalar], from start: Int) -> (Token, Int)? {
        var j = start
        var negated = false
        if j < s.count && s[j] == "!" { negated = true; j += 1 }
        let bodyStart = j
        if j < s.count && s[j] == "]" { j += 1 }  // a leading ] is a member
        while j < s.count && s[j] != "]" { j += 1 }
        guard j < s.count else { return nil }
        let body = Array(s[bodyStart..<j])
        var ranges: [ClosedRange<UInt32>] = []
        var k = 0
        while k < body.count {
            if k + 2 < body.count && body[k + 1] == "-" {
                let low = body[k].value, high = body[k + 2].value
                if low <= high { ranges.append(low...high) }  // a reversed range matches nothing
                k += 3
            } else {
                ranges.append(body[k].value...body[k].value)
                k += 1
            }
        }
        return (.set(negated: negated, ranges: ranges), j + 1)
    }

    private func matchesOne(_ token: Token, _ c: Unicode.Scalar) -> Bool {
        switch token {
        case .star: return false
        case .anyOne: return true
        case .literal(let l): return l == c
        case .set(let negated, let ranges): return ranges.contains { $0.contains(c.value) } != negated
        }
    }

    /// Greedy matching with backtracking to the last star: linear-ish, no regex needed.
    func matches(_ text: String) -> Bool {
        let chars = Array(text.unicodeScalars)
        var t = 0, p = 0
        var starToken = -1, starText = 0
        while t < chars.count {
            if p < tokens.count, case .star = tokens[p] {
                starToken = p; starText = t; p += 1
            } else if p < tokens.count, matchesOne(tokens[p], chars[t]) {
                t += 1; p += 1
            } else if starToken >= 0 {
                p = starToken + 1; starText += 1; t = starText
            } else {
                return false
            }
        }
        while p < tokens.count, case .star = tokens[p] { p += 1 }
        return p == tokens.count
    }
}
