public import Foundation
public import SquallModel
public import SquallStore

extension MemoryStore {
    public func record(_ batch: RuleRecordBatch) throws {
        guard !batch.isEmpty else { return }
        try transaction { state in
            for instance in batch.instances {
                // Recorded before as pending: only status and log change, as SQLite's upsert does.
                let known = state.triggerInstances.replace(id: instance.id) { $0.status = instance.status; $0.log = instance.log }
                if !known { try state.triggerInstances.insert(instance.materialized(), id: instance.id) }
            }
            for instance in batch.updatedInstances {
                let known = state.triggerInstances.replace(id: instance.id) { $0.status = instance.status; $0.log = instance.log }
                if !known { try state.triggerInstances.insert(instance.materialized(), id: instance.id) }
            }
            for enforcement in batch.enforcements { try state.ruleEnforcements.insert(enforcement, id: enforcement.id) }
            for execution in batch.executions { try state.insert(execution) }
        }
    }

    public func triggerInstance(id: String) throws -> TriggerInstanceRecord? {
        try read { $0.triggerInstances[id] }
    }

    public func triggerInstances(trigger: String?, status: TriggerInstanceStatus?, limit: Int) throws -> [TriggerInstanceRecord] {
        try read { state in
            state.triggerInstances.newestFirst(where: { instance in
                (trigger.map { instance.trigger == $0 } ?? true) && (status.map { instance.status == $0 } ?? true)
            }, limit: max(limit, 0))
        }
    }

    public func ruleEnforcements(rule: String?, triggerInstanceId: String?, limit: Int) throws -> [RuleEnforcement] {
        try read { state in
            state.ruleEnforcements.newestFirst(where: { enforcement in
                (rule.map { enforcement.ruleRef == $0 } ?? true)
                    && (triggerInstanceId.map { enforcement.triggerInstanceId == $0 } ?? true)
            }, limit: max(limit, 0))
        }
    }

    public func purgeTriggerInstances(occurredBefore cutoff: Date) throws -> Int {
        try transaction { state in
            state.triggerInstances.purgeOldest(id: \.id) { $0.occurrenceTime < cutoff }
        }
    }

    public func purgeRuleEnforcements(enforcedBefore cutoff: Date) throws -> Int {
        try transaction { state in
            state.ruleEnforcements.purgeOldest(id: \.id) { $0.enforcedAt < cutoff }
        }
    }
}
