import Foundation
import SquallStore
import XCTest

final class ExecutionIDTests: XCTestCase {
    func testIdsAre24LowercaseHexCharacters() {
        for _ in 0..<200 {
            let id = ExecutionID.generate()
            XCTAssertEqual(id.count, 24)
            XCTAssertTrue(id.allSatisfy { "0123456789abcdef".contains($0) }, id)
            XCTAssertTrue(ExecutionID.isWellFormed(id))
        }
        XCTAssertFalse(ExecutionID.isWellFormed("65A1B2C3D4E5F60718293A4B"))
        XCTAssertFalse(ExecutionID.isWellFormed("65a1b2c3"))
    }

    func testTheFirstFourBytesAreBigEndianSeconds() throws {
        let id = ExecutionID.generate(at: Date(timeIntervalSince1970: 1_700_000_000.9))
        XCTAssertTrue(id.hasPrefix("6553f100"), id)  // 1_700_000_000 = 0x6553F100
        XCTAssertEqual(ExecutionID.timestamp(of: id), Date(timeIntervalSince1970: 1_700_000_000))
        let now = Date()
        let current = try XCTUnwrap(ExecutionID.timestamp(of: ExecutionID.generate()))
        XCTAssertLessThanOrEqual(abs(current.timeIntervalSince(now)), 1)
    }

    func testIdsSortByCreationSecondAndAreUnique() {
        let base = Date(timeIntervalSince1970: 1_700_000_000)
        let ids = (0..<300).map { ExecutionID.generate(at: base.addingTimeInterval(Double($0 / 3))) }
        for (earlier, later) in zip(ids, ids.dropFirst()) where
            ExecutionID.timestamp(of: earlier)! < ExecutionID.timestamp(of: later)! {
            XCTAssertLessThan(earlier, later)
        }
        XCTAssertEqual(ids.map { ExecutionID.timestamp(of: $0)! }, ids.map { ExecutionID.timestamp(of: $0)! }.sorted())
        XCTAssertEqual(Set(ids).count, ids.count)
        // Within one second one process's ids still differ, and ascend (a counter) unless the counter wraps.
        let sameSecond = (0..<100).map { _ in ExecutionID.generate(at: base) }
        XCTAssertEqual(Set(sameSecond.map { $0.prefix(18) }).count, 1, "the process's random bytes are drawn once")
        let descents = zip(sameSecond, sameSecond.dropFirst()).filter { $0 >= $1 }.count
        XCTAssertLessThanOrEqual(descents, 1, "only a wrap of the 3-byte counter may break the order")
        XCTAssertEqual(Set(sameSecond).count, sameSecond.count)
    }
}
