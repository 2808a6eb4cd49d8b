/// A trigger type: declared by a sensor's metadata, a pack's triggers/ directory, or built in.
public struct TriggerType: Sendable, Hashable {
    public var pack: String
    public var name: String
    public var description: String?
    public var payloadSchema: JSONValue?
    public var parametersSchema: JSONValue?

    public var ref: String { "\(pack).\(name)" }

    public init(pack: String, name: String, description: String? = nil, payloadSchema: JSONValue? = nil,
                parametersSchema: JSONValue? = nil) {
        self.pack = pack; self.name = name; self.description = description
        self.payloadSchema = payloadSchema; self.parametersSchema = parametersSchema
    }
}

/// A sensor as declared by `sensors/<name>.yaml`.
public struct SensorDefinition: Sendable, Hashable {
    public var pack: String
    public var className: String
    /// Path relative to the pack's `sensors/` directory.
    public var entryPoint: String
    public var enabled: Bool
    public var description: String?
    /// Seconds between polls for PollingSensors.
    public var pollInterval: Double?
    public var triggerTypes: [TriggerType]
    public var metadataFile: String
    public var packPath: String

    /// st2 names sensors "<pack>.<ClassName>".
    public var ref: String { "\(pack).\(className)" }

    public var entryPointPath: String {
        entryPoint.hasPrefix("/") ? entryPoint : packPath + "/sensors/" + entryPoint
    }

    public init(pack: String, className: String, entryPoint: String, enabled: Bool = true, description: String? = nil,
                pollInterval: Double? = nil, triggerTypes: [TriggerType] = [], metadataFile: String, packPath: String) {
        self.pack = pack; self.className = className; self.entryPoint = entryPoint; self.enabled = enabled
        self.description = description; self.pollInterval = pollInterval; self.triggerTypes = triggerTypes
        self.metadataFile = metadataFile; self.packPath = packPath
    }
}
