import SquallModel

/// Reads one parameter's schema from action metadata (JSON-schema draft-4 plus st2's extras).
enum ParameterSchemaReader {
    static func read(name: String, schema: JSONValue, file: String) throws -> ParameterSpec {
        let field = "parameters.\(name)"
        guard let object = schema.objectValue else {
            throw PackError(file: file, field: field, message: "must be a mapping")
        }
        var spec = ParameterSpec(name: name)
        if let type = object["type"] {
            guard let typeName = type.stringValue else {
                throw PackError(file: file, field: field + ".type", message: "must be a single type name")
            }
            guard let parsed = ParameterType(rawValue: typeName) else {
                throw PackError(file: file, field: field + ".type", message: "unknown type '\(typeName)'")
            }
            spec.type = parsed
        }
        spec.description = try optionalString(object["description"], file: file, field: field + ".description")
        spec.required = try flag(object["required"], file: file, field: field + ".required")
        spec.immutable = try flag(object["immutable"], file: file, field: field + ".immutable")
        spec.secret = try flag(object["secret"], file: file, field: field + ".secret")
        if let position = object["position"], !position.isNull {
            guard let value = position.intValue, value >= 0 else {
                throw PackError(file: file, field: field + ".position", message: "must be an integer >= 0")
            }
            spec.position = value
        }
        if let values = object["enum"], !values.isNull {
            guard let list = values.arrayValue else {
                throw PackError(file: file, field: field + ".enum", message: "must be a list")
            }
            spec.enumValues = list
        }
        if let value = object["default"] { spec.defaultValue = value }
        return spec
    }

    static func flag(_ value: JSONValue?, file: String, field: String) throws -> Bool {
        guard let value, !value.isNull else { return false }
        guard let bool = value.boolValue else {
            throw PackError(file: file, field: field, message: "must be true or false")
        }
        return bool
    }

    static func optionalString(_ value: JSONValue?, file: String, field: String) throws -> String? {
        guard let value, !value.isNull else { return nil }
        guard let text = value.stringValue else {
            throw PackError(file: file, field: field, message: "must be a string")
        }
        return text
    }
}
