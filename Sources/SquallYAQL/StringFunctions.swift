import SquallModel

/// String methods, with Python's str semantics (split, strip, replace...).
enum StringFunctions {
    static let all: [(String, Builtin)] = [
        ("toUpper", .method(1...1) { .string(try $0.string(0).uppercased()) }),
        ("toLower", .method(1...1) { .string(try $0.string(0).lowercased()) }),
        ("split", .method(1...3) { try split($0) }),
        ("replace", .method(3...4) { try replace($0) }),
        ("startsWith", .method(2...Int.max) { call in
            let text = try call.string(0)
            return .bool(try (1..<call.count).contains { text.unicodeScalars.starts(with: try call.string($0).unicodeScalars) })
        }),
        ("endsWith", .method(2...Int.max) { call in
            let text = try call.string(0)
            return .bool(try (1..<call.count).contains {
                text.unicodeScalars.reversed().starts(with: try call.string($0).unicodeScalars.reversed())
            })
        }),
        ("join", .method(2...2) { try join($0) }),
        ("trim", .method(1...2) { try strip($0, left: true, right: true) }),
        ("trimLeft", .method(1...2) { try strip($0, left: true, right: false) }),
        ("trimRight", .method(1...2) { try strip($0, left: false, right: true) }),
        ("substring", .method(2...3) { call in
            let scalars = Array(try call.string(0).unicodeScalars)
            var start = try call.int(1)
            if start < 0 { start = max(0, scalars.count + start) }
            start = min(start, scalars.count)
            let length = call.count == 3 ? try call.int(2) : -1
            let end = length < 0 ? scalars.count : start + min(length, scalars.count - start)
            return .string(String(String.UnicodeScalarView(scalars[start..<end])))
        }),
        // isEmpty(): null, or nothing left once trimmed.
        ("isEmpty", .both(1...1) { call in
            let value = try call.value(0)
            if value == .null { return .bool(true) }
            return .bool(try strip(call, left: true, right: true) == .string(""))
        }),
        ("matches", .method(2...2) { call in
            .bool(try RegexMatch.search(try call.string(1), in: try call.string(0), evaluator: call.evaluator))
        }),
    ]

    /// `list.join(sep)` or `sep.join(list)`; items are written with yaql's str().
    private static func join(_ call: Invocation) throws -> JSONValue {
        let (listIndex, separatorIndex) = (try call.value(0)).stringValue != nil ? (1, 0) : (0, 1)
        let items = try call.list(listIndex)
        let separator = try call.string(separatorIndex)
        let text = items.map(PythonText.str).joined(separator: separator)
        try call.evaluator.checkSize(text.unicodeScalars.count, of: "the string")
        return .string(text)
    }

    /// Python's str.split: no separator splits on runs of whitespace and drops empty parts.
    private static func split(_ call: Invocation) throws -> JSONValue {
        let text = try call.string(0)
        let separator = try call.optionalString(1)
        let maxSplits = call.count == 3 ? try call.int(2) : -1
        var parts: [String] = []
        if let separator {
            guard !separator.isEmpty else { throw EvaluationFailure(.value, "split() with an empty separator") }
            parts = try ScalarSearch.split(Array(text.unicodeScalars), on: Array(separator.unicodeScalars),
                                           maxSplits: maxSplits, evaluator: call.evaluator)
        } else {
            var rest = Substring(text).unicodeScalars.drop { $0.properties.isWhitespace }
            while !rest.isEmpty {
                if maxSplits >= 0, parts.count == maxSplits {
                    // Python keeps the rest as it is, trailing whitespace included.
                    parts.append(String(String.UnicodeScalarView(rest)))
                    break
                }
                let word = rest.prefix { !$0.properties.isWhitespace }
                parts.append(String(String.UnicodeScalarView(word)))
                rest = rest[word.endIndex...].drop { $0.properties.isWhitespace }
            }
        }
        try call.evaluator.spend(parts.count)
        return .array(parts.map { .string($0) })
    }

    private static func replace(_ call: Invocation) throws -> JSONValue {
        let text = try call.string(0)
        let old = try call.string(1)
        let new = try call.string(2)
        let count = call.count == 4 ? try call.int(3) : -1
        if old.isEmpty {
            // Python inserts the replacement between every character, ends included.
            let scalars = Array(text.unicodeScalars)
            let limit = count < 0 ? scalars.count + 1 : min(count, scalars.count + 1)
            let (added, overflow) = limit.multipliedReportingOverflow(by: new.unicodeScalars.count)
            try call.evaluator.checkSize(overflow ? Int.max : scalars.count + added, of: "the string")
            var out = String.UnicodeScalarView()
            for (i, scalar) in scalars.enumerated() {
                if i < limit { out.append(contentsOf: new.unicodeScalars) }
                out.append(scalar)
            }
            if limit > scalars.count { out.append(contentsOf: new.unicodeScalars) }
            return .string(String(out))
        }
        let parts = try ScalarSearch.split(Array(text.unicodeScalars), on: Array(old.unicodeScalars),
                                           maxSplits: count, evaluator: call.evaluator)
        let total = parts.reduce(0) { $0 + $1.unicodeScalars.count } + (parts.count - 1) * new.unicodeScalars.count
        try call.evaluator.checkSize(total, of: "the string")
        return .string(parts.joined(separator: new))
    }

    private static func strip(_ call: Invocation, left: Bool, right: Bool) throws -> JSONValue {
        let text = try call.string(0)
        let chars = try call.optionalString(1).map { Set($0.unicodeScalars) }
        let strip: (Unicode.Scalar) -> Bool = { chars?.contains($0) ?? $0.properties.isWhitespace }
        var scalars = Substring(text).unicodeScalars[...]
        if left { while let f = scalars.first, strip(f) { scalars = scalars.dropFirst() } }
        if right { while let l = scalars.last, strip(l) { scalars = scalars.dropLast() } }
        return .string(String(String.UnicodeScalarView(scalars)))
    }
}
