/// A timer's parameters cannot make a schedule: names the parameter and the problem.
public struct TimerError: Error, CustomStringConvertible, Sendable, Equatable {
    public var parameter: String
    public var message: String
    public init(parameter: String, message: String) {
        self.parameter = parameter; self.message = message
    }
    public var description: String { "timer parameter '\(parameter)': \(message)" }
}
