import Foundation

/// The records that purges delete, each by its own age (st2's garbage collector's kinds).
public enum PurgeableRecords: String, Sendable, CaseIterable {
    /// By occurrence time.
    case triggerInstances = "trigger instances"
    /// By enforcement time.
    case ruleEnforcements = "rule enforcements"
    /// Completed ones only, by end time, with their output.
    case executions = "completed executions"
}

extension Engine {
    /// Deletes the records of `kind` older than `cutoff`; returns how many went.
    @discardableResult
    public func purge(_ kind: PurgeableRecords, olderThan cutoff: Date) throws -> Int {
        switch kind {
        case .triggerInstances: return try store.purgeTriggerInstances(occurredBefore: cutoff)
        case .ruleEnforcements: return try store.purgeRuleEnforcements(enforcedBefore: cutoff)
        case .executions: return try store.purgeExecutions(completedBefore: cutoff)
        }
    }
}
