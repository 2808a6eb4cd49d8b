import SquallModel
import SquallPacks
import SquallTemplates

/// Renders parameter values as Jinja templates (StrictUndefined, as st2 does) with the other
/// parameters by name, `st2kv`, `config_context` and `action_context`. Parameters that refer to
/// each other are rendered in dependency order; a value that is exactly `{{ x }}` keeps x's type.
struct ParameterRenderer {
    let environment: TemplateEnvironment

    init(environment: TemplateEnvironment = ParameterRenderer.st2Environment()) {
        self.environment = environment
    }

    /// StrictUndefined with st2's filters; YAML parsing for from_yaml_string comes from SquallPacks.
    /// `decrypt_kv` decrypts with `cipher`; text that is not an encrypted value (a plain key, or a
    /// secret set before squall encrypted them) passes through, so such templates run unchanged.
    static func st2Environment(cipher: (any SecretCipher)? = nil) -> TemplateEnvironment {
        let environment = TemplateEnvironment.st2(yamlLoader: { try YAMLDocument.parse($0, file: "<template>") })
        environment.register(filter: "decrypt_kv") { value, _, _ in
            guard let cipher, case .string(let text) = value, cipher.looksEncrypted(text) else { return value }
            do {
                return .string(try cipher.decrypt(text))
            } catch {
                throw EngineError.badInput("decrypt_kv: \(error)")
            }
        }
        return environment
    }

    func render(_ values: [String: JSONValue], base: [String: JSONValue]) throws -> [String: JSONValue] {
        var resolved: [String: JSONValue] = [:]
        var pending: [String: JSONValue] = [:]
        for (name, value) in values {
            if Self.containsTemplate(value) { pending[name] = value } else { resolved[name] = value }
        }
        // Each round renders what it can with what is resolved so far; a round without progress
        // means a cycle or a genuinely undefined name, reported for the first such parameter.
        // The template context: `base`, with parameters by name over it as they resolve.
        var context = base
        for (name, value) in resolved { context[name] = value }
        while !pending.isEmpty {
            var progressed = false
            var firstFailure: (String, any Error)? = nil
            for name in pending.keys.sorted() {
                do {
                    let value = try renderValue(pending[name]!, context: context)
                    resolved[name] = value
                    context[name] = value
                    pending[name] = nil
                    progressed = true
                } catch {
                    if firstFailure == nil { firstFailure = (name, error) }
                }
            }
            if !progressed, let (name, error) = firstFailure {
                let others = pending.keys.filter { $0 != name }.sorted()
                let hint = others.isEmpty ? "" : " (it may depend on \(others.map { "'\($0)'" }.joined(separator: ", ")) in a cycle)"
                throw EngineError.badInput("parameter '\(name)': cannot render template: \(error)\(hint)")
            }
        }
        return resolved
    }

    /// Renders strings, and strings nested in lists and objects.
    func renderValue(_ value: JSONValue, context: [String: JSONValue]) throws -> JSONValue {
        switch value {
        case .string(let text) where TemplateEnvironment.containsTemplate(text):
            return try environment.renderValue(text, context: context)
        case .array(let items):
            return .array(try items.map { try renderValue($0, context: context) })
        case .object(let object):
            return .object(try object.mapValues { try renderValue($0, context: context) })
        default:
            return value
        }
    }

    static func containsTemplate(_ value: JSONValue) -> Bool {
        switch value {
        case .string(let text): return TemplateEnvironment.containsTemplate(text)
        case .array(let items): return items.contains(where: containsTemplate)
        case .object(let object): return object.values.contains(where: containsTemplate)
        default: return false
        }
    }
}
