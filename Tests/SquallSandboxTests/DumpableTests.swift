import Foundation
@testable import SquallSandbox
import XCTest

/// Children are non-dumpable after execve (nsjail and bubblewrap children inherit it from their
/// setup; here the view's execute-only dynamic loader makes the kernel mark each exec), so a
/// process of the same uid cannot read their /proc/<pid>/environ or mem.
final class DumpableTests: XCTestCase {
    static let dumpableProbe = "import ctypes; print(ctypes.CDLL(None).prctl(3, 0, 0, 0, 0))"  // PR_GET_DUMPABLE

    func testChildrenInTheViewAreNotDumpableAndWithoutItTheyAre() throws {
        let layout = try IsolatedLayout.make(for: self)
        XCTAssertEqual(try layout.python(Self.dumpableProbe, policy: defaultPolicy()).stdout, "0\n")
        let shell = try layout.python("import subprocess; print(subprocess.run(['/bin/sh', '-c', 'cat /proc/self/status >/dev/null; "
                                      + "python3 -c \"\(Self.dumpableProbe)\"'], capture_output=True, text=True).stdout.strip())",
                                      policy: defaultPolicy())
        XCTAssertEqual(shell.stdout, "0\n", "every exec below the child too: \(shell.stderr)")
        // The control: without the mount namespace there is no view, and execve leaves it dumpable.
        var hostView = try defaultPolicy()
        hostView.namespaces = []
        XCTAssertEqual(try runPython(Self.dumpableProbe, policy: hostView).stdout, "1\n")
    }

    func testASameUidProcessCannotReadAChildsEnvironOrMemory() throws {
        // The escape reproduced on this host: same uid, no pid namespace between them, and the
        // secret in the target's environment read through /proc (ptrace denied or not).
        let layout = try IsolatedLayout.make(for: self)
        func target(_ policy: SandboxPolicy) throws -> SandboxedProcess {
            var spec = layout.spec("/bin/sleep", ["60"], policy: policy)
            spec.environment["SQUALL_TEST_SECRET"] = "sw0rdfish"
            return try Launcher.launch(spec)
        }
        func attack(_ pid: pid_t) throws -> String {
            // Another process of the same pack uid on the host's /proc (no namespaces at all).
            var attacker = try defaultPolicy()
            attacker.namespaces = []
            let program = """
            import errno
            for name in ['environ', 'mem']:
                try:
                    with open('/proc/\(pid)/' + name, 'rb') as f:
                        print(name, 'read', b'sw0rdfish' in f.read(65536) if name == 'environ' else 'opened')
                except OSError as e:
                    print(name, errno.errorcode[e.errno])
            """
            var spec = layout.spec(systemPython, ["-I", "-c", program], policy: attacker)
            spec.tmpDirectory = nil
            spec.writablePaths = []
            spec.readOnlyPaths = []
            return collect(try Launcher.launch(spec)).stdout
        }
        let sandboxed = try target(try defaultPolicy())
        defer { sandboxed.signalGroup(SIGKILL); _ = sandboxed.wait(); sandboxed.close() }
        XCTAssertTrue(eventually { procStatus(sandboxed.programPid)["Name"] == "sleep" })
        XCTAssertEqual(try attack(sandboxed.programPid), "environ EACCES\nmem EACCES\n")

        // The control: the same target without the view is dumpable, and its secret is readable.
        var plain = try defaultPolicy()
        plain.namespaces = []
        let exposed = try target(plain)
        defer { exposed.signalGroup(SIGKILL); _ = exposed.wait(); exposed.close() }
        XCTAssertTrue(eventually { procStatus(exposed.pid)["Name"] == "sleep" })
        XCTAssertTrue(try attack(exposed.pid).hasPrefix("environ read True\n"))
    }
}
