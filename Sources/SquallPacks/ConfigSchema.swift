import Foundation
import SquallModel

/// A pack's `config.schema.yaml`: validates configs and fills in defaults, nested objects too.
public struct ConfigSchema: Sendable {
    /// Top-level keys and their schemas, as written.
    public let properties: [String: JSONValue]
    public let file: String
    /// Keys in the order the file writes them, per object ("" for the top, "auth" for auth's
    /// properties): prompts follow the author's order, not the alphabet.
    public var keyOrder: [String: [String]] = [:]

    public init(properties: [String: JSONValue], file: String) {
        self.properties = properties; self.file = file
    }

    /// Reads `<pack>/config.schema.yaml`; nil when the pack has none.
    public static func load(packDirectory: String) throws -> ConfigSchema? {
        let file = packDirectory + "/config.schema.yaml"
        guard FileManager.default.fileExists(atPath: file) else { return nil }
        let document = try YAMLDocument.load(file: file)
        if document.isNull { return ConfigSchema(properties: [:], file: file) }
        guard let object = document.objectValue else {
            throw PackError(file: file, message: "must be a mapping of config keys to schemas")
        }
        for (key, value) in object where value.objectValue == nil {
            throw PackError(file: file, field: key, message: "must be a mapping (type, description, default, ...)")
        }
        var schema = ConfigSchema(properties: object, file: file)
        schema.keyOrder = (try? YAMLDocument.propertyKeyOrder(file: file)) ?? [:]
        return schema
    }

    /// The keys of `properties` (the object at dotted `path`) in the file's order; keys the order does not know go last, sorted.
    public func orderedKeys(_ properties: [String: JSONValue], path: String) -> [String] {
        let known = (keyOrder[path] ?? []).filter { properties[$0] != nil }
        return known + properties.keys.filter { !known.contains($0) }.sorted()
    }

    /// The schema of a dotted key ("auth.token"), through nested `properties`.
    public func schema(forKey dotted: String) -> JSONValue? {
        var current = properties
        let parts = dotted.split(separator: ".").map(String.init)
        for (index, part) in parts.enumerated() {
            guard let schema = current[part] else { return nil }
            if index == parts.count - 1 { return schema }
            guard let nested = schema["properties"]?.objectValue else { return nil }
            current = nested
        }
        return nil
    }

    /// Keys whose values are secret, as dotted paths ("auth.token").
    public var secretPaths: [String] {
        var paths: [String] = []
        func walk(_ properties: [String: JSONValue], prefix: String) {
            for (key, schema) in properties {
                if schema["secret"]?.boolValue == true { paths.append(prefix + key) }
                if let nested = schema["properties"]?.objectValue { walk(nested, prefix: prefix + key + ".") }
            }
        }
        walk(properties, prefix: "")
        return paths.sorted()
    }

    /// Validates `config` (the content of the config file, or nil when there is none) and returns it
    /// with defaults filled in. `configFile` names the file in errors. As st2 does, only a config
    /// file is checked: without one the action gets the defaults, and reading a required key that
    /// has none fails in the action (`PackConfigDict` names it). Defaults are used as written, even
    /// when they do not match their type (st2 validates with `allow_default_none`; see `warnings`).
    public func validate(_ config: JSONValue?, configFile: String) throws -> JSONValue {
        var object: [String: JSONValue]
        switch config {
        case nil: object = [:]
        case .null?: object = [:]
        case .object(let o)?: object = o
        default: throw PackError(file: configFile, message: "must be a YAML mapping")
        }
        try Self.apply(properties: properties, to: &object, path: "", configFile: configFile, checked: config != nil)
        return .object(object)
    }

    static func apply(properties: [String: JSONValue], to object: inout [String: JSONValue], path: String,
                      configFile: String, checked: Bool) throws {
        for key in properties.keys.sorted() {
            let schema = properties[key]!
            let field = path + key
            let given = object[key] != nil
            if !given, let value = schema["default"] { object[key] = value }
            let nested = schema["properties"]?.objectValue
            if object[key] == nil, let nested, nested.values.contains(where: { $0["default"] != nil }) {
                object[key] = .object([:])
            }
            guard let value = object[key] else {
                if checked && schema["required"]?.boolValue == true {
                    throw PackError(file: configFile, field: field, message: "is required by the pack's config.schema.yaml but missing")
                }
                continue
            }
            // `default: null` allows null for any type, as st2's allow_default_none does.
            let nullAllowed = value == .null && schema["default"] == .null
            if checked && given && !nullAllowed { try checkType(value, schema: schema, field: field, configFile: configFile) }
            if let nested, case .object(var inner) = value {
                try apply(properties: nested, to: &inner, path: field + ".", configFile: configFile, checked: checked)
                object[key] = .object(inner)
            }
        }
    }

    /// What st2 accepts but an author would want to know, one line each naming the schema file
    /// and key: defaults that do not match their declared type (used as written).
    public var warnings: [String] {
        var lines: [String] = []
        func walk(_ properties: [String: JSONValue], prefix: String) {
            for key in orderedKeys(properties, path: String(prefix.dropLast())) {
                let schema = properties[key]!
                if let value = schema["default"], value != .null,
                   (try? Self.checkType(value, schema: schema, field: prefix + key, configFile: file)) == nil {
                    lines.append(PackError(file: file, field: prefix + key,
                                           message: "default \(value.jsonString()) does not match its type \(Self.typeNames(schema)); used as written, as st2 does").description)
                }
                if let nested = schema["properties"]?.objectValue { walk(nested, prefix: prefix + key + ".") }
            }
        }
        walk(properties, prefix: "")
        return lines
    }

    /// Dotted keys that are required and have no default: without a config file they are missing.
    public var requiredKeysWithoutDefault: [String] {
        var keys: [String] = []
        func walk(_ properties: [String: JSONValue], prefix: String) {
            for key in orderedKeys(properties, path: String(prefix.dropLast())) {
                let schema = properties[key]!
                if schema["required"]?.boolValue == true && schema["default"] == nil && schema["properties"] == nil {
                    keys.append(prefix + key)
                }
                if let nested = schema["properties"]?.objectValue { walk(nested, prefix: prefix + key + ".") }
            }
        }
        walk(properties, prefix: "")
        return keys
    }

    static func typeNames(_ schema: JSONValue) -> String {
        switch schema["type"] {
        case .string(let t)?: return t
        case .array(let list)?: return list.compactMap(\.stringValue).joined(separator: " or ")
        default: return "any"
        }
    }

    static func checkType(_ value: JSONValue, schema: JSONValue, field: String, configFile: String) throws {
        // A template ("{{ st2kv.system.x }}") is rendered at run time; its type is checked then.
        if let text = value.stringValue, text.contains("{{") || text.contains("{%") { return }
        let allowed: [String]
        switch schema["type"] {
        case .string(let t)?: allowed = [t]
        case .array(let list)?: allowed = list.compactMap(\.stringValue)
        default: allowed = []
        }
        if !allowed.isEmpty && !allowed.contains(where: { value.matchesSchemaType($0) }) {
            throw PackError(file: configFile, field: field,
                            message: "must be of type \(allowed.joined(separator: " or ")), got \(value.schemaTypeName)")
        }
        if let options = schema["enum"]?.arrayValue, !options.contains(value) {
            throw PackError(file: configFile, field: field, message: "must be one of \(JSONValue.array(options).jsonString())")
        }
    }
}

extension JSONValue {
    /// JSON-schema type membership: integers are numbers too.
    public func matchesSchemaType(_ type: String) -> Bool {
        switch (type, self) {
        case ("string", .string), ("boolean", .bool), ("integer", .int), ("number", .int), ("number", .double),
             ("array", .array), ("object", .object), ("null", .null):
            return true
        case ("integer", .double(let d)):
            return d.rounded() == d
        default:
            return false
        }
    }
}
