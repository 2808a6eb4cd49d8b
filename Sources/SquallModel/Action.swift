/// An action as declared by `actions/<name>.yaml`, with runner parameters already merged in.
public struct Action: Sendable, Hashable, Codable {
    public var pack: String
    public var name: String
    public var runnerType: String
    /// Path relative to the pack's `actions/` directory, as written in the metadata.
    public var entryPoint: String?
    public var enabled: Bool
    public var description: String?
    /// Effective parameters: the runner's, overridden where st2 allows, plus the action's own.
    public var parameters: [String: ParameterSpec]
    public var outputSchema: JSONValue?
    public var tags: [JSONValue]
    /// The metadata file this action came from (absolute).
    public var metadataFile: String
    /// The pack's directory (absolute).
    public var packPath: String
    /// Why squall cannot run this action (a runner it lacks, such as winrm-cmd), or nil. Such an
    /// action is listed, and running it is a one-line error.
    public var unavailableReason: String?

    public var ref: String { "\(pack).\(name)" }

    /// Absolute path of the entry point, if any.
    public var entryPointPath: String? {
        guard let entryPoint, !entryPoint.isEmpty else { return nil }
        if entryPoint.hasPrefix("/") { return entryPoint }
        return packPath + "/actions/" + entryPoint
    }

    public init(pack: String, name: String, runnerType: String, entryPoint: String?, enabled: Bool = true,
                description: String? = nil, parameters: [String: ParameterSpec] = [:], outputSchema: JSONValue? = nil,
                tags: [JSONValue] = [], metadataFile: String, packPath: String) {
        self.pack = pack; self.name = name; self.runnerType = runnerType; self.entryPoint = entryPoint
        self.enabled = enabled; self.description = description; self.parameters = parameters
        self.outputSchema = outputSchema; self.tags = tags; self.metadataFile = metadataFile; self.packPath = packPath
    }

    /// Names of parameters whose values must never be shown or stored in clear.
    public var secretParameterNames: Set<String> {
        Set(parameters.values.filter(\.secret).map(\.name))
    }
}
