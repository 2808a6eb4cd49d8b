import Foundation
import SquallSandbox
import XCTest

/// Each namespace is the child's own, seen from outside (/proc/<pid>/ns) and from inside.
final class NamespaceIsolationTests: XCTestCase {
    func testHostHasEveryProtection() {
        // The machine these tests run on offers all of them; a regression in a probe shows here.
        XCTAssertEqual(SandboxFeatures.current, .all, SandboxFeatures.current.unavailable.joined(separator: "; "))
        XCTAssertEqual(SandboxFeatures.current.unavailable, [])
    }

    func testEveryNamespaceDiffersFromTheSupervisors() throws {
        // nsjail's default: user, pid, mnt, ipc, uts, net all new.
        let layout = try IsolatedLayout.make(for: self)
        let process = try Launcher.launch(layout.spec("/bin/sleep", ["30"], policy: try isolatedPolicy()))
        defer { process.signalGroup(SIGKILL); _ = process.wait() }
        for namespace in ["user", "pid", "mnt", "ipc", "uts", "net"] {
            let theirs = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(process.pid)/ns/\(namespace)")
            let ours = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/\(namespace)")
            XCTAssertNotEqual(theirs, ours, namespace)
        }
    }

    func testHostnameInsideIsTheChildsOwn() throws {
        // bubblewrap --unshare-uts --hostname: the name set inside never reaches the host.
        let layout = try IsolatedLayout.make(for: self)
        let hostBefore = ProcessInfo.processInfo.hostName
        let child = try layout.python("import socket; print(socket.gethostname())", policy: isolatedPolicy())
        XCTAssertEqual(child.stdout, "squall\n", child.stderr)
        XCTAssertEqual(ProcessInfo.processInfo.hostName, hostBefore)
        XCTAssertNotEqual(hostBefore, "squall")
    }

    func testChildIsPid1AndProcShowsOnlyItsOwnProcesses() throws {
        // nsjail/bubblewrap --unshare-pid with a fresh /proc: no host process is visible.
        let layout = try IsolatedLayout.make(for: self)
        let program = """
        import os, subprocess
        print(os.getpid())
        helper = subprocess.Popen(['/bin/sleep', '30'])
        print(sorted(int(name) for name in os.listdir('/proc') if name.isdigit()) == sorted([1, helper.pid]))
        helper.kill(); helper.wait()
        """
        let child = try layout.python(program, policy: isolatedPolicy())
        XCTAssertEqual(child.stdout, "1\nTrue\n", child.stderr)
    }

    func testPid1IgnoresSigtermButTheGroupKillEndsTheWholeNamespace() throws {
        // PID 1 of a namespace gets no default action for signals it does not handle; SIGKILL to the
        // group from the parent namespace works, and PID 1's death takes every process inside.
        let layout = try IsolatedLayout.make(for: self)
        let process = try Launcher.launch(layout.spec("/bin/sh", ["-c", "/bin/sleep 1000 & echo started; wait"],
                                                      policy: try isolatedPolicy()))
        XCTAssertEqual(readLine(from: process.stdoutFD), "started")
        let children = try String(contentsOfFile: "/proc/\(process.pid)/task/\(process.pid)/children", encoding: .utf8)
        let sleeper = try XCTUnwrap(pid_t(children.trimmingCharacters(in: .whitespacesAndNewlines)))
        kill(process.pid, SIGTERM)
        XCTAssertNil(process.tryWait(), "PID 1 died of an unhandled SIGTERM")
        process.signalGroup(SIGKILL)
        XCTAssertEqual(process.wait(), .signaled(SIGKILL))
        XCTAssertTrue(eventually { processIsGone(sleeper) })
    }

    func testWithoutTheHostFeaturesTheLaunchStillWorks() throws {
        // Degrading honestly: a host without namespaces runs the child with that protection off.
        let layout = try IsolatedLayout.make(for: self)
        let none = SandboxFeatures(namespaces: [], filesystemView: false, perPackIdentity: false)
        XCTAssertEqual(none.unavailable.count, SandboxNamespace.allCases.count + 2)
        let spec = layout.spec("/bin/sh", ["-c", "readlink /proc/self/ns/pid; id -u"], policy: try isolatedPolicy())
        let child = collect(try Launcher.launch(spec, assuming: none))
        let ours = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/pid")
        XCTAssertEqual(child.stdout, "\(ours)\n\(getuid())\n", child.stderr)
    }
}
