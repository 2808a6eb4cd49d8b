import Foundation
import SquallModel

extension Python {
    /// The right operand of `format % arguments`. JSON has no tuple, so the caller says whether
    /// its value stands for one (Python spreads a tuple over the specifiers).
    public enum PercentArguments: Sendable {
        case tuple([JSONValue])
        case single(JSONValue)
    }

    /// Python's `format % arguments`: conversions s r a d i u f F e E g G x X o c and %%, with
    /// flags, width, precision and `%(name)s` keys. A width or precision over `maxWidth` is Python's
    /// "width too big" / "precision too big" (Python's own bound is the C int; callers bound the
    /// text they will build).
    public static func percentFormat(_ format: String, _ arguments: PercentArguments, maxWidth: Int = Int(Int32.max)) throws -> String {
        var formatter = PercentFormatter(arguments, maxWidth: maxWidth)
        return try formatter.format(Array(format.unicodeScalars))
    }

    /// How many values the specifiers of `format` consume (`%%` consumes none).
    public static func percentSpecifierCount(_ format: String) -> Int {
        var count = 0
        var iterator = format.unicodeScalars.makeIterator()
        while let scalar = iterator.next() {
            guard scalar == "%" else { continue }
            if iterator.next() != "%" { count += 1 }
        }
        return count
    }
}

/// One `%` operation: the positional arguments left, and the mapping `%(name)s` reads.
private struct PercentFormatter {
    let positional: [JSONValue]
    let isTuple: Bool
    /// Python reads keys from any mapping that is not a tuple or str (a list counts).
    let mapping: JSONValue?
    var next = 0
    /// After a `%(name)s`, Python has no positional argument left to give.
    var usedKey = false
    /// The largest width or precision (at most a C int, as in Python).
    let maxWidth: Int

    init(_ arguments: Python.PercentArguments, maxWidth: Int) {
        self.maxWidth = min(max(maxWidth, 0), Int(Int32.max))
        switch arguments {
        case .tuple(let items):
            positional = items
            isTuple = true
            mapping = nil
        case .single(let value):
            positional = [value]
            isTuple = false
            switch value {
            case .object, .array: mapping = value
            default: mapping = nil
            }
        }
    }

    mutating func format(_ scalars: [Unicode.Scalar]) throws -> String {
        var out = ""
        var i = 0
        while i < scalars.count {
            let scalar = scalars[i]
            i += 1
            guard scalar == "%" else { out.unicodeScalars.append(scalar); continue }
            guard i < scalars.count else { throw PythonError.valueError("incomplete format") }
            if scalars[i] == "%" { out += "%"; i += 1; continue }
            var value: JSONValue?
            if scalars[i] == "(" {
                var key = ""
                i += 1
                while i < scalars.count, scalars[i] != ")" { key.unicodeScalars.append(scalars[i]); i += 1 }
                guard i < scalars.count else { throw PythonError.valueError("incomplete format key") }
                i += 1
                value = try mapped(key)
                usedKey = true
            }
            var flags = ""
            while i < scalars.count, "-+ 0#".unicodeScalars.contains(scalars[i]) { flags.unicodeScalars.append(scalars[i]); i += 1 }
            let width = number(scalars, &i)
            guard width <= maxWidth else { throw PythonError.valueError("width too big") }
            var precision: Int?
            if i < scalars.count, scalars[i] == "." {
                i += 1
                precision = number(scalars, &i)
                guard precision! <= maxWidth else { throw PythonError.valueError("precision too big") }
            }
            guard i < scalars.count else { throw PythonError.valueError("incomplete format") }
            let conversion = scalars[i]
            i += 1
            let argument = try value ?? nextArgument()
            let text = try convert(argument, conversion, flags: flags, precision: precision, position: i - 1)
            out += pad(text, width: width, flags: flags, numeric: "diouxXeEfFgG".unicodeScalars.contains(conversion))
        }
        // A tuple must be used up; a single value may go unused only if it is a mapping.
        let unused = isTuple ? next < positional.count : next == 0
        if unused && mapping == nil {
            throw PythonError.typeError("not all arguments converted during string formatting")
        }
        return out
    }

    /// The digits at `i`, saturating just past `maxWidth` (never overflowing).
    private func number(_ scalars: [Unicode.Scalar], _ i: inout Int) -> Int {
        var value = 0
        while i < scalars.count, scalars[i].isASCII, let digit = Int(String(scalars[i])) {
            value = min(value, maxWidth) * 10 + digit
            i += 1
        }
        return value
    }

    private mutating func nextArgument() throws -> JSONValue {
        guard next < positional.count, !usedKey else { throw PythonError.typeError("not enough arguments for format string") }
        defer { next += 1 }
        return positional[next]
    }

    private func mapped(_ key: String) throws -> JSONValue {
        switch mapping {
        case .object(let dict)?:
            guard let found = Python.entry(dict, key) else { throw PythonError(.keyError, Python.repr(.string(key))) }
            return found
        case .array?:
            throw PythonError.typeError("list indices must be integers or slices, not str")
        default:
            throw PythonError.typeError("format requires a mapping")
        }
    }

    private func convert(_ value: JSONValue, _ conversion: Unicode.Scalar, flags: String, precision: Int?,
                         position: Int) throws -> String {
        switch conversion {
        case "s", "r", "a":
            let text = conversion == "s" ? Python.str(value) : Python.repr(value)
            guard let precision else { return text }
            return String(String.UnicodeScalarView(text.unicodeScalars.prefix(precision)))
        case "d", "i", "u":
            guard let number = Python.number(value) else {
                throw PythonError.typeError("%\(conversion) format: a real number is required, not \(Python.typeName(value))")
            }
            switch number {
            case .int(let n): return signed(String(n), n >= 0, flags)
            case .double(let d):
                guard d.isFinite else {
                    throw PythonError(d.isNaN ? .valueError : .overflowError,
                                      d.isNaN ? "cannot convert float NaN to integer" : "cannot convert float infinity to integer")
                }
                guard d.magnitude < 9.2e18 else { return signed(String(format: "%.0f", d.rounded(.towardZero)), d >= 0, flags) }
                return signed(String(Int(d.rounded(.towardZero))), d >= 0, flags)
            }
        case "f", "F", "e", "E", "g", "G":
            guard let number = Python.number(value) else {
                throw PythonError.typeError("must be real number, not \(Python.typeName(value))")
            }
            let d = number.asDouble
            let text = String(format: "%\(flags.contains("#") ? "#" : "").\(precision ?? 6)\(Character(conversion))", d)
            return signed(text, d >= 0, flags)
        case "x", "X", "o":
            guard case .int(let n)? = Python.number(value) else {
                throw PythonError.typeError("%\(conversion) format: an integer is required, not \(Python.typeName(value))")
            }
            var digits = String(n.magnitude, radix: conversion == "o" ? 8 : 16, uppercase: conversion == "X")
            if flags.contains("#") { digits = (conversion == "o" ? "0o" : conversion == "x" ? "0x" : "0X") + digits }
            return n < 0 ? "-" + digits : signed(digits, true, flags)
        case "c":
            if case .string(let s) = value, s.unicodeScalars.count == 1 { return s }
            if case .int(let n)? = Python.number(value) {
                guard n >= 0, n <= 0x10FFFF, let scalar = Unicode.Scalar(UInt32(n)) else {
                    throw PythonError.overflowError("%c arg not in range(0x110000)")
                }
                return String(Character(scalar))
            }
            throw PythonError.typeError("%c requires int or char")
        default:
            let hex = String(conversion.value, radix: 16)
            throw PythonError.valueError("unsupported format character '\(conversion)' (0x\(hex)) at index \(position)")
        }
    }

    private func signed(_ text: String, _ nonNegative: Bool, _ flags: String) -> String {
        guard nonNegative else { return text }
        if flags.contains("+") { return "+" + text }
        if flags.contains(" ") { return " " + text }
        return text
    }

    private func pad(_ text: String, width: Int, flags: String, numeric: Bool) -> String {
        let length = text.unicodeScalars.count
        guard width > length else { return text }
        let fill = width - length
        if flags.contains("-") { return text + String(repeating: " ", count: fill) }
        if flags.contains("0") && numeric {
            // Zeros go after the sign and any 0x prefix.
            var prefixLength = 0
            let scalars = Array(text.unicodeScalars)
            if let first = scalars.first, first == "-" || first == "+" || first == " " { prefixLength = 1 }
            if scalars.count >= prefixLength + 2, scalars[prefixLength] == "0",
               "xXo".unicodeScalars.contains(scalars[prefixLength + 1]) { prefixLength += 2 }
            let head = String(String.UnicodeScalarView(scalars[..<prefixLength]))
            let tail = String(String.UnicodeScalarView(scalars[prefixLength...]))
            return head + String(repeating: "0", count: fill) + tail
        }
        return String(repeating: " ", count: fill) + text
    }
}
