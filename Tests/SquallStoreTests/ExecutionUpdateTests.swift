import Foundation
import SquallModel
import SquallStore
import XCTest

/// `update(id:_:)`: read, change and write in one transaction; a completed execution's status is final.
final class ExecutionUpdateTests: StoreContractTestCase {
    func testTheChangeIsAppliedToTheStoredRecordAndTheResultReturned() {
        eachImplementation {
            let store = try makeStore()
            let execution = makeExecution(status: .running)
            try store.create(execution)
            // Another writer changed the record since `execution` was read: the change sees that.
            var meanwhile = execution
            meanwhile.context["child_pid"] = 4242
            try store.update(meanwhile)
            let end = date(1_700_000_009.5)
            let updated = try store.update(id: execution.id) { record in
                record.status = .succeeded
                record.log.append(StatusTransition(status: .succeeded, timestamp: end))
                record.endTimestamp = end
                record.result = ["stdout": "done"]
            }
            XCTAssertEqual(updated.context["child_pid"], 4242)
            XCTAssertEqual(updated.status, .succeeded)
            XCTAssertEqual(updated.log.map(\.status), [.requested, .succeeded])
            XCTAssertEqual(try store.execution(id: execution.id), updated)
        }
    }

    func testAMissingExecutionIsNotFoundAndTheChangeNeverRuns() {
        eachImplementation {
            let store = try makeStore()
            var ran = false
            XCTAssertThrowsError(try store.update(id: "ffffffffffffffffffffffff") { _ in ran = true }) { error in
                XCTAssertEqual((error as? StoreError)?.kind, .notFound)
            }
            XCTAssertFalse(ran)
        }
    }

    func testACompletedExecutionsStatusIsFinal() {
        eachImplementation {
            let store = try makeStore()
            var finished = makeExecution(status: .succeeded)
            finished.result = ["stdout": "kept"]
            finished.endTimestamp = date(1_700_000_001)
            try store.create(finished)
            for status in [ExecutionStatus.canceling, .canceled, .running, .failed] {
                XCTAssertThrowsError(try store.update(id: finished.id) { record in
                    record.status = status
                    record.log.append(StatusTransition(status: status, timestamp: Date()))
                    record.result = nil
                }, "\(status)") { error in
                    XCTAssertEqual((error as? StoreError)?.kind, .alreadyCompleted)
                }
            }
            XCTAssertEqual(try store.execution(id: finished.id), finished, "nothing of a refused change is written")
            // Changes that leave the status alone still apply.
            let noted = try store.update(id: finished.id) { $0.context["note"] = "late" }
            XCTAssertEqual(noted.status, .succeeded)
            XCTAssertEqual(try store.execution(id: finished.id)?.context["note"], "late")
        }
    }

    func testAChangeThatThrowsWritesNothing() {
        eachImplementation {
            struct Refused: Error {}
            let store = try makeStore()
            let execution = makeExecution(status: .running)
            try store.create(execution)
            XCTAssertThrowsError(try store.update(id: execution.id) { record in
                record.status = .canceling
                throw Refused()
            }) { error in XCTAssertTrue(error is Refused, "\(error)") }
            XCTAssertEqual(try store.execution(id: execution.id), execution)
        }
    }

    func testAnUnchangedRecordIsReturnedAsStored() {
        eachImplementation {
            let store = try makeStore()
            let execution = makeExecution(status: .canceled)
            try store.create(execution)
            XCTAssertEqual(try store.update(id: execution.id) { _ in }, execution)
        }
    }

    /// Two connections (two processes' worth, for SQLite) each add to one record many times at
    /// once: every addition survives. A read and a write in two transactions loses some.
    func testConcurrentUpdatesThroughTwoConnectionsLoseNoWrite() {
        eachImplementation {
            let stores = [try makeStore("shared.sqlite"), try makeStore("shared.sqlite")]
            let execution = makeExecution(status: .running)
            try stores[0].create(execution)
            let perWriter = 150
            let failures = FailureLog()
            DispatchQueue.concurrentPerform(iterations: stores.count) { index in
                for n in 0..<perWriter {
                    do {
                        try stores[index].update(id: execution.id) { record in
                            let count = record.context["count"]?.intValue ?? 0
                            record.context["count"] = .int(count + 1)
                            record.context["writer\(index)"] = .int(n)
                        }
                    } catch {
                        failures.record("\(error)")
                    }
                }
            }
            XCTAssertEqual(failures.all, [])
            let stored = try XCTUnwrap(try stores[1].execution(id: execution.id))
            XCTAssertEqual(stored.context["count"], .int(stores.count * perWriter))
            XCTAssertEqual(stored.context["writer0"], .int(perWriter - 1))
            XCTAssertEqual(stored.context["writer1"], .int(perWriter - 1))
        }
    }
}
