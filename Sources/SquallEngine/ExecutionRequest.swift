import SquallModel

/// A request to run an action: what the CLI (and later the API and rules) hand to the engine.
public struct ExecutionRequest: Sendable {
    public var actionRef: String
    /// Supplied values: strings from `k=v` are cast to the declared types.
    public var parameters: [String: JSONValue]
    public var user: String
    public var context: [String: JSONValue]
    /// Overrides the runner's `timeout` parameter (seconds).
    public var timeoutSeconds: Int?
    /// Extra variables for parameter templates (a rule's `trigger`).
    public var templateVariables: [String: JSONValue]

    public init(actionRef: String, parameters: [String: JSONValue] = [:], user: String = "squall",
                context: [String: JSONValue] = [:], timeoutSeconds: Int? = nil, templateVariables: [String: JSONValue] = [:]) {
        self.actionRef = actionRef; self.parameters = parameters; self.user = user
        self.context = context; self.timeoutSeconds = timeoutSeconds; self.templateVariables = templateVariables
    }
}

/// A request that passed every check: final parameter values (unmasked: never store these) and
/// the pack's config, ready to run.
public struct PreparedExecution: Sendable {
    public var action: Action
    public var parameters: [String: JSONValue]
    public var config: [String: JSONValue]
    public var user: String
    public var context: [String: JSONValue]

    public init(action: Action, parameters: [String: JSONValue], config: [String: JSONValue], user: String,
                context: [String: JSONValue]) {
        self.action = action; self.parameters = parameters; self.config = config; self.user = user; self.context = context
    }

    /// What may be stored and shown.
    public var maskedParameters: [String: JSONValue] {
        var copy = parameters
        for name in action.secretParameterNames where copy[name] != nil { copy[name] = .string(maskedSecret) }
        return copy
    }

    public var timeoutSeconds: Int {
        parameters["timeout"]?.intValue ?? 600
    }
}
