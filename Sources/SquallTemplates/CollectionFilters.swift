import SquallModel
import SquallPython

/// Jinja's builtin filters over lists, dicts and strings.
enum CollectionFilters {
    typealias Body = BuiltinFilters.Body

    static let all: [String: Body] = [
        "length": lengthFilter,
        "count": lengthFilter,
        "join": { call in
            let separator = try call.string(0, "d", default: "")
            let attribute = try call.optionalString(1, "attribute")
            let items = try call.items()
            let parts = items.map { item -> String in
                let picked = attribute.flatMap { AttributePath.lookup(item, $0) } ?? (attribute == nil ? item : .string(""))
                return Python.str(picked)
            }
            try call.renderer.limits.checkString(bytes: TextOps.joinedBytes(parts, separator: separator))
            return .defined(.string(parts.joined(separator: separator)))
        },
        "first": { call in
            guard let first = try call.items().first else { return emptySequence("first") }
            return .defined(first)
        },
        "last": { call in
            guard let last = try call.items().last else { return emptySequence("last") }
            return .defined(last)
        },
        "list": { call in .defined(.array(try call.items())) },
        "items": { call in
            guard case .defined(let json) = call.value else { return .defined(.array([])) }
            guard case .object(let dict) = json else {
                throw TemplateError("can only get item pairs from a mapping, not \(Python.typeName(json))")
            }
            return .defined(.array(Python.sortedKeys(dict).map { .array([.string($0), dict[$0]!]) }))
        },
        "reverse": { call in
            let value = try call.input()
            if case .string(let s) = value { return .defined(.string(String(String.UnicodeScalarView(s.unicodeScalars.reversed())))) }
            return .defined(.array(try Python.iterate(value).reversed()))
        },
        "sort": { call in
            let reverse = try call.bool(0, "reverse", default: false)
            let caseSensitive = try call.bool(1, "case_sensitive", default: false)
            let attribute = try call.optionalString(2, "attribute")
            let key = sortKey(attribute: attribute, caseSensitive: caseSensitive)
            let sorted = try StableSort.sorted(try call.items()) { a, b in
                try Python.compare(key(reverse ? b : a), .less, key(reverse ? a : b))
            }
            return .defined(.array(sorted))
        },
        "unique": { call in
            let caseSensitive = try call.bool(0, "case_sensitive", default: false)
            let attribute = try call.optionalString(1, "attribute")
            let key = sortKey(attribute: attribute, caseSensitive: caseSensitive)
            var seen: [JSONValue] = []
            var out: [JSONValue] = []
            for item in try call.items() {
                let k = key(item)
                if !seen.contains(where: { Python.equal($0, k) }) {
                    seen.append(k)
                    out.append(item)
                }
            }
            return .defined(.array(out))
        },
        "min": { call in try extreme(call, name: "min", wantLarger: false) },
        "max": { call in try extreme(call, name: "max", wantLarger: true) },
        "sum": { call in
            let attribute = try call.optionalString(0, "attribute")
            var total = try call.json(1, "start") ?? .int(0)
            for item in try call.items() {
                let addend = attribute.flatMap { AttributePath.lookup(item, $0) } ?? item
                total = try PythonArithmetic.apply(.add, total, addend)
            }
            return .defined(total)
        },
        "map": mapFilter,
        "select": { call in try selectFilter(call, keep: true, byAttribute: false) },
        "reject": { call in try selectFilter(call, keep: false, byAttribute: false) },
        "selectattr": { call in try selectFilter(call, keep: true, byAttribute: true) },
        "rejectattr": { call in try selectFilter(call, keep: false, byAttribute: true) },
        "dictsort": { call in
            let value = try call.input()
            guard case .object(let dict) = value else {
                throw TemplateError("you can only sort by either 'key' or 'value' of a mapping, not a \(Python.typeName(value))")
            }
            let caseSensitive = try call.bool(0, "case_sensitive", default: false)
            let by = try call.string(1, "by", default: "key")
            let reverse = try call.bool(2, "reverse", default: false)
            guard by == "key" || by == "value" else { throw TemplateError("You can only sort by either 'key' or 'value'") }
            let pairs: [JSONValue] = Python.sortedKeys(dict).map { .array([.string($0), dict[$0]!]) }
            let fold = sortKey(attribute: by == "key" ? "0" : "1", caseSensitive: caseSensitive)
            let sorted = try StableSort.sorted(pairs) { a, b in
                try Python.compare(fold(reverse ? b : a), .less, fold(reverse ? a : b))
            }
            return .defined(.array(sorted))
        },
        "attr": { call in
            let name = try call.string(0, "name", default: "")
            if case .object(let dict) = try call.input(), let found = dict[name] { return .defined(found) }
            return .undefined(Undefined(origin: .explicit("undefined attribute '\(name)'"), position: nil))
        },
        "batch": { call in
            let size = try call.int(0, "linecount", default: 1)
            guard size > 0 else { throw TemplateError("batch size must be positive") }
            let fill = try call.json(1, "fill_with")
            let items = try call.items()
            if fill != nil { try call.renderer.limits.checkItems(size) }
            var batches: [JSONValue] = []
            var index = 0
            while index < items.count {
                var chunk = Array(items[index..<min(index + size, items.count)])
                if let fill { while chunk.count < size { chunk.append(fill) } }
                batches.append(.array(chunk))
                index += size
            }
            return .defined(.array(batches))
        },
    ]

    private static let lengthFilter: Body = { call in
        switch call.value {
        case .undefined(let undefined):
            if call.renderer.strictUndefined { throw undefined.error }
            return .defined(.int(0))
        case .defined(let json):
            return .defined(.int(try Python.length(json)))
        }
    }

    private static func emptySequence(_ filter: String) -> Value {
        .undefined(Undefined(origin: .explicit("no \(filter) item, sequence was empty"), position: nil))
    }

    /// The comparison key: an attribute of the item, lower-cased unless case matters.
    static func sortKey(attribute: String?, caseSensitive: Bool) -> (JSONValue) -> JSONValue {
        { item in
            var key = item
            if let attribute { key = AttributePath.lookup(item, attribute) ?? .null }
            if !caseSensitive, case .string(let s) = key { key = .string(Python.lower(s)) }
            return key
        }
    }

    private static func extreme(_ call: FilterCall, name: String, wantLarger: Bool) throws -> Value {
        let caseSensitive = try call.bool(0, "case_sensitive", default: false)
        let attribute = try call.optionalString(1, "attribute")
        let key = sortKey(attribute: attribute, caseSensitive: caseSensitive)
        let items = try call.items()
        guard var best = items.first else { return emptySequence(name) }
        for item in items.dropFirst() {
            if try Python.compare(key(item), wantLarger ? .greater : .less, key(best)) { best = item }
        }
        return .defined(best)
    }

    /// map(attribute='x', default=...) or map('filter', args...).
    private static let mapFilter: Body = { call in
        let items = try call.items()
        if let attribute = try call.optionalString(-1, "attribute") {
            let fallback = call.kwargs["default"]
            return .defined(.array(try items.map { item in
                if let found = AttributePath.lookup(item, attribute) { return found }
                if let fallback { return try call.renderer.require(fallback) }
                return .null
            }))
        }
        guard let first = call.args.first, case .string(let filterName) = try call.renderer.require(first) else {
            throw TemplateError("map requires a filter name or attribute=")
        }
        guard let implementation = call.renderer.filters[filterName] else {
            throw TemplateError("unknown filter '\(filterName)'")
        }
        let rest = Array(call.args.dropFirst())
        return .defined(.array(try items.map { item in
            try call.renderer.require(try call.renderer.invokeFilter(implementation, .defined(item), rest, call.kwargs))
        }))
    }

    /// select/reject(test, args...) and selectattr/rejectattr(attribute, test, args...).
    private static func selectFilter(_ call: FilterCall, keep: Bool, byAttribute: Bool) throws -> Value {
        var args = call.args
        var attribute: String?
        if byAttribute {
            guard !args.isEmpty else { throw TemplateError("missing attribute name") }
            attribute = Python.str(try call.renderer.require(args.removeFirst()))
        }
        var testName: String?
        if !args.isEmpty {
            testName = Python.str(try call.renderer.require(args.removeFirst()))
            guard BuiltinTests.names.contains(testName!) else { throw TemplateError("unknown test '\(testName!)'") }
        }
        var out: [JSONValue] = []
        for item in try call.items() {
            let subject: Value
            if let attribute {
                subject = AttributePath.lookup(item, attribute).map { .defined($0) }
                    ?? .undefined(Undefined(origin: .explicit("undefined attribute '\(attribute)'"), position: nil))
            } else {
                subject = .defined(item)
            }
            let passed: Bool
            if let testName {
                passed = try BuiltinTests.evaluate(testName, subject, args, [:], renderer: call.renderer)
            } else {
                passed = subject.json.map(Python.isTruthy) ?? false
            }
            if passed == keep { out.append(item) }
        }
        return .defined(.array(out))
    }
}
