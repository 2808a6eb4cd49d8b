import Foundation
import SquallModel
import SquallPython

/// YAML text as PyYAML's safe_dump writes it with st2's options (block style, sorted keys,
/// allow_unicode): indentless lists under keys, plain scalars when they read back as strings,
/// single quotes otherwise (folding long lines at spaces past column 80), double quotes for
/// control characters. Not reproduced: folding inside double-quoted scalars and keys over 128 chars.
enum YAMLEmitter {
    static let bestWidth = 80

    static func dump(_ value: JSONValue, indent: Int = 2, allowUnicode: Bool = true) -> String {
        var writer = Writer(best: indent, allowUnicode: allowUnicode)
        switch value {
        case .object(let dict) where !dict.isEmpty:
            writer.mapping(dict, indent: 0, inline: true)
        case .array(let items) where !items.isEmpty:
            writer.sequence(items, indent: 0, inline: true)
        default:
            // A plain scalar at the root leaves the document open, so PyYAML closes it with "...".
            if writer.scalar(value, indent: indent, key: false) == .plain { writer.out += "\n..." }
        }
        return writer.out + "\n"
    }

    enum Style { case plain, single, double }

    struct Writer {
        let best: Int
        let allowUnicode: Bool
        var out = ""
        var column = 0

        mutating func write(_ text: String) {
            out += text
            column += text.unicodeScalars.count
        }

        mutating func newline(indent: Int) {
            out += "\n" + String(repeating: " ", count: indent)
            column = indent
        }

        mutating func mapping(_ dict: [String: JSONValue], indent: Int, inline: Bool) {
            for (n, key) in Python.sortedKeys(dict).enumerated() {
                if n > 0 || !inline { newline(indent: indent) }
                scalar(.string(key), indent: indent + best, key: true)
                write(":")
                let value = dict[key]!
                switch value {
                case .object(let child) where !child.isEmpty: mapping(child, indent: indent + best, inline: false)
                // Lists under a key are "indentless": their dashes line up with the key.
                case .array(let items) where !items.isEmpty: sequence(items, indent: indent, inline: false)
                default:
                    write(" ")
                    scalar(value, indent: indent + best, key: false)
                }
            }
        }

        mutating func sequence(_ items: [JSONValue], indent: Int, inline: Bool) {
            for (n, item) in items.enumerated() {
                if n > 0 || !inline { newline(indent: indent) }
                write("-")
                switch item {
                case .object(let child) where !child.isEmpty:
                    write(String(repeating: " ", count: best - 1))
                    mapping(child, indent: indent + best, inline: true)
                case .array(let inner) where !inner.isEmpty:
                    write(String(repeating: " ", count: best - 1))
                    sequence(inner, indent: indent + best, inline: true)
                default:
                    write(" ")
                    scalar(item, indent: indent + best, key: false)
                }
            }
        }

        /// Writes one scalar; `indent` is where folded continuation lines start.
        @discardableResult
        mutating func scalar(_ value: JSONValue, indent: Int, key: Bool) -> Style {
            switch value {
            case .null: write("null")
            case .bool(let b): write(b ? "true" : "false")
            case .int(let i): write(String(i))
            case .double(let d): write(YAMLEmitter.float(d))
            case .object: write("{}")
            case .array: write("[]")
            case .string(let text):
                let style = YAMLEmitter.style(for: text, key: key, allowUnicode: allowUnicode)
                switch style {
                // Keys are never folded (PyYAML splits only outside simple keys).
                case .plain: plain(text, indent: indent, fold: !key)
                case .single: singleQuoted(text, indent: indent, fold: !key)
                case .double: write(YAMLEmitter.doubleQuoted(text, allowUnicode: allowUnicode))
                }
                return style
            }
            return .plain
        }

        /// Plain text; a lone space after column 80 becomes a line break.
        private mutating func plain(_ text: String, indent: Int, fold: Bool) {
            let scalars = Array(text.unicodeScalars)
            var start = 0
            var spaces = false
            for end in 0...scalars.count {
                let ch: Unicode.Scalar? = end < scalars.count ? scalars[end] : nil
                if spaces {
                    if ch != " " {
                        if start + 1 == end, fold, column > bestWidth { newline(indent: indent) } else { write(slice(scalars, start, end)) }
                        start = end
                    }
                } else if ch == nil || ch == " " {
                    write(slice(scalars, start, end))
                    start = end
                }
                spaces = ch == " "
            }
        }

        /// Single quotes: ' doubled, each line break written twice (YAML folds one away), long lines folded.
        private mutating func singleQuoted(_ text: String, indent: Int, fold: Bool) {
            write("'")
            let scalars = Array(text.unicodeScalars)
            var start = 0
            var spaces = false
            var breaks = false
            for end in 0...scalars.count {
                let ch: Unicode.Scalar? = end < scalars.count ? scalars[end] : nil
                if spaces {
                    if ch != " " {
                        if start + 1 == end, fold, column > bestWidth, start != 0, end != scalars.count {
                            newline(indent: indent)
                        } else {
                            write(slice(scalars, start, end))
                        }
                        start = end
                    }
                } else if breaks {
                    if ch == nil || !YAMLEmitter.isBreak(ch!) {
                        if scalars[start] == "\n" { out += "\n" }
                        for br in scalars[start..<end] { out += br == "\n" ? "\n" : String(br) }
                        out += String(repeating: " ", count: indent)
                        column = indent
                        start = end
                    }
                } else if ch == nil || ch == " " || ch == "'" || YAMLEmitter.isBreak(ch!) {
                    if start < end { write(slice(scalars, start, end)) }
                    start = end
                }
                if ch == "'" {
                    write("''")
                    start = end + 1
                }
                if let ch {
                    spaces = ch == " "
                    breaks = YAMLEmitter.isBreak(ch)
                }
            }
            write("'")
        }

        private func slice(_ scalars: [Unicode.Scalar], _ start: Int, _ end: Int) -> String {
            var text = String.UnicodeScalarView()
            text.append(contentsOf: scalars[start..<end])
            return String(text)
        }
    }

    static func isBreak(_ ch: Unicode.Scalar) -> Bool {
        ch == "\n" || ch == "\u{85}" || ch == "\u{2028}" || ch == "\u{2029}"
    }

    /// PyYAML's float text: repr, lowercased, ".0" added before a bare exponent.
    static func float(_ d: Double) -> String {
        if d.isNaN { return ".nan" }
        if d.isInfinite { return d < 0 ? "-.inf" : ".inf" }
        let text = Python.floatRepr(d).lowercased()
        if !text.contains("."), let e = text.firstIndex(of: "e") { return text[..<e] + ".0" + text[e...] }
        return text
    }

    /// PyYAML's choice of scalar style for a string (its analyze_scalar, reduced to what matters
    /// for block-style output).
    static func style(for text: String, key: Bool, allowUnicode: Bool) -> Style {
        if text.isEmpty { return .single }
        let scalars = Array(text.unicodeScalars)
        var blockIndicators = false, lineBreaks = false, special = false
        var leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false
        var breakSpace = false, spaceBreak = false
        var previousSpace = false, previousBreak = false
        if text.hasPrefix("---") || text.hasPrefix("...") { blockIndicators = true }
        var precededByWhitespace = true
        for (index, ch) in scalars.enumerated() {
            let next: Unicode.Scalar? = index + 1 < scalars.count ? scalars[index + 1] : nil
            let followedByWhitespace = next == nil || "\0 \t\r\n\u{85}\u{2028}\u{2029}".unicodeScalars.contains(next!)
            if index == 0 {
                if "#,[]{}&*!|>'\"%@`".unicodeScalars.contains(ch) { blockIndicators = true }
                // Flow indicators only matter inside flow collections, which block output never opens.
                if (ch == "?" || ch == ":") && followedByWhitespace { blockIndicators = true }
                if ch == "-" && followedByWhitespace { blockIndicators = true }
            } else {
                if ch == ":" && followedByWhitespace { blockIndicators = true }
                if ch == "#" && precededByWhitespace { blockIndicators = true }
            }
            if isBreak(ch) { lineBreaks = true }
            if !(ch == "\n" || (ch.value >= 0x20 && ch.value <= 0x7E)) {
                let printableUnicode = ch == "\u{85}" || (ch.value >= 0xA0 && ch.value <= 0xD7FF)
                    || (ch.value >= 0xE000 && ch.value <= 0xFFFD) || (ch.value >= 0x10000 && ch.value < 0x10FFFF)
                if !(printableUnicode && ch != "\u{FEFF}" && allowUnicode) { special = true }
            }
            if ch == " " {
                if index == 0 { leadingSpace = true }
                if index == scalars.count - 1 { trailingSpace = true }
                if previousBreak { breakSpace = true }
                previousSpace = true
                previousBreak = false
            } else if isBreak(ch) {
                if index == 0 { leadingBreak = true }
                if index == scalars.count - 1 { trailingBreak = true }
                if previousSpace { spaceBreak = true }
                previousSpace = false
                previousBreak = true
            } else {
                previousSpace = false
                previousBreak = false
            }
            precededByWhitespace = "\0 \t\r\n\u{85}\u{2028}\u{2029}".unicodeScalars.contains(ch)
        }
        var allowPlain = true
        var allowSingle = true
        if leadingSpace || leadingBreak || trailingSpace || trailingBreak { allowPlain = false }
        if breakSpace { allowPlain = false; allowSingle = false }
        if spaceBreak || special { allowPlain = false; allowSingle = false }
        if lineBreaks || blockIndicators { allowPlain = false }
        if key && lineBreaks { return .double }
        if allowPlain && !resolvesToNonString(text) { return .plain }
        return allowSingle ? .single : .double
    }

    /// Whether PyYAML's implicit resolvers would read the plain text back as something else than a str.
    static func resolvesToNonString(_ text: String) -> Bool {
        let range = NSRange(location: 0, length: (text as NSString).length)
        return implicitResolvers.contains { $0.firstMatch(in: text, options: [.anchored], range: range) != nil }
    }

    private static let implicitResolvers: [NSRegularExpression] = [
        "^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$",
        "^(?:[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?|\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$",
        "^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$",
        "^(?:<<)$",
        "^(?:~|null|Null|NULL)$",
        "^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \\t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\\.[0-9]*)?(?:[ \\t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$",
        "^(?:=)$",
    ].map { try! NSRegularExpression(pattern: $0, options: [.useUnixLineSeparators]) }

    /// Double quotes with YAML escapes (no line folding).
    static func doubleQuoted(_ text: String, allowUnicode: Bool) -> String {
        let named: [Unicode.Scalar: String] = [
            "\0": "0", "\u{07}": "a", "\u{08}": "b", "\t": "t", "\n": "n", "\u{0B}": "v", "\u{0C}": "f",
            "\r": "r", "\u{1B}": "e", "\"": "\"", "\\": "\\", "\u{85}": "N", "\u{A0}": "_", "\u{2028}": "L", "\u{2029}": "P",
        ]
        var out = "\""
        for ch in text.unicodeScalars {
            let printable = (ch.value >= 0x20 && ch.value <= 0x7E)
                || (allowUnicode && ((ch.value >= 0xA0 && ch.value <= 0xD7FF) || (ch.value >= 0xE000 && ch.value <= 0xFFFD)))
            if printable && !"\"\\\u{85}\u{2028}\u{2029}\u{FEFF}".unicodeScalars.contains(ch) {
                out.unicodeScalars.append(ch)
            } else if let name = named[ch] {
                out += "\\" + name
            } else if ch.value <= 0xFF {
                out += "\\x" + Python.hex(ch.value, width: 2).uppercased()
            } else if ch.value <= 0xFFFF {
                out += "\\u" + Python.hex(ch.value, width: 4).uppercased()
            } else {
                out += "\\U" + Python.hex(ch.value, width: 8).uppercased()
            }
        }
        return out + "\""
    }
}
