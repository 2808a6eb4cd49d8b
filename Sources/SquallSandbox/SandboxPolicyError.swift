/// A policy that cannot be used. One line: file, field, what is wrong.
public struct SandboxPolicyError: Error, CustomStringConvertible, Equatable {
    public var file: String
    /// The field as spelt in the file, e.g. `seccomp.rules[2].syscalls[0]` or `limits.open_files`.
    public var field: String
    public var message: String

    public init(file: String, field: String, message: String) {
        self.file = file
        self.field = field
        self.message = message
    }

    init(file: String, decodingError: DecodingError) {
        switch decodingError {
        case .keyNotFound(let key, let context):
            self.init(file: file, field: fieldPath(context.codingPath + [key]), message: "missing")
        case .typeMismatch(let type, let context):
            self.init(file: file, field: fieldPath(context.codingPath),
                      message: "expected \(type): \(context.debugDescription)")
        case .valueNotFound(let type, let context):
            self.init(file: file, field: fieldPath(context.codingPath), message: "expected \(type), found null")
        case .dataCorrupted(let context):
            let underlying = context.underlyingError.map { " (\($0))" } ?? ""
            self.init(file: file, field: fieldPath(context.codingPath),
                      message: context.debugDescription + underlying)
        @unknown default:
            self.init(file: file, field: "(unknown)", message: "\(decodingError)")
        }
    }

    public var description: String {
        "sandbox policy \(file): \(field): \(message)"
    }
}
