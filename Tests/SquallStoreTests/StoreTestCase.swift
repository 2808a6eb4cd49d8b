import Foundation
import SquallModel
import SquallStore
import XCTest

/// Gives each test a fresh directory holding a real SQLite file, removed afterwards.
class StoreTestCase: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("squall-store-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// A store on a file in this test's directory (nested, to exercise parent creation).
    func makeStore(_ name: String = "db/squall.sqlite") throws -> SQLiteStore {
        try SQLiteStore(path: directory.appendingPathComponent(name).path)
    }

    /// A date with whole microseconds, as the store keeps them.
    func date(_ secondsSince1970: Double) -> Date {
        Date(timeIntervalSince1970: secondsSince1970)
    }

    func makeExecution(id: String = ExecutionID.generate(), action: String = "core.local",
                       status: ExecutionStatus = .running, start: Date = Date(timeIntervalSince1970: 1_700_000_000.123456),
                       supervisorPid: Int32? = nil, supervisorStartTime: UInt64? = nil) -> Execution {
        Execution(id: id, action: action, runner: "local-shell-cmd", parameters: ["cmd": "echo hi"],
                  status: status, log: [StatusTransition(status: .requested, timestamp: start)],
                  startTimestamp: start, context: ["user": "stanley"],
                  supervisorPid: supervisorPid, supervisorStartTime: supervisorStartTime)
    }
}

/// Whole microseconds since 1970, the precision the store promises.
func micros(_ date: Date?) -> Int64? {
    date.map { Int64(($0.timeIntervalSince1970 * 1_000_000).rounded()) }
}
