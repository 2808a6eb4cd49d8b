import SquallPython

/// A place in a template source, 1-based, counted in unicode scalars.
public struct SourcePosition: Sendable, Hashable, CustomStringConvertible {
    public let line: Int
    public let column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "line \(line), column \(column)" }
}

/// Any failure to compile or render a template. `message` names the problem in one line;
/// `description` adds where it happened.
public struct TemplateError: Error, CustomStringConvertible, Sendable, Equatable {
    public let message: String
    public let position: SourcePosition?

    public init(_ message: String, at position: SourcePosition? = nil) {
        self.message = message
        self.position = position
    }

    /// A Python exception raised while rendering: Jinja shows a TypeError's or ValueError's
    /// message alone, and names the others (KeyError: 'x').
    init(_ error: PythonError, at position: SourcePosition? = nil) {
        let named = error.kind != .typeError && error.kind != .valueError
        self.init(named ? error.description : error.message, at: position)
    }

    public var description: String {
        guard let position else { return message }
        return "\(message) (\(position))"
    }
}
