import Foundation
import SquallMemoryStore
import SquallModel
import SquallSQLiteStore
import SquallStore
import XCTest

/// The store contract: a subclass's tests use only the `Store` protocol, and each runs its body
/// through `eachImplementation`, once per implementation below on a fresh store. A new store
/// (PostgreSQL) proves itself by adding one entry. (Not a subclass per implementation: XCTest on
/// Linux does not discover inherited test methods, and runs a test's body once per invocation.)
class StoreContractTestCase: XCTestCase {
    struct Implementation: Sendable {
        let name: String
        /// Opens the store named `name` (a file name) under `directory`: opening the same name
        /// again is another connection to the same records, as another process would have.
        let open: @Sendable (_ directory: URL, _ name: String) throws -> any Store
    }

    static let sqlite = Implementation(name: "sqlite") { directory, name in
        try SQLiteStore(path: directory.appendingPathComponent(name).path)
    }
    static let memory = Implementation(name: "memory") { _, _ in MemoryStore() }

    /// What each test of this class runs against.
    class var implementations: [Implementation] { [sqlite, memory] }

    private(set) var implementation: Implementation!
    private var memoryStores: [String: any Store] = [:]
    var directory: URL!

    /// Runs `body` once per implementation, each time on a fresh directory (and fresh stores).
    func eachImplementation(_ body: () throws -> Void) {
        for implementation in Self.implementations {
            self.implementation = implementation
            memoryStores = [:]
            directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("squall-store-tests-\(implementation.name)-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                try body()
            } catch {
                XCTFail("threw \(error)")
            }
        }
        implementation = nil
    }

    /// Failures name the implementation they happened on.
    override func recordFailure(withDescription description: String, inFile filePath: String, atLine lineNumber: Int, expected: Bool) {
        let prefix = implementation.map { "[\($0.name) store] " } ?? ""
        super.recordFailure(withDescription: prefix + description, inFile: filePath, atLine: lineNumber, expected: expected)
    }

    /// The store named `name` of the current implementation (nested, to exercise parent creation).
    func makeStore(_ name: String = "db/squall.sqlite") throws -> any Store {
        if implementation.name == "memory" {
            if let store = memoryStores[name] { return store }
            let store = try implementation.open(directory, name)
            memoryStores[name] = store
            return store
        }
        return try implementation.open(directory, name)
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

/// Tests of the SQLite store alone (its file, WAL, processes sharing it), in a fresh directory.
class SQLiteTestCase: StoreContractTestCase {
    override class var implementations: [Implementation] { [sqlite] }

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("squall-store-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    func makeSQLiteStore(_ name: String = "db/squall.sqlite") throws -> SQLiteStore {
        try SQLiteStore(path: directory.appendingPathComponent(name).path)
    }
}

/// Whole microseconds since 1970, the precision the store promises.
func micros(_ date: Date?) -> Int64? {
    date.map { Int64(($0.timeIntervalSince1970 * 1_000_000).rounded()) }
}

/// Collects errors from concurrent workers.
final class FailureLog: @unchecked Sendable {
    private let lock = NSLock()
    private var failures: [String] = []
    func record(_ failure: String) { lock.withLock { failures.append(failure) } }
    var all: [String] { lock.withLock { failures } }
}
