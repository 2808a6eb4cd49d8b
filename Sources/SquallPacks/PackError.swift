/// A problem with pack content: names the file and, where known, the field.
public struct PackError: Error, CustomStringConvertible, Sendable, Equatable {
    public var file: String
    public var field: String?
    public var message: String

    public init(file: String, field: String? = nil, message: String) {
        self.file = file; self.field = field; self.message = message
    }

    public var description: String {
        if let field { return "\(file): field '\(field)': \(message)" }
        return "\(file): \(message)"
    }
}
