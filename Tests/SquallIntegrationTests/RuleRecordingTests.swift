import Foundation
import SquallEngine
import SquallModel
import XCTest

/// A real server (sensor children, timers, executions) records every trigger instance with its
/// status log and every rule enforcement, and rule-started executions say which rule and instance.
final class RuleRecordingTests: EngineTestCase {
    func instances(_ trigger: String) throws -> [TriggerInstanceRecord] {
        try engine.store.triggerInstances(trigger: trigger, status: nil, limit: 1000)
    }

    /// A burst larger than a batch, then an immediate stop: every queued instance is still
    /// matched and recorded before `stop` returns.
    func testInstancesQueuedAtStopAreRecordedBeforeItReturns() throws {
        // Large enough that handling it outlasts stopping the sensors, which stop() does first.
        let burst = 20_000
        let server = Server(engine: engine, options: .init(queueCapacity: burst * 2))
        try server.start()
        for n in 0..<burst {
            XCTAssertTrue(server.dispatch(trigger: "squall_tests.trigger_seen", payload: ["op": "burst", "parameters": ["n": .int(n)]]))
        }
        server.stop(grace: 60)
        let recorded = try engine.store.triggerInstances(trigger: "squall_tests.trigger_seen", status: nil, limit: 10 * burst)
            .filter { $0.payload["op"] == "burst" }
        XCTAssertEqual(recorded.count, burst)
        XCTAssertTrue(recorded.allSatisfy { $0.status == .processed }, "\(Set(recorded.map(\.status)))")
    }

    func testInstancesEnforcementsAndExecutionContextsAreRecorded() throws {
        let server = Server(engine: engine, options: .init(concurrency: 2, backoff: .init(initial: 0.2, maximum: 1, resetAfter: 60)))
        try server.start()
        defer { server.stop(grace: 30) }
        XCTAssertTrue(server.dispatch(trigger: "squall_tests.job", payload: ["name": "nightly", "timeout": 30]))
        XCTAssertTrue(server.dispatch(trigger: "squall_tests.job", payload: ["name": "broken", "timeout": "soon"]))

        try eventually("both job instances handled") {
            try instances("squall_tests.job").filter { [.processed, .processingFailed].contains($0.status) }.count == 2
        }
        let jobs = try instances("squall_tests.job")
        let good = try XCTUnwrap(jobs.first { $0.payload["name"] == "nightly" })
        let bad = try XCTUnwrap(jobs.first { $0.payload["name"] == "broken" })
        XCTAssertEqual(good.status, .processed)
        XCTAssertEqual(good.log.map(\.status), [.pending, .processing, .processed])
        XCTAssertEqual(good.payload, ["name": "nightly", "timeout": 30])
        XCTAssertEqual(bad.status, .processingFailed)
        XCTAssertEqual(bad.log.map(\.status), [.pending, .processing, .processingFailed])

        // The enforcement of the good one names the execution it started...
        let started = try XCTUnwrap(try engine.store.ruleEnforcements(rule: nil, triggerInstanceId: good.id, limit: 10).first)
        XCTAssertEqual(started.ruleRef, "squall_tests.run_job")
        XCTAssertNil(started.failureReason)
        let executionId = try XCTUnwrap(started.executionId)
        // ...whose context carries the rule and the trigger instance, and which really runs.
        try eventually("the job's execution") { try engine.store.execution(id: executionId)?.status == .succeeded }
        let execution = try XCTUnwrap(try engine.store.execution(id: executionId))
        XCTAssertEqual(execution.context["rule"]?["ref"], "squall_tests.run_job")
        XCTAssertEqual(execution.context["trigger_instance"]?["id"], .string(good.id))
        XCTAssertEqual(execution.resultObject["stdout"], "job nightly")
        XCTAssertEqual(execution.parameters["timeout"], 30)

        // ...and that of the bad one says why no execution started.
        let failed = try XCTUnwrap(try engine.store.ruleEnforcements(rule: nil, triggerInstanceId: bad.id, limit: 10).first)
        XCTAssertEqual(failed.status, .failed)
        XCTAssertNil(failed.executionId)
        XCTAssertTrue(failed.failureReason?.contains("parameter 'timeout'") == true, failed.failureReason ?? "nil")
        XCTAssertEqual(server.currentCounters.enforcementFailures, 1)

        // Instances from sensors, timers and completed executions are recorded too.
        try eventually("a sensor's tick") { try instances("squall_tests.tick").contains { $0.status == .processed } }
        try eventually("a timer's instance") { try !instances("core.st2.IntervalTimer").isEmpty }
        try eventually("the job's action trigger") {
            try instances("core.st2.generic.actiontrigger").contains { $0.payload["execution_id"] == .string(executionId) }
        }
        try eventually("the sensor's spawn") { try !instances("core.st2.sensor.process_spawn").isEmpty }
        // ...and from actions: core.inject_trigger.
        let injected = try engine.run(ExecutionRequest(actionRef: "core.inject_trigger",
                                                       parameters: ["trigger": "squall_tests.job", "payload": ["name": "injected", "timeout": 5]]))
        XCTAssertEqual(injected.status, .succeeded, "\(injected.result ?? .null)")
        try eventually("the injected instance processed") {
            try instances("squall_tests.job").contains { $0.payload["name"] == "injected" && $0.status == .processed }
        }
    }
}
