import Foundation

/// st2's trigger instance states: dispatched and waiting (`pending`), being matched against the
/// rules (`processing`), then `processed`, or `processing_failed` when a rule could not be
/// evaluated or enforced.
public enum TriggerInstanceStatus: String, Sendable, Codable, CaseIterable {
    case pending, processing, processed
    case processingFailed = "processing_failed"
}

/// One entry of a trigger instance's status log.
public struct TriggerInstanceTransition: Sendable, Hashable {
    public var status: TriggerInstanceStatus
    public var timestamp: Date
    public init(status: TriggerInstanceStatus, timestamp: Date) {
        self.status = status; self.timestamp = timestamp
    }
}

/// The record of one dispatched trigger instance. The payload is kept as sent (st2 does not mask it).
public struct TriggerInstanceRecord: Sendable, Hashable {
    public var id: String
    public var trigger: String
    public var payload: JSONValue
    public var occurrenceTime: Date
    public var status: TriggerInstanceStatus
    public var log: [TriggerInstanceTransition]
    /// A big action result in an action trigger's payload, kept as the child's text: it belongs at
    /// `payload["result"]["result"]`, which is absent then (ActionTriggerResultText).
    public var payloadResultText: JSONText?

    public init(id: String, trigger: String, payload: JSONValue, occurrenceTime: Date,
                status: TriggerInstanceStatus = .pending, log: [TriggerInstanceTransition]? = nil) {
        self.id = id; self.trigger = trigger; self.payload = payload; self.occurrenceTime = occurrenceTime
        self.status = status
        self.log = log ?? [TriggerInstanceTransition(status: status, timestamp: occurrenceTime)]
    }

    /// Moves to `status`, logging when.
    public mutating func transition(to status: TriggerInstanceStatus, at date: Date = Date()) {
        self.status = status
        log.append(TriggerInstanceTransition(status: status, timestamp: date))
    }
}

/// One rule that fired for a trigger instance: the execution it started, or why it could not.
public struct RuleEnforcement: Sendable, Hashable {
    public enum Status: String, Sendable { case succeeded, failed }

    public var id: String
    public var ruleRef: String
    public var triggerInstanceId: String
    public var executionId: String?
    public var failureReason: String?
    public var enforcedAt: Date

    public init(id: String, ruleRef: String, triggerInstanceId: String, executionId: String? = nil,
                failureReason: String? = nil, enforcedAt: Date = Date()) {
        self.id = id; self.ruleRef = ruleRef; self.triggerInstanceId = triggerInstanceId
        self.executionId = executionId; self.failureReason = failureReason; self.enforcedAt = enforcedAt
    }

    /// st2's enforcement status: failed when no execution could be started.
    public var status: Status { failureReason == nil ? .succeeded : .failed }
}
