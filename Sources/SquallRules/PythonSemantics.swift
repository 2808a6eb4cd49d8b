import SquallModel


/// The parts of Python 3's data model that st2's operators rely on, for JSON values:
/// `==`, `<`, `in`, `str.lower()`, `float()`. Strings compare by code point (UTF-8 byte order is
/// code point order), never by Swift's canonical equivalence.
enum Python {
    /// Python's type name, for error messages that read like st2's.
    static func typeName(_ value: JSONValue) -> String {
        value.pythonTypeName
    }

    /// A number as Python sees it: bool is an int subclass.
    private enum Number { case int(Int), double(Double) }

    private static func number(_ value: JSONValue) -> Number? {
        switch value {
        case .bool(let b): return .int(b ? 1 : 0)
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        default: return nil
        }
    }

    private static func compareNumbers(_ a: Number, _ b: Number) -> Int {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x < y ? -1 : (x > y ? 1 : 0)
        case (.int(let x), .double(let y)): return compare(Double(x), y)
        case (.double(let x), .int(let y)): return compare(x, Double(y))
        case (.double(let x), .double(let y)): return compare(x, y)
        }
    }

    private static func compare(_ x: Double, _ y: Double) -> Int { x < y ? -1 : (x > y ? 1 : 0) }

    static func stringsEqual(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && a.utf8.elementsEqual(b.utf8)
    }

    /// Python `a == b`.
    static func equal(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)): return stringsEqual(x, y)
        case (.null, .null): return true
        case (.array(let x), .array(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        case (.object(let x), .object(let y)):
            guard x.count == y.count else { return false }
            for (key, value) in x {
                guard let other = y[key], equal(value, other) else { return false }
            }
            return true
        default:
            if let x = number(a), let y = number(b) {
                if case .double(let d) = x, d.isNaN { return false }
                if case .double(let d) = y, d.isNaN { return false }
                return compareNumbers(x, y) == 0
            }
            return false
        }
    }

    /// Python's rich comparison for `<` and `>`: -1, 0 or 1, or TypeError for unorderable types.
    static func order(_ a: JSONValue, _ b: JSONValue, symbol: String) throws -> Int {
        switch (a, b) {
        case (.string(let x), .string(let y)):
            return x.utf8.lexicographicallyPrecedes(y.utf8) ? -1 : (stringsEqual(x, y) ? 0 : 1)
        case (.array(let x), .array(let y)):
            // Lexicographic: the first unequal pair decides, then the length.
            for (p, q) in zip(x, y) where !equal(p, q) {
                return try order(p, q, symbol: symbol)
            }
            return x.count < y.count ? -1 : (x.count > y.count ? 1 : 0)
        default:
            if let x = number(a), let y = number(b) { return compareNumbers(x, y) }
            throw CriteriaError.typeError(
                "'\(symbol)' not supported between instances of '\(typeName(a))' and '\(typeName(b))'")
        }
    }

    static func lessThan(_ a: JSONValue, _ b: JSONValue) throws -> Bool {
        // Python's `<` on NaN is false; order() never sees NaN from JSON, but keep it honest.
        if case .double(let d) = a, d.isNaN { return false }
        if case .double(let d) = b, d.isNaN { return false }
        return try order(a, b, symbol: "<") < 0
    }

    static func greaterThan(_ a: JSONValue, _ b: JSONValue) throws -> Bool {
        if case .double(let d) = a, d.isNaN { return false }
        if case .double(let d) = b, d.isNaN { return false }
        return try order(a, b, symbol: ">") > 0
    }

    /// Python `item in container`.
    static func contains(_ container: JSONValue, _ item: JSONValue) throws -> Bool {
        switch container {
        case .string(let haystack):
            guard case .string(let needle) = item else {
                throw CriteriaError.typeError("'in <string>' requires string as left operand, not \(typeName(item))")
            }
            return substring(needle, in: haystack)
        case .array(let elements):
            return elements.contains { equal($0, item) }
        case .object(let object):
            switch item {
            case .string(let key): return object[key] != nil
            case .array, .object: throw CriteriaError.typeError("unhashable type: '\(typeName(item))'")
            default: return false  // JSON object keys are strings: no int/bool/None key can be present
            }
        default:
            throw CriteriaError.typeError("argument of type '\(typeName(container))' is not iterable")
        }
    }

    /// Code-point substring search (a UTF-8 byte search finds exactly the code point matches).
    static func substring(_ needle: String, in haystack: String) -> Bool {
        var needle = needle, haystack = haystack
        if needle.isEmpty { return true }
        return haystack.withUTF8 { h in
            needle.withUTF8 { n in
                guard n.count <= h.count else { return false }
                let first = n[0]
                var i = 0
                let last = h.count - n.count
                while i <= last {
                    if h[i] == first {
                        var k = 1
                        while k < n.count && h[i + k] == n[k] { k += 1 }
                        if k == n.count { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }

    static func hasPrefix(_ text: String, _ prefix: String) -> Bool { text.utf8.starts(with: prefix.utf8) }

    static func hasSuffix(_ text: String, _ suffix: String) -> Bool {
        text.utf8.count >= suffix.utf8.count && text.utf8.reversed().starts(with: suffix.utf8.reversed())
    }

    /// The string behind a value on which the operator calls a `str` method (`lower`,
    /// `startswith`...): anything else raises AttributeError, as in Python.
    static func requireString(_ value: JSONValue, method: String) throws -> String {
        guard case .string(let s) = value else { throw CriteriaError.attributeError(typeName(value), method) }
        return s
    }

    /// The argument of a `str` method (`s.startswith(arg)`), which must be a str.
    static func requireStringArgument(_ value: JSONValue, method: String) throws -> String {
        guard case .string(let s) = value else {
            throw CriteriaError.typeError("\(method) first arg must be str or a tuple of str, not \(typeName(value))")
        }
        return s
    }

    static func lower(_ s: String) -> String { s.lowercased() }

    /// Python `float(x)` for the values JSON can hold.
    static func float(_ value: JSONValue) throws -> Double {
        switch value {
        case .bool(let b): return b ? 1 : 0
        case .int(let i): return Double(i)
        case .double(let d): return d
        case .string(let s):
            if let d = parseFloat(s) { return d }
            throw CriteriaError("ValueError: could not convert string to float: '\(s)'")
        default:
            throw CriteriaError.typeError("float() argument must be a string or a real number, not '\(typeName(value))'")
        }
    }

    /// Python's float() text: surrounding whitespace, underscores between digits, inf/nan words.
    private static func parseFloat(_ text: String) -> Double? {
        let trimmed = text.trimmingPythonWhitespace()
        guard !trimmed.isEmpty else { return nil }
        let lowered = trimmed.lowercased()
        let unsigned = lowered.hasPrefix("+") || lowered.hasPrefix("-") ? String(lowered.dropFirst()) : lowered
        let negative = lowered.hasPrefix("-")
        if unsigned == "inf" || unsigned == "infinity" { return negative ? -.infinity : .infinity }
        if unsigned == "nan" { return .nan }
        guard unsigned.first.map({ $0.isASCII && ($0.isNumber || $0 == ".") }) == true else { return nil }
        var cleaned = ""
        var previous: Character = " "
        for (index, c) in trimmed.enumerated() {
            if c == "_" {
                let next = trimmed.dropFirst(index + 1).first
                guard previous.isASCII, previous.isNumber, let next, next.isASCII, next.isNumber else { return nil }
            } else {
                cleaned.append(c)
            }
            previous = c
        }
        return Double(cleaned)
    }
}

extension String {
    func trimmingPythonWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
