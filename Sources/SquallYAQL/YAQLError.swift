/// Any failure to parse or evaluate a YAQL expression, as one line: `YAQL: <problem>`.
/// `kind` lets a caller (the workflow engine) word its own message, e.g. Orquesta's
/// "Unable to resolve key 'x'" for `.missingKey`.
public struct YAQLError: Error, CustomStringConvertible, Sendable, Equatable {
    public static func == (a: YAQLError, b: YAQLError) -> Bool { a.kind == b.kind && a.message == b.message }

    public enum Kind: Sendable, Equatable {
        case syntax
        case noFunction(String)
        case noMethod(String)
        case missingKey(String)
        /// `x.name` where x is not a dict: yaql looks for a function `#property#name` and finds none.
        case noProperty(String)
        case type
        case value
        case limit
        /// Raised by a host function; its message is kept as given.
        case host
    }

    public let kind: Kind
    public let message: String
    /// For a syntax error: yaql's own message (its lexer's or its parser's), which orquesta's
    /// inspection reports as is; nil where yaql would raise no yaql error.
    public internal(set) var yaqlMessage: String?

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "YAQL: \(message)" }
}

extension YAQLError {
    static func syntax(_ problem: String, at offset: Int, in source: String, yaql: String?) -> YAQLError {
        var error = YAQLError(.syntax, "\(problem) at \(offset) in \(quoted(source))")
        error.yaqlMessage = yaql
        return error
    }

    /// The expression as it appears in messages: cut short so an error stays one readable line.
    static func quoted(_ source: String) -> String {
        let flat = source.replacingOccurrences(of: "\n", with: " ")
        let cut = flat.count > 120 ? String(flat.prefix(117)) + "..." : flat
        return "\"\(cut)\""
    }
}
