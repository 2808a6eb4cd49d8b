/// Bad input for an action's parameters: names the parameter and the problem, on one line.
public struct ParameterError: Error, CustomStringConvertible, Sendable, Equatable {
    public var parameter: String
    public var message: String
    public init(parameter: String, message: String) {
        self.parameter = parameter; self.message = message
    }
    public var description: String { "parameter '\(parameter)': \(message)" }
}
