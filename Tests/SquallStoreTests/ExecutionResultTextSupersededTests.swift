import Foundation
import SquallModel
import SquallStore
import XCTest

/// A big action result kept as text (Execution.actionResultText) is superseded by whatever the
/// record's result becomes later: a smaller result, no result, or another text. Readers took the
/// text whenever the row's own result was NULL, so an update clearing the result showed the old
/// text again.
final class ExecutionResultTextSupersededTests: StoreContractTestCase {
    let bigText = #"{"rows": [1, 2, 3], "note": "from the child"}"#

    private func createWithText() throws -> (any Store, Execution) {
        let store = try makeStore()
        let execution = makeExecution(status: .running)
        try store.create(execution)
        let text = try JSONText(validating: Data(bigText.utf8))
        let written = try store.update(id: execution.id) {
            $0.result = ["exit_code": 0]
            $0.actionResultText = text
        }
        return (store, written)
    }

    private func assertEveryReaderSees(_ result: JSONValue?, in store: any Store, id: String,
                                       file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(try store.execution(id: id)?.result, result, "execution(id:)", file: file, line: line)
        XCTAssertEqual(try store.executionKeepingResultText(id: id)?.materialized().result, result,
                       "executionKeepingResultText", file: file, line: line)
        XCTAssertEqual(try store.executions(matching: ExecutionQuery(limit: 10)).map(\.result), [result],
                       "executions(matching:)", file: file, line: line)
    }

    func testAnUpdateClearingTheResultLeavesNoResult() {
        eachImplementation {
            let (store, execution) = try createWithText()
            try store.update(id: execution.id) { $0.result = nil; $0.actionResultText = nil }
            try assertEveryReaderSees(nil, in: store, id: execution.id)
        }
    }

    func testAWholeRecordWrittenWithoutAResultLeavesNoResult() {
        eachImplementation {
            let (store, execution) = try createWithText()
            var cleared = try XCTUnwrap(try store.execution(id: execution.id))
            cleared.result = nil
            try store.update(cleared)
            try assertEveryReaderSees(nil, in: store, id: execution.id)
        }
    }

    func testASmallResultWrittenLaterIsWhatEveryReaderSees() {
        eachImplementation {
            let (store, execution) = try createWithText()
            try store.update(id: execution.id) { $0.result = ["error": "replaced"]; $0.actionResultText = nil }
            try assertEveryReaderSees(["error": "replaced"], in: store, id: execution.id)
            // And clearing it afterwards does not bring the text back.
            try store.update(id: execution.id) { $0.result = nil }
            try assertEveryReaderSees(nil, in: store, id: execution.id)
        }
    }

    func testALaterTextReplacesAnEarlierOne() {
        eachImplementation {
            let (store, execution) = try createWithText()
            let later = #"{"second": true}"#
            try store.update(id: execution.id) {
                $0.result = ["exit_code": 1]
                $0.actionResultText = try? JSONText(validating: Data(later.utf8))
            }
            try assertEveryReaderSees(["exit_code": 1, "result": try JSONValue.parse(later)], in: store, id: execution.id)
        }
    }
}
