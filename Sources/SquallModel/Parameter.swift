/// The JSON-schema types a parameter may declare.
public enum ParameterType: String, Sendable, Codable, CaseIterable {
    case string, integer, number, boolean, array, object, null
}

/// One action (or runner) parameter: JSON-schema draft-4 with st2's draft-3 style extras.
public struct ParameterSpec: Sendable, Hashable, Codable {
    public var name: String
    public var type: ParameterType?
    public var description: String?
    public var required: Bool
    public var defaultValue: JSONValue?
    public var enumValues: [JSONValue]?
    public var immutable: Bool
    public var secret: Bool
    public var position: Int?

    public init(name: String, type: ParameterType? = nil, description: String? = nil, required: Bool = false,
                defaultValue: JSONValue? = nil, enumValues: [JSONValue]? = nil, immutable: Bool = false,
                secret: Bool = false, position: Int? = nil) {
        self.name = name; self.type = type; self.description = description; self.required = required
        self.defaultValue = defaultValue; self.enumValues = enumValues; self.immutable = immutable
        self.secret = secret; self.position = position
    }
}
