import SquallModel
import SquallPython

/// The part of jsonpath-rw (st2's jsonpath_query) that packs use: `$`, `.field`, `'quoted field'`,
/// `*`, `a,b`, `[n]`, `[*]`, `[start:end]`, `['field']` and `..field`. Not supported: `|`, `where`,
/// `&`, parentheses and `` `this` ``. Objects have no key order here, so `*` and `..` visit keys sorted.
struct JSONPathQuery {
    enum Step {
        case root
        case fields([String])
        case index(Int)
        case slice(start: Int?, end: Int?, step: Int?)
    }

    /// Chains of steps joined by `..`: each chain after the first is matched at every descendant.
    let segments: [[Step]]

    init(_ query: String) throws {
        var parser = Parser(chars: Array(query))
        segments = try parser.parse()
    }

    func find(in value: JSONValue) throws -> [JSONValue] {
        var matches = try JSONPathQuery.apply(segments[0], to: [value])
        for segment in segments.dropFirst() {
            var found: [JSONValue] = []
            for match in matches { try JSONPathQuery.descend(match, segment, into: &found) }
            matches = found
        }
        return matches
    }

    /// The segment matched at the node itself, then at each child, depth first (jsonpath-rw's order).
    private static func descend(_ node: JSONValue, _ segment: [Step], into found: inout [JSONValue]) throws {
        found += try apply(segment, to: [node])
        switch node {
        case .array(let items): for item in items { try descend(item, segment, into: &found) }
        case .object(let dict): for key in dict.keys.sorted() { try descend(dict[key]!, segment, into: &found) }
        default: break
        }
    }

    private static func apply(_ steps: [Step], to start: [JSONValue]) throws -> [JSONValue] {
        var current = start
        for step in steps {
            current = try current.flatMap { try apply(step, to: $0) }
        }
        return current
    }

    private static func apply(_ step: Step, to value: JSONValue) throws -> [JSONValue] {
        switch step {
        case .root:
            return [value]
        case .fields(let names):
            guard case .object(let dict) = value else { return [] }
            return names.flatMap { name -> [JSONValue] in
                if name == "*" { return dict.keys.sorted().map { dict[$0]! } }
                return dict[name].map { [$0] } ?? []
            }
        case .index(let index):
            guard case .array(let items) = value, index < items.count, index >= -items.count else { return [] }
            return [items[index < 0 ? items.count + index : index]]
        case .slice(let start, let end, let step):
            // jsonpath-rw skips falsy values and treats a lone object, number or string as a one-item list.
            guard Python.isTruthy(value) else { return [] }
            guard case .array(let items) = value else { return [value] }
            return try Slicing.indices(count: items.count, start: start, stop: end, step: step).map { items[$0] }
        }
    }

    private struct Parser {
        let chars: [Character]
        var i = 0

        init(chars: [Character]) { self.chars = chars }

        mutating func parse() throws -> [[Step]] {
            var segments: [[Step]] = [[]]
            var expectStep = true
            skipSpaces()
            while i < chars.count {
                let c = chars[i]
                if c == "." {
                    if peek(1) == "." {
                        i += 2
                        segments.append([])
                    } else {
                        guard !expectStep else { throw error() }
                        i += 1
                    }
                    expectStep = true
                } else if c == "[" {
                    i += 1
                    segments[segments.count - 1].append(try bracket())
                    expectStep = false
                } else if expectStep {
                    segments[segments.count - 1].append(try fieldsOrRoot())
                    expectStep = false
                } else {
                    throw error()
                }
                skipSpaces()
            }
            guard !expectStep, !segments.contains(where: \.isEmpty) else { throw error() }
            return segments
        }

        private func peek(_ offset: Int) -> Character? {
            i + offset < chars.count ? chars[i + offset] : nil
        }

        private mutating func skipSpaces() {
            while i < chars.count, chars[i] == " " || chars[i] == "\t" { i += 1 }
        }

        private func error() -> TemplateError {
            let near = i < chars.count ? "near '\(chars[i])'" : "at end of input"
            return TemplateError("jsonpath_query: parse error at column \(i + 1) \(near)")
        }

        private mutating func fieldsOrRoot() throws -> Step {
            guard i < chars.count else { throw error() }
            if chars[i] == "$" { i += 1; return .root }
            var names = [try fieldName()]
            skipSpaces()
            while i < chars.count, chars[i] == "," {
                i += 1
                skipSpaces()
                names.append(try fieldName())
                skipSpaces()
            }
            return .fields(names)
        }

        private mutating func fieldName() throws -> String {
            guard i < chars.count else { throw error() }
            let c = chars[i]
            if c == "*" { i += 1; return "*" }
            if c == "'" || c == "\"" {
                guard let close = chars[(i + 1)...].firstIndex(of: c) else { throw error() }
                let name = String(chars[(i + 1)..<close])
                i = close + 1
                return name
            }
            let start = i
            func isFieldCharacter(_ c: Character, first: Bool) -> Bool {
                c.isLetter || c == "_" || c == "@" || (!first && (c.isNumber || c == "-"))
            }
            guard isFieldCharacter(c, first: true) else { throw error() }
            while i < chars.count, isFieldCharacter(chars[i], first: i == start) { i += 1 }
            return String(chars[start..<i])
        }

        private mutating func integer() -> Int? {
            let start = i
            if i < chars.count, chars[i] == "-" { i += 1 }
            while i < chars.count, chars[i].isASCII, chars[i].isNumber { i += 1 }
            guard let value = Int(String(chars[start..<i])) else { i = start; return nil }
            return value
        }

        /// After '[': `*`, a number, a slice, or field names; then ']'.
        private mutating func bracket() throws -> Step {
            skipSpaces()
            let step: Step
            if i < chars.count, chars[i] == "*", peek(1).map({ $0 == "]" || $0 == " " }) ?? false {
                i += 1
                step = .slice(start: nil, end: nil, step: nil)
            } else if i < chars.count, chars[i] == ":" || chars[i] == "-" || (chars[i].isASCII && chars[i].isNumber) {
                let first = integer()
                skipSpaces()
                if i < chars.count, chars[i] == ":" {
                    i += 1
                    skipSpaces()
                    let end = integer()
                    skipSpaces()
                    var stride: Int?
                    if i < chars.count, chars[i] == ":" { i += 1; skipSpaces(); stride = integer() }
                    step = .slice(start: first, end: end, step: stride)
                } else {
                    guard let first else { throw error() }
                    step = .index(first)
                }
            } else {
                step = try fieldsOrRoot()
            }
            skipSpaces()
            guard i < chars.count, chars[i] == "]" else { throw error() }
            i += 1
            return step
        }
    }
}
