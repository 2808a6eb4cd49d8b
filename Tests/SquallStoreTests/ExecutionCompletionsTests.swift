import Foundation
import SquallModel
import SquallStore
import XCTest

/// `completions(endedAfter:upTo:)`, what /metrics counts: completed executions by end time, in
/// a half-open window, whoever wrote them.
final class ExecutionCompletionsTests: StoreContractTestCase {
    func testCompletionsAreTheCompletedExecutionsEndedInTheWindow() {
        eachImplementation {
            let store = try makeStore()
            func ended(_ status: ExecutionStatus, at second: Double?) throws -> Execution {
                var execution = makeExecution(status: status, start: date(1_700_000_000))
                execution.endTimestamp = second.map(date)
                try store.create(execution)
                return execution
            }
            _ = try ended(.running, at: nil)
            _ = try ended(.succeeded, at: 1_700_000_010)
            _ = try ended(.failed, at: 1_700_000_020)
            _ = try ended(.succeeded, at: 1_700_000_030)
            func window(_ after: Double?, _ upTo: Double) throws -> [String] {
                try store.completions(endedAfter: after.map(date), upTo: date(upTo))
                    .sorted { $0.endTimestamp < $1.endTimestamp }.map { "\($0.status.rawValue)@\(Int($0.endTimestamp.timeIntervalSince1970) - 1_700_000_000)" }
            }
            XCTAssertEqual(try window(nil, 1_700_000_020), ["succeeded@10", "failed@20"])
            XCTAssertEqual(try window(1_700_000_020, 1_700_000_040), ["succeeded@30"])
            XCTAssertEqual(try window(1_700_000_010, 1_700_000_010), [])
            let first = try XCTUnwrap(store.completions(endedAfter: nil, upTo: date(1_700_000_010)).first)
            XCTAssertEqual(first, ExecutionCompletion(status: .succeeded, runner: "local-shell-cmd",
                                                      startTimestamp: date(1_700_000_000), endTimestamp: date(1_700_000_010)))
        }
    }
}
