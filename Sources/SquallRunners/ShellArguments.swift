import SquallModel

/// st2's argument building for local-shell-script: named arguments (`--name=value`, sorted by
/// name) first, then positional ones by `position`, each shell-quoted.
public enum ShellArguments {
    /// Runner parameters are consumed by the runner, never passed to the script.
    static let runnerParameterNames: Set<String> = ["cmd", "cwd", "env", "kwarg_op", "sudo", "sudo_password", "timeout"]

    /// `runnerParameters`: the runner's own parameters, left out (the remote runners have more).
    public static func build(parameters: [String: JSONValue], specs: [String: ParameterSpec], kwargOperator: String,
                             runnerParameters: Set<String>? = nil) -> [String] {
        let runnerParameterNames = runnerParameters ?? Self.runnerParameterNames
        var named: [String] = []
        var positional: [(Int, String)] = []
        // Every positional parameter takes its place, an empty string when it has no value (st2).
        for (name, spec) in specs where spec.position != nil && !runnerParameterNames.contains(name) {
            positional.append((spec.position!, quote(positionalText(parameters[name] ?? .null))))
        }
        for name in parameters.keys.sorted() where !runnerParameterNames.contains(name) && specs[name]?.position == nil {
            let value = parameters[name]!
            switch value {
            case .null: continue
            case .string(let s) where s.isEmpty: continue
            case .bool(let flag):
                if flag { named.append(quote(kwargOperator + name)) }
            default:
                named.append(quote(kwargOperator + name) + "=" + quote(positionalText(value)))
            }
        }
        return named + positional.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// How a value is written as an argument: bools as 1/0, arrays comma-joined, objects as JSON.
    static func positionalText(_ value: JSONValue) -> String {
        switch value {
        case .null: return ""
        case .bool(let b): return b ? "1" : "0"
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double: return value.jsonString()
        case .array(let items): return items.map { $0.stringValue ?? positionalText($0) }.joined(separator: ",")
        case .object: return value.jsonString()
        }
    }

    /// POSIX shell quoting: leaves safe words alone, single-quotes the rest.
    public static func quote(_ text: String) -> String {
        if text.isEmpty { return "''" }
        let safe = text.unicodeScalars.allSatisfy { scalar in
            CharacterSetSafe.contains(scalar)
        }
        if safe { return text }
        return "'" + text.replacingOccurrences(of: "'", with: "'\"'\"'") + "'"
    }

    private static let CharacterSetSafe: Set<Unicode.Scalar> = Set(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%+=:,./-_".unicodeScalars)
}
