import Foundation
import SquallModel
import SquallStore
import XCTest

/// Lists that show no results do not carry them (and the SQLite store does not read them).
final class SummaryListTests: StoreContractTestCase {
    func testAListWithoutResultsLeavesOnlyTheResultOut() {
        eachImplementation {
            let store = try makeStore()
            var execution = makeExecution(status: .running)
            try store.create(execution)
            execution = try store.update(id: execution.id) {
                $0.status = .succeeded
                $0.result = ["stdout": .string(String(repeating: "r", count: 100_000))]
                $0.endTimestamp = Date(timeIntervalSince1970: 1_700_000_001)
            }
            var query = ExecutionQuery(limit: 10)
            XCTAssertEqual(try store.executions(matching: query), [execution])
            query.includeResults = false
            let summaries = try store.executions(matching: query)
            var expected = execution
            expected.result = nil
            XCTAssertEqual(summaries, [expected])
            XCTAssertNotNil(try store.execution(id: execution.id)?.result, "the stored result is untouched")
        }
    }
}
