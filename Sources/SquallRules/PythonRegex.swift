import Foundation

/// Python `re` patterns run on ICU (NSRegularExpression). Differences that matter and are handled:
/// - `\Z` is end-of-text in Python but "before a final newline" in ICU: rewritten to `\z`.
/// - Named groups `(?P<n>...)` and back-references `(?P=n)` are Python-only: rewritten to ICU's
///   `(?<n>...)` and `\k<n>`.
/// - Line terminators: Python's `.`, `^`, `$` know only `\n`; ICU also knows `\r`, U+2028...
///   `useUnixLineSeparators` makes ICU agree.
/// Remaining differences (rare in rules): ICU accepts some syntax Python rejects (possessive
/// quantifiers, `\p{...}`), and Python's `$` without MULTILINE also matches before a final `\n`
/// (ICU does the same).
struct PythonRegex: @unchecked Sendable {  // NSRegularExpression is immutable and thread-safe
    let expression: NSRegularExpression

    enum Flavor: Sendable, Hashable {
        case match  // re.match with DOTALL: anchored at the start
        case search  // re.search
        case searchIgnoringCase  // re.search with IGNORECASE
    }

    init(_ pattern: String, flavor: Flavor) throws {
        var options: NSRegularExpression.Options = [.useUnixLineSeparators]
        switch flavor {
        case .match: options.insert(.dotMatchesLineSeparators)
        case .search: break
        case .searchIgnoringCase: options.insert(.caseInsensitive)
        }
        do {
            expression = try NSRegularExpression(pattern: PythonRegex.translate(pattern), options: options)
        } catch {
            throw CriteriaError("re.error: invalid regular expression '\(pattern)'")
        }
        self.flavor = flavor
        literal = flavor == .searchIgnoringCase ? nil : LiteralPattern(pattern)
    }

    let flavor: Flavor
    /// Set when the pattern is plain ASCII text (with at most a final `$`): matched by comparing
    /// bytes, which gives the same answer as the regex engine at a small fraction of its cost.
    let literal: LiteralPattern?

    func matches(_ text: String) -> Bool {
        if let literal { return literal.matches(text, anchoredAtStart: flavor == .match) }
        let range = NSRange(location: 0, length: (text as NSString).length)
        let options: NSRegularExpression.MatchingOptions = flavor == .match ? [.anchored] : []
        return expression.firstMatch(in: text, options: options, range: range) != nil
    }

    /// Rewrites the Python-only spellings listed above; everything else passes through.
    static func translate(_ pattern: String) -> String {
        guard pattern.contains("\\Z") || pattern.contains("(?P") else { return pattern }
        var out = ""
        var chars = Substring(pattern)
        while let c = chars.first {
            chars.removeFirst()
            if c == "\\", let next = chars.first {
                chars.removeFirst()
                out += next == "Z" ? "\\z" : "\\\(next)"
            } else if c == "(", chars.hasPrefix("?P<") {
                chars.removeFirst(3)
                out += "(?<"
            } else if c == "(", chars.hasPrefix("?P="), let close = chars.firstIndex(of: ")") {
                let name = chars[chars.index(chars.startIndex, offsetBy: 3)..<close]
                out += "\\k<\(name)>"
                chars = chars[chars.index(after: close)...]
            } else {
                out.append(c)
            }
        }
        return out
    }
}

/// A regex with no special characters: printable ASCII text other than `.^$*+?{}[]\|()`,
/// optionally ending in `$` (end of text, or before a final newline, as in Python).
struct LiteralPattern: Sendable {
    let bytes: [UInt8]
    let anchoredAtEnd: Bool

    init?(_ pattern: String) {
        var bytes = Array(pattern.utf8)
        anchoredAtEnd = bytes.last == UInt8(ascii: "$")
        if anchoredAtEnd { bytes.removeLast() }
        let special = Set(".^$*+?{}[]\\|()#".utf8)
        guard !bytes.isEmpty, bytes.allSatisfy({ (0x20...0x7e).contains($0) && !special.contains($0) }) else { return nil }
        self.bytes = bytes
    }

    /// Compares bytes in place: copying the text into an array first cost more than the comparison
    /// (the rules engine runs this for every regex criterion of every trigger instance).
    func matches(_ text: String, anchoredAtStart: Bool) -> Bool {
        var text = text
        return text.withUTF8 { utf8 in
            bytes.withUnsafeBufferPointer { pattern in
                // `pattern` is never empty, so a text as long as it has an address.
                func equal(at start: Int) -> Bool { memcmp(utf8.baseAddress! + start, pattern.baseAddress!, pattern.count) == 0 }
                // Whether the first `count` bytes end with the pattern (are it, when anchored at the start).
                func ends(_ count: Int) -> Bool {
                    anchoredAtStart ? count == pattern.count && equal(at: 0) : count >= pattern.count && equal(at: count - pattern.count)
                }
                if anchoredAtEnd {
                    if ends(utf8.count) { return true }
                    // `$` also matches just before a final newline.
                    return utf8.last == UInt8(ascii: "\n") && ends(utf8.count - 1)
                }
                guard utf8.count >= pattern.count else { return false }
                if anchoredAtStart { return equal(at: 0) }
                for start in 0...(utf8.count - pattern.count) where utf8[start] == pattern[0] && equal(at: start) { return true }
                return false
            }
        }
    }
}

/// Compiled patterns shared by all rules: patterns rendered from templates repeat too.
final class RegexCache: @unchecked Sendable {
    static let shared = RegexCache()
    private let lock = NSLock()
    private var entries: [Key: PythonRegex] = [:]
    private static let limit = 2048

    private struct Key: Hashable { let pattern: String; let flavor: PythonRegex.Flavor }

    func regex(_ pattern: String, flavor: PythonRegex.Flavor) throws -> PythonRegex {
        let key = Key(pattern: pattern, flavor: flavor)
        lock.lock()
        if let hit = entries[key] { lock.unlock(); return hit }
        lock.unlock()
        let compiled = try PythonRegex(pattern, flavor: flavor)
        lock.lock()
        if entries.count >= RegexCache.limit { entries.removeAll(keepingCapacity: true) }
        entries[key] = compiled
        lock.unlock()
        return compiled
    }
}
