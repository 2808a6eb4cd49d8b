/// Why a criterion could not be evaluated. In st2 each of these is a Python exception that the
/// rule filter catches: the rule does not match and the reason is recorded.
public struct CriteriaError: Error, CustomStringConvertible, Sendable, Equatable {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }

    static func typeError(_ message: String) -> CriteriaError { CriteriaError("TypeError: \(message)") }
    static func attributeError(_ type: String, _ attribute: String) -> CriteriaError {
        CriteriaError("AttributeError: '\(type)' object has no attribute '\(attribute)'")
    }
}
