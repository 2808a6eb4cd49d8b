import Foundation
import SquallModel

/// Finding Orquesta's expressions in text: `<% yaql %>` and `{{ jinja }}` (`{% %}` blocks too).
public enum ExpressionText {
    public enum Language: String, Sendable { case yaql, jinja }

    /// The YAQL segments of a text: each `<% ... %>` with its range.
    static func yaqlSegments(_ text: String) -> [Range<String.Index>] {
        var segments: [Range<String.Index>] = []
        var searchFrom = text.startIndex
        while let open = text.range(of: "<%", range: searchFrom..<text.endIndex),
              let close = text.range(of: "%>", range: open.upperBound..<text.endIndex) {
            segments.append(open.lowerBound..<close.upperBound)
            searchFrom = close.upperBound
        }
        return segments
    }

    /// The text between the delimiters of one segment, trimmed.
    static func inner(_ segment: Substring) -> String {
        String(segment.dropFirst(2).dropLast(2)).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func hasJinja(_ text: String) -> Bool { text.contains("{{") || text.contains("{%") }

    /// Which language a text uses, if any (YAQL wins when both appear, as orquesta checks it first).
    public static func language(of text: String) -> Language? {
        if !yaqlSegments(text).isEmpty { return .yaql }
        if hasJinja(text) { return .jinja }
        return nil
    }

    /// `<% a %>, <% b %>` -> the two expressions; anything else is one expression.
    static func splitTopLevelExpressions(_ text: String) -> [String] {
        let segments = yaqlSegments(text)
        if segments.count > 1 {
            var rest = text
            for segment in segments { rest = rest.replacingOccurrences(of: String(text[segment]), with: "") }
            if rest.allSatisfy({ $0 == "," || $0.isWhitespace }) { return segments.map { String(text[$0]) } }
        }
        return [text]
    }

    /// Every expression in a value (strings nested in lists and mappings), with its language.
    static func expressions(in value: JSONValue) -> [(text: String, language: Language)] {
        switch value {
        case .string(let text):
            let segments = yaqlSegments(text)
            if !segments.isEmpty { return segments.map { (String(text[$0]), .yaql) } }
            return hasJinja(text) ? [(text, .jinja)] : []
        case .array(let items): return items.flatMap(expressions(in:))
        case .object(let object): return object.keys.sorted().flatMap { expressions(in: object[$0]!) }
        default: return []
        }
    }

    /// The context variables an expression reads: `ctx().x`, `ctx(x)`, `ctx('x')` (`$.x` is left out: inside a lambda `$` is the item).
    static func contextVariables(in expression: String) -> [String] {
        let patterns = [#"ctx\(\s*\)\s*\.\s*([A-Za-z_]\w*)"#, #"ctx\(\s*['"]?([A-Za-z_]\w*)['"]?\s*\)"#,
                        #"ctx\(\s*\)\s*\[\s*['"]([A-Za-z_]\w*)['"]\s*\]"#]
        var names: [String] = []
        for pattern in patterns {
            guard let regex = try? NSRegularExpression(pattern: pattern) else { continue }
            let range = NSRange(expression.startIndex..., in: expression)
            for match in regex.matches(in: expression, range: range) {
                if let r = Range(match.range(at: 1), in: expression) { names.append(String(expression[r])) }
            }
        }
        return names
    }
}
