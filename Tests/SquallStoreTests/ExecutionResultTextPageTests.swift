import Foundation
import SquallModel
import SquallStore
import XCTest

/// The API's two-step list (ExecutionPageStore: stamps, then `executions(ids:)`) reads a big
/// action result kept as text like every other reader: as the value it holds.
final class ExecutionResultTextPageTests: StoreContractTestCase {
    let childText = #"{"rows": [1, 2.5, "\u00e9"], "ok": true}"#

    func testAPageWithResultsReadsATextResultAsItsValue() {
        eachImplementation {
            let store = try makeStore()
            let execution = makeExecution(status: .running)
            try store.create(execution)
            let returned = try store.update(id: execution.id) {
                $0.status = .succeeded
                $0.endTimestamp = Date(timeIntervalSince1970: 1_700_000_001)
                $0.result = ["exit_code": 0]
                $0.actionResultText = try JSONText(validating: Data(childText.utf8))
            }
            var expected = returned
            expected.actionResultText = nil
            expected.result = ["exit_code": 0, "result": try JSONValue.parse(childText)]

            XCTAssertEqual(try store.executions(ids: [execution.id], includeResults: true), [expected])
            XCTAssertEqual(try store.executions(ids: [execution.id], includeResults: false).map(\.result), [nil])
        }
    }
}
