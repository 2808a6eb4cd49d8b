/// How a `TemplateEnvironment` treats undefined values and the template's final newline.
public struct TemplateOptions: Sendable {
    /// StrictUndefined (st2's choice for action parameters): any use of an undefined value is an
    /// error naming it. When false, Jinja's default Undefined: renders empty, is falsy, iterates empty.
    public var strictUndefined: Bool
    /// Jinja drops one trailing newline of the template source unless told to keep it.
    public var keepTrailingNewline: Bool
    /// Dotted paths of objects read the way st2 reads its datastore (`st2kv.system`): below them a
    /// dotted name is one key (`st2kv.system.a.b` reads key "a.b") and a missing key is "", never
    /// undefined, even with StrictUndefined.
    public var lookupNamespaces: [String]

    public init(strictUndefined: Bool = true, keepTrailingNewline: Bool = false, lookupNamespaces: [String] = []) {
        self.strictUndefined = strictUndefined
        self.keepTrailingNewline = keepTrailingNewline
        self.lookupNamespaces = lookupNamespaces
    }
}
