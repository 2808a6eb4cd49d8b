import Foundation
import SquallModel
import SquallStore
import XCTest

/// `update(each:)`: several `update(id:_:)`s in one transaction, each applied as it alone would be.
final class ExecutionGroupUpdateTests: StoreContractTestCase {
    struct Refused: Error {}

    func testEachChangeIsAppliedInOrderAndARefusedOneWritesNothingOfItsOwn() {
        eachImplementation {
            let store = try makeStore()
            let running = makeExecution(status: .running)
            var finished = makeExecution(status: .succeeded)
            finished.result = ["stdout": "kept"]
            let other = makeExecution(status: .running)
            for execution in [running, finished, other] { try store.create(execution) }
            let end = date(1_700_000_009.5)
            let results = try store.update(each: [
                ExecutionUpdate(id: running.id) { $0.context["child_pid"] = 7 },
                ExecutionUpdate(id: "ffffffffffffffffffffffff") { _ in XCTFail("a missing execution's change ran") },
                ExecutionUpdate(id: finished.id) { $0.status = .failed; $0.result = nil },
                ExecutionUpdate(id: other.id) { _ in throw Refused() },
                // The second change of the same record sees the first.
                ExecutionUpdate(id: running.id) { record in
                    XCTAssertEqual(record.context["child_pid"], 7)
                    record.status = .succeeded
                    record.log.append(StatusTransition(status: .succeeded, timestamp: end))
                    record.endTimestamp = end
                },
            ])
            XCTAssertEqual(results.count, 5)
            XCTAssertEqual(try results[0].get().context["child_pid"], 7)
            XCTAssertThrowsError(try results[1].get()) { XCTAssertEqual(($0 as? StoreError)?.kind, .notFound) }
            XCTAssertThrowsError(try results[2].get()) { XCTAssertEqual(($0 as? StoreError)?.kind, .alreadyCompleted) }
            XCTAssertThrowsError(try results[3].get()) { XCTAssertTrue($0 is Refused) }
            let stored = try XCTUnwrap(try store.execution(id: running.id))
            XCTAssertEqual(try results[4].get(), stored)
            XCTAssertEqual(stored.status, .succeeded)
            XCTAssertEqual(stored.context["child_pid"], 7)
            XCTAssertEqual(stored.log.map(\.status), [.requested, .succeeded])
            XCTAssertEqual(try store.execution(id: finished.id), finished, "the refused change wrote nothing")
            XCTAssertEqual(try store.execution(id: other.id), other)
        }
    }

    func testAnEmptyGroupWritesNothing() {
        eachImplementation {
            XCTAssertEqual(try makeStore().update(each: []).count, 0)
        }
    }
}
