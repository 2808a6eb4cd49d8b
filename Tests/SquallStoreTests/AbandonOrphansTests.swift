import Foundation
import SquallModel
import SquallStore
import XCTest

final class AbandonOrphansTests: StoreContractTestCase {
    /// The pid of a real process that has exited and been reaped.
    private func deadPid() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    func testOnlyTheRunningExecutionOfADeadSupervisorIsAbandoned() {
        eachImplementation {
            let store = try makeStore()
            let dead = try deadPid()
            let me = ProcessLiveness.current()
            let orphan = makeExecution(status: .running, supervisorPid: dead, supervisorStartTime: 12345)
            let owned = makeExecution(status: .running, supervisorPid: me.pid, supervisorStartTime: me.startTime)
            var finished = makeExecution(status: .succeeded, supervisorPid: dead, supervisorStartTime: 12345)
            finished.result = ["stdout": "ok"]
            finished.endTimestamp = date(1_700_000_001)
            for execution in [orphan, owned, finished] { try store.create(execution) }

            let abandoned = try store.abandonOrphans()

            XCTAssertEqual(abandoned, [orphan.id])
            let stored = try XCTUnwrap(try store.execution(id: orphan.id))
            XCTAssertEqual(stored.status, .abandoned)
            XCTAssertEqual(stored.log.map(\.status), [.requested, .abandoned])
            XCTAssertNotNil(stored.endTimestamp)
            XCTAssertEqual(micros(stored.log.last?.timestamp), micros(stored.endTimestamp))
            let reason = try XCTUnwrap(stored.result?["error"]?.stringValue)
            XCTAssertTrue(reason.contains("\(dead)"), reason)
            XCTAssertEqual(try store.execution(id: owned.id), owned)
            XCTAssertEqual(try store.execution(id: finished.id), finished)
            // Running it again finds nothing more to do.
            XCTAssertEqual(try store.abandonOrphans(), [])
        }
    }

    func testALivePidWithAnotherStartTimeIsAReusedPidAndCountsAsGone() {
        eachImplementation {
            let store = try makeStore()
            let me = ProcessLiveness.current()
            let startTime = try XCTUnwrap(me.startTime)
            let impostor = makeExecution(status: .running, supervisorPid: me.pid, supervisorStartTime: startTime + 1)
            try store.create(impostor)
            XCTAssertEqual(try store.abandonOrphans(), [impostor.id])
        }
    }

    func testTheCallerDecidesWhichSupervisorsAreAliveAndPartialResultsAreKept() {
        eachImplementation {
            let store = try makeStore()
            var orphan = makeExecution(status: .scheduled, supervisorPid: 111, supervisorStartTime: nil)
            orphan.result = ["partial": [1, 2]]
            let alive = makeExecution(status: .running, supervisorPid: 222, supervisorStartTime: 7)
            let unowned = makeExecution(status: .requested)
            for execution in [orphan, alive, unowned] { try store.create(execution) }
            var asked: [Int32: UInt64?] = [:]
            let abandoned = try store.abandonOrphans { pid, startTime in
                asked[pid] = startTime
                return pid == 222
            }
            XCTAssertEqual(abandoned, [orphan.id])
            XCTAssertEqual(asked.keys.sorted(), [111, 222])
            XCTAssertEqual(asked[222], .some(7))
            let stored = try XCTUnwrap(try store.execution(id: orphan.id))
            XCTAssertEqual(stored.result?["partial"], [1, 2])
            XCTAssertNotNil(stored.result?["error"]?.stringValue)
            XCTAssertEqual(try store.execution(id: unowned.id)?.status, .requested)
        }
    }
}
