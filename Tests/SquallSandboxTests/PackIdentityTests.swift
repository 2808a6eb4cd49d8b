import Foundation
import SquallSandbox
import XCTest

/// Per-pack identities through the user namespace, and what they stop.
final class PackIdentityTests: XCTestCase {
    func testOutsideIdsArePerPackAndInsideIsAnUnprivilegedUser() throws {
        // nsjail maps one unprivileged id; gVisor's posture test reads uids and caps from /proc.
        let layout = try IsolatedLayout.make(for: self)
        let alpha = try Launcher.launch(layout.spec("/bin/sleep", ["30"], pack: "alpha", policy: try isolatedPolicy()))
        let beta = try Launcher.launch(layout.spec("/bin/sleep", ["30"], pack: "beta", policy: try isolatedPolicy()))
        defer { for process in [alpha, beta] { process.signalGroup(SIGKILL); _ = process.wait() } }
        for (process, pack) in [(alpha, "alpha"), (beta, "beta")] {
            let status = procStatus(process.pid)
            let id = PackIdentity.forPack(pack).uid
            XCTAssertEqual(status["Uid"], "\(id)\t\(id)\t\(id)\t\(id)", pack)
            XCTAssertEqual(status["Gid"], "\(id)\t\(id)\t\(id)\t\(id)", pack)
            for set in ["CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb"] {
                XCTAssertEqual(status[set], "0000000000000000", "\(pack) \(set)")
            }
            XCTAssertEqual(status["NoNewPrivs"], "1")
        }
        XCTAssertNotEqual(PackIdentity.forPack("alpha"), PackIdentity.forPack("beta"))
        XCTAssertEqual(PackIdentity.forPack("alpha"), PackIdentity.forPack("alpha"))

        let inside = try layout.python("import os; print(os.getresuid(), os.getresgid(), os.getgroups())", policy: isolatedPolicy())
        XCTAssertEqual(inside.stdout, "(1000, 1000, 1000) (1000, 1000, 1000) []\n", inside.stderr)
    }

    func testIdsAreStableAndInTheirRange() {
        let id = PackIdentity.forPack("core").uid
        XCTAssertTrue((PackIdentity.base..<PackIdentity.base + 65536).contains(id))
        XCTAssertEqual(PackIdentity.collisions(among: ["core", "linux", "core"]), [])
    }

    func testWithPidNamespacesOtherProcessesDoNotExist() throws {
        // nsjail/bubblewrap pid namespaces: the supervisor's and another pack's pids are not
        // addressable (ESRCH) and have no /proc entry (ENOENT).
        let layout = try IsolatedLayout.make(for: self)
        let beta = try Launcher.launch(layout.spec("/bin/sleep", ["30"], pack: "beta", policy: try isolatedPolicy()))
        defer { beta.signalGroup(SIGKILL); _ = beta.wait() }
        let child = try layout.python(Self.probeProgram(targets: [getpid(), beta.pid]), policy: isolatedPolicy())
        XCTAssertEqual(child.stdout, "ESRCH ENOENT ENOENT\nESRCH ENOENT ENOENT\n", child.stderr)
    }

    func testIdentityAloneStopsSignalsAndProcReads() throws {
        // Without a pid namespace (the escape reproduced here: same uid read /proc/<pid>/mem and environ
        // and could kill), the per-pack uid alone makes the kernel answer EPERM and EACCES.
        let layout = try IsolatedLayout.make(for: self)
        var policy = try defaultPolicy()
        policy.namespaces = [.user]
        let beta = try Launcher.launch(layout.spec("/bin/sleep", ["30"], pack: "beta", policy: policy))
        defer { beta.signalGroup(SIGKILL); _ = beta.wait() }
        let child = try layout.python(Self.probeProgram(targets: [getpid(), beta.pid]), policy: policy)
        XCTAssertEqual(child.stdout, "EPERM EACCES EACCES\nEPERM EACCES EACCES\n", child.stderr)
        XCTAssertNil(beta.tryWait(), "the other pack's child was killed")
    }

    /// For each pid: kill(pid, 0) (the same permission check as any signal), open /proc/pid/mem, read /proc/pid/environ; prints the errno names.
    static func probeProgram(targets: [pid_t]) -> String {
        """
        import errno, os
        def outcome(action):
            try:
                action()
                return 'OK'
            except OSError as error:
                return errno.errorcode[error.errno]
        for pid in \(targets):
            print(outcome(lambda: os.kill(pid, 0)), outcome(lambda: open(f'/proc/{pid}/mem', 'rb').read(1)),
                  outcome(lambda: open(f'/proc/{pid}/environ', 'rb').read()))
        """
    }
}
