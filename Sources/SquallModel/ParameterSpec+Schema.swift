/// Parameters as st2 shows them (its API's and `st2 action get`'s `parameters`): a JSON-schema-like
/// object per name; a secret's default is masked.
extension ParameterSpec {
    public static func st2Schemas(_ parameters: [String: ParameterSpec]) -> JSONValue {
        var out: [String: JSONValue] = [:]
        for (name, spec) in parameters {
            var schema: [String: JSONValue] = [:]
            if let type = spec.type { schema["type"] = .string(type.rawValue) }
            if let description = spec.description { schema["description"] = .string(description) }
            if spec.required { schema["required"] = true }
            if spec.immutable { schema["immutable"] = true }
            if spec.secret { schema["secret"] = true }
            if let position = spec.position { schema["position"] = .int(position) }
            if let values = spec.enumValues { schema["enum"] = .array(values) }
            if let value = spec.defaultValue { schema["default"] = spec.secret ? .string(maskedSecret) : value }
            out[name] = .object(schema)
        }
        return .object(out)
    }
}
