import Foundation
import SquallStore
import XCTest

final class ProcessIdentityTests: XCTestCase {
    func testTheCurrentProcessIsAliveWithItsOwnStartTime() throws {
        let me = ProcessLiveness.current()
        XCTAssertEqual(me.pid, getpid())
        let startTime = try XCTUnwrap(me.startTime)
        XCTAssertTrue(ProcessLiveness.isAlive(pid: me.pid, startTime: startTime))
        XCTAssertTrue(ProcessLiveness.isAlive(pid: me.pid, startTime: nil))
        XCTAssertFalse(ProcessLiveness.isAlive(pid: me.pid, startTime: startTime + 1))
    }

    func testAStartedChildHasALaterStartTimeAndIsGoneOnceReaped() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sleep")
        process.arguments = ["30"]
        try process.run()
        let pid = process.processIdentifier
        let childStart = try XCTUnwrap(ProcessLiveness.startTime(pid: pid))
        XCTAssertGreaterThanOrEqual(childStart, try XCTUnwrap(ProcessLiveness.current().startTime))
        XCTAssertTrue(ProcessLiveness.isAlive(pid: pid, startTime: childStart))
        process.terminate()
        process.waitUntilExit()
        XCTAssertFalse(ProcessLiveness.isAlive(pid: pid, startTime: childStart))
        XCTAssertFalse(ProcessLiveness.isAlive(pid: pid, startTime: nil))
    }

    func testNonsensePidsAreNotAlive() {
        XCTAssertFalse(ProcessLiveness.isAlive(pid: 0, startTime: nil))
        XCTAssertFalse(ProcessLiveness.isAlive(pid: -1, startTime: nil))
    }
}
