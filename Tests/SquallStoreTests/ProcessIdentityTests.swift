import Foundation
import SquallStore
import XCTest

final class ProcessIdentityTests: XCTestCase {
    func testTheCurrentProcessIsAliveWithItsOwnStartTime() throws {
        let me = ProcessIdentity.current()
        XCTAssertEqual(me.pid, getpid())
        let startTime = try XCTUnwrap(me.startTime)
        XCTAssertTrue(ProcessIdentity.isAlive(pid: me.pid, startTime: startTime))
        XCTAssertTrue(ProcessIdentity.isAlive(pid: me.pid, startTime: nil))
        XCTAssertFalse(ProcessIdentity.isAlive(pid: me.pid, startTime: startTime + 1))
    }

    func testAStartedChildHasALaterStartTimeAndIsGoneOnceReaped() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sleep")
        process.arguments = ["30"]
        try process.run()
        let pid = process.processIdentifier
        let childStart = try XCTUnwrap(ProcessIdentity.startTime(pid: pid))
        XCTAssertGreaterThanOrEqual(childStart, try XCTUnwrap(ProcessIdentity.current().startTime))
        XCTAssertTrue(ProcessIdentity.isAlive(pid: pid, startTime: childStart))
        process.terminate()
        process.waitUntilExit()
        XCTAssertFalse(ProcessIdentity.isAlive(pid: pid, startTime: childStart))
        XCTAssertFalse(ProcessIdentity.isAlive(pid: pid, startTime: nil))
    }

    func testNonsensePidsAreNotAlive() {
        XCTAssertFalse(ProcessIdentity.isAlive(pid: 0, startTime: nil))
        XCTAssertFalse(ProcessIdentity.isAlive(pid: -1, startTime: nil))
    }
}
