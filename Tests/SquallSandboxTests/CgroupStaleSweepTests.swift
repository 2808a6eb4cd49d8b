import Foundation
@testable import SquallSandbox
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The start-up sweep of cgroups left by killed supervisors, on real cgroups of this host. Each
/// test sweeps a private parent of its own under squall's parents (the host's real parents may
/// hold the live leases of other servers and test runs).
final class CgroupStaleSweepTests: XCTestCase {
    private var parents: [String] = []
    private var sleeper: Process?

    override func setUpWithError() throws {
        let placements = Set(CgroupHost.shared.availability.placements.values.map(\.directory)).sorted()
        try XCTSkipIf(placements.isEmpty, "no cgroups on this host")
        let token = "sweeptest-\(getpid())-\(UUID().uuidString.prefix(8).lowercased())"
        parents = placements.map { $0 + "/" + token }
        for parent in parents { try CgroupFiles.makeDirectory(parent) }
    }

    override func tearDown() {
        sleeper?.terminate()
        sleeper?.waitUntilExit()
        for parent in parents {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? [] {
                _ = rmdir(parent + "/" + name)
            }
            _ = rmdir(parent)
        }
    }

    func testOnlyOldEmptyCgroupsOfDeadOwnersAreRemoved() throws {
        let deadPid = try exitedProcessPid()
        let me = getpid()
        let stale = ["exec-abandoned-1234ABCD", "sensor-gone-5678EFAB", "pooled-\(deadPid)-deadbeef", "launch-\(deadPid)-deadbeef"]
        let kept = ["pooled-\(me)-0a1b2c3d", "launch-\(me)-0a1b2c3d", "exec-running-99AA88BB"]
        for parent in parents {
            for name in stale + kept { try CgroupFiles.makeDirectory(parent + "/" + name) }
        }
        // A process in exec-running in every hierarchy: a populated cgroup.
        let sleeper = Process()
        sleeper.executableURL = URL(fileURLWithPath: "/bin/sleep")
        sleeper.arguments = ["300"]
        try sleeper.run()
        self.sleeper = sleeper
        for parent in parents {
            try CgroupFiles.write(String(sleeper.processIdentifier), to: parent + "/exec-running-99AA88BB/cgroup.procs")
        }

        // Everything was made just now: too young, whatever it holds.
        let young = CgroupStaleSweep.sweep(parents: parents, olderThan: 600)
        XCTAssertEqual(young.removed, 0, young.summary)
        XCTAssertEqual(young.young, parents.count * (stale.count + kept.count), young.summary)
        XCTAssertEqual(names(), Set(stale + kept))

        // An hour on: the empty ones of dead owners go; the populated one and the live pid's stay.
        let later = CgroupStaleSweep.sweep(parents: parents, olderThan: 600, now: Date().addingTimeInterval(3600))
        XCTAssertEqual(names(), Set(kept), later.summary)
        XCTAssertEqual(later.removed, parents.count * stale.count, later.summary)
        XCTAssertEqual(later.inUse, parents.count, later.summary)
        XCTAssertEqual(later.heldByLiveProcess, parents.count * 2, later.summary)
        XCTAssertEqual(later.failed, 0, later.summary)
        XCTAssertEqual(CgroupFiles.processes(in: parents[0] + "/exec-running-99AA88BB"), [sleeper.processIdentifier])
    }

    func testASweepStopsAtItsRemovalCapAndSaysSo() throws {
        for parent in parents {
            for index in 0..<3 { try CgroupFiles.makeDirectory(parent + "/exec-old-\(index)") }
        }
        let capped = CgroupStaleSweep.sweep(parents: parents, olderThan: 600, now: Date().addingTimeInterval(3600), maximumRemovals: 2)
        XCTAssertEqual(capped.removed, 2)
        XCTAssertTrue(capped.capped)
        XCTAssertTrue(capped.summary.contains("stopped at the removal cap"), capped.summary)
        let rest = CgroupStaleSweep.sweep(parents: parents, olderThan: 600, now: Date().addingTimeInterval(3600))
        XCTAssertEqual(rest.removed, parents.count * 3 - 2, rest.summary)
        XCTAssertFalse(rest.capped)
        XCTAssertEqual(names(), [])
    }

    func testOwnerPidsAreReadOnlyFromPooledAndLaunchNames() {
        XCTAssertEqual(CgroupStaleSweep.ownerPid("pooled-123-abcd1234"), 123)
        XCTAssertEqual(CgroupStaleSweep.ownerPid("launch-77-abcd1234"), 77)
        XCTAssertNil(CgroupStaleSweep.ownerPid("exec-123-abcd1234"))
        XCTAssertNil(CgroupStaleSweep.ownerPid("pooled-x-abcd1234"))
        XCTAssertNil(CgroupStaleSweep.ownerPid("pooled-123"))
    }

    /// The names under every private parent (they must agree).
    private func names() -> Set<String> {
        let perParent = parents.map { parent in
            Set(((try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []).filter { name in
                var isDirectory: ObjCBool = false
                return FileManager.default.fileExists(atPath: parent + "/" + name, isDirectory: &isDirectory) && isDirectory.boolValue
            })
        }
        XCTAssertEqual(Set(perParent).count, 1, "\(perParent)")
        return perParent.first ?? []
    }

    /// The pid of a process that has exited and been reaped.
    private func exitedProcessPid() throws -> pid_t {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }
}
