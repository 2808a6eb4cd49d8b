import Foundation
import SquallModel
import SquallPython

extension St2Filters {
    /// regex_match/search/replace/substring: Python `re` calls on str(value).
    static let regexFilters: [String: TemplateFilter] = [
        "regex_match": { value, args, kwargs in
            let call = St2Arguments(args, kwargs)
            let regex = try PythonRegex(try pattern(call), ignoreCase: call.flag(1, "ignorecase"))
            return .bool(regex.firstMatch(in: Python.str(value), anchored: true) != nil)
        },
        "regex_search": { value, args, kwargs in
            let call = St2Arguments(args, kwargs)
            let regex = try PythonRegex(try pattern(call), ignoreCase: call.flag(1, "ignorecase"))
            return .bool(regex.firstMatch(in: Python.str(value), anchored: false) != nil)
        },
        "regex_replace": { value, args, kwargs in
            let call = St2Arguments(args, kwargs)
            guard let replacement = call.argument(1, "replacement") else {
                throw TemplateError("regex_replace() missing required argument: 'replacement'")
            }
            let regex = try PythonRegex(try pattern(call), ignoreCase: call.flag(2, "ignorecase"))
            return .string(try regex.substitute(Python.str(replacement), in: Python.str(value)))
        },
        "regex_substring": { value, args, kwargs in
            let call = St2Arguments(args, kwargs)
            let index = try call.int(1, "result_index") ?? 0
            let regex = try PythonRegex(try pattern(call), ignoreCase: call.flag(2, "ignorecase"))
            let found = regex.findAll(in: Python.str(value))
            // Python list indexing: negatives count from the end; out of range is IndexError.
            let position = index < 0 ? found.count + index : index
            guard position >= 0, position < found.count else { throw TemplateError("IndexError: list index out of range") }
            return found[position]
        },
    ]

    private static func pattern(_ call: St2Arguments) throws -> String {
        guard let pattern = call.argument(0, "pattern") else { throw TemplateError("missing required argument: 'pattern'") }
        guard case .string(let text) = pattern else {
            throw TemplateError("first argument must be string or compiled pattern")
        }
        return text
    }
}

/// A Python `re` pattern run by ICU (NSRegularExpression). The pattern is translated where the
/// syntaxes differ: (?P<name>...) and (?P=name), \Z, {,n}, and '[' inside a class. Lines end
/// only at \n, as in Python. Replacement templates are expanded here with Python's rules.
struct PythonRegex {
    let expression: NSRegularExpression
    /// Python group names to their numbers, for \g<name> in replacements.
    let groupNames: [String: Int]

    init(_ pattern: String, ignoreCase: Bool) throws {
        let translated = try PythonRegex.translate(pattern)
        groupNames = translated.names
        var options: NSRegularExpression.Options = [.useUnixLineSeparators]
        if ignoreCase { options.insert(.caseInsensitive) }
        do {
            expression = try NSRegularExpression(pattern: translated.pattern, options: options)
        } catch {
            throw TemplateError("re.error: invalid regular expression \(Python.repr(.string(pattern)))")
        }
    }

    func firstMatch(in text: String, anchored: Bool) -> NSTextCheckingResult? {
        let ns = text as NSString
        return expression.firstMatch(in: text, options: anchored ? [.anchored] : [],
                                     range: NSRange(location: 0, length: ns.length))
    }

    func matches(in text: String) -> [NSTextCheckingResult] {
        expression.matches(in: text, options: [], range: NSRange(location: 0, length: (text as NSString).length))
    }

    /// re.findall: whole matches without groups, the group with one, a list of groups with more.
    func findAll(in text: String) -> [JSONValue] {
        let ns = text as NSString
        let groups = expression.numberOfCaptureGroups
        return matches(in: text).map { match in
            func group(_ i: Int) -> String {
                let range = match.range(at: i)
                return range.location == NSNotFound ? "" : ns.substring(with: range)
            }
            switch groups {
            case 0: return .string(group(0))
            case 1: return .string(group(1))
            default: return .array((1...groups).map { .string(group($0)) })
            }
        }
    }

    /// re.sub with a Python replacement template (\1, \g<1>, \g<name>, \n, ...).
    func substitute(_ template: String, in text: String) throws -> String {
        let pieces = try ReplacementTemplate.parse(template, groupCount: expression.numberOfCaptureGroups, names: groupNames)
        let ns = text as NSString
        var out = ""
        var cursor = 0
        for match in matches(in: text) {
            out += ns.substring(with: NSRange(location: cursor, length: match.range.location - cursor))
            for piece in pieces {
                switch piece {
                case .literal(let literal): out += literal
                case .group(let i):
                    let range = match.range(at: i)
                    if range.location != NSNotFound { out += ns.substring(with: range) }
                }
            }
            cursor = match.range.location + match.range.length
        }
        out += ns.substring(from: cursor)
        return out
    }

    /// Rewrites Python-only syntax into ICU's; named groups become plain numbered groups because
    /// ICU rejects names with underscores.
    static func translate(_ pattern: String) throws -> (pattern: String, names: [String: Int]) {
        let chars = Array(pattern)
        var out = ""
        var names: [String: Int] = [:]
        var groupCount = 0
        var inClass = false
        var i = 0
        func rest(from start: Int) -> String { String(chars[start...]) }
        while i < chars.count {
            let c = chars[i]
            if c == "\\" {
                guard i + 1 < chars.count else { throw TemplateError("re.error: bad escape (end of pattern)") }
                let next = chars[i + 1]
                out += next == "Z" && !inClass ? "\\z" : "\\\(next)"
                i += 2
                continue
            }
            if inClass {
                if c == "]" { inClass = false; out.append(c) } else if c == "[" { out += "\\[" } else { out.append(c) }
                i += 1
                continue
            }
            switch c {
            case "[":
                inClass = true
                out.append(c)
                i += 1
                // A ']' right after '[' or '[^' is a literal member in Python.
                if i < chars.count, chars[i] == "^" { out.append("^"); i += 1 }
                if i < chars.count, chars[i] == "]" { out += "\\]"; i += 1 }
                continue
            case "(":
                let tail = rest(from: i)
                if tail.hasPrefix("(?P<") {
                    guard let close = chars[(i + 4)...].firstIndex(of: ">") else { throw TemplateError("re.error: missing >, unterminated name") }
                    groupCount += 1
                    names[String(chars[(i + 4)..<close])] = groupCount
                    out += "("
                    i = close + 1
                    continue
                }
                if tail.hasPrefix("(?P=") {
                    guard let close = chars[(i + 4)...].firstIndex(of: ")") else { throw TemplateError("re.error: missing ), unterminated name") }
                    let name = String(chars[(i + 4)..<close])
                    guard let number = names[name] else { throw TemplateError("re.error: unknown group name '\(name)'") }
                    out += "(?:\\\(number))"
                    i = close + 1
                    continue
                }
                if !tail.hasPrefix("(?") { groupCount += 1 }
                out.append(c)
            case "{":
                // Python reads {,n} as {0,n}; ICU needs the zero.
                if i + 1 < chars.count, chars[i + 1] == ",", let close = chars[(i + 2)...].firstIndex(of: "}"),
                   close > i + 2, chars[(i + 2)..<close].allSatisfy(\.isASCII), chars[(i + 2)..<close].allSatisfy(\.isNumber) {
                    out += "{0"
                } else {
                    out.append(c)
                }
            default:
                out.append(c)
            }
            i += 1
        }
        return (out, names)
    }
}

/// A parsed Python replacement template: literal text and group references.
enum ReplacementTemplate {
    enum Piece {
        case literal(String)
        case group(Int)
    }

    static func parse(_ template: String, groupCount: Int, names: [String: Int]) throws -> [Piece] {
        let chars = Array(template)
        var pieces: [Piece] = []
        var literal = ""
        func reference(_ number: Int) throws {
            guard number <= groupCount else { throw TemplateError("re.error: invalid group reference \(number)") }
            if !literal.isEmpty { pieces.append(.literal(literal)); literal = "" }
            pieces.append(.group(number))
        }
        func isOctal(_ c: Character) -> Bool { ("0"..."7").contains(c) }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            guard c == "\\", i + 1 < chars.count else {
                literal.append(c)
                i += 1
                continue
            }
            let next = chars[i + 1]
            i += 2
            switch next {
            case "g":
                guard i < chars.count, chars[i] == "<", let close = chars[i...].firstIndex(of: ">") else {
                    throw TemplateError("re.error: missing < in group reference")
                }
                let name = String(chars[(i + 1)..<close])
                if let number = Int(name), number >= 0 {
                    try reference(number)
                } else if let number = names[name] {
                    try reference(number)
                } else {
                    throw TemplateError("re.error: unknown group name '\(name)'")
                }
                i = close + 1
            case "0":
                // \0 starts an octal escape of up to three digits.
                var digits = "0"
                while digits.count < 3, i < chars.count, isOctal(chars[i]) { digits.append(chars[i]); i += 1 }
                literal.unicodeScalars.append(Unicode.Scalar(UInt32(digits, radix: 8)!)!)
            case "1"..."9":
                // Three octal digits are a character; otherwise one or two digits name a group.
                if i + 1 < chars.count, isOctal(next), isOctal(chars[i]), isOctal(chars[i + 1]) {
                    let value = UInt32(String([next, chars[i], chars[i + 1]]), radix: 8)!
                    guard value <= 0o377 else { throw TemplateError("re.error: octal escape value is outside of range 0-0o377") }
                    literal.unicodeScalars.append(Unicode.Scalar(value)!)
                    i += 2
                } else {
                    var digits = String(next)
                    if i < chars.count, chars[i].isASCII, chars[i].isNumber { digits.append(chars[i]); i += 1 }
                    try reference(Int(digits)!)
                }
            case "n": literal.append("\n")
            case "t": literal.append("\t")
            case "r": literal.append("\r")
            case "f": literal.append("\u{0C}")
            case "v": literal.append("\u{0B}")
            case "a": literal.append("\u{07}")
            case "b": literal.append("\u{08}")
            case "\\": literal.append("\\")
            default:
                if next.isASCII, next.isLetter { throw TemplateError("re.error: bad escape \\\(next)") }
                // Python keeps unknown non-letter escapes as written, backslash included.
                literal.append("\\")
                literal.append(next)
            }
        }
        if !literal.isEmpty { pieces.append(.literal(literal)) }
        return pieces
    }
}
