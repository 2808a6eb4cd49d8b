public import SquallModel

/// What one save changes among the parts of a workflow's state: a runner whose state grows with
/// the run (orquesta: one part per task instance, item result, request...) saves only the parts an
/// event touched, beside a small header (`WorkflowStateRecord.state`), instead of rewriting the
/// whole state at every event. Keys are the runner's (unique within the workflow).
public struct WorkflowStatePartChanges: Sendable, Equatable {
    /// Every other part of the workflow goes first: `upserted` is then its whole set of parts.
    public var replacingAll: Bool
    /// Parts inserted or replaced, by key.
    public var upserted: [String: JSONValue]
    /// Keys of parts that go (applied before `upserted`).
    public var removed: Set<String>

    public init(replacingAll: Bool = false, upserted: [String: JSONValue] = [:], removed: Set<String> = []) {
        self.replacingAll = replacingAll; self.upserted = upserted; self.removed = removed
    }
}
