import Foundation
import SquallModel
import SquallSQLiteStore
import SquallStore
import XCTest

/// A short-lived process (one `squall run`) closes the database after a few writes: the WAL must
/// stay in place, not checkpointed, so that closing and the next opening cost no fsync, and everything
/// committed must still be read back through it.
final class ClosingTests: SQLiteTestCase {
    func testTheWALOutlivesTheLastConnectionAndStillServesItsCommits() throws {
        let path = directory.appendingPathComponent("closing.sqlite").path
        var executions: [Execution] = []
        for _ in 0..<3 {
            let execution = makeExecution()
            // Each store is released at the end of the iteration: its last connection closes.
            try makeSQLiteStore("closing.sqlite").create(execution)
            executions.append(execution)
            let wal = try FileManager.default.attributesOfItem(atPath: path + "-wal")
            XCTAssertGreaterThan((wal[.size] as? Int) ?? 0, 0, "the WAL was checkpointed away on close")
        }
        let reopened = try makeSQLiteStore("closing.sqlite")
        for execution in executions {
            XCTAssertEqual(try reopened.execution(id: execution.id), execution)
        }
    }
}
