import Foundation
import SquallModel
import SquallStore
import XCTest

/// `executionKeepingResultText(id:)`, the read `execution get` prints from (issue 15): a big action
/// result written as text comes back as that same value, and from the SQLite store as the very
/// text written (read in pieces, never parsed into a tree), beside the runner's other members.
final class ExecutionResultTextReadTests: StoreContractTestCase {
    /// As a Python child writes it: insertion order, ASCII escapes, spaces after separators.
    let childText = #"{"z": [1, 2.5, "\u00e9\ud83d\ude00", null], "a": {"deep": true}, "big": 9007199254740993}"#
    let members: JSONValue = ["stdout": "out\n", "stderr": "", "exit_code": 0]

    func testATextResultComesBackAsTheTextWrittenBesideTheOtherMembers() {
        eachImplementation {
            let (store, id) = try storeHolding(textResult: childText)
            let read = try XCTUnwrap(try store.executionKeepingResultText(id: id))
            XCTAssertEqual(read.materialized(), try store.execution(id: id))
            XCTAssertEqual(read.materialized().result?["result"], try JSONValue.parse(childText))
            if implementation.name == "sqlite" {
                XCTAssertEqual(read.actionResultText.map { String(decoding: $0.bytes, as: UTF8.self) }, childText, "the text as written")
                XCTAssertEqual(read.result, members)
            }
        }
    }

    /// Longer than the 1 MiB the blob is read by, and not a multiple of it.
    func testATextOfSeveralPiecesComesBackWhole() {
        eachImplementation {
            let item = #"{"line": "r\u00e9sum\u00e9 \"q\" \\", "n": 12345}"#
            let text = "[" + Array(repeating: item, count: (5 << 19) / item.utf8.count + 7).joined(separator: ", ") + "]"
            let (store, id) = try storeHolding(textResult: text)
            let read = try XCTUnwrap(try store.executionKeepingResultText(id: id))
            XCTAssertGreaterThan(text.utf8.count, 5 << 19)
            if implementation.name == "sqlite" {
                XCTAssertEqual(read.actionResultText?.bytes, Data(text.utf8))
            }
            XCTAssertEqual(read.materialized().result?["result"]?.arrayValue?.count, (5 << 19) / item.utf8.count + 7)
        }
    }

    func testOtherRecordsReadAsTheyAlwaysDo() {
        eachImplementation {
            let store = try makeStore()
            XCTAssertNil(try store.executionKeepingResultText(id: "no-such-execution"))
            let ordinary = makeExecution(status: .running)
            try store.create(ordinary)
            try store.update(id: ordinary.id) { $0.result = ["exit_code": 0, "result": ["small": true]] }
            let read = try store.executionKeepingResultText(id: ordinary.id)
            XCTAssertNil(read?.actionResultText)
            XCTAssertEqual(read, try store.execution(id: ordinary.id))

            // A result written later as a value wins over the text written before it.
            let (_, replaced) = try storeHolding(textResult: childText, in: store)
            try store.update(id: replaced) { $0.result = ["error": "replaced"] }
            let reread = try store.executionKeepingResultText(id: replaced)
            XCTAssertNil(reread?.actionResultText)
            XCTAssertEqual(reread?.result, ["error": "replaced"])
        }
    }

    /// A damaged text is a one-line error naming the execution, not a trap.
    func testADamagedTextIsACorruptRecord() {
        eachImplementation {
            guard implementation.name == "sqlite" else { return }
            let (store, id) = try storeHolding(textResult: childText)
            for damaged in ["{\"result\": [1, 2", "[1, 2]"] {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
                process.arguments = [directory.appendingPathComponent("db/squall.sqlite").path,
                                     "UPDATE execution_result_texts SET result = CAST('\(damaged)' AS BLOB)"]
                try process.run()
                process.waitUntilExit()
                XCTAssertEqual(process.terminationStatus, 0)
                XCTAssertThrowsError(try store.executionKeepingResultText(id: id)) { error in
                    XCTAssertEqual((error as? StoreError)?.kind, .corruptRecord, "\(error)")
                    XCTAssertTrue("\(error)".contains(id), "\(error)")
                }
            }
        }
    }

    /// A store holding one completed execution whose action result was written as `textResult`.
    private func storeHolding(textResult: String, in given: (any Store)? = nil) throws -> (any Store, String) {
        let store = try given ?? makeStore()
        let execution = makeExecution(status: .running)
        try store.create(execution)
        let text = try JSONText(validating: Data(textResult.utf8))
        try store.update(id: execution.id) { [members] in
            $0.status = .succeeded
            $0.endTimestamp = Date(timeIntervalSince1970: 1_700_000_001)
            $0.result = members
            $0.actionResultText = text
        }
        return (store, execution.id)
    }
}
