import Foundation
import SquallModel
@testable import SquallTimers
import XCTest

final class TimerScheduleTests: XCTestCase {
    /// A UTC date from "YYYY-MM-DD HH:MM:SS".
    func utc(_ text: String) -> Date { TimerDateParser.parse(text, timeZone: TimeZone(identifier: "UTC")!)! }

    func cron(_ parameters: [String: JSONValue]) throws -> CronSchedule { try CronSchedule(parameters: parameters) }

    func testLessSignificantFieldsDefaultToTheirMinimum() throws {
        // hour=3 alone: every day at 03:00:00 (minute and second default to 0, day/month to *).
        let schedule = try cron(["hour": 3])
        XCTAssertEqual(schedule.nextFireDate(after: utc("2026-05-10 01:00:00")), utc("2026-05-10 03:00:00"))
        XCTAssertEqual(schedule.nextFireDate(after: utc("2026-05-10 03:00:00")), utc("2026-05-11 03:00:00"))
        // second="*/10" alone: every 10 seconds.
        let tens = try cron(["second": "*/10"])
        XCTAssertEqual(tens.nextFireDate(after: utc("2026-05-10 01:00:03")), utc("2026-05-10 01:00:10"))
        // minute=5: every hour at :05:00.
        XCTAssertEqual(try cron(["minute": 5]).nextFireDate(after: utc("2026-05-10 01:07:00")), utc("2026-05-10 02:05:00"))
    }

    func testRangesListsStepsNamesAndWeekdays() throws {
        // Weekdays at 09:30 (2026-05-09 is a Saturday).
        let weekdays = try cron(["day_of_week": "mon-fri", "hour": 9, "minute": 30])
        XCTAssertEqual(weekdays.nextFireDate(after: utc("2026-05-09 12:00:00")), utc("2026-05-11 09:30:00"))
        // APScheduler numbers weekdays from Monday = 0: 6 is Sunday.
        XCTAssertEqual(try cron(["day_of_week": "6", "hour": 0]).nextFireDate(after: utc("2026-05-09 12:00:00")),
                       utc("2026-05-10 00:00:00"))
        let quarters = try cron(["month": "jan,apr,jul,oct", "day": 1, "hour": 0])
        XCTAssertEqual(quarters.nextFireDate(after: utc("2026-05-09 00:00:00")), utc("2026-07-01 00:00:00"))
        let stepped = try cron(["minute": "10-40/15"])
        XCTAssertEqual(stepped.nextFireDate(after: utc("2026-05-09 00:26:00")), utc("2026-05-09 00:40:00"))
        XCTAssertEqual(stepped.nextFireDate(after: utc("2026-05-09 00:40:00")), utc("2026-05-09 01:10:00"))
        let lastDay = try cron(["day": "last", "hour": 23, "minute": 59])
        XCTAssertEqual(lastDay.nextFireDate(after: utc("2028-02-03 00:00:00")), utc("2028-02-29 23:59:00"))
    }

    func testYearsAndImpossibleSchedules() throws {
        XCTAssertEqual(try cron(["year": 2030, "month": 6]).nextFireDate(after: utc("2026-01-01 00:00:00")),
                       utc("2030-06-01 00:00:00"))
        XCTAssertNil(try cron(["year": 2020]).nextFireDate(after: utc("2026-01-01 00:00:00")))
        XCTAssertNil(try cron(["month": 2, "day": 30]).nextFireDate(after: utc("2026-01-01 00:00:00")))
    }

    func testTimezoneApplies() throws {
        // 09:00 in New York is 13:00 UTC in summer (EDT, -4).
        let schedule = try cron(["hour": 9, "timezone": "America/New_York"])
        XCTAssertEqual(schedule.nextFireDate(after: utc("2026-07-01 00:00:00")), utc("2026-07-01 13:00:00"))
    }

    func testBadCronParametersNameTheField() {
        let cases: [([String: JSONValue], String)] = [
            (["hour": 24], "hour"), (["minute": "5-1"], "minute"), (["day_of_week": "funday"], "day_of_week"),
            (["second": "*/0"], "second"), (["hour": "last"], "hour"), (["hour": 1.5], "hour"),
            (["timezone": "Mars/Olympus"], "timezone"), (["hours": 1], "hours"),
        ]
        for (parameters, field) in cases {
            XCTAssertThrowsError(try cron(parameters), "\(parameters)") { error in
                XCTAssertEqual((error as? TimerError)?.parameter, field, "\(error)")
            }
        }
    }

    func testIntervalAndDateTimers() throws {
        let start = utc("2026-05-09 00:00:00")
        let interval = try TimerSchedule(triggerRef: "core.st2.IntervalTimer", parameters: ["unit": "minutes", "delta": 5])
        XCTAssertEqual(interval.nextFireDate(after: nil, start: start), utc("2026-05-09 00:05:00"))
        XCTAssertEqual(interval.nextFireDate(after: utc("2026-05-09 00:05:00"), start: start), utc("2026-05-09 00:10:00"))
        let once = try TimerSchedule(triggerRef: "core.st2.DateTimer", parameters: ["date": "2026-05-09 12:00:00", "timezone": "Europe/Paris"])
        XCTAssertEqual(once.nextFireDate(after: nil, start: start), utc("2026-05-09 10:00:00"))
        XCTAssertNil(once.nextFireDate(after: utc("2026-05-09 10:00:00"), start: start))
        let past = try TimerSchedule(triggerRef: "core.st2.DateTimer", parameters: ["date": "2020-01-01T00:00:00Z"])
        XCTAssertNil(past.nextFireDate(after: nil, start: start), "a past date is skipped")
        XCTAssertThrowsError(try TimerSchedule(triggerRef: "core.st2.IntervalTimer", parameters: ["unit": "fortnights", "delta": 1]))
        XCTAssertThrowsError(try TimerSchedule(triggerRef: "core.st2.IntervalTimer", parameters: ["unit": "seconds", "delta": 0]))
        XCTAssertThrowsError(try TimerSchedule(triggerRef: "core.st2.DateTimer", parameters: ["date": "soon"]))
        XCTAssertThrowsError(try TimerSchedule(triggerRef: "core.st2.Other", parameters: [:]))
    }

    /// Foundation's timed waits trap after 2262-04-11: no timer may reach that far, and no interval
    /// may be shorter than a second (st2's integer delta in seconds at the finest).
    func testTimersStayWithinWhatTheSchedulerCanHold() throws {
        let refused: [(String, [String: JSONValue], String)] = [
            ("core.st2.DateTimer", ["date": "2400-01-01 00:00:00"], "date"),
            ("core.st2.DateTimer", ["date": "2262-01-01T00:00:00Z"], "date"),
            ("core.st2.DateTimer", ["date": "2030-01-01 00:00:1e20"], "date"),
            ("core.st2.DateTimer", ["date": "2030-01-01 00:00:nan"], "date"),
            ("core.st2.DateTimer", ["date": "9223372036854775807-01-01 00:00:00"], "date"),
            ("core.st2.DateTimer", ["date": "2030-01-01 99999999999:00:00"], "date"),
            ("core.st2.CronTimer", ["year": 9999], "year"),
            ("core.st2.CronTimer", ["year": "2030-2262"], "year"),
            ("core.st2.IntervalTimer", ["unit": "days", "delta": 1_000_000], "delta"),
            ("core.st2.IntervalTimer", ["unit": "seconds", "delta": 100_000_000_000], "delta"),
            ("core.st2.IntervalTimer", ["unit": "weeks", "delta": .double(.infinity)], "delta"),
            ("core.st2.IntervalTimer", ["unit": "weeks", "delta": .double(.nan)], "delta"),
            ("core.st2.IntervalTimer", ["unit": "seconds", "delta": 0.000001], "delta"),
            ("core.st2.IntervalTimer", ["unit": "seconds", "delta": 0.5], "delta"),
            ("core.st2.IntervalTimer", ["unit": "seconds", "delta": -1], "delta"),
        ]
        for (ref, parameters, field) in refused {
            XCTAssertThrowsError(try TimerSchedule(triggerRef: ref, parameters: parameters), "\(parameters)") { error in
                XCTAssertEqual((error as? TimerError)?.parameter, field, "\(error)")
            }
        }
        let start = utc("2026-05-09 00:00:00")
        XCTAssertNotNil(try TimerSchedule(triggerRef: "core.st2.DateTimer", parameters: ["date": "2261-12-31 23:59:59"]).nextFireDate(after: nil, start: start))
        XCTAssertEqual(try cron(["year": 2261]).nextFireDate(after: start), utc("2261-01-01 00:00:00"))
        XCTAssertEqual(try TimerSchedule(triggerRef: "core.st2.IntervalTimer", parameters: ["unit": "minutes", "delta": 0.5]).nextFireDate(after: nil, start: start),
                       utc("2026-05-09 00:00:30"), "a fraction of a minute is still whole seconds")
        XCTAssertNotNil(try TimerSchedule(triggerRef: "core.st2.IntervalTimer", parameters: ["unit": "days", "delta": 36_500]).nextFireDate(after: nil, start: start))
        // A wildcard year ends with the last year a timer may name.
        XCTAssertNil(try cron(["month": 2, "day": 29]).nextFireDate(after: utc("2261-03-01 00:00:00")))
    }

    func testPayloadLooksLikeSt2s() {
        XCTAssertEqual(TimerPayload.make(firedAt: utc("2026-05-09 00:00:00").addingTimeInterval(0.123456)),
                       ["executed_at": "2026-05-09 00:00:00.123456+00:00", "schedule": .null])
        XCTAssertEqual(TimerPayload.make(firedAt: utc("2026-05-09 00:00:00"))["executed_at"], "2026-05-09 00:00:00+00:00")
    }
}
