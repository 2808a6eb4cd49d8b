import Foundation
import Prometheus
import SquallEngine
import SquallModel
import Synchronization

/// The server's metrics for `GET /metrics`, in Prometheus' text format. Rule records arrive from
/// the engine as they happen (EngineMetrics); HTTP requests from HTTPMetricsMiddleware; the
/// trigger queue and sensors are read from the server at each scrape. Executions are counted from
/// the store at each scrape (those that ended since the last), so executions run by other
/// processes on the data dir (`squall run`, `run --async` workers) count too.
final class PrometheusMetrics: EngineMetrics {
    let registry = PrometheusCollectorRegistry()
    private let server: Server?
    /// Executions that ended up to this time are counted. A scrape counts those that ended up to
    /// `completionLag` ago: a completion is committed a moment after its end timestamp is taken,
    /// and one committed after the scrape that passed its time would never be counted.
    private let countedUpTo = Mutex<Date?>(nil)
    static let completionLag: TimeInterval = 1
    /// Totals the server keeps itself (drops, restarts), as last copied into counters: counters
    /// only go up, so each scrape adds what the total grew by.
    private let copiedTotals = Mutex<[String: Int]>([:])

    init(server: Server?) { self.server = server }

    // MARK: - Engine events

    /// Counted from the store at scrape time instead (countCompletions), with other processes' runs.
    func executionCompleted(_ execution: Execution) {}

    private func countCompletions(_ engine: Engine) {
        countedUpTo.withLock { mark in
            let upTo = Date().addingTimeInterval(-Self.completionLag)
            if let previous = mark, upTo <= previous { return }
            // A store error leaves the mark where it was: the next scrape counts these.
            guard let ended = try? engine.executionCompletions(endedAfter: mark, upTo: upTo) else { return }
            mark = upTo
            for execution in ended {
                registry.makeCounter(descriptor: Self.executions, labels: [("status", execution.status.rawValue), ("runner", execution.runner)]).increment()
                let seconds = max(0, execution.endTimestamp.timeIntervalSince(execution.startTimestamp))
                registry.makeDurationHistogram(descriptor: Self.executionDuration, labels: [("runner", execution.runner)], buckets: Self.executionBuckets)
                    .record(.nanoseconds(Int64(seconds * 1e9)))
            }
        }
    }

    /// Counted per label pair, then added once each: a batch holds up to 512 records of a few pairs,
    /// and asking the registry for a counter per record showed in webhook profiles.
    func ruleRecordsWritten(instances: [TriggerInstanceRecord], enforcements: [RuleEnforcement]) {
        struct Labels: Hashable { var name: String, status: String }
        var instanceCounts: [Labels: Int64] = [:], enforcementCounts: [Labels: Int64] = [:]
        for instance in instances { instanceCounts[Labels(name: instance.trigger, status: instance.status.rawValue), default: 0] += 1 }
        for enforcement in enforcements { enforcementCounts[Labels(name: enforcement.ruleRef, status: enforcement.status.rawValue), default: 0] += 1 }
        for (labels, count) in instanceCounts {
            registry.makeCounter(descriptor: Self.triggerInstances, labels: [("trigger", labels.name), ("status", labels.status)]).increment(by: count)
        }
        for (labels, count) in enforcementCounts {
            registry.makeCounter(descriptor: Self.enforcements, labels: [("rule", labels.name), ("status", labels.status)]).increment(by: count)
        }
    }

    // MARK: - HTTP

    private let httpSeries = HTTPRequestSeries()

    func requestServed(route: String, method: String, status: Int, duration: Duration) {
        let series = httpSeries.series(.init(route: route, method: method, status: status)) {
            .init(requests: registry.makeCounter(descriptor: Self.httpRequests, labels: [("route", route), ("method", method), ("status", String(status))]),
                  duration: registry.makeDurationHistogram(descriptor: Self.httpDuration, labels: [("route", route), ("method", method)],
                                                           buckets: Self.httpBuckets))
        }
        series.requests.increment()
        series.duration.record(duration)
    }

    // MARK: - Scrape

    /// Everything, with the server's queue and sensors read now.
    func exposition() -> String {
        if let server {
            countCompletions(server.engine)
            copyServerState(server)
        }
        return registry.emitToString()
    }

    private func copyServerState(_ server: Server) {
        let status = server.statusJSON()
        let instances = status["trigger_instances"]
        registry.makeGauge(descriptor: Self.queueDepth).set(Double(instances?["queued"]?.intValue ?? 0))
        addGrowth(of: "queue_dropped", to: instances?["dropped_queue_full"]?.intValue ?? 0,
                  registry.makeCounter(descriptor: Self.queueDropped))
        let sensors = server.sensorStatuses
        registry.makeGauge(descriptor: Self.sensorsRunning).set(Double(sensors.filter { $0.state == .running }.count))
        for sensor in sensors {
            addGrowth(of: "restarts:" + sensor.sensor, to: sensor.restarts,
                      registry.makeCounter(descriptor: Self.sensorRestarts, labels: [("sensor", sensor.sensor)]))
        }
    }

    /// Adds to `counter` what `total` grew by since the last scrape (a reload's new supervisor starts again from 0).
    private func addGrowth(of key: String, to total: Int, _ counter: Counter) {
        let growth = copiedTotals.withLock { copied -> Int in
            let before = copied[key] ?? 0
            copied[key] = total
            return total > before ? total - before : (total < before ? total : 0)
        }
        if growth > 0 { counter.increment(by: Int64(growth)) }
    }

    // MARK: - Names (computed: swift-prometheus' descriptor type is not Sendable)

    private static func name(_ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "squall", metricName: metric, unitName: unit, helpText: help)
    }
    static var executions: MetricNameDescriptor { name("executions", "total", "Executions completed on this data dir (by the server or the CLI), by final status and runner.") }
    static var executionDuration: MetricNameDescriptor { name("execution_duration", "seconds", "Time from start to completion of executions on this data dir.") }
    static var triggerInstances: MetricNameDescriptor { name("trigger_instances", "total", "Trigger instances processed by the rules engine, by trigger and final status.") }
    static var enforcements: MetricNameDescriptor { name("rule_enforcements", "total", "Rule enforcements recorded, by rule and status.") }
    static var queueDepth: MetricNameDescriptor { name("trigger_queue_depth", "", "Trigger instances waiting in the queue to the rules engine.") }
    static var queueDropped: MetricNameDescriptor { name("trigger_queue_dropped", "total", "Trigger instances dropped because the queue was full.") }
    static var sensorsRunning: MetricNameDescriptor { name("sensors_running", "", "Sensors whose process is running.") }
    static var sensorRestarts: MetricNameDescriptor { name("sensor_restarts", "total", "Times a sensor's process was restarted after it ended.") }
    static var httpRequests: MetricNameDescriptor { name("http_requests", "total", "HTTP requests answered, by route, method and status.") }
    static var httpDuration: MetricNameDescriptor { name("http_request_duration", "seconds", "Time to answer HTTP requests (to the response head), by route and method.") }

    static let executionBuckets: [Duration] = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600].map { .milliseconds(Int64($0 * 1000)) }
    static let httpBuckets: [Duration] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10].map { .microseconds(Int64($0 * 1e6)) }
}
