import Foundation
import SquallSandbox
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Escapes from the list that other suites do not already attempt, each from a real child
/// against the exact errno, with a control that shows the attempt works where the protection is off.
final class EscapeTests: XCTestCase {
    func testTIOCSTIIntoARealPtyIsRefused() throws {
        // Anchor: CVE-2019-10063 (flatpak) and bubblewrap's --new-session: with
        // dev.tty.legacy_tiocsti=1 a process that owns a terminal pushes input into it. The child
        // takes the pty as its controlling terminal, so only the filter stands in the way.
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        XCTAssertGreaterThanOrEqual(master, 0)
        defer { close(master) }
        var unlock: Int32 = 0, number: Int32 = 0
        XCTAssertEqual(ioctl(master, 0x4004_5431, &unlock), 0)  // TIOCSPTLCK
        XCTAssertEqual(ioctl(master, 0x8004_5430, &number), 0)  // TIOCGPTN
        let slave = "/dev/pts/\(number)"
        let program = """
        import ctypes, errno, fcntl, os, termios
        fd = os.open('\(slave)', os.O_RDWR)
        fcntl.ioctl(fd, termios.TIOCSCTTY, 0)
        libc = ctypes.CDLL(None, use_errno=True)
        for byte in b'id\\n':
            if libc.ioctl(fd, termios.TIOCSTI, ctypes.byref(ctypes.c_char(byte))) != 0:
                print(errno.errorcode[ctypes.get_errno()]); break
        else:
            print('injected')
        """
        var hostDevices = try defaultPolicy()
        hostDevices.namespaces = []  // the host's /dev/pts, where the supervisor's terminals live
        XCTAssertEqual(try runPython(program, policy: hostDevices).stdout, "EPERM\n")

        var unfiltered = hostDevices
        unfiltered.seccomp = SeccompPolicy(defaultAction: .allow, rules: [])
        let control = try runPython(program, policy: unfiltered)
        XCTAssertEqual(control.stdout, "injected\n", control.stderr)
    }

    func testASetuidBinaryRunsWithTheCallersEuid() throws {
        // Anchor: bubblewrap always sets no_new_privs; reproduced here, a setuid-root binary ran
        // with euid 0 from uid 65534 without it.
        let directory = try scratchDirectory(for: self, "setuid")
        chmod(directory, 0o755)
        let binary = directory + "/id"
        try FileManager.default.copyItem(atPath: "/usr/bin/id", toPath: binary)
        XCTAssertEqual(chown(binary, 0, 0), 0)
        XCTAssertEqual(chmod(binary, 0o4755), 0)

        let control = Process()
        control.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        control.arguments = ["--reuid", "65534", "--regid", "65534", "--clear-groups", binary, "-u"]
        let output = Pipe()
        control.standardOutput = output
        try control.run()
        control.waitUntilExit()
        XCTAssertEqual(String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self), "0\n",
                       "without no_new_privs the setuid bit gives euid 0")

        var hostView = try defaultPolicy()
        hostView.namespaces = []
        hostView.identity = ProcessIdentity(uid: 65534, gid: 65534)
        let child = collect(try Launcher.launch(LaunchSpec(executable: binary, arguments: ["-u"], policy: hostView)))
        XCTAssertEqual(child.stdout, "65534\n", child.stderr)
    }

    func testALeakedDirectoryDescriptorDoesNotReachTheChild() throws {
        // Anchor: runc CVE-2024-21626 (a leaked directory fd gave the host's filesystem back) and
        // minijail's fd-leak tests: an inheritable fd of the host's / must not be open in the child.
        let leaked = open("/", O_RDONLY | O_DIRECTORY)
        XCTAssertGreaterThan(leaked, 2)
        defer { close(leaked) }
        let program = """
        import errno, os
        try:
            os.stat('etc/passwd', dir_fd=\(leaked))
            print('open')
        except OSError as error:
            print(errno.errorcode[error.errno])
        """
        XCTAssertEqual(try runPython(program, policy: defaultPolicy()).stdout, "EBADF\n")
    }
}
