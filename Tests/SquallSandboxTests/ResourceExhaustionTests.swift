import Foundation
@testable import SquallSandbox
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Children that try to exhaust the machine are stopped by their limits, the supervisor keeps
/// working, and nothing of them is left behind.
final class ResourceExhaustionTests: XCTestCase {
    private func policy(_ limits: ResourceLimits) throws -> SandboxPolicy {
        var policy = try defaultPolicy()
        policy.limits = limits
        return policy
    }

    func testAForkBombIsStoppedByPidsMaxAndTheSupervisorStaysHealthy() throws {
        // Anchor: nsjail's pids cgroup (RLIMIT_NPROC is ignored for root, reproduced here).
        let limits = ResourceLimits(addressSpaceBytes: 4 << 30, pids: 24, memoryBytes: 512 << 20)
        let lease = try XCTUnwrap(try CgroupHost.shared.lease(limits: limits))
        // `sleep` keeps the shell, the program of the bomb's pid namespace, alive: were it to exit,
        // squall-init would too and the kernel end the whole namespace, racing the bomb to its limit (`wait` returns as soon
        // as the first pipeline's subshells have forked and exited).
        let bomb = try Launcher.launch(LaunchSpec(executable: "/bin/bash", arguments: ["-c", ":(){ :|:& };:; sleep 300"],
                                                  policy: try policy(limits), cgroup: lease))
        XCTAssertTrue(eventually(within: 60) { lease.exhaustion().contains(.pids(limit: 24)) },
                      "the bomb hit pids.max")
        XCTAssertLessThanOrEqual(lease.processes().count, 24)

        // While the bomb is at its limit, the supervisor can still start children.
        let during = collect(try Launcher.launch(LaunchSpec(executable: "/bin/echo", arguments: ["alive"],
                                                            policy: try defaultPolicy())))
        XCTAssertEqual(during.stdout, "alive\n")

        let seen = lease.processes()
        bomb.signalGroup(SIGKILL)
        try lease.release()
        _ = bomb.wait()
        bomb.close()
        XCTAssertTrue(seen.allSatisfy(processIsGone), "every process of the bomb is gone")
        XCTAssertTrue(lease.directories.allSatisfy { !FileManager.default.fileExists(atPath: $0) })
        XCTAssertEqual(CgroupKillReason.describe(termination: .signaled(SIGKILL), exhaustion: [.pids(limit: 24)], limits: limits),
                       "fork limit (24 processes) reached")

        let after = collect(try Launcher.launch(LaunchSpec(executable: "/bin/echo", arguments: ["after"],
                                                           policy: try defaultPolicy())))
        XCTAssertEqual(after.stdout, "after\n")
    }

    func testAMemoryHogIsKilledAndTheReasonReadsBackAsTheMemoryLimit() throws {
        // Anchor: nsjail's memory cgroup.
        let limits = ResourceLimits(addressSpaceBytes: 4 << 30, pids: 16, memoryBytes: 128 << 20)
        let lease = try XCTUnwrap(try CgroupHost.shared.lease(limits: limits))
        defer { try? lease.release() }
        // b"x" * n writes every byte, so the pages are really charged (a calloc'd buffer would not be).
        let code = "chunks = [b'x' * (1 << 20) for _ in range(2048)]\nprint('allocated 2 GiB')"
        let child = collect(try Launcher.launch(LaunchSpec(executable: systemPython, arguments: ["-I", "-c", code],
                                                           policy: try policy(limits), cgroup: lease)))
        XCTAssertEqual(child.termination, .signaled(SIGKILL), child.stderr)
        XCTAssertEqual(child.stdout, "")
        let exhaustion = lease.exhaustion()
        XCTAssertEqual(exhaustion, [.memory(limitBytes: 128 << 20)])
        XCTAssertEqual(CgroupKillReason.describe(termination: child.termination, exhaustion: exhaustion, limits: limits),
                       "killed: memory limit (128 MiB) exceeded")
        try lease.release()
        XCTAssertTrue(lease.directories.allSatisfy { !FileManager.default.fileExists(atPath: $0) })
    }

    func testACpuSpinnerUnderAQuotaEndsAtItsCpuTimeLimit() throws {
        // Anchor: nsjail's cpu cgroup quota and RLIMIT_CPU.
        let limits = ResourceLimits(cpuSeconds: 1, pids: 8, cpuPercent: 50)
        let lease = try XCTUnwrap(try CgroupHost.shared.lease(limits: limits))
        defer { try? lease.release() }
        let started = Date()
        let child = collect(try Launcher.launch(LaunchSpec(executable: "/bin/bash", arguments: ["-c", "while :; do :; done"],
                                                           policy: try policy(limits), cgroup: lease)))
        let wall = Date().timeIntervalSince(started)
        XCTAssertTrue([.signaled(SIGXCPU), .signaled(SIGKILL)].contains(child.termination), "\(child.termination)")
        // The quota binds only when the spinner could get more than half a core. On a busy machine
        // it got less (its 1 s of CPU took over ~1.8 s), so no period was throttled and none need be;
        // on a free one an unenforced quota would show as 0 throttled periods in about 1 s.
        XCTAssertTrue((lease.cpuThrottledPeriods() ?? 0) > 0 || wall > 1.8,
                      "the 50% quota did not hold the spinner back: \(String(format: "%.2f", wall)) s, 0 periods throttled")
        XCTAssertEqual(lease.exhaustion(), [], "neither memory nor pids ran out")
        XCTAssertEqual(CgroupKillReason.describe(termination: .signaled(SIGXCPU), exhaustion: [], limits: limits),
                       "killed: CPU time limit (1 s) exceeded")
    }

    func testTheFileSizeLimitGivesSigxfszOrEfbig() throws {
        // Anchor: nsjail's RLIMIT_FSIZE.
        let directory = NSTemporaryDirectory() + "squall-fsize-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let limits = ResourceLimits(fileSizeBytes: 1 << 20)

        // dd keeps SIGXFSZ's default action: without a pid namespace it dies of it.
        var outside = try policy(limits)
        outside.namespaces.removeAll { $0 == .pid }
        var ddSpec = LaunchSpec(executable: "/bin/dd", arguments: ["if=/dev/zero", "of=\(directory)/dd.out", "bs=65536", "count=64"],
                                policy: outside)
        ddSpec.writablePaths = [directory]
        let dd = collect(try Launcher.launch(ddSpec))
        XCTAssertEqual(dd.termination, .signaled(SIGXFSZ), dd.stderr)
        let written = try FileManager.default.attributesOfItem(atPath: directory + "/dd.out")[.size] as? Int
        XCTAssertEqual(written, 1 << 20)
        XCTAssertEqual(CgroupKillReason.describe(termination: dd.termination, exhaustion: [], limits: limits),
                       "killed: file size limit (1 MiB) exceeded")

        // In its pid namespace (the default) dd runs under squall-init, not as PID 1, so the kernel
        // delivers SIGXFSZ there too and init reports that death as dd's.
        ddSpec.policy = try policy(limits)
        ddSpec.arguments[1] = "of=\(directory)/dd-pid1.out"
        let pid1 = collect(try Launcher.launch(ddSpec))
        XCTAssertEqual(pid1.termination, .signaled(SIGXFSZ), pid1.stderr)
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: directory + "/dd-pid1.out")[.size] as? Int, 1 << 20)

        // CPython ignores SIGXFSZ, so its write fails with EFBIG instead.
        let code = """
        import errno
        try:
            with open('\(directory)/py.out', 'wb') as f:
                f.write(b'x' * (2 << 20))
        except OSError as e:
            print(errno.errorcode[e.errno])
        """
        var pythonSpec = LaunchSpec(executable: systemPython, arguments: ["-I", "-c", code], policy: try policy(limits))
        pythonSpec.writablePaths = [directory]
        let python = collect(try Launcher.launch(pythonSpec))
        XCTAssertEqual(python.termination, .exited(0), python.stderr)
        XCTAssertEqual(python.stdout, "EFBIG\n")
    }
}
