import Foundation
import SquallModel

extension Server {
    public var statusFile: String { engine.settings.dataDirectory + "/server-status.json" }

    /// What a running server is doing, for the CLI: sensors with their states and restarts,
    /// counts of trigger instances (dropped ones included), rules loaded and skipped.
    public func statusJSON() -> JSONValue {
        let counters = currentCounters
        return [
            "pid": .int(Int(getpid())),
            "updated_at": .string(Timestamps.format(Date())),
            "sensors": .array(sensorStatuses.map { status in
                ["ref": .string(status.sensor), "state": .string(status.state.rawValue), "restarts": .int(status.restarts),
                 "pid": status.pid.map { .int(Int($0)) } ?? .null,
                 "last_exit_code": status.lastExitCode.map { .int(Int($0)) } ?? .null,
                 "last_error": status.lastErrorLine.map(JSONValue.string) ?? .null]
            }),
            "trigger_instances": [
                "received": .int(counters.received), "invalid": .int(counters.invalid),
                "dropped_queue_full": .int(queue.droppedCount), "queued": .int(queue.depth),
                "matched": .int(counters.matched),
            ],
            "executions_started": .int(counters.executionsStarted),
            "enforcement_failures": .int(counters.enforcementFailures),
            "purged": ["trigger_instances": .int(counters.purgedTriggerInstances),
                       "rule_enforcements": .int(counters.purgedRuleEnforcements), "executions": .int(counters.purgedExecutions)],
            "rules": .int(rules.count),
            "reloads": .int(stateLock.withLock { reloads }),
            "rule_problems": .array(ruleProblems.map(JSONValue.string)),
        ]
    }

    func writeStatus() {
        let text = statusJSON().jsonString(pretty: true)
        try? text.write(toFile: statusFile, atomically: true, encoding: .utf8)
    }
}
