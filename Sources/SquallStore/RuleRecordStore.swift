public import Foundation
public import SquallModel

/// What the rules engine writes for each batch of trigger instances it handled: the instances
/// (new ones, and those recorded `pending` before, whose status and log change), the
/// enforcements of the rules that fired, and the `requested` executions they started.
public struct RuleRecordBatch: Sendable {
    public var instances: [TriggerInstanceRecord]
    /// Instances recorded before (as `pending`): only their status and log are written, unless
    /// the row is missing after all (that earlier write failed), then the whole record.
    public var updatedInstances: [TriggerInstanceRecord]
    public var enforcements: [RuleEnforcement]
    public var executions: [Execution]

    public init(instances: [TriggerInstanceRecord] = [], updatedInstances: [TriggerInstanceRecord] = [],
                enforcements: [RuleEnforcement] = [], executions: [Execution] = []) {
        self.instances = instances; self.updatedInstances = updatedInstances
        self.enforcements = enforcements; self.executions = executions
    }

    public var isEmpty: Bool { instances.isEmpty && updatedInstances.isEmpty && enforcements.isEmpty && executions.isEmpty }
}

/// Where trigger instances and rule enforcements live (beside executions, behind the same seam).
public protocol RuleRecordStore: Sendable {
    /// Writes the whole batch in one transaction: all of it or none of it (a duplicate id fails
    /// the batch). The rules engine calls it on its writer thread: any encoding an implementation
    /// needs belongs inside, where it overlaps the matching of the next batch.
    func record(_ batch: RuleRecordBatch) throws
    /// The trigger instance with exactly this id.
    func triggerInstance(id: String) throws -> TriggerInstanceRecord?
    /// Trigger instances newest first (in the order they were first recorded, which is the order
    /// they were dispatched), optionally filtered by trigger ref and status.
    func triggerInstances(trigger: String?, status: TriggerInstanceStatus?, limit: Int) throws -> [TriggerInstanceRecord]
    /// Rule enforcements newest first (in the order they were recorded), optionally filtered by
    /// rule ref and trigger instance.
    func ruleEnforcements(rule: String?, triggerInstanceId: String?, limit: Int) throws -> [RuleEnforcement]
    /// A number that changes whenever a key-value pair is written or deleted, by any process:
    /// lets a reader keep a snapshot of the datastore until it changes.
    func keyValueGeneration() throws -> Int64
    /// Deletes trigger instances that occurred before `cutoff`, oldest recorded first, stopping
    /// at the first that is not old enough (one recorded out of order waits). Returns how many.
    func purgeTriggerInstances(occurredBefore cutoff: Date) throws -> Int
    /// Deletes rule enforcements made before `cutoff`, in the same way. Returns how many.
    func purgeRuleEnforcements(enforcedBefore cutoff: Date) throws -> Int
}
