import SquallModel
import SquallPython

/// String operations with Python's exact semantics (whitespace rules, split behaviour, title case).
enum TextOps {
    static func isPythonSpace(_ scalar: Unicode.Scalar) -> Bool { Python.isSpace(scalar) }

    static func strip(_ s: String, chars: String?, leading: Bool = true, trailing: Bool = true) -> String {
        let scalars = Array(s.unicodeScalars)
        let set = chars.map { Set($0.unicodeScalars) }
        func removable(_ scalar: Unicode.Scalar) -> Bool { set?.contains(scalar) ?? isPythonSpace(scalar) }
        var lower = 0
        var upper = scalars.count
        if leading { while lower < upper, removable(scalars[lower]) { lower += 1 } }
        if trailing { while upper > lower, removable(scalars[upper - 1]) { upper -= 1 } }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars[lower..<upper])
        return String(out)
    }

    static func split(_ s: String, separator: String?, maxSplit: Int) throws -> [String] {
        guard let separator else { return whitespaceSplit(s, maxSplit: maxSplit) }
        guard !separator.isEmpty else { throw TemplateError("empty separator") }
        let text = Array(s.unicodeScalars)
        let sep = Array(separator.unicodeScalars)
        var parts: [String] = []
        var start = 0
        var i = 0
        while i + sep.count <= text.count {
            if maxSplit >= 0 && parts.count >= maxSplit { break }
            if Array(text[i..<i + sep.count]) == sep {
                parts.append(string(text[start..<i]))
                i += sep.count
                start = i
            } else {
                i += 1
            }
        }
        parts.append(string(text[start..<text.count]))
        return parts
    }

    static func rsplit(_ s: String, separator: String?, maxSplit: Int) throws -> [String] {
        if maxSplit < 0 { return try split(s, separator: separator, maxSplit: -1) }
        let reversedParts = try split(String(String.UnicodeScalarView(s.unicodeScalars.reversed())),
                                      separator: separator.map { String(String.UnicodeScalarView($0.unicodeScalars.reversed())) },
                                      maxSplit: maxSplit)
        return reversedParts.reversed().map { String(String.UnicodeScalarView($0.unicodeScalars.reversed())) }
    }

    /// `str.split()` with no separator: runs of whitespace separate, and none are empty.
    private static func whitespaceSplit(_ s: String, maxSplit: Int) -> [String] {
        let text = Array(s.unicodeScalars)
        var parts: [String] = []
        var i = 0
        while i < text.count {
            while i < text.count, isPythonSpace(text[i]) { i += 1 }
            guard i < text.count else { break }
            if maxSplit >= 0 && parts.count >= maxSplit {
                var end = text.count
                while end > i, isPythonSpace(text[end - 1]) { end -= 1 }
                parts.append(string(text[i..<end]))
                return parts
            }
            let start = i
            while i < text.count, !isPythonSpace(text[i]) { i += 1 }
            parts.append(string(text[start..<i]))
        }
        return parts
    }

    static func replace(_ s: String, _ old: String, _ new: String, count: Int) throws -> String {
        if count == 0 { return s }
        let growth = new.utf8.count - old.utf8.count
        if growth > 0 {
            let times = count < 0 ? occurrences(of: old, in: s) : min(count, occurrences(of: old, in: s))
            try TemplateLimits.process.checkString(bytes: s.utf8.count &+ TemplateLimits.product(growth, times))
        }
        if old.isEmpty {
            // Python inserts `new` between every character (and at both ends).
            var out = new
            var done = 1
            for scalar in s.unicodeScalars {
                out.unicodeScalars.append(scalar)
                if count < 0 || done < count { out += new; done += 1 }
            }
            return out
        }
        let text = Array(s.unicodeScalars)
        let pattern = Array(old.unicodeScalars)
        var out = String.UnicodeScalarView()
        var replaced = 0
        var i = 0
        while i < text.count {
            if (count < 0 || replaced < count), i + pattern.count <= text.count, Array(text[i..<i + pattern.count]) == pattern {
                out.append(contentsOf: new.unicodeScalars)
                i += pattern.count
                replaced += 1
            } else {
                out.append(text[i])
                i += 1
            }
        }
        return String(out)
    }

    /// The UTF-8 size of `parts` joined with `separator`, saturating instead of overflowing.
    static func joinedBytes(_ parts: [String], separator: String) -> Int {
        var total = TemplateLimits.product(separator.utf8.count, parts.count - 1)
        for part in parts {
            let (sum, overflow) = total.addingReportingOverflow(part.utf8.count)
            if overflow { return Int.max }
            total = sum
        }
        return total
    }

    static func occurrences(of needle: String, in s: String) -> Int {
        if needle.isEmpty { return s.unicodeScalars.count + 1 }
        return (try? split(s, separator: needle, maxSplit: -1).count - 1) ?? 0
    }

    static func capitalize(_ s: String) -> String {
        guard let first = s.first else { return s }
        return first.uppercased() + s.dropFirst().lowercased()
    }

    /// Python's str.title(): a letter after a non-letter starts a word ("they're" -> "They'Re").
    static func pythonTitle(_ s: String) -> String {
        var out = ""
        var previousIsLetter = false
        for character in s {
            out += previousIsLetter ? character.lowercased() : character.uppercased()
            previousIsLetter = character.isLetter
        }
        return out
    }

    /// Jinja's title filter: words start after whitespace, '-', or an opening bracket.
    static func jinjaTitle(_ s: String) -> String {
        var out = ""
        var atWordStart = true
        for character in s {
            let separator = character.isWhitespace || "-({[<".contains(character)
            if separator {
                out.append(character)
                atWordStart = true
            } else {
                out += atWordStart ? character.uppercased() : character.lowercased()
                atWordStart = false
            }
        }
        return out
    }

    private static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }
}

/// Python's `str.format` for the simple forms templates use: `{}`, `{0}`, `{name}`, `{{`, `}}`.
/// Format specs after ':' are accepted and ignored except for plain text conversion.
enum BraceFormat {
    static func format(_ template: String, _ args: [JSONValue], _ kwargs: [String: JSONValue]) throws -> String {
        var out = ""
        var automatic = 0
        var iterator = template.makeIterator()
        while let character = iterator.next() {
            if character == "}" {
                guard iterator.next() == "}" else { throw TemplateError("single '}' encountered in format string") }
                out += "}"
                continue
            }
            guard character == "{" else { out.append(character); continue }
            var field = ""
            var closed = false
            while let next = iterator.next() {
                if next == "{" && field.isEmpty { out += "{"; closed = true; field = "\u{0}"; break }
                if next == "}" { closed = true; break }
                field.append(next)
            }
            guard closed else { throw TemplateError("single '{' encountered in format string") }
            if field == "\u{0}" { continue }
            let name = field.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
            let value: JSONValue
            if name.isEmpty {
                guard automatic < args.count else { throw TemplateError("Replacement index \(automatic) out of range for positional args tuple") }
                value = args[automatic]
                automatic += 1
            } else if let index = Int(name) {
                guard index < args.count else { throw TemplateError("Replacement index \(index) out of range for positional args tuple") }
                value = args[index]
            } else {
                guard let found = kwargs[name] else { throw TemplateError("format key '\(name)' is missing") }
                value = found
            }
            Python.writeStr(value, to: &out)
        }
        return out
    }
}
