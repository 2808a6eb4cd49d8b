import Foundation
import SquallModel

/// Orquesta's inline `key=value` parameters (`action: pack.a x=<% ctx().x %> y=2`, `publish: k=v`).
/// Values are expressions, quoted strings, numbers, true/false/null or `[...]`/`{...}` JSON; a bare
/// word is dropped, as orquesta drops it.
enum InlineParameters {
    static func parse(_ text: String) -> [(name: String, value: JSONValue)] {
        var result: [(String, JSONValue)] = []
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            while i < chars.count, chars[i] == " " { i += 1 }
            let nameStart = i
            while i < chars.count, chars[i] != "=", chars[i] != " " { i += 1 }
            guard i < chars.count, chars[i] == "=" else {
                while i < chars.count, chars[i] != " " { i += 1 }
                continue
            }
            let name = String(chars[nameStart..<i])
            i += 1
            let valueStart = i
            i = endOfValue(chars, from: i)
            let raw = String(chars[valueStart..<i])
            if let value = value(raw), !name.isEmpty { result.append((name, value)) }
        }
        return result
    }

    /// `pack.action k=v ...` -> the action (which may be an expression holding spaces) and the rest.
    static func splitAction(_ text: String) -> (action: String, rest: String) {
        let chars = Array(text.trimmingCharacters(in: .whitespaces))
        let end = endOfValue(chars, from: 0)
        return (String(chars[..<end]), String(chars[end...]))
    }

    /// The end of one value: expressions and quoted strings may hold spaces.
    private static func endOfValue(_ chars: [Character], from start: Int) -> Int {
        var i = start
        var closer: [Character]? = nil
        while i < chars.count {
            if let wanted = closer {
                if i + wanted.count <= chars.count, Array(chars[i..<i + wanted.count]) == wanted {
                    i += wanted.count
                    closer = nil
                    continue
                }
                i += 1
                continue
            }
            if chars[i] == " " { return i }
            if chars[i] == "<", i + 1 < chars.count, chars[i + 1] == "%" { closer = ["%", ">"]; i += 2; continue }
            if chars[i] == "{", i + 1 < chars.count, chars[i + 1] == "{" { closer = ["}", "}"]; i += 2; continue }
            if chars[i] == "\"" || chars[i] == "'" { closer = [chars[i]]; i += 1; continue }
            if chars[i] == "[" { closer = ["]"]; i += 1; continue }
            i += 1
        }
        return i
    }

    private static func value(_ raw: String) -> JSONValue? {
        // Quotes go first, as orquesta strips them: `cmd="echo <% ctx(x) %> | wc"` is the command.
        if raw.count >= 2, let first = raw.first, first == "\"" || first == "'", raw.last == first {
            return .string(String(raw.dropFirst().dropLast()))
        }
        if raw.contains("<%") || raw.contains("{{") { return .string(raw) }
        switch raw {
        case "true", "True": return .bool(true)
        case "false", "False": return .bool(false)
        case "null", "None": return .null
        default: break
        }
        if let int = Int(raw) { return .int(int) }
        if let double = Double(raw) { return .double(double) }
        if raw.hasPrefix("[") || raw.hasPrefix("{"), let parsed = try? JSONValue.parse(raw) { return parsed }
        return nil
    }
}
