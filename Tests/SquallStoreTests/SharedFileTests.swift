import Foundation
import SquallModel
import SquallSQLiteStore
import SquallStore
import XCTest

/// Two stores on one file stand in for two processes (a CLI run and a server): separate
/// connection pools contending for the same SQLite write lock.
final class SharedFileTests: SQLiteTestCase {
    func testTwoStoresOnOneFileWriteConcurrentlyAndSeeEachOthersRecords() throws {
        let first = try makeSQLiteStore("shared.sqlite")
        let second = try makeSQLiteStore("shared.sqlite")
        let stores = [first, second]
        let perStore = 40
        let planned = (0..<stores.count).map { index in
            (0..<perStore).map { _ in makeExecution(action: "pack\(index).act") }
        }
        let failures = FailureLog()
        DispatchQueue.concurrentPerform(iterations: stores.count) { index in
            let store = stores[index]
            for n in 0..<perStore {
                do {
                    var execution = planned[index][n]
                    try store.create(execution)
                    try store.appendOutput((0..<20).map {
                        OutputLine(executionId: execution.id, sequence: $0, stream: .stdout, line: "\(index)-\(n)-\($0)",
                                   timestamp: Date())
                    })
                    execution.status = .succeeded
                    try store.update(execution)
                    try store.setValue(KeyValuePair(name: "counter.\(index).\(n)", value: "\(n)"))
                } catch {
                    failures.record("\(error)")
                }
            }
        }
        XCTAssertEqual(failures.all, [])
        for store in stores {
            XCTAssertEqual(try store.executions(limit: 1000, action: "pack0.act", status: .succeeded).count, perStore)
            XCTAssertEqual(try store.executions(limit: 1000, action: "pack1.act", status: .succeeded).count, perStore)
            XCTAssertEqual(try store.values(scope: "system", prefix: "counter.", limit: nil, offset: nil).count,
                           2 * perStore)
        }
        let someExecution = try XCTUnwrap(try first.executions(limit: 1, action: "pack1.act", status: nil).first)
        XCTAssertEqual(try first.output(executionId: someExecution.id, after: nil).count, 20)
    }

    func testARecordWrittenThroughOneStoreIsReadableThroughTheOther() throws {
        let writer = try makeSQLiteStore("shared.sqlite")
        let reader = try makeSQLiteStore("shared.sqlite")
        let execution = makeExecution()
        try writer.create(execution)
        XCTAssertEqual(try reader.execution(id: execution.id), execution)
        XCTAssertThrowsError(try reader.create(execution))
    }

    func testSeveralStoresOpeningAFreshFileAtOnceAllMigrateIt() throws {
        let path = directory.appendingPathComponent("fresh/squall.sqlite").path
        let failures = FailureLog()
        DispatchQueue.concurrentPerform(iterations: 4) { index in
            do {
                let store = try SQLiteStore(path: path)
                try store.setValue(KeyValuePair(name: "opened.\(index)", value: "yes"))
            } catch {
                failures.record("\(error)")
            }
        }
        XCTAssertEqual(failures.all, [])
        XCTAssertEqual(try SQLiteStore(path: path).values(scope: "system", prefix: "opened.", limit: nil, offset: nil).count, 4)
    }

    func testTheFileIsInWALMode() throws {
        let path = directory.appendingPathComponent("wal.sqlite").path
        _ = try SQLiteStore(path: path)
        // The first 100 bytes are the SQLite header; bytes 18 and 19 are 2 in WAL mode.
        let header = try XCTUnwrap(FileHandle(forReadingAtPath: path)).readData(ofLength: 20)
        XCTAssertEqual(Array(header.suffix(2)), [2, 2])
    }
}

/// Another process (the sqlite3 shell) holds the write lock for a moment: our writer must wait
/// for it (busy timeout) rather than fail with SQLITE_BUSY.
final class WriteLockContentionTests: SQLiteTestCase {
    func testAWriterWaitsForAnotherProcessHoldingTheWriteLock() throws {
        let path = directory.appendingPathComponent("contended.sqlite").path
        let store = try SQLiteStore(path: path)
        let lockedMarker = directory.appendingPathComponent("locked").path
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        shell.arguments = [path]
        let input = Pipe()
        shell.standardInput = input
        try shell.run()
        input.fileHandleForWriting.write(Data("""
            BEGIN IMMEDIATE;
            INSERT INTO key_value_pairs (scope, name, value, secret) VALUES ('system', 'from.shell', 'a', 0);
            .shell touch '\(lockedMarker)'
            .shell sleep 1
            COMMIT;

            """.utf8))
        try input.fileHandleForWriting.close()
        // Wait until the shell holds the lock (no deadline here: the test runner has its own).
        while !FileManager.default.fileExists(atPath: lockedMarker) { usleep(1000) }

        try store.setValue(KeyValuePair(name: "from.store", value: "b"))

        shell.waitUntilExit()
        XCTAssertEqual(shell.terminationStatus, 0)
        XCTAssertEqual(try store.values(scope: "system", prefix: "from.", limit: nil, offset: nil).map(\.name),
                       ["from.shell", "from.store"])
    }
}
