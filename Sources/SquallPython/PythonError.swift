/// An exception Python would raise. The rules record it as st2 does ("TypeError: ..."); the
/// templates report the message alone, as Jinja's errors read.
public struct PythonError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: String, Sendable {
        case typeError = "TypeError"
        case valueError = "ValueError"
        case keyError = "KeyError"
        case overflowError = "OverflowError"
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// Python's own rendering: `TypeError: unhashable type: 'list'`.
    public var description: String { "\(kind.rawValue): \(message)" }

    static func typeError(_ message: String) -> PythonError { PythonError(.typeError, message) }
    static func valueError(_ message: String) -> PythonError { PythonError(.valueError, message) }
    static func overflowError(_ message: String) -> PythonError { PythonError(.overflowError, message) }
}
