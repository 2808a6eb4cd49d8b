import SquallModel

/// A criterion key such as `trigger.body.name`, `trigger.list[0]` or `trigger.items[*].id`: the
/// subset of jsonpath (st2 uses jsonpath_rw) that rules use. Text after the first `#` is dropped
/// so one field can carry several checks (`trigger.x#1`, `trigger.x#2`).
public struct KeyPath: Sendable, Hashable, CustomStringConvertible {
    enum Segment: Sendable, Hashable {
        case field(String)
        case anyField  // `*`
        case index(Int)  // `[n]`
        case anyIndex  // `[*]`
    }

    let segments: [Segment]
    /// Without wildcards a path selects at most one value: walk it without collecting arrays.
    private let isSingleValued: Bool
    public let description: String

    public init(_ key: String) throws {
        let path = key.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        description = path
        segments = try KeyPath.parse(path)
        isSingleValued = !segments.contains { $0 == .anyField || $0 == .anyIndex }
        guard !segments.isEmpty else { throw CriteriaError("Failed transforming criteria key '\(key)': empty path") }
    }

    /// The value the path selects, st2's way: the first of its matches, or nil (None) when none.
    /// Throws where jsonpath_rw raises (an index applied to an object or a number).
    func firstMatch(in root: [String: JSONValue]) throws -> JSONValue? {
        if isSingleValued { return try walk(root) }
        var current: [JSONValue] = [.object(root)]
        for segment in segments {
            var next: [JSONValue] = []
            for value in current { try KeyPath.step(segment, value, into: &next) }
            if next.isEmpty { return nil }
            current = next
        }
        return current.first
    }

    private func walk(_ root: [String: JSONValue]) throws -> JSONValue? {
        guard case .field(let first) = segments[0], var current = root[first] else {
            if case .field = segments[0] { return nil }
            var out: [JSONValue] = []
            try KeyPath.step(segments[0], .object(root), into: &out)
            return out.first
        }
        for segment in segments.dropFirst() {
            if case .field(let name) = segment {
                guard case .object(let o) = current, let v = o[name] else { return nil }
                current = v
            } else {
                var out: [JSONValue] = []
                try KeyPath.step(segment, current, into: &out)
                guard let v = out.first else { return nil }
                current = v
            }
        }
        return current
    }

    private static func step(_ segment: Segment, _ value: JSONValue, into out: inout [JSONValue]) throws {
        switch segment {
        case .field(let name):
            if case .object(let o) = value, let v = o[name] { out.append(v) }
        case .anyField:
            if case .object(let o) = value { out.append(contentsOf: o.keys.sorted().map { o[$0]! }) }
        case .anyIndex:
            if case .array(let a) = value { out.append(contentsOf: a) }
        case .index(let i):
            // jsonpath_rw: `if value and len(value) > i: value[i]`.
            switch value {
            case .array(let a): if i < a.count { out.append(a[i]) }
            case .string(let s):
                let scalars = Array(s.unicodeScalars)
                if i < scalars.count { out.append(.string(String(scalars[i]))) }
            case .object(let o) where !o.isEmpty: throw CriteriaError("KeyError: \(i)")
            case .int(let n) where n != 0: throw CriteriaError.typeError("object of type 'int' has no len()")
            case .double(let d) where d != 0: throw CriteriaError.typeError("object of type 'float' has no len()")
            case .bool(true): throw CriteriaError.typeError("object of type 'bool' has no len()")
            default: break  // falsy values select nothing
            }
        }
    }

    private static func parse(_ path: String) throws -> [Segment] {
        var segments: [Segment] = []
        let chars = Array(path.unicodeScalars)
        var i = 0
        var expectField = true
        func fail(_ why: String) -> CriteriaError { CriteriaError("Failed transforming criteria key '\(path)': \(why)") }
        while i < chars.count {
            let c = chars[i]
            if c == " " || c == "\t" {  // jsonpath_rw's lexer ignores blanks between tokens
                i += 1
            } else if c == "[" {
                guard let close = chars[i...].firstIndex(of: "]") else { throw fail("unclosed '['") }
                let inner = String(String.UnicodeScalarView(chars[(i + 1)..<close]))
                if inner == "*" {
                    segments.append(.anyIndex)
                } else if let n = Int(inner), n >= 0, inner.unicodeScalars.allSatisfy({ $0.properties.numericType != nil && $0.isASCII }) {
                    segments.append(.index(n))
                } else if let quoted = unquote(inner) {
                    segments.append(.field(quoted))
                } else {
                    throw fail("unsupported index '[\(inner)]'")
                }
                i = close + 1
                expectField = false
            } else if c == "." {
                guard !expectField else { throw fail("unexpected '.'") }
                expectField = true
                i += 1
            } else {
                guard expectField else { throw fail("unexpected '\(c)'") }
                if c == "*" {
                    segments.append(.anyField)
                    i += 1
                } else if c == "'" || c == "\"" {
                    guard let close = chars[(i + 1)...].firstIndex(of: c) else { throw fail("unclosed quote") }
                    segments.append(.field(String(String.UnicodeScalarView(chars[(i + 1)..<close]))))
                    i = close + 1
                } else if isIdentifierStart(c) {
                    var j = i + 1
                    while j < chars.count && isIdentifierPart(chars[j]) { j += 1 }
                    segments.append(.field(String(String.UnicodeScalarView(chars[i..<j]))))
                    i = j
                } else {
                    throw fail("unexpected '\(c)'")
                }
                expectField = false
            }
        }
        if expectField && !segments.isEmpty { throw fail("ends with '.'") }
        return segments
    }

    private static func unquote(_ s: String) -> String? {
        guard s.count >= 2, let first = s.first, first == "'" || first == "\"", s.last == first else { return nil }
        return String(s.dropFirst().dropLast())
    }

    // jsonpath_rw's ID token: [a-zA-Z_@][a-zA-Z0-9_@\-]*
    private static func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        c.isASCII && (c.properties.isAlphabetic || c == "_" || c == "@")
    }

    private static func isIdentifierPart(_ c: Unicode.Scalar) -> Bool {
        isIdentifierStart(c) || (c >= "0" && c <= "9") || c == "-"
    }
}
