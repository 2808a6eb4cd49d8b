import SquallModel
import SquallPython

/// The Python methods st2 templates commonly call on strings, dicts and lists.
enum PythonMethods {
    static func call(_ name: String, on base: JSONValue, _ args: [JSONValue], _ kwargs: [String: JSONValue]) throws -> JSONValue {
        let arguments = MethodArguments(method: name, positional: args, keywords: kwargs)
        switch base {
        case .string(let s): return try stringMethod(name, s, arguments)
        case .object(let dict): return try dictMethod(name, dict, arguments)
        case .array(let items): return try listMethod(name, items, arguments)
        default: break
        }
        throw TemplateError("'\(Python.typeName(base))' object has no attribute '\(name)'")
    }

    private static func stringMethod(_ name: String, _ s: String, _ a: MethodArguments) throws -> JSONValue {
        switch name {
        case "upper": return .string(Python.upper(s))
        case "lower": return .string(Python.lower(s))
        case "casefold": return .string(Python.casefold(s))
        case "strip", "lstrip", "rstrip":
            let chars = try a.optionalString(0, "chars")
            return .string(TextOps.strip(s, chars: chars, leading: name != "rstrip", trailing: name != "lstrip"))
        case "split", "rsplit":
            let separator = try a.optionalString(0, "sep")
            let maxSplit = try a.int(1, "maxsplit", default: -1)
            let parts = name == "split"
                ? try TextOps.split(s, separator: separator, maxSplit: maxSplit)
                : try TextOps.rsplit(s, separator: separator, maxSplit: maxSplit)
            return .array(parts.map { .string($0) })
        case "splitlines":
            return .array(s.split(omittingEmptySubsequences: false, whereSeparator: { $0.isNewline })
                .map { .string(String($0)) }.dropLastIfEmpty())
        case "startswith", "endswith":
            let candidates: [JSONValue]
            switch try a.required(0, "prefix") {
            case .array(let items): candidates = items
            case let single: candidates = [single]
            }
            for candidate in candidates {
                guard case .string(let text) = candidate else {
                    throw TemplateError("\(name) first arg must be str or a tuple of str, not \(Python.typeName(candidate))")
                }
                let matched = name == "startswith" ? Python.startsWith(s, text) : Python.endsWith(s, text)
                if matched { return .bool(true) }
            }
            return .bool(false)
        case "replace":
            let old = try a.string(0, "old")
            let new = try a.string(1, "new")
            let count = try a.int(2, "count", default: -1)
            return .string(try TextOps.replace(s, old, new, count: count))
        case "join":
            let items = try Python.iterate(try a.required(0, "iterable"))
            var parts: [String] = []
            for item in items {
                guard case .string(let text) = item else {
                    throw TemplateError("sequence item \(parts.count): expected str instance, \(Python.typeName(item)) found")
                }
                parts.append(text)
            }
            try TemplateLimits.process.checkString(bytes: TextOps.joinedBytes(parts, separator: s))
            return .string(parts.joined(separator: s))
        case "capitalize": return .string(TextOps.capitalize(s))
        case "title": return .string(TextOps.pythonTitle(s))
        case "find":
            return .int(Python.find(try a.string(0, "sub"), in: s) ?? -1)
        case "count":
            return .int(TextOps.occurrences(of: try a.string(0, "sub"), in: s))
        case "isdigit": return .bool(!s.isEmpty && s.unicodeScalars.allSatisfy { $0.properties.numericType == .decimal })
        case "isalpha": return .bool(!s.isEmpty && s.unicodeScalars.allSatisfy { $0.properties.isAlphabetic })
        case "isalnum":
            return .bool(!s.isEmpty && s.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || $0.properties.numericType != nil })
        case "isspace": return .bool(!s.isEmpty && s.unicodeScalars.allSatisfy { $0.properties.isWhitespace })
        case "islower": return .bool(s.contains { $0.isLetter } && Python.stringsEqual(Python.lower(s), s))
        case "isupper": return .bool(s.contains { $0.isLetter } && Python.stringsEqual(Python.upper(s), s))
        case "zfill":
            let width = try a.int(0, "width", default: 0)
            let length = s.unicodeScalars.count
            guard width > length else { return .string(s) }
            try TemplateLimits.process.checkString(bytes: s.utf8.count + (width - length))
            let zeros = String(repeating: "0", count: width - length)
            if let first = s.first, first == "-" || first == "+" { return .string(String(first) + zeros + s.dropFirst()) }
            return .string(zeros + s)
        case "format":
            return .string(try BraceFormat.format(s, a.positional, a.keywords))
        default:
            throw TemplateError("'str' object has no attribute '\(name)'")
        }
    }

    private static func dictMethod(_ name: String, _ dict: [String: JSONValue], _ a: MethodArguments) throws -> JSONValue {
        // Dict order is not kept by JSONValue: keys come back sorted so output is stable.
        switch name {
        case "items": return .array(Python.sortedKeys(dict).map { .array([.string($0), dict[$0]!]) })
        case "keys": return .array(Python.sortedKeys(dict).map { .string($0) })
        case "values": return .array(Python.sortedKeys(dict).map { dict[$0]! })
        case "get":
            let key = try a.required(0, "key")
            let fallback = a.optional(1, "default") ?? .null
            guard case .string(let name) = key else { return fallback }
            return dict[name] ?? fallback
        case "copy": return .object(dict)
        default:
            throw TemplateError("'dict' object has no attribute '\(name)'")
        }
    }

    private static func listMethod(_ name: String, _ items: [JSONValue], _ a: MethodArguments) throws -> JSONValue {
        switch name {
        case "index":
            let needle = try a.required(0, "value")
            guard let index = items.firstIndex(where: { Python.equal($0, needle) }) else {
                throw TemplateError("\(Python.repr(needle)) is not in list")
            }
            return .int(index)
        case "count":
            let needle = try a.required(0, "value")
            return .int(items.filter { Python.equal($0, needle) }.count)
        case "copy": return .array(items)
        default:
            throw TemplateError("'list' object has no attribute '\(name)'")
        }
    }
}

private extension Array where Element == JSONValue {
    func dropLastIfEmpty() -> [JSONValue] {
        if case .string("")? = last { return Array(dropLast()) }
        return self
    }
}

/// Positional-or-keyword argument access with Python-like error messages.
struct MethodArguments {
    let method: String
    let positional: [JSONValue]
    let keywords: [String: JSONValue]

    func optional(_ index: Int, _ name: String) -> JSONValue? {
        if index < positional.count { return positional[index] }
        return keywords[name]
    }

    func required(_ index: Int, _ name: String) throws -> JSONValue {
        guard let value = optional(index, name) else {
            throw TemplateError("\(method)() missing required argument '\(name)'")
        }
        return value
    }

    func string(_ index: Int, _ name: String) throws -> String {
        let value = try required(index, name)
        guard case .string(let s) = value else {
            throw TemplateError("\(method)() argument '\(name)' must be str, not \(Python.typeName(value))")
        }
        return s
    }

    func optionalString(_ index: Int, _ name: String) throws -> String? {
        guard let value = optional(index, name), !value.isNull else { return nil }
        guard case .string(let s) = value else {
            throw TemplateError("\(method)() argument '\(name)' must be str or None, not \(Python.typeName(value))")
        }
        return s
    }

    func int(_ index: Int, _ name: String, default fallback: Int) throws -> Int {
        guard let value = optional(index, name) else { return fallback }
        guard case .int(let i)? = Python.number(value) else {
            throw TemplateError("\(method)() argument '\(name)' must be an integer, not \(Python.typeName(value))")
        }
        return i
    }
}
