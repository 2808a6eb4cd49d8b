import SquallModel

extension Python {
    /// A number as Python sees it: bool is an int subclass (True == 1).
    public enum Number: Sendable {
        case int(Int)
        case double(Double)

        public var asDouble: Double {
            switch self {
            case .int(let i): return Double(i)
            case .double(let d): return d
            }
        }
    }

    /// The number behind a bool, int or float; nil for anything else.
    @inlinable
    public static func number(_ value: JSONValue) -> Number? {
        switch value {
        case .bool(let b): return .int(b ? 1 : 0)
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        default: return nil
        }
    }

    /// -1, 0 or 1; nil when NaN makes the pair unordered. Int and float compare exactly, as in
    /// Python (2**53 + 1 != 2.0**53, which converting the int to a Double would call equal).
    public static func compareNumbers(_ a: Number, _ b: Number) -> Int? {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x < y ? -1 : (x > y ? 1 : 0)
        case (.int(let x), .double(let y)): return compare(x, y)
        case (.double(let x), .int(let y)): return compare(y, x).map { -$0 }
        case (.double(let x), .double(let y)):
            if x.isNaN || y.isNaN { return nil }
            return x < y ? -1 : (x > y ? 1 : 0)
        }
    }

    private static func compare(_ i: Int, _ d: Double) -> Int? {
        if d.isNaN { return nil }
        // 2^63 is exact as a Double; beyond it (or at -2^63 and below) no Int can reach.
        if d >= 9_223_372_036_854_775_808.0 { return -1 }
        if d < -9_223_372_036_854_775_808.0 { return 1 }
        let whole = d.rounded(.towardZero)
        let wholeInt = Int(whole)
        if i != wholeInt { return i < wholeInt ? -1 : 1 }
        let fraction = d - whole
        return fraction > 0 ? -1 : (fraction < 0 ? 1 : 0)
    }

    /// Python `float(x)` for the values JSON can hold.
    public static func float(_ value: JSONValue) throws -> Double {
        switch value {
        case .bool(let b): return b ? 1 : 0
        case .int(let i): return Double(i)
        case .double(let d): return d
        case .string(let s):
            if let d = parseFloat(s) { return d }
            throw PythonError.valueError("could not convert string to float: \(repr(value))")
        default:
            throw PythonError.typeError("float() argument must be a string or a real number, not '\(typeName(value))'")
        }
    }

    /// Python's float() text: surrounding whitespace, underscores between digits, inf/nan words.
    private static func parseFloat(_ text: String) -> Double? {
        let trimmed = strip(text)
        guard !trimmed.isEmpty else { return nil }
        let lowered = trimmed.lowercased()
        let unsigned = lowered.hasPrefix("+") || lowered.hasPrefix("-") ? String(lowered.dropFirst()) : lowered
        let negative = lowered.hasPrefix("-")
        if unsigned == "inf" || unsigned == "infinity" { return negative ? -.infinity : .infinity }
        if unsigned == "nan" { return .nan }
        guard unsigned.first.map({ $0.isASCII && ($0.isNumber || $0 == ".") }) == true,
              // Swift's Double() would also read hexadecimal ("0x10"), which float() refuses.
              trimmed.allSatisfy({ "0123456789._eE+-".contains($0) }) else { return nil }
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
