import Foundation
import SquallModel

/// Python's `"%s" % value` string formatting (also the `format` filter): conversions
/// s r d i f F e g x o c and %%, with flags, width, precision and `%(name)s` keys.
enum PercentFormat {
    static func format(_ template: String, _ arguments: JSONValue) throws -> String {
        let scalars = Array(template.unicodeScalars)
        let specifierCount = countSpecifiers(scalars)
        var positional: [JSONValue]
        // Tuples arrive as arrays: spread them when they match several specifiers.
        if case .array(let items) = arguments, specifierCount > 1 || (specifierCount == items.count && specifierCount != 1) {
            positional = items
        } else {
            positional = [arguments]
        }
        var next = 0
        var out = ""
        var i = 0
        while i < scalars.count {
            let scalar = scalars[i]
            i += 1
            guard scalar == "%" else { out.unicodeScalars.append(scalar); continue }
            guard i < scalars.count else { throw TemplateError("incomplete format") }
            if scalars[i] == "%" { out += "%"; i += 1; continue }
            var value: JSONValue?
            if scalars[i] == "(" {
                var key = ""
                i += 1
                while i < scalars.count, scalars[i] != ")" { key.unicodeScalars.append(scalars[i]); i += 1 }
                i += 1
                guard case .object(let dict) = arguments else { throw TemplateError("format requires a mapping") }
                guard let found = dict[key] else { throw TemplateError("format key '\(key)' is missing") }
                value = found
            }
            var flags = ""
            while i < scalars.count, "-+ 0#".unicodeScalars.contains(scalars[i]) { flags.unicodeScalars.append(scalars[i]); i += 1 }
            // Width and precision are sizes of text to build: bounded like any string (and never overflowing).
            let limits = TemplateLimits.process
            var width = 0
            while i < scalars.count, let digit = scalars[i].properties.numericType != nil ? Int(String(scalars[i])) : nil {
                width = min(width, limits.maxStringBytes) * 10 + digit
                i += 1
            }
            try limits.checkString(bytes: width)
            var precision: Int?
            if i < scalars.count, scalars[i] == "." {
                i += 1
                var p = 0
                while i < scalars.count, let digit = Int(String(scalars[i])) { p = min(p, limits.maxStringBytes) * 10 + digit; i += 1 }
                try limits.checkString(bytes: p)
                precision = p
            }
            guard i < scalars.count else { throw TemplateError("incomplete format") }
            let conversion = scalars[i]
            i += 1
            if value == nil {
                guard next < positional.count else { throw TemplateError("not enough arguments for format string") }
                value = positional[next]
                next += 1
            }
            let text = try convert(value!, conversion, flags: flags, precision: precision)
            out += pad(text, width: width, flags: flags, numeric: "diouxXeEfFgG".unicodeScalars.contains(conversion))
        }
        if next < positional.count, positional.count > 1 {
            throw TemplateError("not all arguments converted during string formatting")
        }
        return out
    }

    private static func countSpecifiers(_ scalars: [Unicode.Scalar]) -> Int {
        var count = 0
        var i = 0
        while i < scalars.count {
            if scalars[i] == "%" {
                if i + 1 < scalars.count, scalars[i + 1] == "%" { i += 2; continue }
                count += 1
            }
            i += 1
        }
        return count
    }

    private static func convert(_ value: JSONValue, _ conversion: Unicode.Scalar, flags: String, precision: Int?) throws -> String {
        switch conversion {
        case "s": return PythonFormat.str(value)
        case "r": return PythonFormat.repr(value)
        case "d", "i", "u":
            guard let number = PythonSemantics.number(value) else {
                throw TemplateError("%\(conversion) format: a number is required, not \(PythonFormat.typeName(value))")
            }
            switch number {
            case .int(let n): return signed(String(n), n >= 0, flags)
            case .double(let d):
                // Python prints any float's integer digits; beyond Int that is a clear error, not a trap.
                guard d.isFinite, Swift.abs(d) < 9.2e18 else {
                    throw TemplateError("%\(conversion) format: \(PythonFormat.floatRepr(d)) does not fit in a 64-bit integer")
                }
                return signed(String(Int(d.rounded(.towardZero))), d >= 0, flags)
            }
        case "f", "F", "e", "E", "g", "G":
            guard let number = PythonSemantics.number(value) else {
                throw TemplateError("must be real number, not \(PythonFormat.typeName(value))")
            }
            let d = number.asDouble
            let text = String(format: "%.\(precision ?? 6)\(Character(conversion))", d)
            return signed(text, d >= 0, flags)
        case "x", "X", "o":
            guard case .int(let n)? = PythonSemantics.number(value) else {
                throw TemplateError("%\(conversion) format: an integer is required")
            }
            let text = String(n, radix: conversion == "o" ? 8 : 16, uppercase: conversion == "X")
            return text
        case "c":
            if case .string(let s) = value { return s }
            if case .int(let n) = value, let scalar = Unicode.Scalar(n) { return String(Character(scalar)) }
            throw TemplateError("%c requires int or char")
        default:
            throw TemplateError("unsupported format character '\(conversion)'")
        }
    }

    private static func signed(_ text: String, _ nonNegative: Bool, _ flags: String) -> String {
        guard nonNegative else { return text }
        if flags.contains("+") { return "+" + text }
        if flags.contains(" ") { return " " + text }
        return text
    }

    private static func pad(_ text: String, width: Int, flags: String, numeric: Bool) -> String {
        let length = text.unicodeScalars.count
        guard width > length else { return text }
        let fill = width - length
        if flags.contains("-") { return text + String(repeating: " ", count: fill) }
        if flags.contains("0") && numeric {
            if let first = text.first, first == "-" || first == "+" || first == " " {
                return String(first) + String(repeating: "0", count: fill) + text.dropFirst()
            }
            return String(repeating: "0", count: fill) + text
        }
        return String(repeating: " ", count: fill) + text
    }
}
