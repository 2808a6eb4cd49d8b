import SquallModel

/// A rule as read from `<pack>/rules/<name>.yaml`.
public struct Rule: Sendable, Equatable {
    /// `<pack>.<name>`.
    public var ref: String
    public var name: String
    public var pack: String
    public var description: String?
    /// st2's default is false: a rule without `enabled: true` never fires.
    public var enabled: Bool
    /// `type.ref: backstop`: fires only when no standard rule matched the trigger instance.
    public var isBackstop: Bool
    /// The trigger ref, `<pack>.<name>` (e.g. `core.st2.webhook`).
    public var triggerType: String
    public var triggerParameters: [String: JSONValue]
    /// Raw criteria (`{"<key>": {"type", "pattern"[, "condition"]}}`); `Criteria` compiles them.
    public var criteria: [String: JSONValue]
    public var actionRef: String
    /// Raw action parameters (templates unrendered).
    public var actionParameters: [String: JSONValue]
    public var context: [String: JSONValue]
    public var tags: [JSONValue]
    /// The file the rule came from (nil for rules built in code).
    public var file: String?

    public init(name: String, pack: String, description: String? = nil, enabled: Bool = false,
                isBackstop: Bool = false, triggerType: String, triggerParameters: [String: JSONValue] = [:],
                criteria: [String: JSONValue] = [:], actionRef: String, actionParameters: [String: JSONValue] = [:],
                context: [String: JSONValue] = [:], tags: [JSONValue] = [], file: String? = nil) {
        self.ref = "\(pack).\(name)"
        self.name = name
        self.pack = pack
        self.description = description
        self.enabled = enabled
        self.isBackstop = isBackstop
        self.triggerType = triggerType
        self.triggerParameters = triggerParameters
        self.criteria = criteria
        self.actionRef = actionRef
        self.actionParameters = actionParameters
        self.context = context
        self.tags = tags
        self.file = file
    }
}
