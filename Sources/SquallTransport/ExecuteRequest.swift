import Foundation
import SquallModel

/// Everything a child needs to run one action. Travels only over the channel: the config and
/// secret parameters must never appear in argv or the environment.
public struct ExecuteRequest: Sendable, Equatable {
    public var executionId: String
    public var pack: String
    /// The action ref, "<pack>.<name>".
    public var action: String
    /// Absolute path of the Python file that defines the action class.
    public var entryPoint: String
    public var parameters: [String: JSONValue]
    public var config: [String: JSONValue]
    public var user: String
    public var debug: Bool
    /// The level of the action's `self.logger` (the python-script runner's `log_level`).
    public var logLevel: String

    public init(
        executionId: String, pack: String, action: String, entryPoint: String,
        parameters: [String: JSONValue] = [:], config: [String: JSONValue] = [:],
        user: String, debug: Bool = false, logLevel: String = "DEBUG"
    ) {
        self.executionId = executionId
        self.pack = pack
        self.action = action
        self.entryPoint = entryPoint
        self.parameters = parameters
        self.config = config
        self.user = user
        self.debug = debug
        self.logLevel = logLevel
    }
}
