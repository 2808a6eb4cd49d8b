import Foundation
import SquallSandbox
import XCTest

/// The view's /etc/passwd and /etc/group are generated for the child: its own ids have a name
/// (st2's `stanley`), and no host account is listed (bubblewrap users do the same with
/// `--ro-bind-data` of a one-line passwd).
final class ViewIdentityFilesTests: XCTestCase {
    func testWhoamiAndIdNameTheChildAndNothingOfTheHostIsListed() throws {
        let layout = try IsolatedLayout.make(for: self)
        let script = "whoami; id; cat /etc/passwd /etc/group"
        let child = collect(try Launcher.launch(layout.spec("/bin/sh", ["-c", script], policy: isolatedPolicy())))
        XCTAssertEqual(child.termination, .exited(0), child.stderr)
        XCTAssertEqual(child.stdout, """
        stanley
        uid=1000(stanley) gid=1000(stanley) groups=1000(stanley)
        root:x:0:0:root:/root:/usr/sbin/nologin
        stanley:x:1000:1000:stanley:/tmp:/bin/sh
        nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
        root:x:0:
        stanley:x:1000:
        nogroup:x:65534:

        """, child.stderr)
    }

    func testPythonFindsItsOwnUserAndFilesOfUnmappedOwnersShowAsNobody() throws {
        // A host-root file seen through the user namespace belongs to the overflow uid 65534.
        let layout = try IsolatedLayout.make(for: self)
        let program = """
        import grp, os, pwd
        me = pwd.getpwuid(os.getuid())
        print(me.pw_name, me.pw_dir, grp.getgrgid(os.getgid()).gr_name)
        owner = os.stat('/usr/bin').st_uid
        print(owner, pwd.getpwuid(owner).pw_name)
        try:
            pwd.getpwnam('daemon')
            print('daemon listed')
        except KeyError:
            print('daemon unknown')
        """
        let child = try layout.python(program, policy: isolatedPolicy())
        XCTAssertEqual(child.stdout, "stanley /tmp stanley\n65534 nobody\ndaemon unknown\n", child.stderr)
    }

    func testAnOperatorPolicyListingTheHostFilesStillGetsTheGeneratedOnes() throws {
        // The policy cannot put the host's account list back: the generated binds replace it.
        let layout = try IsolatedLayout.make(for: self)
        var policy = try isolatedPolicy()
        policy.filesystem?.readOnly += ["/etc/passwd", "/etc/group"]
        let child = collect(try Launcher.launch(layout.spec("/bin/sh", ["-c", "grep -c . /etc/passwd; getent passwd daemon || echo none"],
                                                            policy: policy)))
        XCTAssertEqual(child.stdout, "3\nnone\n", child.stderr)
    }
}
