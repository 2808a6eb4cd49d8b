import Foundation

/// `=~`, `!~` and `matches()`: Python's re.search, run by ICU. A pattern that backtracks without
/// end is stopped through ICU's progress callback once it has used the step budget's share.
enum RegexMatch {
    static func search(_ pattern: String, in text: String, evaluator: Evaluator) throws -> Bool {
        let regex: NSRegularExpression
        do {
            regex = try NSRegularExpression(pattern: translate(pattern), options: [.useUnixLineSeparators])
        } catch {
            throw EvaluationFailure(.value, "invalid regular expression '\(pattern)'")
        }
        var found = false
        var progressCalls = 0
        var stopped = false
        let range = NSRange(text.startIndex..., in: text)
        regex.enumerateMatches(in: text, options: [.reportProgress], range: range) { match, _, stop in
            if match != nil {
                found = true
                stop.pointee = true
                return
            }
            progressCalls += 1
            if progressCalls > maxProgressCalls {
                stopped = true
                stop.pointee = true
            }
        }
        if stopped {
            throw EvaluationFailure(.limit, "regular expression '\(pattern)' took too long to match")
        }
        try evaluator.spend(progressCalls)
        return found
    }

    /// Python's spellings that ICU lacks: `(?P<name>`, `(?P=name)` and `\Z`; and the empty pattern,
    /// which ICU refuses and Python finds everywhere.
    static func translate(_ pattern: String) -> String {
        if pattern.isEmpty { return "(?:)" }
        var out = ""
        var rest = Substring(pattern)
        while let c = rest.first {
            if c == "\\", rest.count >= 2 {
                let escaped = rest[rest.index(after: rest.startIndex)]
                out += escaped == "Z" ? "\\z" : "\\" + String(escaped)
                rest = rest.dropFirst(2)
            } else if rest.hasPrefix("(?P<") {
                out += "(?<"
                rest = rest.dropFirst(4)
            } else if rest.hasPrefix("(?P="), let close = rest.firstIndex(of: ")") {
                out += "\\k<" + rest[rest.index(rest.startIndex, offsetBy: 4)..<close] + ">"
                rest = rest[rest.index(after: close)...]
            } else {
                out.append(c)
                rest = rest.dropFirst()
            }
        }
        return out
    }

    /// ICU reports progress every few thousand backtracking steps; 2,000 reports took 0.4 s here.
    static let maxProgressCalls = 2_000
}
