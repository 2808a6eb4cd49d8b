import Foundation
import SquallModel

/// Reads `actions/<name>.yaml` into an Action, merging the runner's parameters the way st2 does.
public enum ActionMetadataReader {
    /// The keys st2's action schema accepts; anything else is an error naming the field.
    static let allowedKeys: Set<String> = [
        "name", "runner_type", "entry_point", "enabled", "description", "parameters", "output_schema",
        "notify", "tags", "pack", "ref", "uid", "id", "output_key", "metadata_file",
    ]
    /// Attributes of a runner parameter that an action may override (st2's rule).
    static let overridableRunnerAttributes: Set<String> = ["default", "description", "enum", "immutable", "required"]

    public static func read(file: String, pack: Pack) throws -> Action {
        let document = try YAMLDocument.load(file: file)
        guard let object = document.objectValue else {
            throw PackError(file: file, message: "must be a YAML mapping")
        }
        if let unknown = object.keys.filter({ !allowedKeys.contains($0) }).sorted().first {
            throw PackError(file: file, field: unknown, message: "is not an allowed action attribute")
        }
        guard let name = object["name"]?.stringValue, !name.isEmpty else {
            throw PackError(file: file, field: "name", message: "is required and must be a string")
        }
        guard let runnerName = object["runner_type"]?.stringValue else {
            throw PackError(file: file, field: "runner_type", message: "is required and must be a string")
        }
        let runner = RunnerType(name: runnerName)
        // A runner st2 has and squall lacks still loads its actions, as unavailable with the reason.
        let missingRunner = runner == nil ? UnavailableRunners.reason(for: runnerName) : nil
        guard runner != nil || missingRunner != nil else {
            throw PackError(file: file, field: "runner_type", message: "unknown runner '\(runnerName)'")
        }
        let entryPoint = try ParameterSchemaReader.optionalString(object["entry_point"], file: file, field: "entry_point")
        if let runner, runner.requiresEntryPoint && (entryPoint ?? "").isEmpty {
            throw PackError(file: file, field: "entry_point", message: "is required by runner '\(runner.rawValue)'")
        }
        let enabled: Bool
        if let value = object["enabled"], !value.isNull {
            guard let flag = value.boolValue else {
                throw PackError(file: file, field: "enabled", message: "must be true or false")
            }
            enabled = flag
        } else {
            enabled = true
        }
        let description = try ParameterSchemaReader.optionalString(object["description"], file: file, field: "description")
        let parameters = try mergedParameters(object["parameters"], runnerParameters: runner?.parameters ?? [:], action: "\(pack.ref).\(name)", file: file)
        var tags: [JSONValue] = []
        if let value = object["tags"], !value.isNull {
            guard let list = value.arrayValue else {
                throw PackError(file: file, field: "tags", message: "must be a list")
            }
            tags = list
        }
        var action = Action(pack: pack.ref, name: name, runnerType: runner?.rawValue ?? runnerName, entryPoint: entryPoint,
                            enabled: enabled, description: description, parameters: parameters,
                            outputSchema: object["output_schema"], tags: tags, metadataFile: file, packPath: pack.path)
        action.unavailableReason = missingRunner ?? UnavailableRunners.reason(taggedIn: tags)
        return action
    }

    static func mergedParameters(_ value: JSONValue?, runnerParameters: [String: ParameterSpec], action: String, file: String) throws -> [String: ParameterSpec] {
        var merged = runnerParameters
        guard let value, !value.isNull else { return merged }
        guard let declared = value.objectValue else {
            throw PackError(file: file, field: "parameters", message: "must be a mapping of parameter names to schemas")
        }
        for name in declared.keys.sorted() {
            let schema = declared[name]!
            if let runnerSpec = runnerParameters[name] {
                merged[name] = try override(runnerSpec, with: schema, action: action, file: file)
            } else {
                merged[name] = try ParameterSchemaReader.read(name: name, schema: schema, file: file)
            }
        }
        return merged
    }

    /// Applies an action's override of a runner parameter, refusing attributes st2 does not allow.
    static func override(_ runnerSpec: ParameterSpec, with schema: JSONValue, action: String, file: String) throws -> ParameterSpec {
        let field = "parameters.\(runnerSpec.name)"
        guard let object = schema.objectValue else {
            throw PackError(file: file, field: field, message: "must be a mapping")
        }
        for key in object.keys.sorted() where !overridableRunnerAttributes.contains(key) {
            // Restating the runner's own type is harmless; changing anything else is not allowed.
            if key == "type", object[key]?.stringValue == runnerSpec.type?.rawValue { continue }
            throw PackError(file: file, field: "\(field).\(key)",
                            message: "the attribute '\(key)' of runner parameter '\(runnerSpec.name)' cannot be overridden")
        }
        var spec = runnerSpec
        if let value = object["default"] { spec.defaultValue = value }
        if let value = object["description"] {
            spec.description = try ParameterSchemaReader.optionalString(value, file: file, field: field + ".description")
        }
        if let value = object["enum"] {
            guard let list = value.arrayValue else {
                throw PackError(file: file, field: field + ".enum", message: "must be a list")
            }
            spec.enumValues = list
        }
        if object["immutable"] != nil {
            spec.immutable = try ParameterSchemaReader.flag(object["immutable"], file: file, field: field + ".immutable")
        }
        if object["required"] != nil {
            spec.required = try ParameterSchemaReader.flag(object["required"], file: file, field: field + ".required")
        }
        return spec
    }
}
