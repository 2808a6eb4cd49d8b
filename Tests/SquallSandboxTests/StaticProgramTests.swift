import Foundation
import SquallSandbox
import XCTest

/// A statically linked program has no ELF interpreter, so the view's execute-only loader cannot make
/// the kernel mark it non-dumpable: its /proc files stay its uid's. What protects it instead:
/// - its user namespace: reading another process's environ or mem from outside that process's user
///   namespace needs CAP_SYS_PTRACE there (commoncap), which no child has, dumpable or not;
/// - its pid namespace: the pack's other executions (the only other processes of its uid) live in
///   sibling namespaces where it has no pid, no /proc entry and cannot be signalled;
/// - seccomp denies ptrace and process_vm_* to every child.
/// Only an operator policy without the user namespace exposes it (the control below).
final class StaticProgramTests: XCTestCase {
    static let attack = """
    import errno, os, sys
    pid = int(sys.argv[1])
    try:
        os.kill(pid, 0); print('kill reached it')
    except OSError as e:
        print('kill', errno.errorcode[e.errno])
    try:
        with open('/proc/%d/environ' % pid, 'rb') as f:
            print('environ read', b'sw0rdfish' in f.read())
    except OSError as e:
        print('environ', errno.errorcode[e.errno])
    """

    func testAStaticProgramStaysDumpableButItsNamespacesKeepTheSecretFromTheSameUid() throws {
        let layout = try IsolatedLayout.make(for: self)
        let program = try compileStaticWaiter(into: layout.packDir)
        let target = try launchWaiter(program, layout: layout, policy: try defaultPolicy())
        defer { target.signalGroup(SIGKILL); _ = target.wait(); target.close() }

        // The gap, stated: the kernel leaves it dumpable (its /proc files belong to the pack's uid).
        var environ = stat()
        XCTAssertEqual(stat("/proc/\(target.pid)/environ", &environ), 0)
        XCTAssertEqual(environ.st_uid, PackIdentity.forPack("alpha").uid)

        // Another execution of the same pack under the shipped policy: its own pid namespace.
        let sibling = collect(try Launcher.launch(layout.spec(systemPython, ["-I", "-c", Self.attack, "\(target.pid)"],
                                                              policy: defaultPolicy())))
        XCTAssertEqual(sibling.stdout, "kill ESRCH\nenviron ENOENT\n", sibling.stderr)
        // The same uid on the host's pid namespace (a policy without namespaces) can signal it, but
        // the target's user namespace still refuses the read.
        XCTAssertEqual(try attackFromTheHost(target.pid, layout: layout), "kill reached it\nenviron EACCES\n")
    }

    func testWithoutNamespacesAStaticProgramsSecretIsReadableByTheSameUid() throws {
        // The control: no user namespace around the target, and being dumpable is all it takes.
        let layout = try IsolatedLayout.make(for: self)
        // Without a view the pack's uid must reach the program on the host (the layout is 0700).
        let program = try compileStaticWaiter(into: try scratchDirectory(for: self, "static"))
        var bare = try defaultPolicy()
        bare.namespaces = []
        let target = try launchWaiter(program, layout: layout, policy: bare)
        defer { target.signalGroup(SIGKILL); _ = target.wait(); target.close() }
        XCTAssertEqual(try attackFromTheHost(target.pid, layout: layout), "kill reached it\nenviron read True\n")
    }

    private func launchWaiter(_ program: String, layout: IsolatedLayout, policy: SandboxPolicy) throws -> SandboxedProcess {
        var spec = layout.spec(program, [], policy: policy)
        spec.environment["SQUALL_TEST_SECRET"] = "sw0rdfish"
        let process = try Launcher.launch(spec)
        XCTAssertEqual(readLine(from: process.stdoutFD), "waiting")
        return process
    }

    /// The attack from a process of the pack's uid without any namespace (the host's /proc).
    private func attackFromTheHost(_ pid: pid_t, layout: IsolatedLayout) throws -> String {
        var policy = try defaultPolicy()
        policy.namespaces = []
        var spec = layout.spec(systemPython, ["-I", "-c", Self.attack, "\(pid)"], policy: policy)
        spec.readOnlyPaths = []
        spec.writablePaths = []
        spec.tmpDirectory = nil
        let child = collect(try Launcher.launch(spec))
        XCTAssertEqual(child.stderr, "")
        return child.stdout
    }

    /// A real statically linked program (glibc's libc.a) that says so and waits for a signal.
    private func compileStaticWaiter(into directory: String) throws -> String {
        let source = directory + "/waiter.c", binary = directory + "/waiter"
        try "#include <stdio.h>\n#include <unistd.h>\nint main(void) { puts(\"waiting\"); fflush(stdout); pause(); return 0; }\n"
            .write(toFile: source, atomically: true, encoding: .utf8)
        let compiler = Process()
        compiler.executableURL = URL(fileURLWithPath: "/usr/bin/cc")
        compiler.arguments = ["-static", "-o", binary, source]
        try compiler.run()
        compiler.waitUntilExit()
        XCTAssertEqual(compiler.terminationStatus, 0, "cc -static")
        return binary
    }
}
