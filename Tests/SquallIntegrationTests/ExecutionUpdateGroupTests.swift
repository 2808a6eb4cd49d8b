import Foundation
import SquallModel
import SquallStore
import XCTest
@testable import SquallEngine

/// Concurrent executions' record updates share transactions (ExecutionUpdateGroup) and each
/// record stays truthful: its own changes, in its own order, with its own result.
final class ExecutionUpdateGroupTests: EngineTestCase {
    func testChangesArrivingDuringAWriteShareTheNextTransaction() throws {
        let ids = (0..<3).map { _ in ExecutionID.generate() }
        for id in ids {
            try engine.store.create(Execution(id: id, action: "core.local", runner: "local-shell-cmd", parameters: [:], status: .running,
                                              log: [StatusTransition(status: .requested, timestamp: Date())], startTimestamp: Date(), context: [:]))
        }
        let group = engine.executionUpdates
        let before = group.counts
        let writing = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        let done = DispatchGroup()
        let returned = NSLock()
        nonisolated(unsafe) var records: [String: Execution] = [:]
        let engine = self.engine!
        func change(_ index: Int, _ extra: @escaping @Sendable () -> Void = {}) {
            done.enter()
            Thread.detachNewThread {
                let record = try? engine.updateOrThrow(ids[index]) { record in
                    record.context["step"] = .int(index)
                    extra()
                }
                returned.withLock { records[ids[index]] = record }
                done.leave()
            }
        }
        // The first change holds its transaction open until the other two are queued behind it.
        change(0) { writing.signal(); release.wait() }
        writing.wait()
        change(1)
        change(2)
        eventually("two changes queued behind the write") { group.queuedCount == 2 }
        release.signal()
        done.wait()
        let after = group.counts
        XCTAssertEqual(after.transactions - before.transactions, 2, "the two queued changes were written in one transaction")
        XCTAssertEqual(after.changes - before.changes, 3)
        for (index, id) in ids.enumerated() {
            let stored = try XCTUnwrap(try engine.store.execution(id: id))
            XCTAssertEqual(stored.context["step"], .int(index))
            XCTAssertEqual(returned.withLock { records[id] }, stored, "each caller gets its own record as stored")
        }
    }

    func testConcurrentExecutionsKeepTheirOwnOrderTimestampsAndResults() throws {
        let count = 8
        let done = DispatchGroup()
        let lock = NSLock()
        nonisolated(unsafe) var executions: [Int: Execution] = [:]
        let engine = self.engine!, harness = self.harness!
        for index in 0..<count {
            done.enter()
            Thread.detachNewThread {
                let execution = try? harness.run(engine, "core.local", ["cmd": .string("echo out-\(index)")])
                lock.withLock { executions[index] = execution }
                done.leave()
            }
        }
        done.wait()
        for index in 0..<count {
            let ran = try XCTUnwrap(lock.withLock { executions[index] })
            let stored = try XCTUnwrap(try engine.store.execution(id: ran.id))
            XCTAssertEqual(stored.log.map(\.status), [.requested, .scheduled, .running, .succeeded])
            let times = stored.log.map(\.timestamp)
            XCTAssertEqual(times, times.sorted(), "transitions logged in the order they happened")
            XCTAssertEqual(stored.result?["stdout"]?.stringValue, "out-\(index)")
            XCTAssertEqual(stored.result, ran.result, "the record stored is the one returned")
        }
    }
}
