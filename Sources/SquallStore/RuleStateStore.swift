public import SquallModel

/// What the store keeps about one rule, the way st2 keeps rules in its database: a rule created
/// with `squall rule create` (its whole document), or the operator's changes to a rule read from
/// a pack file (enabled or disabled, or deleted) that hold until the pack is registered again.
public struct StoredRuleState: Sendable, Equatable {
    /// `<pack>.<name>`.
    public var ref: String
    public var pack: String
    /// The rule document of a created rule; nil for a rule that lives in a pack file.
    public var document: JSONValue?
    /// Overrides the pack file's `enabled` (nil: the file decides). Unused for created rules,
    /// whose document holds `enabled`.
    public var enabled: Bool?
    /// A pack-file rule the operator deleted: hidden until the next `pack register`.
    public var deleted: Bool

    public init(ref: String, pack: String, document: JSONValue? = nil, enabled: Bool? = nil, deleted: Bool = false) {
        self.ref = ref; self.pack = pack; self.document = document; self.enabled = enabled; self.deleted = deleted
    }
}

/// Where created rules and overrides of pack-file rules live.
public protocol RuleStateStore: Sendable {
    /// Every stored rule state, sorted by ref.
    func ruleStates() throws -> [StoredRuleState]
    /// Inserts or replaces the state with the same ref.
    func saveRuleState(_ state: StoredRuleState) throws
    /// Removes the state; returns whether there was one.
    @discardableResult func deleteRuleState(ref: String) throws -> Bool
    /// Forgets the overrides of a pack's file rules (created rules stay): `pack register` re-reads
    /// the files, which decide again. Returns how many were forgotten.
    @discardableResult func clearFileRuleStates(pack: String) throws -> Int
}
