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
}
