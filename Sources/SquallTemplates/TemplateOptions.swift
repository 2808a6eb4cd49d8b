/// How a `TemplateEnvironment` treats undefined values and the template's final newline.
public struct TemplateOptions: Sendable {
    /// StrictUndefined (st2's choice for action parameters): any use of an undefined value is an
    /// error naming it. When false, Jinja's default Undefined: renders empty, is falsy, iterates empty.
    public var strictUndefined: Bool
    /// Jinja drops one trailing newline of the template source unless told to keep it.
    public var keepTrailingNewline: Bool

    public init(strictUndefined: Bool = true, keepTrailingNewline: Bool = false) {
        self.strictUndefined = strictUndefined
        self.keepTrailingNewline = keepTrailingNewline
    }
}
