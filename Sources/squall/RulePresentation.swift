import Foundation
import SquallModel

/// How trigger instances and rule enforcements are shown: st2's API shapes as JSON, one line each as text.
enum RulePresentation {
    static func json(_ instance: TriggerInstanceRecord) -> JSONValue {
        [
            "id": .string(instance.id),
            "trigger": .string(instance.trigger),
            "payload": instance.payload,
            "occurrence_time": .string(Timestamps.format(instance.occurrenceTime)),
            "status": .string(instance.status.rawValue),
            "log": .array(instance.log.map { ["status": .string($0.status.rawValue), "timestamp": .string(Timestamps.format($0.timestamp))] }),
        ]
    }

    static func row(_ instance: TriggerInstanceRecord) -> [String] {
        [instance.id, instance.trigger, instance.status.rawValue, Timestamps.format(instance.occurrenceTime)]
    }

    static func text(_ instance: TriggerInstanceRecord) -> String {
        var lines = ["id: \(instance.id)", "trigger: \(instance.trigger)", "status: \(instance.status.rawValue)",
                     "occurrence_time: \(Timestamps.format(instance.occurrenceTime))", "payload:"]
        lines.append(ExecutionPresentation.indent(instance.payload.jsonString(pretty: true)))
        lines.append("log:")
        lines += instance.log.map { "  \(Timestamps.format($0.timestamp))  \($0.status.rawValue)" }
        return lines.joined(separator: "\n")
    }

    static func json(_ enforcement: RuleEnforcement) -> JSONValue {
        [
            "id": .string(enforcement.id),
            "rule": ["ref": .string(enforcement.ruleRef)],
            "trigger_instance_id": .string(enforcement.triggerInstanceId),
            "execution_id": enforcement.executionId.map(JSONValue.string) ?? .null,
            "failure_reason": enforcement.failureReason.map(JSONValue.string) ?? .null,
            "status": .string(enforcement.status.rawValue),
            "enforced_at": .string(Timestamps.format(enforcement.enforcedAt)),
        ]
    }

    static func row(_ enforcement: RuleEnforcement) -> [String] {
        [enforcement.id, enforcement.ruleRef, enforcement.triggerInstanceId, enforcement.executionId ?? "-",
         Timestamps.format(enforcement.enforcedAt), enforcement.failureReason ?? ""]
    }
}
