import Foundation
import SquallModel

/// Reads `sensors/<name>.yaml` and `triggers/<name>.yaml` with st2's rules.
public enum SensorMetadataReader {
    static let sensorKeys: Set<String> = ["class_name", "entry_point", "description", "enabled", "poll_interval",
                                          "trigger_types", "name", "pack", "ref", "uid", "id", "artifact_uri"]
    static let triggerKeys: Set<String> = ["name", "description", "payload_schema", "parameters_schema", "tags",
                                           "pack", "ref", "uid", "id", "metadata_file"]

    public static func readSensor(file: String, pack: Pack) throws -> SensorDefinition {
        guard let object = try YAMLDocument.load(file: file).objectValue else {
            throw PackError(file: file, message: "must be a YAML mapping")
        }
        if let unknown = object.keys.filter({ !sensorKeys.contains($0) }).sorted().first {
            throw PackError(file: file, field: unknown, message: "is not an allowed sensor attribute")
        }
        guard let className = object["class_name"]?.stringValue, !className.isEmpty else {
            throw PackError(file: file, field: "class_name", message: "is required and must be a string")
        }
        let entryPoint = try ParameterSchemaReader.optionalString(object["entry_point"], file: file, field: "entry_point") ?? ""
        guard !entryPoint.isEmpty else { throw PackError(file: file, field: "entry_point", message: "is required") }
        var pollInterval: Double? = nil
        if let value = object["poll_interval"], !value.isNull {
            guard let seconds = value.doubleValue, seconds > 0 else {
                throw PackError(file: file, field: "poll_interval", message: "must be a positive number of seconds")
            }
            pollInterval = seconds
        }
        var enabled = true
        if let value = object["enabled"], !value.isNull {
            guard let flag = value.boolValue else { throw PackError(file: file, field: "enabled", message: "must be true or false") }
            enabled = flag
        }
        var triggerTypes: [TriggerType] = []
        if let value = object["trigger_types"], !value.isNull {
            guard let list = value.arrayValue else { throw PackError(file: file, field: "trigger_types", message: "must be a list") }
            for (index, item) in list.enumerated() {
                triggerTypes.append(try triggerType(item, pack: pack.ref, file: file, field: "trigger_types[\(index)]", allowed: nil))
            }
        }
        return SensorDefinition(pack: pack.ref, className: className, entryPoint: entryPoint, enabled: enabled,
                                description: try ParameterSchemaReader.optionalString(object["description"], file: file, field: "description"),
                                pollInterval: pollInterval, triggerTypes: triggerTypes, metadataFile: file, packPath: pack.path)
    }

    /// A trigger type declared on its own in `triggers/<name>.yaml`.
    public static func readTriggerType(file: String, pack: Pack) throws -> TriggerType {
        try triggerType(try YAMLDocument.load(file: file), pack: pack.ref, file: file, field: nil, allowed: triggerKeys)
    }

    static func triggerType(_ value: JSONValue, pack: String, file: String, field: String?, allowed: Set<String>?) throws -> TriggerType {
        func name(_ key: String) -> String { field.map { "\($0).\(key)" } ?? key }
        guard let object = value.objectValue else {
            throw PackError(file: file, field: field, message: "must be a mapping")
        }
        if let allowed, let unknown = object.keys.filter({ !allowed.contains($0) }).sorted().first {
            throw PackError(file: file, field: unknown, message: "is not an allowed trigger type attribute")
        }
        guard let triggerName = object["name"]?.stringValue, !triggerName.isEmpty else {
            throw PackError(file: file, field: name("name"), message: "is required and must be a string")
        }
        for key in ["payload_schema", "parameters_schema"] {
            if let schema = object[key], !schema.isNull, schema.objectValue == nil {
                throw PackError(file: file, field: name(key), message: "must be a JSON-schema mapping")
            }
        }
        return TriggerType(pack: pack, name: triggerName,
                           description: object["description"]?.stringValue,
                           payloadSchema: object["payload_schema"].flatMap { $0.isNull ? nil : $0 },
                           parametersSchema: object["parameters_schema"].flatMap { $0.isNull ? nil : $0 })
    }
}
