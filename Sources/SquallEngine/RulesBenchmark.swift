import Foundation
import Logging
import SquallModel
import SquallRules
import SquallStore

/// The server's rules path, measured: trigger instances through 100 rules (criteria of several
/// operators) on the server's own code: queued, taken in batches, matched, each match's action
/// parameters rendered and cast, instances, enforcements and `requested` executions recorded in
/// SQLite, the executions put on an in-memory queue instead of being run.
public enum RulesBenchmark {
    public struct Result: Sendable {
        public var instances: Int
        public var matches: Int
        public var seconds: Double
        /// CPU time the process spent (all threads): on a shared machine, the rate per CPU-second
        /// says what the code costs when the wall clock also counts other processes' turns.
        public var cpuSeconds: Double
        /// CPU time of the rules thread (match, render, prepare) and of the writer thread (encode, SQLite):
        /// they run side by side, so the slower of the two bounds the rate on an idle machine.
        public var rulesThreadCPUSeconds: Double
        public var writerThreadCPUSeconds: Double
        public var perSecond: Double { Double(instances) / seconds }
        public var perCPUSecond: Double { Double(instances) / cpuSeconds }
        public var perSecondBound: Double { Double(instances) / max(rulesThreadCPUSeconds, writerThreadCPUSeconds) }
    }

    static func processCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// `engine` must be on a scratch data directory: the records are real and stay there.
    public static func run(engine: Engine, instances: Int, rules ruleCount: Int = 100) throws -> Result {
        try engine.store.beginLongRunningWriter()  // as the server does
        defer { try? engine.store.endLongRunningWriter() }
        let matcher = RuleMatcher(rules: rules(count: ruleCount), templates: ParameterRenderer.st2Environment())
        let processor = TriggerProcessor(engine: engine, logger: Logger(label: "squall.bench"))
        let queue = TriggerQueue(capacity: instances)
        nonisolated(unsafe) var enqueued: [TriggerProcessor.Launch] = []
        nonisolated(unsafe) var matches = 0
        let start = DispatchTime.now().uptimeNanoseconds
        let cpuStart = processCPUSeconds()
        let now = Date()
        for index in 0..<instances {
            let n = index % ruleCount
            let payload: JSONValue = ["n": .int(n), "name": .string("host-\(n)"), "kind": "alert", "tags": ["a", "b"]]
            _ = queue.push(TriggerInstance(id: ExecutionID.generate(at: now), trigger: "bench.event", payload: payload,
                                           triggerParameters: nil, occurredAt: now))
        }
        queue.close()
        // As the server does: the writer thread commits a batch while the next one is matched.
        nonisolated(unsafe) var failure: String?
        let writer = BatchWriter(processor: processor) { outcome in
            if outcome.failedEnforcements > 0, failure == nil {
                failure = "\(outcome.failedEnforcements) enforcements failed: " + (outcome.records.enforcements.compactMap(\.failureReason).first ?? "?")
            }
            matches += outcome.matched
            enqueued += outcome.launches
            if enqueued.count > 10_000 { enqueued.removeAll(keepingCapacity: true) }
        }
        var rulesThreadCPU = 0.0
        while let batch = queue.popBatch(limit: Server.batchLimit) {
            let cpuStart = BatchWriter.threadCPUSeconds()
            let waiting = queue.takeUnannounced(waitingSince: Date().addingTimeInterval(-Server.pendingAfter))
            let outcome = processor.evaluate(batch, waiting: waiting, matcher: matcher)
            rulesThreadCPU += BatchWriter.threadCPUSeconds() - cpuStart
            writer.submit(outcome)
        }
        writer.finish()
        if let failure { throw EngineError.failure("benchmark: " + failure) }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return Result(instances: instances, matches: matches, seconds: seconds, cpuSeconds: processCPUSeconds() - cpuStart,
                      rulesThreadCPUSeconds: rulesThreadCPU, writerThreadCPUSeconds: writer.writingCPUSeconds)
    }

    static func rules(count: Int) -> [Rule] {
        let operators: [(String, (Int) -> JSONValue, String)] = [
            ("equals", { .int($0) }, "trigger.n"),
            ("matchregex", { .string("host-\($0)$") }, "trigger.name"),
            ("contains", { .string("-\($0)") }, "trigger.name"),
            ("greaterthan", { .int($0 * 1000) }, "trigger.n"),
        ]
        return (0..<count).map { index in
            let (op, pattern, key) = operators[index % operators.count]
            return Rule(name: "rule_\(index)", pack: "bench", enabled: true, triggerType: "bench.event",
                        criteria: [key: ["type": .string(op), "pattern": pattern(index)],
                                   "trigger.kind#2": ["type": "iequals", "pattern": "ALERT"]],
                        actionRef: "core.echo",
                        actionParameters: ["message": "{{ trigger.name }} is at {{ trigger.n }} ({{ trigger.tags | join(',') }})"])
        }
    }
}
