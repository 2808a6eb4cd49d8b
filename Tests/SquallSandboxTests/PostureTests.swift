import Foundation
import SquallSandbox
import XCTest

/// The posture of a real probe child, read from /proc the way `squall sandbox check` reads it.
final class PostureTests: XCTestCase {
    func testProbeShowsWhatTheShippedDefaultEnforces() throws {
        let posture = try SandboxProbe.run(policy: try defaultPolicy())
        for name in ["seccomp", "no_new_privs", "session", "file_descriptors", "environment", "rlimits",
                     "namespace.user", "namespace.pid", "namespace.mnt", "namespace.ipc", "namespace.uts", "mounts", "identity",
                     "dumpable", "accounts"] {
            let check = try XCTUnwrap(posture.check(name), name)
            XCTAssertTrue(check.enforced, "\(name): \(check.detail)")
        }
        // The network stays the host's unless the operator denies it; the probe has no cgroup lease.
        // The probe must say so rather than claim them.
        XCTAssertEqual(posture.check("namespace.net")?.enforced, false)
        XCTAssertEqual(posture.check("cgroup")?.enforced, false)
    }

    func testPostureOfAnUnsandboxedChildIsReportedAsSuch() throws {
        // A child started without the launcher: inherits a descriptor and the whole environment.
        let leaked = open("/dev/null", O_RDONLY)
        defer { close(leaked) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sleep")
        process.arguments = ["30"]
        try process.run()
        defer { process.terminate(); process.waitUntilExit() }
        usleep(100_000)
        let posture = SandboxPosture.inspect(pid: process.processIdentifier, policy: try defaultPolicy(),
                                             environment: ["PATH": "/bin"])
        XCTAssertEqual(posture.check("seccomp")?.enforced, false)
        XCTAssertEqual(posture.check("no_new_privs")?.enforced, false)
        XCTAssertEqual(posture.check("environment")?.enforced, false)
        XCTAssertEqual(posture.check("rlimits")?.enforced, false)
        XCTAssertEqual(posture.check("accounts")?.enforced, false, posture.check("accounts")?.detail ?? "")
    }
}
