/// Errors the engine reports to its callers. `badInput` changes nothing and is the caller's to fix.
public enum EngineError: Error, CustomStringConvertible, Sendable {
    case badInput(String)
    case notFound(String)
    case failure(String)

    public var description: String {
        switch self {
        case .badInput(let message), .notFound(let message), .failure(let message): return message
        }
    }
}
