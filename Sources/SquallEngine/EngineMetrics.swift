import Foundation
import SquallModel

/// What the engine reports as it works, for a metrics exporter (`GET /metrics`, SquallAPI's
/// PrometheusMetrics). A protocol, not a metrics library: the one-shot CLI links the engine and
/// must not pull in the exporter. Calls come from any thread and must return quickly.
public protocol EngineMetrics: Sendable {
    /// An execution this process ran reached a completed status (counted once, at completion).
    func executionCompleted(_ execution: Execution)
    /// A batch of rule records was committed: the trigger instances it processed and the
    /// enforcements it made (succeeded or failed).
    func ruleRecordsWritten(instances: [TriggerInstanceRecord], enforcements: [RuleEnforcement])
}

extension Engine {
    /// Where this engine reports (nil: nowhere, as in the CLI's one-shot commands).
    public var metrics: (any EngineMetrics)? {
        get { metricsSink.withLock { $0 } }
        set { metricsSink.withLock { $0 = newValue } }
    }
}
