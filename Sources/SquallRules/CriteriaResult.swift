/// The outcome of evaluating a rule's criteria against one trigger instance.
public struct CriteriaResult: Sendable, Equatable, CustomStringConvertible {
    /// Whether every criterion held.
    public let matched: Bool
    /// The criterion key (as written, `#` suffix included) that did not hold or could not be evaluated.
    public let failedKey: String?
    /// Set when a criterion could not be evaluated (bad template, Python TypeError, bad regex...):
    /// st2 records such failures as failed rule enforcements.
    public let error: String?

    public static let match = CriteriaResult(matched: true, failedKey: nil, error: nil)

    public static func noMatch(key: String?) -> CriteriaResult {
        CriteriaResult(matched: false, failedKey: key, error: nil)
    }

    public static func failure(key: String, _ error: String) -> CriteriaResult {
        CriteriaResult(matched: false, failedKey: key, error: error)
    }

    public var description: String {
        if matched { return "match" }
        if let error { return "error on '\(failedKey ?? "")': \(error)" }
        if let failedKey { return "no match on '\(failedKey)'" }
        return "no match"
    }
}
