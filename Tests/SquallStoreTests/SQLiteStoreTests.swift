import Foundation
import SquallModel
@testable import SquallSQLiteStore
import SquallStore
import XCTest

/// What only the SQLite store has: rows in a file, chunked purges, the stored JSON of logs.
final class SQLiteStoreTests: SQLiteTestCase {
    func testExpiredPairsAreDeletedFromTheFile() throws {
        let path = directory.appendingPathComponent("kv.sqlite").path
        let store = try SQLiteStore(path: path)
        let past = Date(timeIntervalSinceNow: -5)
        // A read of an expired pair deletes it.
        try store.setValue(KeyValuePair(name: "expired.0", value: "x", expireTimestamp: past))
        XCTAssertEqual(try storedNames(path), ["expired.0"])
        XCTAssertNil(try store.value(scope: "system", name: "expired.0"))
        XCTAssertEqual(try storedNames(path), [])
        // The next write sweeps expired pairs nobody read.
        try store.setValue(KeyValuePair(name: "expired.1", value: "x", expireTimestamp: past))
        XCTAssertEqual(try storedNames(path), ["expired.1"])
        try store.setValue(KeyValuePair(name: "live", value: "y"))
        XCTAssertEqual(try storedNames(path), ["live"])
    }

    func testManyRowsArePurgedInSeveralChunks() throws {
        let store = try makeSQLiteStore()
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        let count = SQLiteStore.purgeChunk * 2 + 17
        let old = (0..<count).map { instance(at: start.addingTimeInterval(Double($0))) }
        try store.record(RuleRecordBatch(instances: old + [instance(at: start.addingTimeInterval(86_400))]))
        XCTAssertEqual(try store.purgeTriggerInstances(occurredBefore: start.addingTimeInterval(80_000)), count)
        XCTAssertEqual(try store.triggerInstances(trigger: nil, status: nil, limit: 10).count, 1)
    }

    func testTheLogIsStoredAsTheJSONOfItsEntries() throws {
        var record = instance(at: date(1_700_000_000.25))
        record.transition(to: .processing, at: date(1_700_000_000.5))
        record.transition(to: .processingFailed, at: date(1_700_000_000.75))
        let expected: JSONValue = .array(record.log.map {
            ["status": .string($0.status.rawValue), "timestamp": .int(Int(micros($0.timestamp)!))]
        })
        XCTAssertEqual(SQLiteStore.logText(record.log), expected.jsonString())
    }

    func testAnExecutionsLogIsStoredAsTheJSONOfItsEntries() throws {
        let log = [StatusTransition(status: .requested, timestamp: Date(timeIntervalSince1970: 1_700_000_000.25)),
                   StatusTransition(status: .running, timestamp: Date(timeIntervalSince1970: 1_700_000_001.000001))]
        let expected: JSONValue = [["status": "requested", "timestamp": 1_700_000_000_250_000],
                                   ["status": "running", "timestamp": 1_700_000_001_000_001]]
        XCTAssertEqual(ExecutionColumns.logText(log), expected.jsonString())
        XCTAssertEqual(ExecutionColumns.logText([]), "[]")
    }

    private func instance(at date: Date) -> TriggerInstanceRecord {
        TriggerInstanceRecord(id: ExecutionID.generate(at: date), trigger: "pack.alert", payload: ["n": 1], occurrenceTime: date)
    }

    /// Every row in the file, expired or not, read with the sqlite3 shell (a separate process).
    private func storedNames(_ path: String) throws -> [String] {
        let sqlite3 = Process()
        sqlite3.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite3.arguments = [path, "SELECT name FROM key_value_pairs ORDER BY name"]
        let pipe = Pipe()
        sqlite3.standardOutput = pipe
        try sqlite3.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        sqlite3.waitUntilExit()
        XCTAssertEqual(sqlite3.terminationStatus, 0)
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
