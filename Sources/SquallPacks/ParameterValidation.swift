import SquallModel

/// st2's checks on the parameters of one execution request.
public enum ParameterValidation {
    /// Checks what the caller supplied before anything is rendered: unknown and immutable
    /// parameters are refused, and each value is cast to its declared type.
    public static func acceptSupplied(_ supplied: [String: JSONValue], for action: Action) throws -> [String: JSONValue] {
        var accepted: [String: JSONValue] = [:]
        for name in supplied.keys.sorted() {
            guard let spec = action.parameters[name] else {
                throw ParameterError(parameter: name, message: "is not a parameter of action '\(action.ref)'")
            }
            if spec.immutable {
                throw ParameterError(parameter: name, message: "is immutable in action '\(action.ref)' and cannot be set")
            }
            let value = supplied[name]!
            // Templates are cast after rendering, when their value is known.
            if case .string(let text) = value, text.containsTemplateSyntax {
                accepted[name] = value
            } else {
                accepted[name] = try hidingSecret(spec) { try ParameterCasting.cast(value, to: spec.type, parameter: name) }
            }
        }
        return accepted
    }

    /// Checks the final values after defaults and rendering: cast, required, enum.
    /// The parameter first by name is reported when several fail (the checks are independent, so
    /// they run in the dictionary's order: sorting the names cost more than the checks on the rules path).
    public static func finalize(_ values: [String: JSONValue], for action: Action) throws -> [String: JSONValue] {
        var result = [String: JSONValue](minimumCapacity: values.count)
        var firstFailure: ParameterError?
        for (name, spec) in action.parameters {
            do {
                if let value = try finalValue(values[name], name: name, spec: spec, action: action) { result[name] = value }
            } catch let error as ParameterError {
                if firstFailure.map({ name < $0.parameter }) ?? true { firstFailure = error }
            }
        }
        if let firstFailure { throw firstFailure }
        return result
    }

    private static func finalValue(_ raw: JSONValue?, name: String, spec: ParameterSpec, action: Action) throws -> JSONValue? {
        guard let raw else {
            if spec.required { throw ParameterError(parameter: name, message: "is required by action '\(action.ref)'") }
            return nil
        }
        let value = try hidingSecret(spec) { try ParameterCasting.cast(raw, to: spec.type, parameter: name) }
        if value.isNull && spec.required {
            throw ParameterError(parameter: name, message: "is required by action '\(action.ref)'")
        }
        if let options = spec.enumValues, !value.isNull, !options.contains(value) {
            if spec.secret { throw ParameterError(parameter: name, message: "the (secret) value is not one of the allowed values") }
            let choices = options.map { $0.stringValue ?? $0.jsonString() }.joined(separator: ", ")
            throw ParameterError(parameter: name, message: "'\(value.stringValue ?? value.jsonString())' is not one of: \(choices)")
        }
        return value
    }

    /// Runs a check whose error would quote the value; for a secret, the error names only the problem.
    static func hidingSecret<T>(_ spec: ParameterSpec, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ParameterError where spec.secret {
            let expected = spec.type.map { "expected \($0.rawValue)" } ?? "invalid"
            throw ParameterError(parameter: error.parameter, message: "the (secret) value is \(expected)")
        }
    }

    /// A copy of the parameters with every secret value replaced by the mask.
    public static func masked(_ values: [String: JSONValue], for action: Action) -> [String: JSONValue] {
        var copy = values
        for name in action.secretParameterNames where copy[name] != nil {
            copy[name] = .string(maskedSecret)
        }
        return copy
    }
}
