/// The type YAML 1.1 gives a plain (unquoted, untagged) scalar, decided by hand-written matchers that
/// accept exactly what Yams' default resolver patterns accept (bool, then int, float, null; anything
/// else is a string: timestamps, `<<` and `=` read as text here). Yams compiles those patterns with
/// ICU regular expressions on first use, which cost a third of a `squall run`'s instructions.
enum YAMLScalarType: Equatable {
    case bool, int, float, null, string

    init(plain text: String) {
        let bytes = Array(text.utf8)
        if Self.boolWords.contains(text) {
            self = .bool
        } else if Self.isInt(bytes) {
            self = .int
        } else if Self.isFloat(bytes) {
            self = .float
        } else if Self.nullWords.contains(text) {
            self = .null
        } else {
            self = .string
        }
    }

    private static let boolWords: Set<String> = [
        "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
        "on", "On", "ON", "off", "Off", "OFF",
    ]
    private static let nullWords: Set<String> = ["~", "null", "Null", "NULL", ""]

    // MARK: int: 0b binary, 0o / 0 octal, decimal, 0x hex, sexagesimal (1:30)

    private static func isInt(_ s: [UInt8]) -> Bool {
        let start = signEnd(s)
        return isBinary(s, from: start) || isOctal(s, from: start) || isDecimal(s, from: start)
            || isHex(s, from: start) || isSexagesimalInt(s, from: start)
    }

    private static func isBinary(_ s: [UInt8], from start: Int) -> Bool {
        guard has(s, "0b", at: start) else { return false }
        return run(s, from: start + 2, of: { $0 == 0x30 || $0 == 0x31 || $0 == underscore }) == s.count && s.count > start + 2
    }

    private static func isOctal(_ s: [UInt8], from start: Int) -> Bool {
        guard start < s.count, s[start] == zero else { return false }
        var index = start + 1
        if index < s.count, s[index] == UInt8(ascii: "o") { index += 1 }
        let end = run(s, from: index, of: { ($0 >= zero && $0 <= UInt8(ascii: "7")) || $0 == underscore })
        return end > index && end == s.count
    }

    private static func isDecimal(_ s: [UInt8], from start: Int) -> Bool {
        guard start < s.count else { return false }
        if s[start] == zero { return s.count == start + 1 }
        guard isNonZeroDigit(s[start]) else { return false }
        return run(s, from: start + 1, of: isDigitOrUnderscore) == s.count
    }

    private static func isHex(_ s: [UInt8], from start: Int) -> Bool {
        guard has(s, "0x", at: start) else { return false }
        let end = run(s, from: start + 2, of: { isDigit($0) || (0x61...0x66).contains($0 | 0x20) || $0 == underscore })
        return end > start + 2 && end == s.count
    }

    private static func isSexagesimalInt(_ s: [UInt8], from start: Int) -> Bool {
        guard let end = sexagesimal(s, from: start) else { return false }
        return end == s.count
    }

    // MARK: float: decimal with optional fraction and exponent, .5, sexagesimal, .inf, .nan

    private static func isFloat(_ s: [UInt8]) -> Bool {
        let start = signEnd(s)
        return isDecimalFloat(s, from: start) || isFractionOnly(s) || isSexagesimalFloat(s, from: start)
            || isInfinity(s, from: start) || isNaN(s)
    }

    private static func isDecimalFloat(_ s: [UInt8], from start: Int) -> Bool {
        guard start < s.count, isDigit(s[start]) else { return false }
        var index = run(s, from: start + 1, of: isDigitOrUnderscore)
        if index < s.count, s[index] == dot { index = run(s, from: index + 1, of: isDigitOrUnderscore) }
        if index < s.count, s[index] | 0x20 == UInt8(ascii: "e") {
            index = exponentEnd(s, from: index + 1, signRequired: false) ?? -1
        }
        return index == s.count
    }

    /// `.5`, `._5e+3`: no leading sign, and an exponent must be signed.
    private static func isFractionOnly(_ s: [UInt8]) -> Bool {
        guard s.first == dot else { return false }
        var index = run(s, from: 1, of: isDigitOrUnderscore)
        guard index > 1 else { return false }
        if index < s.count, s[index] | 0x20 == UInt8(ascii: "e") {
            index = exponentEnd(s, from: index + 1, signRequired: true) ?? -1
        }
        return index == s.count
    }

    private static func isSexagesimalFloat(_ s: [UInt8], from start: Int) -> Bool {
        guard start < s.count, isDigit(s[start]), let end = sexagesimal(s, from: start, firstDigitMayBeZero: true),
              end < s.count, s[end] == dot else { return false }
        return run(s, from: end + 1, of: isDigitOrUnderscore) == s.count
    }

    private static func isInfinity(_ s: [UInt8], from start: Int) -> Bool {
        guard start < s.count, s[start] == dot else { return false }
        return ["inf", "Inf", "INF"].contains(String(decoding: s[(start + 1)...], as: UTF8.self))
    }

    private static func isNaN(_ s: [UInt8]) -> Bool {
        guard s.first == dot else { return false }
        return ["nan", "NaN", "NAN"].contains(String(decoding: s[1...], as: UTF8.self))
    }

    // MARK: pieces

    private static let zero = UInt8(ascii: "0")
    private static let dot = UInt8(ascii: ".")
    private static let underscore = UInt8(ascii: "_")

    private static func isDigit(_ c: UInt8) -> Bool { c >= zero && c <= UInt8(ascii: "9") }
    private static func isNonZeroDigit(_ c: UInt8) -> Bool { c > zero && c <= UInt8(ascii: "9") }
    private static func isDigitOrUnderscore(_ c: UInt8) -> Bool { isDigit(c) || c == underscore }

    /// Index after an optional leading `+` or `-`.
    private static func signEnd(_ s: [UInt8]) -> Int {
        guard let first = s.first else { return 0 }
        return first == UInt8(ascii: "+") || first == UInt8(ascii: "-") ? 1 : 0
    }

    private static func has(_ s: [UInt8], _ prefix: StaticString, at index: Int) -> Bool {
        let p = prefix.utf8Start
        for offset in 0..<prefix.utf8CodeUnitCount {
            guard index + offset < s.count, s[index + offset] == p[offset] else { return false }
        }
        return true
    }

    /// Index of the first byte at or after `index` that does not satisfy `accepted`.
    private static func run(_ s: [UInt8], from index: Int, of accepted: (UInt8) -> Bool) -> Int {
        var end = index
        while end < s.count, accepted(s[end]) { end += 1 }
        return end
    }

    /// `[-+]?[0-9]+` after an `e`; nil when absent.
    private static func exponentEnd(_ s: [UInt8], from index: Int, signRequired: Bool) -> Int? {
        var start = index
        if start < s.count, s[start] == UInt8(ascii: "+") || s[start] == UInt8(ascii: "-") {
            start += 1
        } else if signRequired {
            return nil
        }
        let end = run(s, from: start, of: isDigit)
        return end > start ? end : nil
    }

    /// `[1-9][0-9_]*` (or `[0-9][0-9_]*` for floats) followed by one or more `:[0-5]?[0-9]`; the index
    /// after the last group, nil when there is none.
    private static func sexagesimal(_ s: [UInt8], from start: Int, firstDigitMayBeZero: Bool = false) -> Int? {
        guard start < s.count, firstDigitMayBeZero ? isDigit(s[start]) : isNonZeroDigit(s[start]) else { return nil }
        var index = run(s, from: start + 1, of: isDigitOrUnderscore)
        var groups = 0
        while index < s.count, s[index] == UInt8(ascii: ":") {
            let first = index + 1
            guard first < s.count, isDigit(s[first]) else { return nil }
            if first + 1 < s.count, isDigit(s[first + 1]), s[first] <= UInt8(ascii: "5") {
                index = first + 2
            } else {
                index = first + 1
            }
            groups += 1
        }
        return groups > 0 ? index : nil
    }
}
