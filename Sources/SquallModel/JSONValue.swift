import Foundation

/// A JSON value: the currency of parameters, configs, results and template contexts.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])
}

extension JSONValue {
    public var isNull: Bool { if case .null = self { return true } else { return false } }

    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    public var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    public var intValue: Int? {
        switch self {
        case .int(let i): return i
        case .double(let d) where d.rounded() == d && abs(d) < 9.0e18: return Int(d)
        default: return nil
        }
    }
    public var doubleValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }
    public var objectValue: [String: JSONValue]? { if case .object(let o) = self { return o } else { return nil } }

    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    /// The JSON-schema type name of this value ("integer" for whole numbers).
    public var schemaTypeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .int: return "integer"
        case .double: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}

// MARK: - Codable

extension JSONValue: Codable {
    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null; return }
        if let b = try? c.decode(Bool.self) { self = .bool(b); return }
        if let i = try? c.decode(Int.self) { self = .int(i); return }
        if let d = try? c.decode(Double.self) { self = .double(d); return }
        if let s = try? c.decode(String.self) { self = .string(s); return }
        if let a = try? c.decode([JSONValue].self) { self = .array(a); return }
        if let o = try? c.decode([String: JSONValue].self) { self = .object(o); return }
        throw DecodingError.dataCorruptedError(in: c, debugDescription: "not a JSON value")
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .int(let i): try c.encode(i)
        case .double(let d): try c.encode(d)
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }
}

// MARK: - Conversion to and from JSON text and Foundation objects

extension JSONValue {
    /// Parses JSON text. Top-level scalars are accepted.
    public static func parse(_ text: String) throws -> JSONValue {
        try parse(Data(text.utf8))
    }

    public static func parse(_ data: Data) throws -> JSONValue {
        // JSONSerialization keeps 1.0 a double (JSONDecoder would hand it over as the Int 1).
        try JSONValue(foundation: try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]))
    }

    /// Converts a value produced by JSONSerialization (or YAML decoding into Any).
    public init(foundation any: Any?) throws {
        guard let any else { self = .null; return }
        // Swift's own containers and strings first: JSONSerialization hands them over natively, and
        // testing one against a class (NSNull, NSNumber) first bridged it to an NSDictionary/NSArray
        // at every level (a third of `GET /api/v1/executions`' time in its profile).
        switch any {
        case let o as [String: Any]:
            var out: [String: JSONValue] = [:]
            out.reserveCapacity(o.count)
            for (k, v) in o { out[k] = try JSONValue(foundation: v) }
            self = .object(out)
            return
        case let s as String: self = .string(s); return
        case let a as [Any]: self = .array(try a.map { try JSONValue(foundation: $0) }); return
        default: break
        }
        switch any {
        case is NSNull: self = .null
        case let n as NSNumber:
            // NSNumber bridges Bool, Int and Double; the ObjC type code "c"/"B" is the tell for booleans.
            switch String(cString: n.objCType) {
            case "c", "B": self = .bool(n.boolValue)
            case "d", "f": self = .double(n.doubleValue)
            default:
                if let i = Int(exactly: n) { self = .int(i) } else { self = .double(n.doubleValue) }
            }
        case let b as Bool: self = .bool(b)
        case let i as Int: self = .int(i)
        case let d as Double: self = .double(d)
        default:
            throw JSONValueError.unsupported(String(describing: type(of: any)))
        }
    }

    /// Compact JSON text with sorted keys (stable output for records and tests).
    public func jsonString(pretty: Bool = false) -> String {
        // Written as bytes and decoded once: appending to a String checked every piece (the rules
        // engine encodes several values per trigger instance).
        var out: [UInt8] = []
        out.reserveCapacity(128)
        write(to: &out, pretty: pretty, indent: 0)
        return String(decoding: out, as: UTF8.self)
    }

    private func write(to out: inout [UInt8], pretty: Bool, indent: Int) {
        switch self {
        case .null: JSONValue.append("null", to: &out)
        case .bool(let b): JSONValue.append(b ? "true" : "false", to: &out)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .double(let d):
            if d.isNaN || d.isInfinite { JSONValue.append("null", to: &out) }
            // Whole numbers as `Int` digits plus ".0" (what "%.1f" printed, without String(format:)'s cost per number).
            else if d.rounded() == d && abs(d) < 1e15 {
                if d == 0 && d.sign == .minus { out.append(UInt8(ascii: "-")) }
                out.append(contentsOf: String(Int(d)).utf8)
                JSONValue.append(".0", to: &out)
            }
            else { out.append(contentsOf: "\(d)".utf8) }
        case .string(let s): JSONValue.writeEscaped(s, to: &out)
        case .array(let a):
            if a.isEmpty { JSONValue.append("[]", to: &out); return }
            out.append(UInt8(ascii: "["))
            // Plain loops and counters here and below: `enumerated()` and range iterators are generic
            // calls per element in debug builds, where they were most of list replies' encoding time.
            var first = true
            for v in a {
                if !first { JSONValue.append(pretty ? "," : ", ", to: &out) }
                if pretty { JSONValue.newline(indent + 1, to: &out) }
                first = false
                v.write(to: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { JSONValue.newline(indent, to: &out) }
            out.append(UInt8(ascii: "]"))
        case .object(let o):
            if o.isEmpty { JSONValue.append("{}", to: &out); return }
            out.append(UInt8(ascii: "{"))
            // Sorting the keys alone: sorting (key, value) pairs instantiated tuple metadata per
            // comparison in debug builds (a quarter of `GET /api/v1/actions`' profile).
            var first = true
            for key in o.keys.sorted() {
                let entry = (key: key, value: o[key]!)
                if !first { JSONValue.append(pretty ? "," : ", ", to: &out) }
                if pretty { JSONValue.newline(indent + 1, to: &out) }
                JSONValue.writeEscaped(entry.key, to: &out)
                JSONValue.append(": ", to: &out)
                first = false
                entry.value.write(to: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { JSONValue.newline(indent, to: &out) }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Appends a literal's bytes straight from the binary (appending a String's UTF8View took the slow generic path).
    private static func append(_ literal: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    private static func newline(_ indent: Int, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\n"))
        // Spaces copied from a literal in pieces: `repeatElement` went through the generic
        // collection path byte by byte in debug builds (most of `execution get -j` of a 4 MB result).
        var left = 2 * indent
        while left > 0 {
            let piece = min(left, spaces.utf8CodeUnitCount)
            out.append(contentsOf: UnsafeBufferPointer(start: spaces.utf8Start, count: piece))
            left -= piece
        }
    }

    private static let spaces: StaticString = "                                                                "

    static func writeEscaped(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Only ASCII bytes need escaping, so the text between them is copied in whole runs.
        var s = s
        s.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            var runStart = 0
            var index = 0
            while index < bytes.count {
                let byte = base[index]
                index += 1
                guard byte == 0x22 || byte == 0x5C || byte < 0x20 else { continue }
                out.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: index - 1 - runStart))
                out.append(UInt8(ascii: "\\"))
                switch byte {
                case 0x22, 0x5C: out.append(byte)
                case 0x0A: out.append(UInt8(ascii: "n"))
                case 0x0D: out.append(UInt8(ascii: "r"))
                case 0x09: out.append(UInt8(ascii: "t"))
                default:
                    let digits: StaticString = "0123456789abcdef"
                    out.append(contentsOf: "u00".utf8)
                    out.append(digits.utf8Start[Int(byte >> 4)])
                    out.append(digits.utf8Start[Int(byte & 0xf)])
                }
                runStart = index
            }
            out.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: bytes.count - runStart))
        }
        out.append(UInt8(ascii: "\""))
    }
}

public enum JSONValueError: Error, CustomStringConvertible {
    case unsupported(String)
    public var description: String {
        switch self {
        case .unsupported(let t): return "unsupported value of type \(t)"
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByFloatLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    public init(nilLiteral: ()) { self = .null }
}
