import SquallEngine

/// A one-line error for the user and the exit code that goes with it.
public struct CLIError: Error {
    public var message: String
    public var code: Int32

    public init(message: String, code: Int32) {
        self.message = message
        self.code = code
    }

    public static func badInput(_ message: String) -> CLIError { CLIError(message: message, code: 2) }

    /// Maps any error to a one-line message: bad input and not-found are exit 2.
    public static func from(_ error: Error) -> CLIError {
        if let error = error as? CLIError { return error }
        if let error = error as? EngineError {
            switch error {
            case .badInput, .notFound: return CLIError(message: error.description, code: 2)
            case .failure: return CLIError(message: error.description, code: 1)
            }
        }
        let text = "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
        return CLIError(message: text, code: 1)
    }
}

/// Runs a command body, turning every error into a CLIError.
public func reportingErrors<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch { throw CLIError.from(error) }
}
