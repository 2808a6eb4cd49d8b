import Foundation
@testable import SquallSandbox
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Cgroup detection, per-launch cgroups and their removal, with real children on this host
/// (cgroup v1 hybrid, root).
final class CgroupTests: XCTestCase {
    func testThisHostOffersPidsMemoryAndCpu() {
        let availability = CgroupHost.shared.availability
        XCTAssertTrue(availability.isComplete, availability.description)
        for controller in CgroupController.allCases {
            XCTAssertNotNil(availability.placements[controller], "\(controller): \(availability)")
        }
        XCTAssertTrue(availability.description.hasPrefix("cgroups: pids: v1 at /sys/fs/cgroup/pids"), availability.description)
    }

    func testLimitsAreWrittenAndTheChildJoinsBeforeExec() throws {
        let limits = ResourceLimits(pids: 32, memoryBytes: 64 << 20, cpuPercent: 50)
        let lease = try XCTUnwrap(try CgroupHost.shared.lease(limits: limits))
        defer { try? lease.release() }
        XCTAssertEqual(lease.directories.count, 3)
        let pidsDirectory = try XCTUnwrap(lease.directories.first { $0.contains("/pids/") })
        let memoryDirectory = try XCTUnwrap(lease.directories.first { $0.contains("/memory/") })
        let cpuDirectory = try XCTUnwrap(lease.directories.first { $0.contains("/cpu/") })
        XCTAssertEqual(contents(pidsDirectory + "/pids.max"), "32")
        XCTAssertEqual(contents(memoryDirectory + "/memory.limit_in_bytes"), String(64 << 20))
        XCTAssertEqual(contents(cpuDirectory + "/cpu.cfs_quota_us"), "50000")
        XCTAssertEqual(contents(cpuDirectory + "/cpu.cfs_period_us"), "100000")

        // cat reads its own cgroup as its first act: it was moved before execve, not after.
        let spec = LaunchSpec(executable: "/bin/cat", arguments: ["/proc/self/cgroup"],
                              policy: try defaultPolicy(), cgroup: lease)
        let child = collect(try Launcher.launch(spec))
        XCTAssertEqual(child.termination, .exited(0), child.stderr)
        for controller in ["pids", "memory", "cpu"] {
            let line = child.stdout.split(separator: "\n").first { $0.split(separator: ":")[1] == controller }
            XCTAssertTrue(line?.hasSuffix("/squall/\(lease.name)") ?? false, "\(controller): \(child.stdout)")
        }
        try lease.release()
        for directory in lease.directories {
            XCTAssertFalse(FileManager.default.fileExists(atPath: directory), directory)
        }
    }

    func testReleaseKillsProcessesThatLeftTheProcessGroup() throws {
        let lease = try XCTUnwrap(try CgroupHost.shared.lease(limits: ResourceLimits(pids: 16)))
        // The grandchild starts its own session, so killing the child's group would miss it. It lets
        // go of the output pipes, or reading them to the end would wait for it.
        // Without a pid namespace (hosts that lack it): inside one, the kernel kills the detached
        // sleep as soon as the shell exits (squall-init, its PID 1, exits with it), and there would be
        // nothing left to release.
        var policy = try defaultPolicy()
        policy.namespaces.removeAll { $0 == .pid }
        let spec = LaunchSpec(executable: "/bin/sh", arguments: ["-c", "setsid -f sleep 300 </dev/null >/dev/null 2>&1"],
                              environment: ["PATH": "/usr/bin:/bin"], policy: policy, cgroup: lease)
        let child = collect(try Launcher.launch(spec))
        XCTAssertEqual(child.termination, .exited(0), child.stderr)
        let escaped = lease.processes()
        XCTAssertEqual(escaped.count, 1, "the detached sleep is still in the cgroup")
        try lease.release()
        XCTAssertTrue(escaped.allSatisfy(processIsGone))
        XCTAssertTrue(lease.directories.allSatisfy { !FileManager.default.fileExists(atPath: $0) })
        XCTAssertNoThrow(try lease.release(), "release is idempotent")
    }

    func testAReleasedLeaseFailsTheLaunchInsteadOfRunningUnconfined() throws {
        let lease = try XCTUnwrap(try CgroupHost.shared.lease(limits: ResourceLimits(pids: 16)))
        try lease.release()
        let spec = LaunchSpec(executable: "/bin/true", policy: try defaultPolicy(), cgroup: lease)
        XCTAssertThrowsError(try Launcher.launch(spec)) { error in
            XCTAssertEqual((error as? SandboxError)?.step, "cgroup", "\(error)")
        }
    }

    func testNamesAreCheckedAndNeverReused() throws {
        XCTAssertThrowsError(try CgroupHost.shared.lease(name: "../escape", limits: ResourceLimits())) { error in
            XCTAssertTrue("\(error)".contains("../escape"), "\(error)")
        }
        let name = "test-\(getpid())-duplicate"
        let first = try XCTUnwrap(try CgroupHost.shared.lease(name: name, limits: ResourceLimits()))
        defer { try? first.release() }
        XCTAssertThrowsError(try CgroupHost.shared.lease(name: name, limits: ResourceLimits())) { error in
            XCTAssertTrue("\(error)".contains("squall/\(name): already exists"), "\(error)")
        }
        XCTAssertTrue(first.directories.allSatisfy { FileManager.default.fileExists(atPath: $0) },
                      "the refused duplicate left the first lease alone")
    }

    func testWithoutCgroupsLaunchingStillWorks() throws {
        let host = CgroupHost(availability: CgroupHost.detect(mounts: [], processCgroups: [:]))
        XCTAssertFalse(host.availability.isAvailable)
        XCTAssertEqual(host.availability.description,
                       "cgroups: pids: unavailable (no cgroup hierarchy offers it); memory: unavailable (no cgroup hierarchy offers it); cpu: unavailable (no cgroup hierarchy offers it)")
        let lease = try host.lease(limits: ResourceLimits(pids: 8))
        XCTAssertNil(lease)
        let child = collect(try Launcher.launch(LaunchSpec(executable: "/bin/echo", arguments: ["ok"],
                                                           policy: try defaultPolicy(), cgroup: lease)))
        XCTAssertEqual(child.stdout, "ok\n")
    }

    func testMountinfoOfAHybridHost() {
        let mountinfo = """
        31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
        32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct
        35 31 0:32 / /sys/fs/cgroup/memory rw,relatime shared:9 - cgroup cgroup rw,memory
        41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
        """
        let mounts = CgroupMounts.parse(mountinfo: mountinfo)
        XCTAssertEqual(mounts, [
            CgroupMount(kind: .v1(controllers: ["rw", "cpu", "cpuacct"]), root: "/", mountPoint: "/sys/fs/cgroup/cpu,cpuacct"),
            CgroupMount(kind: .v1(controllers: ["rw", "memory"]), root: "/", mountPoint: "/sys/fs/cgroup/memory"),
            CgroupMount(kind: .v2, root: "/", mountPoint: "/sys/fs/cgroup/unified"),
        ])
        let own = CgroupMounts.parse(processCgroups: "4:memory:/jobs/a\n1:cpu,cpuacct:/\n0::/\n")
        XCTAssertEqual(own, ["memory": "/jobs/a", "cpu": "/", "cpuacct": "/", "": "/"])
        XCTAssertEqual(CgroupMounts.directory(of: "/jobs/a", in: mounts[1]), "/sys/fs/cgroup/memory/jobs/a")
        XCTAssertEqual(CgroupMounts.directory(of: "/", in: mounts[0]), "/sys/fs/cgroup/cpu,cpuacct")
    }

    func testMountinfoOfAContainerWithAnEscapedPathAndABindMountedRoot() {
        let mountinfo = "50 40 0:40 /lxc/c1 /sys/fs/cgroup\\040x rw - cgroup2 cgroup2 rw,nsdelegate\n"
        let mounts = CgroupMounts.parse(mountinfo: mountinfo)
        XCTAssertEqual(mounts, [CgroupMount(kind: .v2, root: "/lxc/c1", mountPoint: "/sys/fs/cgroup x")])
        XCTAssertEqual(CgroupMounts.directory(of: "/lxc/c1/job", in: mounts[0]), "/sys/fs/cgroup x/job")
        XCTAssertNil(CgroupMounts.directory(of: "/other", in: mounts[0]), "a cgroup outside the mount is not visible")
    }

    func testByteCountsReadLikeAPerson() {
        XCTAssertEqual(ByteCountText.describe(512 << 20), "512 MiB")
        XCTAssertEqual(ByteCountText.describe(1 << 30), "1 GiB")
        XCTAssertEqual(ByteCountText.describe(3 << 29), "1.5 GiB")
        XCTAssertEqual(ByteCountText.describe(100), "100 bytes")
        XCTAssertEqual(CgroupExhaustion.pids(limit: 64).description, "fork limit (64 processes) reached")
    }

    private func contents(_ path: String) -> String? {
        (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
