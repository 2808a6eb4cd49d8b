public import SquallModel

/// The datastore behind st2's key-value pairs. Expired pairs are invisible to every read.
public protocol KeyValueStore: Sendable {
    /// Inserts or replaces the pair with the same (scope, name).
    func setValue(_ pair: KeyValuePair) throws
    /// As `setValue`, storing `seal(pair.value)`, which runs inside the write transaction: a
    /// datastore key rotation (`rewriteSecretValues`) commits wholly before or after it.
    func setValue(_ pair: KeyValuePair, sealing seal: (String) throws -> String) throws
    /// The pair, or nil when it is missing or expired.
    func value(scope: String, name: String) throws -> KeyValuePair?
    /// Pairs of a scope sorted by name, expired ones excluded; `prefix` matches names case-sensitively.
    func values(scope: String, prefix: String?, limit: Int?, offset: Int?) throws -> [KeyValuePair]
    /// Deletes the pair; returns whether a visible (unexpired) pair was deleted.
    @discardableResult func deleteValue(scope: String, name: String) throws -> Bool
    /// Replaces the value of every secret pair (expired ones too) with `rewrite(pair)` and marks it
    /// encrypted, all in one transaction: when `rewrite` throws, its error comes out and nothing
    /// changed. `beforeCommit` runs last inside the transaction (a rotation installs its key there).
    /// Returns how many pairs were rewritten.
    @discardableResult func rewriteSecretValues(_ rewrite: (KeyValuePair) throws -> String,
                                                beforeCommit: () throws -> Void) throws -> Int
}

extension KeyValueStore {
    @discardableResult public func rewriteSecretValues(_ rewrite: (KeyValuePair) throws -> String) throws -> Int {
        try rewriteSecretValues(rewrite, beforeCommit: {})
    }
}
