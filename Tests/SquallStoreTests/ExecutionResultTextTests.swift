import Foundation
import SquallModel
import SquallStore
import XCTest

/// A big action result kept as the child's text (Execution.actionResultText) is stored and read
/// back as the value it holds, beside the runner's other result members; lists without results
/// leave it out, and purging the execution takes it along.
final class ExecutionResultTextTests: StoreContractTestCase {
    /// As a Python child writes it: insertion order, ASCII escapes, spaces after separators.
    let childText = #"{"z": [1, 2.5, "\u00e9\ud83d\ude00", null], "a": {"deep": true}, "big": 9007199254740993}"#

    func testATextResultReadsBackAsItsValueBesideTheOtherMembers() {
        eachImplementation {
            let store = try makeStore()
            let execution = makeExecution(status: .running)
            try store.create(execution)
            let text = try JSONText(validating: Data(childText.utf8))
            let returned = try store.update(id: execution.id) {
                $0.status = .succeeded
                $0.endTimestamp = Date(timeIntervalSince1970: 1_700_000_001)
                $0.result = ["stdout": "out\n", "stderr": "", "exit_code": 0]
                $0.actionResultText = text
            }
            XCTAssertEqual(returned.actionResultText, text, "the writer keeps its text form")

            var expected = returned
            expected.actionResultText = nil
            expected.result = ["stdout": "out\n", "stderr": "", "exit_code": 0, "result": try JSONValue.parse(childText)]
            XCTAssertEqual(try store.execution(id: execution.id), expected)
            XCTAssertEqual(try store.executions(matching: ExecutionQuery(limit: 10)), [expected])
            var query = ExecutionQuery(limit: 10)
            query.includeResults = false
            XCTAssertEqual(try store.executions(matching: query).map(\.result), [nil])

            XCTAssertEqual(try store.purgeExecutions(completedBefore: Date(timeIntervalSince1970: 1_800_000_000)), 1)
            XCTAssertNil(try store.execution(id: execution.id))
            if implementation.name == "sqlite" {
                let path = directory.appendingPathComponent("db/squall.sqlite").path
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
                process.arguments = [path, "SELECT COUNT(*) FROM execution_result_texts"]
                let out = Pipe()
                process.standardOutput = out
                try process.run()
                let count = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                process.waitUntilExit()
                XCTAssertEqual(count.trimmingCharacters(in: .whitespacesAndNewlines), "0", "the text went with its execution")
            }
        }
    }

    func testAnOrdinaryResultWrittenLaterWinsOverAnEarlierText() {
        eachImplementation {
            let store = try makeStore()
            let execution = makeExecution(status: .running)
            try store.create(execution)
            try store.update(id: execution.id) {
                $0.result = ["exit_code": 0]
                $0.actionResultText = try? JSONText(validating: Data(childText.utf8))
            }
            try store.update(id: execution.id) { $0.result = ["error": "replaced"] }
            XCTAssertEqual(try store.execution(id: execution.id)?.result, ["error": "replaced"])
        }
    }
}
