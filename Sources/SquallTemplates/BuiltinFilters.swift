import Foundation
import SquallModel
import SquallPython

/// Jinja's builtin filters that st2 templates use. Collection filters are in CollectionFilters.swift.
enum BuiltinFilters {
    static let all: [String: FilterImplementation] = {
        var table: [String: FilterImplementation] = [:]
        for (name, body) in textFilters.merging(numberFilters, uniquingKeysWith: { a, _ in a })
            .merging(CollectionFilters.all, uniquingKeysWith: { a, _ in a }) {
            table[name] = .builtin(body)
        }
        return table
    }()

    typealias Body = @Sendable (FilterCall) throws -> Value

    private static func string(_ transform: @escaping @Sendable (String) -> String) -> Body {
        { call in .defined(.string(transform(try call.text()))) }
    }

    static let textFilters: [String: Body] = [
        "default": defaultFilter,
        "d": defaultFilter,
        "upper": string(Python.upper),
        "lower": string(Python.lower),
        "capitalize": string(TextOps.capitalize),
        "title": string(TextOps.jinjaTitle),
        "trim": { call in
            .defined(.string(TextOps.strip(try call.text(), chars: try call.optionalString(0, "chars"))))
        },
        "string": string { $0 },
        "safe": { call in call.value },
        "escape": string(htmlEscape),
        "e": string(htmlEscape),
        "replace": { call in
            let old = try call.string(0, "old", default: "")
            let new = try call.string(1, "new", default: "")
            let count = try call.int(2, "count", default: -1)
            return .defined(.string(try TextOps.replace(try call.text(), old, new, count: count)))
        },
        "center": { call in
            let text = try call.text()
            let width = try call.int(0, "width", default: 80)
            let length = text.unicodeScalars.count
            guard width > length else { return .defined(.string(text)) }
            try call.renderer.limits.checkString(bytes: text.utf8.count + (width - length))
            // Python's str.center puts the odd space on the right unless the width is odd and length even.
            let total = width - length
            let left = total / 2 + (total & width & 1)
            return .defined(.string(String(repeating: " ", count: left) + text + String(repeating: " ", count: total - left)))
        },
        "indent": indentFilter,
        "truncate": truncateFilter,
        "wordcount": { call in
            let text = try call.text()
            var count = 0
            var inWord = false
            for scalar in text.unicodeScalars {
                let wordChar = scalar.properties.isAlphabetic || scalar.properties.numericType != nil || scalar == "_"
                if wordChar && !inWord { count += 1 }
                inWord = wordChar
            }
            return .defined(.int(count))
        },
        "format": { call in
            let format = try call.text()
            let args = try call.args.map { try call.renderer.require($0) }
            if !call.kwargs.isEmpty {
                let mapping = JSONValue.object(try call.kwargs.mapValues { try call.renderer.require($0) })
                return .defined(.string(try BoundedPercentFormat.format(format, .single(mapping), limits: call.renderer.limits)))
            }
            // Jinja's filter always passes a tuple: `value % (kwargs or args)`.
            return .defined(.string(try BoundedPercentFormat.format(format, .tuple(args), limits: call.renderer.limits)))
        },
        "tojson": { call in
            let indent = try call.json(0, "indent").flatMap { Python.number($0) }.map { number -> Int in
                // A float indent is truncated as before; one beyond Int is an error, not a trap.
                if case .int(let i) = number { return i }
                return try NumberParsing.truncated(number.asDouble, what: "indent")
            }
            return .defined(.string(try PythonJSON.boundedDumps(try call.input(), indent: indent, htmlSafe: true, limits: call.renderer.limits)))
        },
    ]

    /// default(value, default_value='', boolean=False): Undefined (or, with boolean, any falsy value)
    /// becomes the default.
    private static let defaultFilter: Body = { call in
        let replacement = call.argument(0, "default_value") ?? .emptyString
        let boolean = try call.bool(1, "boolean", default: false)
        switch call.value {
        case .undefined: return replacement
        case .defined(let json):
            if boolean && !Python.isTruthy(json) { return replacement }
            return call.value
        }
    }

    private static let indentFilter: Body = { call in
        var indentation = String(repeating: " ", count: 4)
        if let width = try call.json(0, "width") {
            if case .string(let s) = width { indentation = s } else if case .int(let n)? = Python.number(width) {
                try call.renderer.limits.checkString(bytes: n)
                indentation = String(repeating: " ", count: max(0, n))
            }
        }
        let first = try call.bool(1, "first", default: false)
        let blank = try call.bool(2, "blank", default: false)
        // Python's splitlines on text + "\n": a final newline yields no extra empty line.
        var lines = (try call.text() + "\n").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.removeLast()
        var out: String
        if blank {
            out = lines.joined(separator: "\n" + indentation)
        } else {
            out = lines.isEmpty ? "" : lines[0]
            if lines.count > 1 {
                out += "\n" + lines.dropFirst().map { $0.isEmpty ? $0 : indentation + $0 }.joined(separator: "\n")
            }
        }
        if first { out = indentation + out }
        return .defined(.string(out))
    }

    private static let truncateFilter: Body = { call in
        let text = try call.text()
        let length = try call.int(0, "length", default: 255)
        let killWords = try call.bool(1, "killwords", default: false)
        let end = try call.string(2, "end", default: "...")
        let leeway = try call.int(3, "leeway", default: 5)
        let scalars = Array(text.unicodeScalars)
        guard scalars.count > length + leeway else { return .defined(.string(text)) }
        let keep = max(0, length - end.unicodeScalars.count)
        var head = String(String.UnicodeScalarView(scalars[..<min(keep, scalars.count)]))
        if !killWords, let space = head.lastIndex(of: " ") {
            head = String(head[..<space])
        }
        return .defined(.string(head + end))
    }

    static func htmlEscape(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&#34;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static let numberFilters: [String: Body] = [
        "int": { call in
            let fallback = try call.json(0, "default") ?? .int(0)
            let base = try call.int(1, "base", default: 10)
            return .defined(NumberParsing.int(try call.input(), base: base) ?? fallback)
        },
        "float": { call in
            let fallback = try call.json(0, "default") ?? .double(0)
            return .defined(NumberParsing.float(try call.input()).map { .double($0) } ?? fallback)
        },
        "bool": { call in
            // Not a Jinja builtin (Ansible's): yes/on/true/1 are true, anything else false.
            switch try call.input() {
            case .bool(let b): return .defined(.bool(b))
            case .int(let i): return .defined(.bool(i == 1))
            case .double(let d): return .defined(.bool(d == 1))
            case .string(let s):
                return .defined(.bool(["yes", "on", "1", "true", "y", "t"].contains(s.trimmingCharacters(in: .whitespaces).lowercased())))
            default: return .defined(.bool(false))
            }
        },
        "abs": { call in
            let value = try call.input()
            switch Python.number(value) {
            case .int(let i)?:
                guard i != Int.min else { throw TemplateError("integer overflow") }
                return .defined(.int(Swift.abs(i)))
            case .double(let d)?: return .defined(.double(Swift.abs(d)))
            case nil: throw TemplateError("bad operand type for abs(): '\(Python.typeName(value))'")
            }
        },
        "round": { call in
            let value = try call.input()
            let precision = try call.int(0, "precision", default: 0)
            let method = try call.string(1, "method", default: "common")
            guard let number = Python.number(value) else {
                throw TemplateError("type \(Python.typeName(value)) doesn't define __round__ method")
            }
            let scale = pow(10.0, Double(precision))
            switch method {
            case "common":
                // Python's round(): ties to even; round(int, n) stays an int.
                if case .int(let i) = number, precision >= 0 { return .defined(.int(i)) }
                let x = number.asDouble
                // printf rounds the exact binary value half-to-even, as Python does: round(2.55, 1) == 2.5.
                if precision >= 0, precision <= 17, x.isFinite, let exact = Double(String(format: "%.\(precision)f", x)) {
                    return .defined(.double(exact))
                }
                return .defined(.double((x * scale).rounded(.toNearestOrEven) / scale))
            case "ceil": return .defined(.double((number.asDouble * scale).rounded(.up) / scale))
            case "floor": return .defined(.double((number.asDouble * scale).rounded(.down) / scale))
            default: throw TemplateError("method must be common, ceil or floor")
            }
        },
    ]
}

/// Python's int() and float() conversions as Jinja's int and float filters apply them.
enum NumberParsing {
    /// Int(d) toward zero, or an error naming `what` when d is not finite or beyond Int.
    static func truncated(_ d: Double, what: String) throws -> Int {
        guard d.isFinite, Swift.abs(d) < 9.2e18 else { throw TemplateError("\(what): \(Python.floatRepr(d)) does not fit in a 64-bit integer") }
        return Int(d.rounded(.towardZero))
    }

    static func int(_ value: JSONValue, base: Int) -> JSONValue? {
        switch value {
        case .bool(let b): return .int(b ? 1 : 0)
        case .int(let i): return .int(i)
        case .double(let d):
            guard d.isFinite, Swift.abs(d) < 9.2e18 else { return nil }
            return .int(Int(d.rounded(.towardZero)))
        case .string(let raw):
            var s = raw.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "_", with: "")
            var negative = false
            if s.hasPrefix("-") || s.hasPrefix("+") { negative = s.hasPrefix("-"); s.removeFirst() }
            let prefixes = [16: "0x", 8: "0o", 2: "0b"]
            if let prefix = prefixes[base], s.lowercased().hasPrefix(prefix) { s.removeFirst(2) }
            // Python refuses a base outside 2...36 with a ValueError, which Jinja answers as below;
            // Swift's Int(_:radix:) would trap.
            if (2...36).contains(base), let parsed = Int(s, radix: base) { return .int(negative ? -parsed : parsed) }
            // Jinja falls back to int(float(value)) for text like "3.7" (whatever the base); Python's
            // float() reads no hexadecimal, Swift's Double() does.
            if !s.lowercased().hasPrefix("0x"), let d = Double(s), d.isFinite, Swift.abs(d) < 9.2e18 { return .int(Int(d.rounded(.towardZero)) * (negative ? -1 : 1)) }
            return nil
        default:
            return nil
        }
    }

    static func float(_ value: JSONValue) -> Double? {
        switch value {
        case .bool(let b): return b ? 1 : 0
        case .int(let i): return Double(i)
        case .double(let d): return d
        case .string(let raw): return Double(raw.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "_", with: ""))
        default: return nil
        }
    }
}
