import SquallModel
import SquallPython

/// JSON text as Python's json.dumps writes it: ", " and ": " separators (or "," with an indent),
/// ensure_ascii escapes, float repr. Jinja's `tojson` adds HTML-safe escapes of < > & '.
public enum PythonJSON {
    public static func dumps(_ value: JSONValue, indent: Int? = nil, sortKeys: Bool = true,
                             itemSeparator: String? = nil, keySeparator: String = ": ",
                             ensureASCII: Bool = true, htmlSafe: Bool = false) -> String {
        var writer = Writer(indent: indent, sortKeys: sortKeys,
                            itemSeparator: itemSeparator ?? (indent == nil ? ", " : ","),
                            keySeparator: keySeparator, ensureASCII: ensureASCII, htmlSafe: htmlSafe)
        writer.write(value, depth: 0)
        return writer.out
    }

    /// `dumps` for templates: an indent makes every line `indent × depth` spaces wide, so the
    /// text is checked against the string limit as it grows rather than after.
    static func boundedDumps(_ value: JSONValue, indent: Int?, itemSeparator: String? = nil, keySeparator: String = ": ",
                             sortKeys: Bool = true, htmlSafe: Bool = false, limits: TemplateLimits) throws -> String {
        var writer = Writer(indent: indent, sortKeys: sortKeys, itemSeparator: itemSeparator ?? (indent == nil ? ", " : ","),
                            keySeparator: keySeparator, ensureASCII: true, htmlSafe: htmlSafe)
        writer.maxBytes = limits.maxStringBytes
        writer.write(value, depth: 0)
        if writer.exceeded { try limits.checkString(bytes: Int.max) }
        return writer.out
    }

    private struct Writer {
        let indent: Int?
        let sortKeys: Bool
        let itemSeparator: String
        let keySeparator: String
        let ensureASCII: Bool
        let htmlSafe: Bool
        var out = ""
        /// Set when an indented line would take the text past `maxBytes`: writing stops there.
        var maxBytes = Int.max
        var exceeded = false

        mutating func write(_ value: JSONValue, depth: Int) {
            if exceeded { return }
            switch value {
            case .null: out += "null"
            case .bool(let b): out += b ? "true" : "false"
            case .int(let i): out += String(i)
            case .double(let d):
                if d.isNaN { out += "NaN" } else if d.isInfinite { out += d < 0 ? "-Infinity" : "Infinity" } else { out += Python.floatRepr(d) }
            case .string(let s): writeString(s)
            case .array(let items):
                if items.isEmpty { out += "[]"; return }
                out += "["
                for (i, item) in items.enumerated() {
                    if i > 0 { out += itemSeparator }
                    newline(depth + 1)
                    write(item, depth: depth + 1)
                }
                newline(depth)
                out += "]"
            case .object(let dict):
                if dict.isEmpty { out += "{}"; return }
                out += "{"
                let keys = sortKeys ? Python.sortedKeys(dict) : Array(dict.keys)
                for (i, key) in keys.enumerated() {
                    if i > 0 { out += itemSeparator }
                    newline(depth + 1)
                    writeString(key)
                    out += keySeparator
                    write(dict[key]!, depth: depth + 1)
                }
                newline(depth)
                out += "}"
            }
        }

        private mutating func newline(_ depth: Int) {
            guard let indent else { return }
            // Python's ' ' * indent: a negative indent is no indentation (String(repeating:) traps on it).
            let width = TemplateLimits.product(max(0, indent), depth)
            guard width < maxBytes - out.utf8.count else { exceeded = true; return }
            out += "\n" + String(repeating: " ", count: width)
        }

        private mutating func writeString(_ s: String) {
            out += "\""
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case "\u{08}": out += "\\b"
                case "\u{0C}": out += "\\f"
                case "<" where htmlSafe: out += "\\u003c"
                case ">" where htmlSafe: out += "\\u003e"
                case "&" where htmlSafe: out += "\\u0026"
                case "'" where htmlSafe: out += "\\u0027"
                default:
                    if scalar.value < 0x20 || (ensureASCII && scalar.value > 0x7F) {
                        if scalar.value > 0xFFFF {
                            let v = scalar.value - 0x10000
                            out += "\\u" + Python.hex(0xD800 + (v >> 10), width: 4)
                            out += "\\u" + Python.hex(0xDC00 + (v & 0x3FF), width: 4)
                        } else {
                            out += "\\u" + Python.hex(scalar.value, width: 4)
                        }
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                }
            }
            out += "\""
        }
    }
}

/// Python's str() and repr() of JSON values, as Jinja prints them. Public for runners and the
/// rules engine, which need the same conversions outside templates.
public enum PythonText {
    public static func str(_ value: JSONValue) -> String { Python.str(value) }
    public static func repr(_ value: JSONValue) -> String { Python.repr(value) }
}
