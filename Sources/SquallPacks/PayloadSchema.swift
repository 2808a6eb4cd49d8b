import SquallModel

/// The JSON-schema subset trigger payload schemas use: type (one or a list), properties,
/// required (draft-4 list or draft-3 boolean on a property), enum, items, additionalProperties.
/// Returns the first problem as a one-line reason naming the path, or nil when the value fits.
public enum PayloadSchema {
    public static func firstViolation(of value: JSONValue, against schema: JSONValue, path: String = "payload") -> String? {
        guard let schema = schema.objectValue else { return nil }
        let types: [String]
        switch schema["type"] {
        case .string(let type)?: types = [type]
        case .array(let list)?: types = list.compactMap(\.stringValue)
        default: types = []
        }
        if !types.isEmpty && !types.contains(where: { value.matchesSchemaType($0) }) {
            return "\(path) must be \(types.joined(separator: " or ")), got \(value.schemaTypeName)"
        }
        if let options = schema["enum"]?.arrayValue, !options.contains(value) {
            return "\(path) must be one of \(JSONValue.array(options).jsonString())"
        }
        if case .object(let object) = value {
            let properties = schema["properties"]?.objectValue ?? [:]
            var required = Set(schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            for (name, property) in properties where property["required"]?.boolValue == true { required.insert(name) }
            if let missing = required.sorted().first(where: { object[$0] == nil }) {
                return "\(path).\(missing) is required"
            }
            for name in object.keys.sorted() {
                if let property = properties[name] {
                    if let problem = firstViolation(of: object[name]!, against: property, path: "\(path).\(name)") { return problem }
                } else if schema["additionalProperties"]?.boolValue == false {
                    return "\(path).\(name) is not allowed"
                }
            }
        }
        if case .array(let items) = value, let itemSchema = schema["items"], itemSchema.objectValue != nil {
            for (index, item) in items.enumerated() {
                if let problem = firstViolation(of: item, against: itemSchema, path: "\(path)[\(index)]") { return problem }
            }
        }
        return nil
    }
}
