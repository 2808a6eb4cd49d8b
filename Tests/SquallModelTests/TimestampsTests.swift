import Foundation
import SquallModel
import XCTest

/// st2's timestamp text: zero-padded fields, six fraction digits, `Z`.
final class TimestampsTests: XCTestCase {
    func testFormatPadsEveryFieldAndKeepsMicroseconds() {
        XCTAssertEqual(Timestamps.format(Date(timeIntervalSince1970: 0)), "1970-01-01T00:00:00.000000Z")
        // 2026-03-04T05:06:07.000089Z
        XCTAssertEqual(Timestamps.format(Date(timeIntervalSince1970: 1_772_600_767.000089)), "2026-03-04T05:06:07.000089Z")
        XCTAssertEqual(Timestamps.format(Date(timeIntervalSince1970: 1_798_761_599.5)), "2026-12-31T23:59:59.500000Z")
    }

    func testFormatPadsYearsBeforeOneThousand() {
        // 0999-01-01T00:00:00Z
        XCTAssertEqual(Timestamps.format(Date(timeIntervalSince1970: -30_641_760_000)), "0999-01-01T00:00:00.000000Z")
    }

    /// The microseconds shown are those the store keeps (the whole time rounded, as
    /// StoredTimestamp does): a record printed before it is stored and after it is read back must
    /// match (a handed-off run printed 1 µs off `execution get` when the fraction was ~.5 µs).
    func testFormatShowsTheMicrosecondsTheStoreKeeps() {
        for seconds in [1_765_154_172.2546905, 1_765_154_172.2546895, 1_765_154_172.0000005] {
            let kept = Int64((seconds * 1_000_000).rounded())
            let readBack = Date(timeIntervalSince1970: Double(kept / 1_000_000) + Double(kept % 1_000_000) / 1_000_000)
            XCTAssertEqual(Timestamps.format(Date(timeIntervalSince1970: seconds)), Timestamps.format(readBack), "\(seconds)")
            XCTAssertTrue(Timestamps.format(readBack).hasSuffix(String(format: ".%06dZ", Int(kept % 1_000_000))), "\(seconds)")
        }
    }

    /// A fraction that rounds up to a whole second carries into the seconds (it printed a second early).
    func testAFractionRoundingToAWholeSecondCarries() {
        XCTAssertEqual(Timestamps.format(Date(timeIntervalSince1970: 1.9999996)), "1970-01-01T00:00:02.000000Z")
    }
}
