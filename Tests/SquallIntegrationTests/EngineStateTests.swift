import Foundation
import SquallEngine
import SquallMemoryStore
import SquallModel
import SquallStore
import XCTest

/// The engine's state changes on an in-memory store (no database file): a cancel and a
/// supervisor meet in one store transaction each, and a completed execution stays as it ended.
final class EngineStateTests: XCTestCase {
    var harness: IntegrationHarness!
    var store: MemoryStore!
    var engine: Engine!

    override func setUpWithError() throws {
        harness = try IntegrationHarness()
        store = MemoryStore()
        engine = try Engine(settings: harness.settings, store: store)
    }

    override func tearDown() {
        engine = nil
        harness.remove()
    }

    func testARunIsRecordedInTheStoreTheEngineWasGiven() throws {
        let execution = try engine.run(ExecutionRequest(actionRef: "core.noop"))
        XCTAssertEqual(execution.status, .succeeded)
        XCTAssertEqual(try store.execution(id: execution.id), execution)
        XCTAssertEqual(execution.log.map(\.status), [.requested, .scheduled, .running, .succeeded])
    }

    func testCancelingACompletedExecutionIsRefusedAndChangesNothing() throws {
        let execution = try engine.run(ExecutionRequest(actionRef: "core.noop"))
        XCTAssertThrowsError(try engine.cancel(id: execution.id)) { error in
            XCTAssertEqual("\(error)", "execution '\(execution.id)' is already succeeded")
        }
        XCTAssertEqual(try store.execution(id: execution.id), execution)
        XCTAssertThrowsError(try engine.cancel(id: "ffffffffffffffffffffffff")) { error in
            XCTAssertEqual("\(error)", "execution 'ffffffffffffffffffffffff' not found")
        }
    }

    func testAnExecutionCanceledBeforeItsSupervisorStartsItNeverRuns() throws {
        let prepared = try engine.prepare(ExecutionRequest(actionRef: "core.local", parameters: ["cmd": "echo ran"]))
        let recorded = try engine.record(prepared)
        XCTAssertEqual(try engine.cancel(id: recorded.id).status, .canceled)
        let final = engine.execute(prepared, recorded: recorded)
        XCTAssertEqual(final.status, .canceled)
        XCTAssertEqual(final.log.map(\.status), [.requested, .canceled])
        XCTAssertNil(final.result)
        XCTAssertEqual(try store.execution(id: recorded.id), final)
    }

    func testARunningExecutionWhoseSupervisorIsGoneIsCanceledAtOnce() throws {
        var orphan = Execution(id: ExecutionID.generate(), action: "core.local", runner: "local-shell-cmd", parameters: [:],
                               status: .running, log: [StatusTransition(status: .running, timestamp: Date())],
                               startTimestamp: Date(), supervisorPid: Int32.max - 1, supervisorStartTime: 1)
        try store.create(orphan)
        let canceled = try engine.cancel(id: orphan.id)
        orphan.status = .canceled
        XCTAssertEqual(canceled.status, .canceled)
        XCTAssertEqual(canceled.log.map(\.status), [.running, .canceled])
        XCTAssertNotNil(canceled.endTimestamp)
    }

    func testASecondCancelOfACancelingExecutionAddsNothingToItsLog() throws {
        let me = ProcessLiveness.current()
        let running = Execution(id: ExecutionID.generate(), action: "core.local", runner: "local-shell-cmd", parameters: [:],
                                status: .running, log: [StatusTransition(status: .running, timestamp: Date())],
                                startTimestamp: Date(), supervisorPid: me.pid, supervisorStartTime: me.startTime)
        try store.create(running)
        XCTAssertEqual(try engine.cancel(id: running.id).status, .canceling)
        XCTAssertEqual(try engine.cancel(id: running.id).log.map(\.status), [.running, .canceling])
    }
}
