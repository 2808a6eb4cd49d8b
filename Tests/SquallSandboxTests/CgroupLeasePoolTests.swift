import Foundation
@testable import SquallSandbox
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Reused cgroup leases (the server's warm forks) with real children on this host: a lease comes
/// back empty, and what the kernel counted for its last execution is not reported for the next.
final class CgroupLeasePoolTests: XCTestCase {
    func testAReusedLeaseIsEmptiedAndItsKillCountersStartAgain() throws {
        let pool = CgroupLeasePool(capacity: 2)
        let limits = ResourceLimits(pids: 4)
        let lease = try XCTUnwrap(try pool.lease(limits: limits))
        // Without a pid namespace the background sleeps outlive the shell, as escaped processes
        // would; eight of them against pids.max 4 make the kernel refuse forks and count it.
        var policy = try defaultPolicy()
        policy.namespaces.removeAll { $0 == .pid }
        let spec = LaunchSpec(executable: "/bin/sh",
                              arguments: ["-c", "for i in 1 2 3 4 5 6 7 8; do sleep 300 </dev/null >/dev/null 2>&1 & done; exit 0"],
                              environment: ["PATH": "/usr/bin:/bin"], policy: policy, cgroup: lease)
        _ = collect(try Launcher.launch(spec))
        let left = lease.processes()
        XCTAssertFalse(left.isEmpty, "sleeps are still in the cgroup")
        XCTAssertEqual(lease.exhaustion(), [.pids(limit: 4)])

        pool.giveBack(lease)
        XCTAssertTrue(left.allSatisfy(processIsGone), "giving a lease back kills what is left in it")
        XCTAssertEqual(pool.idleCount, 1)
        XCTAssertTrue(lease.directories.allSatisfy { FileManager.default.fileExists(atPath: $0) }, "kept for reuse")

        let again = try XCTUnwrap(try pool.lease(limits: limits))
        XCTAssertTrue(again === lease, "the idle lease is reused")
        XCTAssertEqual(again.processes(), [])
        XCTAssertEqual(again.exhaustion(), [], "the last execution's refused forks are not this one's")

        // The reused lease still confines: a child in it is counted and limited again.
        _ = collect(try Launcher.launch(spec))
        XCTAssertEqual(again.exhaustion(), [.pids(limit: 4)])
        pool.giveBack(again)

        let other = try XCTUnwrap(try pool.lease(limits: ResourceLimits(pids: 8)))
        XCTAssertFalse(other === lease, "leases are reused only for the same limits")
        pool.giveBack(other)
        XCTAssertEqual(pool.idleCount, 2)

        pool.drain()
        XCTAssertEqual(pool.idleCount, 0)
        for directory in lease.directories + other.directories {
            XCTAssertFalse(FileManager.default.fileExists(atPath: directory), directory)
        }
    }

    func testALeaseGivenBackToAFullOrDrainedPoolIsRemoved() throws {
        let pool = CgroupLeasePool(capacity: 1)
        let first = try XCTUnwrap(try pool.lease(limits: ResourceLimits(pids: 16)))
        let second = try XCTUnwrap(try pool.lease(limits: ResourceLimits(pids: 16)))
        pool.giveBack(first)
        pool.giveBack(second)
        XCTAssertEqual(pool.idleCount, 1)
        XCTAssertTrue(second.directories.allSatisfy { !FileManager.default.fileExists(atPath: $0) }, "over capacity: removed")
        pool.drain()
        let late = try XCTUnwrap(try pool.lease(limits: ResourceLimits(pids: 16)))
        pool.giveBack(late)
        XCTAssertEqual(pool.idleCount, 0)
        XCTAssertTrue(late.directories.allSatisfy { !FileManager.default.fileExists(atPath: $0) }, "after drain: removed")
    }
}
