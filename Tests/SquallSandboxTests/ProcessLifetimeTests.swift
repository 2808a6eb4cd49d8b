import CSquallLauncher
import Foundation
@testable import SquallSandbox
import XCTest

/// Killing the group kills grandchildren; a dead parent takes its children with it.
final class ProcessLifetimeTests: XCTestCase {
    func testSignalGroupKillsGrandchildrenToo() throws {
        // Anchor: nsjail/bubblewrap --new-session: one process group per child, killed as a whole.
        let spec = LaunchSpec(executable: "/bin/sh", arguments: ["-c", "/bin/sleep 1000 & echo $!; wait"],
                              policy: try defaultPolicy())
        let process = try Launcher.launch(spec)
        _ = readLine(from: process.stdoutFD)  // the shell has started it
        // The pid the shell prints is the one inside its pid namespace; find the host's.
        let grandchild = try XCTUnwrap(hostChildren(of: process.pid).first)
        XCTAssertFalse(processIsGone(grandchild))

        process.signalGroup(SIGKILL)
        XCTAssertEqual(process.wait(), .signaled(SIGKILL))
        XCTAssertTrue(eventually { processIsGone(grandchild) }, "sleep \(grandchild) survived the group kill")
    }

    func testTryWaitReportsRunningThenFinished() throws {
        let process = try Launcher.launch(LaunchSpec(executable: "/bin/sleep", arguments: ["1000"], policy: try defaultPolicy()))
        XCTAssertNil(process.tryWait())
        // SIGKILL to the group reaches squall-init, PID 1 of the namespace, whose death ends the
        // program too; the termination is then init's own, as it had no chance to report one.
        process.signalGroup(SIGKILL)
        XCTAssertEqual(process.wait(), .signaled(SIGKILL))
        XCTAssertEqual(process.tryWait(), .signaled(SIGKILL))
    }

    func testExitDescriptorWakesOnlyOnceTheChildCanBeReaped() throws {
        // A child with closed pipes may still be running (or still tearing down its namespaces):
        // only its exit descriptor says when waitpid will find it.
        let spec = LaunchSpec(executable: "/bin/sh", arguments: ["-c", "exec >&- 2>&-; exec /bin/sleep 1000"],
                              policy: try defaultPolicy())
        let process = try Launcher.launch(spec)
        defer { process.close() }
        XCTAssertGreaterThanOrEqual(process.exitFD, 0, "pidfd_open failed: \(String(cString: strerror(errno)))")
        var buffer = [UInt8](repeating: 0, count: 16)
        XCTAssertEqual(read(process.stdoutFD, &buffer, buffer.count), 0)
        XCTAssertEqual(read(process.stderrFD, &buffer, buffer.count), 0)
        var notice = pollfd(fd: process.exitFD, events: Int16(POLLIN), revents: 0)
        XCTAssertEqual(poll(&notice, 1, 0), 0, "readable while the child runs")
        XCTAssertNil(process.tryWait())

        process.signalGroup(SIGKILL)
        XCTAssertEqual(poll(&notice, 1, -1), 1)
        XCTAssertNotEqual(notice.revents & Int16(POLLIN), 0)
        XCTAssertEqual(process.tryWait(), .signaled(SIGKILL), "readable before the child could be reaped")
    }

    func testChildMountNamespaceIsHeldUntilTheChildIsReaped() throws {
        // The namespace outlives the child (its teardown is not part of the child's exit) and is
        // let go once the child is reaped: no descriptor of ours keeps it after that.
        let process = try Launcher.launch(LaunchSpec(executable: "/bin/sleep", arguments: ["1000"], policy: try defaultPolicy()))
        let namespace = try XCTUnwrap(try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(process.pid)/ns/mnt"))
        let ours = try XCTUnwrap(try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/mnt"))
        XCTAssertNotEqual(namespace, ours)
        XCTAssertTrue(process.holdsMountNamespace)
        XCTAssertTrue(ownDescriptorTargets().contains(namespace), "no descriptor holds \(namespace)")

        process.signalGroup(SIGKILL)
        XCTAssertEqual(process.wait(), .signaled(SIGKILL))
        XCTAssertFalse(process.holdsMountNamespace)
        XCTAssertTrue(eventually { !ownDescriptorTargets().contains(namespace) }, "\(namespace) still held after the child was reaped")
    }

    private func ownDescriptorTargets() -> [String] {
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return fds.compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + $0) }
    }

    func testChildDiesWhenItsParentProcessDies() throws {
        // The intermediate is a fork of this test process that launches `sleep` through the C
        // launcher, reports the pid and waits forever; then we kill the intermediate.
        let policy = try defaultPolicy()
        let program = try SeccompFilterCache.shared.program(for: policy.seccomp)
        let spec = LaunchSpec(executable: "/bin/sleep", arguments: ["1000"], policy: policy)
        let cSpec = CLaunchSpec(spec, seccompProgram: program)
        // As Launcher.launch sets it up: the signal reaches squall-init, PID 1 of the child's pid namespace.
        let setup = try NamespaceSetup.make(for: spec, features: SandboxFeatures.current, rootMountpoint: ViewRoot.mountpoint)
        XCTAssertTrue(setup.namespaces.contains(.pid))
        cSpec.namespaceSetup = CNamespaceSetup(setup)
        var report: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&report), 0)
        let intermediate = cSpec.withSpec { specPointer -> pid_t in
            let pid = fork()
            if pid == 0 {
                // Only C calls between fork and _exit.
                var result = squall_launch_result()
                var grandchild: Int32 = squall_launch(specPointer, &result) == 0 ? result.pid : -1
                _ = write(report[1], &grandchild, 4)
                while true { pause() }
            }
            return pid
        }
        close(report[1])
        var grandchild: Int32 = 0
        XCTAssertEqual(read(report[0], &grandchild, 4), 4)
        close(report[0])
        XCTAssertGreaterThan(grandchild, 0)
        XCTAssertFalse(processIsGone(grandchild))

        kill(intermediate, SIGKILL)
        var status: Int32 = 0
        waitpid(intermediate, &status, 0)
        XCTAssertTrue(eventually { processIsGone(grandchild) }, "sleep \(grandchild) outlived its parent")
    }

    func testChildSurvivesTheExitOfTheThreadThatAskedForIt() throws {
        // PR_SET_PDEATHSIG follows the creating *thread*: launching must not tie children to
        // short-lived threads such as the ones of Swift's global executor.
        let spec = LaunchSpec(executable: "/bin/sh", arguments: ["-c", "/bin/sleep 0.5; echo alive"],
                              policy: try defaultPolicy())
        let launched = LockedBox<SandboxedProcess?>(nil)
        let request = LaunchRequest(spec: spec, launched: launched)
        var thread = pthread_t()
        let started = pthread_create(&thread, nil, { raw in
            let request = Unmanaged<LaunchRequest>.fromOpaque(raw!).takeRetainedValue()
            request.launched.value = try? Launcher.launch(request.spec)
            return nil
        }, Unmanaged.passRetained(request).toOpaque())
        XCTAssertEqual(started, 0)
        XCTAssertEqual(pthread_join(thread, nil), 0)  // the launching thread is gone now
        let process = try XCTUnwrap(launched.value)
        let child = collect(process)
        XCTAssertEqual(child.stdout, "alive\n")
        XCTAssertEqual(child.termination, .exited(0))
    }
}

final class LaunchRequest: @unchecked Sendable {
    let spec: LaunchSpec
    let launched: LockedBox<SandboxedProcess?>
    init(spec: LaunchSpec, launched: LockedBox<SandboxedProcess?>) {
        self.spec = spec
        self.launched = launched
    }
}

final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value {
        get { lock.lock(); defer { lock.unlock() }; return stored }
        set { lock.lock(); defer { lock.unlock() }; stored = newValue }
    }
    /// Read-modify-write under one lock (a get followed by a set would lose concurrent updates).
    func modify(_ change: (inout Value) -> Void) {
        lock.lock(); defer { lock.unlock() }
        change(&stored)
    }
}
