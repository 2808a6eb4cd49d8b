import Foundation
import SquallModel

extension Server {
    public var statusFile: String { engine.settings.dataDirectory + "/server-status.json" }

    /// What a running server is doing, for the CLI: sensors with their states and restarts,
    /// counts of trigger instances (dropped ones included), rules loaded and skipped.
    public func statusJSON() -> JSONValue {
        let counters = currentCounters
        var status: JSONValue = [
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
        // Only with the warm_hosts setting on: the file keeps its shape otherwise.
        if let pool = engine.warmHostPool, case .object(var fields) = status {
            fields["warm_hosts"] = .array(pool.status.map { host in
                ["pack": .string(host.pack), "pid": .int(Int(host.pid)), "age_seconds": .int(Int(host.ageSeconds)),
                 "executions_served": .int(host.executionsServed), "rss_kib": host.rssKiB.map { .int($0) } ?? .null]
            })
            fields["warm_host_last_problem"] = pool.lastProblem.map(JSONValue.string) ?? .null
            fields["warm_hosts_started"] = .int(pool.hostsStarted)
            status = .object(fields)
        }
        return status
    }

    func writeStatus() {
        let text = statusJSON().jsonString(pretty: true)
        try? text.write(toFile: statusFile, atomically: true, encoding: .utf8)
    }
}
