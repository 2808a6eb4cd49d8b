import Foundation
@testable import SquallSandbox
import XCTest

/// The warm-up that keeps the first cgroup move off a CLI's launch path: where it writes, and that
/// a launch into a cgroup ends it (it must not keep moving this process for its whole deadline).
final class CgroupMigrationWarmupTests: XCTestCase {
    func testItMovesThisProcessWithinItsOwnCgroup() {
        let availability = CgroupAvailability(
            placements: [.memory: CgroupPlacement(version: .v1, directory: "/sys/fs/cgroup/memory/user.slice/squall")],
            unavailable: [.pids: "not mounted"])
        XCTAssertEqual(CgroupMigrationWarmup.ownProcsFile(availability), "/sys/fs/cgroup/memory/user.slice/cgroup.procs")
        XCTAssertNil(CgroupMigrationWarmup.ownProcsFile(CgroupAvailability(placements: [:], unavailable: [:])))
    }

    func testALaunchIntoACgroupEndsIt() throws {
        CgroupMigrationWarmup.begin(deadline: 60)
        XCTAssertTrue(CgroupMigrationWarmup.isRunning)
        let lease = try XCTUnwrap(try CgroupHost.shared.lease(limits: ResourceLimits(pids: 16)))
        defer { try? lease.release() }
        let child = collect(try Launcher.launch(LaunchSpec(executable: "/bin/true", policy: try defaultPolicy(), cgroup: lease)))
        XCTAssertEqual(child.termination, .exited(0), child.stderr)
        // Well before its 60 s deadline: the thread ends within an interval of the launch.
        waitUntilItEnds()
        XCTAssertFalse(CgroupMigrationWarmup.isRunning)
    }

    func testItStopsAtItsDeadline() throws {
        CgroupMigrationWarmup.begin(deadline: 0.05)
        waitUntilItEnds()
        XCTAssertFalse(CgroupMigrationWarmup.isRunning)
    }

    /// The thread must be gone before the next test counts this process's descriptors.
    private func waitUntilItEnds() {
        let until = Date().addingTimeInterval(10)
        while CgroupMigrationWarmup.isRunning, Date() < until { Thread.sleep(forTimeInterval: 0.005) }
    }
}
