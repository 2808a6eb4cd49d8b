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

    func testChildRunsUnderInitAndProcShowsOnlyItsOwnProcesses() throws {
        // nsjail/bubblewrap --unshare-pid with a fresh /proc: no host process is visible; PID 1 is
        // squall-init (InitTests), the program PID 2.
        let layout = try IsolatedLayout.make(for: self)
        let program = """
        import os, subprocess
        print(os.getpid())
        helper = subprocess.Popen(['/bin/sleep', '30'])
        print(sorted(int(name) for name in os.listdir('/proc') if name.isdigit()) == sorted([1, os.getpid(), helper.pid]))
        helper.kill(); helper.wait()
        """
        let child = try layout.python(program, policy: isolatedPolicy())
        XCTAssertEqual(child.stdout, "2\nTrue\n", child.stderr)
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
