import Foundation
import SquallModel
import XCTest

@testable import SquallEngine

/// The bounded queue between producers and the rules thread: batches, drops, and which waiting
/// instances are handed out to be recorded `pending`.
final class TriggerQueueTests: XCTestCase {
    func instance(_ n: Int, at seconds: TimeInterval) -> TriggerInstance {
        TriggerInstance(id: "i\(n)", trigger: "demo.event", payload: ["n": .int(n)], triggerParameters: nil,
                        occurredAt: Date(timeIntervalSince1970: seconds))
    }

    func testBatchesAreInArrivalOrderAndAFullQueueDrops() {
        let queue = TriggerQueue(capacity: 3)
        for n in 0..<4 { _ = queue.push(instance(n, at: Double(n))) }
        XCTAssertEqual(queue.droppedCount, 1)
        XCTAssertEqual(queue.popBatch(limit: 2)?.map(\.id), ["i0", "i1"])
        XCTAssertEqual(queue.popBatch(limit: 2)?.map(\.id), ["i2"])
        queue.close()
        XCTAssertNil(queue.popBatch(limit: 2))
    }

    func testOnlyInstancesWaitingSinceTheCutoffAreAnnouncedAndOnlyOnce() throws {
        let queue = TriggerQueue(capacity: 10)
        for n in 0..<5 { _ = queue.push(instance(n, at: Double(n))) }
        XCTAssertEqual(queue.popBatch(limit: 1)?.map(\.id), ["i0"])
        // i1 and i2 occurred at or before the cutoff; i3 and i4 have not waited long enough.
        let waiting = queue.takeUnannounced(waitingSince: Date(timeIntervalSince1970: 2))
        XCTAssertEqual(waiting.map(\.id), ["i1", "i2"])
        XCTAssertEqual(queue.takeUnannounced(waitingSince: Date(timeIntervalSince1970: 2)).map(\.id), [])
        XCTAssertEqual(queue.takeUnannounced(waitingSince: Date(timeIntervalSince1970: 10)).map(\.id), ["i3", "i4"])
        // Popped later, they say they were announced, so their final record updates the pending row.
        let rest = try XCTUnwrap(queue.popBatch(limit: 10))
        XCTAssertEqual(rest.map(\.announced), [true, true, true, true])
        _ = queue.push(instance(5, at: 5))
        XCTAssertEqual(queue.popBatch(limit: 10)?.map(\.announced), [false])
    }

    /// Issue 11: taken instances stayed in the queue's array until 1,024 had been taken, each with
    /// its payload (an action trigger's holds the execution's result), so the server grew by ~4 KiB
    /// per execution for its first ~500 and held big results long after they were handled.
    func testTakenInstancesAreReleased() {
        let queue = TriggerQueue(capacity: 10)
        for n in 0..<300 {
            _ = queue.push(instance(n, at: Double(n)))
            if n % 3 == 2 { _ = queue.takeUnannounced(waitingSince: Date(timeIntervalSince1970: Double(n))) }
            if n % 2 == 1 { XCTAssertEqual(queue.popBatch(limit: 10)?.count, 2) }
            XCTAssertEqual(queue.held, queue.depth)
        }
        XCTAssertEqual(queue.depth, 0)
    }
}
