import SquallModel

/// A config value that cannot be taken: names the key (dotted) and why, on one line.
public struct ConfigInputError: Error, CustomStringConvertible, Sendable, Equatable {
    public var key: String
    public var message: String
    public init(key: String, message: String) { self.key = key; self.message = message }
    public var description: String { "config key '\(key)': \(message)" }
}

/// Text typed at a `pack config` prompt or given with `--set`, cast to the key's schema type
/// (st2's parameter rules: booleans from true/false/yes/no/1/0, arrays as JSON or a comma list,
/// objects as JSON) and checked against its `enum`.
public enum ConfigValueCasting {
    public static func cast(_ text: String, schema: JSONValue?, key: String) throws -> JSONValue {
        // A template ("{{ st2kv.system.x }}") is kept as text: it is rendered, and its type checked, at run time.
        if text.contains("{{") || text.contains("{%") { return .string(text) }
        let types: [String]
        switch schema?["type"] {
        case .string(let type)?: types = [type]
        case .array(let list)?: types = list.compactMap(\.stringValue)
        default: types = []
        }
        var value: JSONValue = .string(text)
        if !types.isEmpty {
            var firstError: Error?
            var cast: JSONValue?
            for name in types {
                guard let type = ParameterType(rawValue: name) else { continue }
                do { cast = try castOne(text, to: type, items: schema?["items"], key: key); break } catch {
                    if firstError == nil { firstError = error }
                }
            }
            guard let cast else {
                let message = (firstError as? ParameterError)?.message ?? "must be of type \(types.joined(separator: " or "))"
                throw ConfigInputError(key: key, message: message)
            }
            value = cast
        }
        if let schema {
            do { try ConfigSchema.checkType(value, schema: schema, field: key, configFile: "") } catch let error as PackError {
                throw ConfigInputError(key: key, message: error.message)
            }
        }
        return value
    }

    private static func castOne(_ text: String, to type: ParameterType, items: JSONValue?, key: String) throws -> JSONValue {
        let value = try ParameterCasting.cast(.string(text), to: type, parameter: key)
        // A comma list gives strings; the items' declared type applies to each.
        if case .array(let elements) = value, let itemType = items?["type"]?.stringValue.flatMap(ParameterType.init(rawValue:)) {
            return .array(try elements.map { try ParameterCasting.cast($0, to: itemType, parameter: key) })
        }
        return value
    }
}
