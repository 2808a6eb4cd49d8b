import Foundation
import SquallModel
import SquallStore
import XCTest

/// An action trigger instance whose payload holds a big result as the child's text
/// (TriggerInstanceRecord.payloadResultText) is stored and read back as the payload with that
/// value at `result.result`; recorded `pending` first, its final record keeps it; purging the
/// instance takes the text along.
final class TriggerPayloadTextTests: StoreContractTestCase {
    /// As a Python child writes it: insertion order, ASCII escapes, spaces after separators.
    let childText = #"{"z": [1, 2.5, "\u00e9\ud83d\ude00", null], "a": {"deep": true}, "big": 9007199254740993}"#

    func record(at seconds: Double) throws -> TriggerInstanceRecord {
        var record = TriggerInstanceRecord(
            id: ExecutionID.generate(), trigger: "core.st2.generic.actiontrigger",
            payload: ["execution_id": "e1", "status": "succeeded", "result": ["stdout": "", "exit_code": 0]],
            occurrenceTime: Date(timeIntervalSince1970: seconds))
        record.payloadResultText = try JSONText(validating: Data(childText.utf8))
        return record
    }

    var expectedPayload: JSONValue {
        get throws {
            ["execution_id": "e1", "status": "succeeded",
             "result": ["stdout": "", "exit_code": 0, "result": try JSONValue.parse(childText)]]
        }
    }

    func testATextPayloadReadsBackAsItsValue() {
        eachImplementation {
            let store = try makeStore()
            var pending = try record(at: 1_700_000_000)
            try store.record(RuleRecordBatch(instances: [pending]))
            XCTAssertEqual(try store.triggerInstance(id: pending.id)?.payload, try expectedPayload)
            XCTAssertNil(try store.triggerInstance(id: pending.id)?.payloadResultText, "readers get the value")

            pending.transition(to: .processed)
            try store.record(RuleRecordBatch(updatedInstances: [pending]))
            let listed = try store.triggerInstances(trigger: nil, status: .processed, limit: 5)
            XCTAssertEqual(listed.map(\.payload), [try expectedPayload])
            XCTAssertEqual(listed.map(\.log.count), [2])

            // One recorded whole at once, beside an ordinary one.
            let whole = try record(at: 1_700_000_001)
            let ordinary = TriggerInstanceRecord(id: ExecutionID.generate(), trigger: "t", payload: ["x": ""],
                                                 occurrenceTime: Date(timeIntervalSince1970: 1_700_000_002))
            try store.record(RuleRecordBatch(instances: [whole, ordinary]))
            XCTAssertEqual(try store.triggerInstance(id: whole.id)?.payload, try expectedPayload)
            XCTAssertEqual(try store.triggerInstance(id: ordinary.id)?.payload, ["x": ""])

            XCTAssertEqual(try store.purgeTriggerInstances(occurredBefore: Date(timeIntervalSince1970: 1_800_000_000)), 3)
            if implementation.name == "sqlite" {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
                process.arguments = [directory.appendingPathComponent("db/squall.sqlite").path, "SELECT COUNT(*) FROM trigger_payload_texts"]
                let out = Pipe()
                process.standardOutput = out
                try process.run()
                let count = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                process.waitUntilExit()
                XCTAssertEqual(count.trimmingCharacters(in: .whitespacesAndNewlines), "0", "the text went with its instance")
            }
        }
    }
}
