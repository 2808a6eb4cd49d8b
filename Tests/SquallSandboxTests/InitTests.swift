import Foundation
@testable import SquallSandbox
import XCTest

/// squall-init is PID 1 of every child's pid namespace (as tini and bubblewrap's init are): the
/// program is its child, so signals reach it with their default action, orphans are reaped, and
/// the program's own termination is what the supervisor sees.
final class InitTests: XCTestCase {
    func testAShellKillingItselfWithSigtermDiesOfIt() throws {
        // As PID 1 the shell's own SIGTERM was dropped and it printed "survived".
        let layout = try IsolatedLayout.make(for: self)
        let child = collect(try Launcher.launch(layout.spec("/bin/sh", ["-c", "kill -TERM $$; echo survived"],
                                                            policy: try isolatedPolicy())))
        XCTAssertEqual(child.termination, .signaled(SIGTERM), child.stdout + child.stderr)
        XCTAssertEqual(child.stdout, "")
    }

    func testASigtermForTheChildIsForwardedToTheProgramsGroup() throws {
        // tini's forwarding: the supervisor signals init's group; init passes it to the program's.
        let layout = try IsolatedLayout.make(for: self)
        let script = "trap 'echo got TERM; exit 3' TERM; echo ready; while :; do /bin/sleep 0.05; done"
        let process = try Launcher.launch(layout.spec("/bin/sh", ["-c", script], policy: try isolatedPolicy()))
        XCTAssertEqual(readLine(from: process.stdoutFD), "ready")
        XCTAssertNotEqual(process.programPid, process.pid, "the program runs under init")
        process.signalGroup(SIGTERM)
        let child = collect(process)
        XCTAssertEqual(child.termination, .exited(3), child.stderr)
        XCTAssertEqual(child.stdout, "got TERM\n")
    }

    func testAnOrphanedGrandchildIsReaped() throws {
        // The shell's background sleep outlives it and is reparented to PID 1; init must reap it, or
        // it stays a zombie until the namespace dies. The deadlines only bound a broken run.
        let layout = try IsolatedLayout.make(for: self)
        let program = """
        import os, time
        os.system("/bin/sh -c '/bin/sleep 1 &'")
        def sleepers():
            found = []
            for name in os.listdir('/proc'):
                try:
                    with open('/proc/%s/stat' % name) as stat:
                        fields = stat.read().split()
                except OSError:
                    continue
                if fields[1] == '(sleep)':
                    found.append(int(fields[3]))  # its parent
            return found
        deadline = time.monotonic() + 10
        while not sleepers() and time.monotonic() < deadline:
            time.sleep(0.01)  # the shell may exit before its background child has exec'd sleep
        print('orphan', sleepers())
        while sleepers() and time.monotonic() < deadline:
            time.sleep(0.05)
        print('left', sleepers())
        """
        let child = try layout.python(program, policy: isolatedPolicy())
        XCTAssertEqual(child.termination, .exited(0), child.stderr)
        XCTAssertEqual(child.stdout, "orphan [1]\nleft []\n", child.stderr)
    }

    func testTheGroupKillEndsEveryProcessInTheNamespaceEvenOneInItsOwnSession() throws {
        // What a timeout does: SIGKILL to init's group. Init's death makes the kernel kill everything
        // left in its pid namespace, also a process that left the program's group with setsid.
        let layout = try IsolatedLayout.make(for: self)
        let process = try Launcher.launch(layout.spec("/bin/sh", ["-c", "/usr/bin/setsid /bin/sleep 1000 & echo started; wait"],
                                                      policy: try isolatedPolicy()))
        XCTAssertEqual(readLine(from: process.stdoutFD), "started")
        var sleeper: pid_t?
        XCTAssertTrue(eventually {
            sleeper = hostChildren(of: process.programPid).first { procStatus($0)["Name"] == "sleep" }
            return sleeper != nil
        })
        let escaped = try XCTUnwrap(sleeper)
        XCTAssertNotEqual(getpgid(escaped), getpgid(process.programPid), "setsid left the program's group")
        process.signalGroup(SIGKILL)
        XCTAssertEqual(process.wait(), .signaled(SIGKILL))
        XCTAssertTrue(eventually { processIsGone(escaped) }, "sleep \(escaped) outlived its namespace")
        process.close()
    }

    func testTheProbeReportsTheInit() throws {
        let posture = try SandboxProbe.run(policy: try defaultPolicy())
        XCTAssertEqual(posture.check("init")?.enforced, true, posture.check("init")?.detail ?? "no init check")
    }
}
