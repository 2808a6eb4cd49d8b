@testable import SquallEngine
import SquallModel
import SquallRunners
import SquallStore
import XCTest

/// An inquiry's record is `pending` and unowned in one store write: a process that dies right
/// after the inquirer returns (before any later write) leaves nothing the orphan sweep could
/// mark `abandoned`.
final class InquiryOwnerTests: XCTestCase {
    func testThePendingWriteClearsTheOwnerSoADeadOwnerCannotAbandonTheInquiry() throws {
        let harness = try IntegrationHarness(config: nil)
        defer { harness.remove() }
        let engine = try harness.engine()
        let recorded = try engine.record(try engine.prepare(ExecutionRequest(actionRef: "core.ask")))
        // Owned by a process that is gone (pid 2^22 + 1 is above Linux's pid_max).
        let running = try XCTUnwrap(engine.transition(recorded.id, to: .running) {
            $0.supervisorPid = 4_194_305
            $0.supervisorStartTime = 1
        })
        let pending = engine.recordCompletion(recorded.id, outcome: RunnerOutcome(status: .pending, result: ["route": "r"]),
                                              outputLoss: nil, running: running)
        // Nothing after this write: as if the process died here.
        let stored = try XCTUnwrap(try engine.store.execution(id: recorded.id))
        XCTAssertEqual(pending.status, .pending)
        XCTAssertEqual(stored.status, .pending)
        XCTAssertNil(stored.supervisorPid)
        XCTAssertNil(stored.endTimestamp)
        // The next squall process's orphan sweep leaves it open.
        _ = try harness.engine()
        XCTAssertEqual(try engine.store.execution(id: recorded.id)?.status, .pending)
    }
}
