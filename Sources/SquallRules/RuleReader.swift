import Foundation
import SquallModel
import SquallPacks
import SquallTemplates

/// Reads rule metadata files with st2's schema: no unknown top-level keys, `name`, `trigger.type`
/// and `action.ref` required, `enabled` false unless set, `type.ref` standard or backstop, and
/// criteria whose operators exist. Errors are `PackError`s naming the file and the field.
public enum RuleReader {
    static let allowedKeys: Set<String> = [
        "name", "pack", "description", "enabled", "type", "trigger", "criteria", "action", "context", "tags",
        // st2 accepts and recomputes these.
        "id", "ref", "uid", "metadata_file",
    ]

    /// Reads one rule file. `pack` is the pack the file belongs to (the directory's pack ref): a
    /// rule naming another pack is an error; without it the rule's own `pack` field is required.
    public static func read(file: String, pack: String?) throws -> Rule {
        try parse(YAMLDocument.load(file: file), file: file, pack: pack)
    }

    /// Every `*.yaml` / `*.yml` rule of a pack directory, sorted by file name.
    public static func readAll(packDirectory: String, pack: String) throws -> [Rule] {
        let directory = (packDirectory as NSString).appendingPathComponent("rules")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        return try names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map {
            try read(file: (directory as NSString).appendingPathComponent($0), pack: pack)
        }
    }

    public static func parse(_ document: JSONValue, file: String, pack: String?) throws -> Rule {
        guard case .object(let doc) = document else { throw PackError(file: file, message: "a rule must be a YAML mapping") }
        if let unknown = doc.keys.sorted().first(where: { !allowedKeys.contains($0) }) {
            throw PackError(file: file, field: unknown, message: "unknown property (allowed: \(allowedKeys.sorted().joined(separator: ", ")))")
        }
        let name = try requiredString(doc, "name", file: file)
        let packField = try optionalString(doc, "pack", file: file)
        let rulePack: String
        switch (pack, packField) {
        case (let dir?, let field?) where dir != field:
            throw PackError(file: file, field: "pack", message: "rule is in pack '\(dir)' but names pack '\(field)'")
        case (let dir?, _): rulePack = dir
        case (nil, let field?): rulePack = field
        case (nil, nil): throw PackError(file: file, field: "pack", message: "is required when the rule is not read from a pack")
        }
        let description = try optionalString(doc, "description", file: file)
        var enabled = false
        switch doc["enabled"] {
        case nil, .null?: break
        case .bool(let b)?: enabled = b
        case let other?: throw PackError(file: file, field: "enabled", message: "must be a boolean, not \(other.schemaTypeName)")
        }

        var isBackstop = false
        if let type = try optionalObject(doc, "type", file: file) {
            guard case .string(let typeRef)? = type["ref"] else {
                throw PackError(file: file, field: "type.ref", message: "is required and must be a string")
            }
            switch typeRef {
            case "standard": isBackstop = false
            case "backstop": isBackstop = true
            default: throw PackError(file: file, field: "type.ref", message: "must be 'standard' or 'backstop', not '\(typeRef)'")
            }
        }

        guard let trigger = try optionalObject(doc, "trigger", file: file) else {
            throw PackError(file: file, field: "trigger", message: "is required")
        }
        guard case .string(let triggerType)? = trigger["type"], !triggerType.isEmpty else {
            throw PackError(file: file, field: "trigger.type", message: "is required and must be a non-empty string")
        }
        let triggerParameters = try optionalObject(trigger, "parameters", file: file, prefix: "trigger.") ?? [:]

        guard let action = try optionalObject(doc, "action", file: file) else {
            throw PackError(file: file, field: "action", message: "is required")
        }
        guard case .string(let actionRef)? = action["ref"], !actionRef.isEmpty else {
            throw PackError(file: file, field: "action.ref", message: "is required and must be a non-empty string")
        }
        let actionParameters = try optionalObject(action, "parameters", file: file, prefix: "action.") ?? [:]

        let criteria = try optionalObject(doc, "criteria", file: file) ?? [:]
        try validate(criteria: criteria, file: file)
        let context = try optionalObject(doc, "context", file: file) ?? [:]
        var tags: [JSONValue] = []
        switch doc["tags"] {
        case nil, .null?: break
        case .array(let items)?:
            guard items.allSatisfy({ $0.objectValue != nil }) else {
                throw PackError(file: file, field: "tags", message: "every tag must be an object ({name, value})")
            }
            tags = items
        case let other?: throw PackError(file: file, field: "tags", message: "must be a list, not \(other.schemaTypeName)")
        }

        return Rule(name: name, pack: rulePack, description: description, enabled: enabled, isBackstop: isBackstop,
                    triggerType: triggerType, triggerParameters: triggerParameters, criteria: criteria,
                    actionRef: actionRef, actionParameters: actionParameters, context: context, tags: tags, file: file)
    }

    /// Compiles each criterion so unknown operators and malformed entries fail at load time.
    private static func validate(criteria: [String: JSONValue], file: String) throws {
        let templates = TemplateEnvironment()
        for key in criteria.keys.sorted() {
            do {
                _ = try Criteria([key: criteria[key]!], templates: templates)
            } catch {
                throw PackError(file: file, field: "criteria.\(key)", message: "\(error)")
            }
        }
    }

    private static func requiredString(_ doc: [String: JSONValue], _ key: String, file: String) throws -> String {
        guard let value = try optionalString(doc, key, file: file), !value.isEmpty else {
            throw PackError(file: file, field: key, message: "is required")
        }
        return value
    }

    private static func optionalString(_ doc: [String: JSONValue], _ key: String, file: String) throws -> String? {
        switch doc[key] {
        case nil, .null?: return nil
        case .string(let s)?: return s
        case let other?: throw PackError(file: file, field: key, message: "must be a string, not \(other.schemaTypeName)")
        }
    }

    private static func optionalObject(_ doc: [String: JSONValue], _ key: String, file: String,
                                       prefix: String = "") throws -> [String: JSONValue]? {
        switch doc[key] {
        case nil, .null?: return nil
        case .object(let o)?: return o
        case let other?:
            throw PackError(file: file, field: prefix + key, message: "must be an object, not \(other.schemaTypeName)")
        }
    }
}
