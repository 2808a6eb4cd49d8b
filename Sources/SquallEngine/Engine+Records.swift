import Foundation
import SquallModel

/// What the rules engine recorded, for front ends: trigger instances and rule enforcements, newest first.
extension Engine {
    /// Trigger instances, optionally only of one trigger type and one status.
    public func triggerInstances(trigger: String? = nil, status: TriggerInstanceStatus? = nil, limit: Int = 50) throws -> [TriggerInstanceRecord] {
        guard limit >= 1 else { throw EngineError.badInput("limit must be at least 1 (got \(limit))") }
        return try store.triggerInstances(trigger: trigger, status: status, limit: limit)
    }

    /// The trigger instance with this id, with its payload and status log.
    public func triggerInstance(id: String) throws -> TriggerInstanceRecord {
        guard let instance = try store.triggerInstance(id: id) else { throw EngineError.notFound("trigger instance '\(id)' not found") }
        return instance
    }

    /// Rule enforcements, optionally only of one rule (its ref) and one trigger instance.
    public func ruleEnforcements(rule: String? = nil, triggerInstance: String? = nil, limit: Int = 50) throws -> [RuleEnforcement] {
        guard limit >= 1 else { throw EngineError.badInput("limit must be at least 1 (got \(limit))") }
        return try store.ruleEnforcements(rule: rule, triggerInstanceId: triggerInstance, limit: limit)
    }
}
