import SquallModel

/// What the rules engine writes for each batch of trigger instances it handled: the instances
/// (inserted, or replaced whole when already recorded `pending`), the enforcements of the rules
/// that fired, and the `requested` executions they started.
public struct RuleRecordBatch: Sendable {
    public var instances: [TriggerInstanceRecord]
    public var enforcements: [RuleEnforcement]
    public var executions: [Execution]

    public init(instances: [TriggerInstanceRecord] = [], enforcements: [RuleEnforcement] = [], executions: [Execution] = []) {
        self.instances = instances; self.enforcements = enforcements; self.executions = executions
    }

    public var isEmpty: Bool { instances.isEmpty && enforcements.isEmpty && executions.isEmpty }
}

/// Where trigger instances and rule enforcements live (beside executions, behind the same seam).
public protocol RuleRecordStore: Sendable {
    /// Writes the whole batch in one transaction: all of it or none of it.
    func record(_ batch: RuleRecordBatch) throws
    /// The trigger instance with exactly this id.
    func triggerInstance(id: String) throws -> TriggerInstanceRecord?
    /// Trigger instances newest first, optionally filtered by trigger ref and status.
    func triggerInstances(trigger: String?, status: TriggerInstanceStatus?, limit: Int) throws -> [TriggerInstanceRecord]
    /// Rule enforcements newest first, optionally filtered by rule ref and trigger instance.
    func ruleEnforcements(rule: String?, triggerInstanceId: String?, limit: Int) throws -> [RuleEnforcement]
    /// A number that changes whenever a key-value pair is written or deleted, by any process:
    /// lets a reader keep a snapshot of the datastore until it changes.
    func keyValueGeneration() throws -> Int64
}
