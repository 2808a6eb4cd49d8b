import Foundation

extension Server {
    /// st2 waits up to 3 s before its first collection, so services restarted together do not collide.
    static let firstCollectionDelay: TimeInterval = 2

    /// st2's garbage collector inside the server (run by Server+Housekeeping): records older than
    /// the TTLs of `Settings.retention` are deleted shortly after start, then every `Retention.collectionInterval`.
    func collectGarbage(_ retention: Retention) {
        do {
            let purged = try engine.collectGarbage(retention)
            count {
                $0.purgedTriggerInstances += purged.triggerInstances
                $0.purgedRuleEnforcements += purged.ruleEnforcements
                $0.purgedExecutions += purged.executions
            }
            guard purged.total > 0 else { return }
            logger.info("old records purged", metadata: [
                "trigger_instances": "\(purged.triggerInstances)", "rule_enforcements": "\(purged.ruleEnforcements)",
                "executions": "\(purged.executions)"])
        } catch {
            logger.error("garbage collection failed", metadata: ["reason": "\(error)"])
        }
    }
}
