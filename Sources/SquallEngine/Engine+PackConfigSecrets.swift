import SquallModel
import SquallPacks
import SquallTemplates

/// `pack config` keeps secret values (`secret: true` in config.schema.yaml) out of
/// `<data-dir>/configs`: each is stored encrypted in the datastore as `<pack>.config.<key>` and the
/// file refers to it as st2's docs advise for secrets, `{{ st2kv.system["<name>"] | decrypt_kv }}`,
/// rendered when an action runs or a sensor starts. One key rotation then covers them too.
extension Engine {
    /// `config` with each plain secret string replaced by its datastore reference, and the pairs
    /// (name, clear value) to store. Templates (a reference already) are left as they are.
    func secretsMovedToDatastore(_ config: [String: JSONValue], file: PackConfigFile) throws -> ([String: JSONValue], [(String, String)]) {
        guard let schema = file.schema else { return (config, []) }
        var moved = config
        var pairs: [(String, String)] = []
        for path in schema.secretPaths {
            let parts = path.split(separator: ".").map(String.init)
            guard case .string(let value)? = Self.value(at: parts[...], in: config),
                  !TemplateEnvironment.containsTemplate(value) else { continue }
            let name = "\(file.pack.ref).config.\(path)"
            guard !name.contains("\""), !name.contains("\\") else {
                throw EngineError.badInput("config key '\(path)': a secret's key name cannot hold quotes or backslashes")
            }
            pairs.append((name, value))
            Self.replace(at: parts[...], in: &moved, with: .string("{{ st2kv.system[\"\(name)\"] | decrypt_kv }}"))
        }
        return (moved, pairs)
    }

    private static func value(at parts: ArraySlice<String>, in object: [String: JSONValue]) -> JSONValue? {
        guard let head = parts.first, let value = object[head] else { return nil }
        if parts.count == 1 { return value }
        guard case .object(let inner) = value else { return nil }
        return Self.value(at: parts.dropFirst(), in: inner)
    }

    private static func replace(at parts: ArraySlice<String>, in object: inout [String: JSONValue], with value: JSONValue) {
        guard let head = parts.first else { return }
        if parts.count == 1 { object[head] = value; return }
        guard case .object(var inner)? = object[head] else { return }
        replace(at: parts.dropFirst(), in: &inner, with: value)
        object[head] = .object(inner)
    }
}
