import SquallModel

/// One problem found before a workflow runs, in orquesta's shape: `type` (`syntax`, `semantic`,
/// `context`, `content`, `expression`), `message`, `spec_path`, `schema_path`, and for context
/// errors the `expression` and its `language`.
public struct InspectionError: Error, Sendable, Equatable, CustomStringConvertible {
    public var type: String
    public var message: String
    public var specPath: String
    public var schemaPath: String
    public var expression: String?
    public var language: String?

    public init(type: String, message: String, specPath: String, schemaPath: String,
                expression: String? = nil, language: String? = nil) {
        self.type = type; self.message = message; self.specPath = specPath; self.schemaPath = schemaPath
        self.expression = expression; self.language = language
    }

    /// The error entry st2 puts in the execution's `result.errors`.
    public var entry: JSONValue {
        var object: [String: JSONValue] = [
            "type": .string(type), "message": .string(message),
            "spec_path": .string(specPath), "schema_path": .string(schemaPath),
        ]
        if let expression { object["expression"] = .string(expression) }
        if let language { object["language"] = .string(language) }
        return .object(object)
    }

    public var description: String { "\(specPath): \(message)" }

    static let taskSchema = #"properties.tasks.patternProperties.^\w+$"#

    public static func syntax(_ message: String, at specPath: String, schema: String = "") -> InspectionError {
        InspectionError(type: "syntax", message: message, specPath: specPath, schemaPath: schema)
    }
}

/// Every problem found in one workflow.
public struct InspectionErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [InspectionError]
    public init(errors: [InspectionError]) { self.errors = errors }
    public var description: String { errors.map(\.description).joined(separator: "; ") }
}
