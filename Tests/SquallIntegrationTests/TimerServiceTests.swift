import Foundation
import Logging
@testable import SquallEngine
import SquallModel
import SquallRules
import XCTest

/// A timer rule change remakes only that rule's timer: the other timers keep their schedules.
final class TimerServiceTests: XCTestCase {
    func interval(_ name: String, seconds: Int) -> Rule {
        Rule(name: name, pack: "squall_tests", enabled: true, triggerType: "core.st2.IntervalTimer",
             triggerParameters: ["unit": "seconds", "delta": .int(seconds)], actionRef: "core.noop")
    }

    func next(_ service: TimerService) -> [String: Date] {
        Dictionary(uniqueKeysWithValues: service.schedule.compactMap { entry in entry.next.map { (String(entry.rule.dropFirst("squall_tests.".count)), $0) } })
    }

    func testOnlyTheTimersOfChangedRulesAreRemade() throws {
        let service = TimerService(rules: [interval("hourly", seconds: 3600), interval("changing", seconds: 3600), interval("going", seconds: 60)],
                                   logger: Logger(label: "test"), fire: { _, _, _ in })
        let before = next(service)
        usleep(2_000)  // so that a timer made now would have another next date
        let kept = service.update(rules: [interval("hourly", seconds: 3600), interval("changing", seconds: 1800), interval("new", seconds: 60)])
        let after = next(service)
        XCTAssertEqual(kept, 1)
        XCTAssertEqual(Set(after.keys), ["hourly", "changing", "new"])
        XCTAssertEqual(after["hourly"], before["hourly"], "an unchanged timer keeps its schedule")
        XCTAssertNotEqual(after["changing"], before["changing"])
        XCTAssertLessThan(try XCTUnwrap(after["changing"]), try XCTUnwrap(before["changing"]), "remade with its new interval")
    }

    func testATimerAddedToARunningServiceFires() {
        let fired = expectation(description: "the added timer fired")
        fired.assertForOverFulfill = false
        let service = TimerService(rules: [interval("hourly", seconds: 3600)], logger: Logger(label: "test")) { _, parameters, _ in
            if parameters["delta"] == 1 { fired.fulfill() }
        }
        service.start()
        defer { service.stop() }
        service.update(rules: [interval("hourly", seconds: 3600), interval("fast", seconds: 1)])
        wait(for: [fired], timeout: 30)
    }
}
