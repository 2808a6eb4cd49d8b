import SquallSandbox
import XCTest

/// Real children under the default policy: denied syscalls answer EPERM, TIOCSTI is refused.
final class SeccompDenialTests: XCTestCase {
    /// x86_64 numbers. Every call uses arguments that would fail harmlessly (or succeed
    /// harmlessly) without the filter, so only the filter can turn them into EPERM.
    static let probes: [(name: String, call: String)] = [
        ("mount", "165, None, None, None, 0, None"),
        ("umount2", "166, None, 0"),
        ("pivot_root", "155, None, None"),
        ("kexec_load", "246, 0, 0, None, 0"),
        ("kexec_file_load", "320, -1, -1, 0, None, 0"),
        ("init_module", "175, None, 0, None"),
        ("finit_module", "313, -1, None, 0"),
        ("delete_module", "176, None, 0"),
        ("bpf", "321, 0, None, 0"),
        ("ptrace", "101, 0, 0, 0, 0"),
        ("process_vm_readv", "310, 1, None, 0, None, 0, 0"),
        ("process_vm_writev", "311, 1, None, 0, None, 0, 0"),
        ("keyctl", "250, 0, -3, 0"),
        ("add_key", "248, None, None, None, 0, 0"),
        ("request_key", "249, None, None, None, 0"),
        ("userfaultfd", "323, 0"),
        ("perf_event_open", "298, None, 0, -1, -1, 0"),
        ("swapon", "167, None, 0"),
        ("swapoff", "168, None"),
        ("reboot", "169, 0, 0, 0, None"),
        ("unshare", "272, 0"),
        ("setns", "308, -1, 0"),
    ]

    /// A Python program that runs each probe and prints `name errno` lines.
    static func probeProgram(_ probes: [(name: String, call: String)]) -> String {
        var lines = ["import ctypes", "libc = ctypes.CDLL(None, use_errno=True)",
                     "libc.syscall.restype = ctypes.c_long"]
        for probe in probes {
            lines.append("ctypes.set_errno(0); r = libc.syscall(\(probe.call))")
            lines.append("print('\(probe.name)', r, ctypes.get_errno() if r == -1 else 0)")
        }
        return lines.joined(separator: "\n")
    }

    static func results(of child: FinishedChild) -> [String: (result: Int, errno: Int32)] {
        var table: [String: (Int, Int32)] = [:]
        for line in child.stdout.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 3 { table[String(parts[0])] = (Int(parts[1])!, Int32(parts[2])!) }
        }
        return table
    }

    func testEveryRequiredSyscallReturnsEPERMInARealChild() throws {
        // Anchor: Docker's default profile and minijail policies keep these out of reach (EPERM).
        let child = try runPython(Self.probeProgram(Self.probes), policy: defaultPolicy())
        XCTAssertEqual(child.termination, .exited(0), child.stderr)
        let results = Self.results(of: child)
        for probe in Self.probes {
            guard let outcome = results[probe.name] else { XCTFail("no result for \(probe.name)"); continue }
            XCTAssertEqual(outcome.result, -1, probe.name)
            XCTAssertEqual(outcome.errno, EPERM, "\(probe.name) answered errno \(outcome.errno)")
        }
    }

    func testWithoutRulesTheSameProbeSucceeds() throws {
        // The control: unshare(0) succeeds and keyctl is not EPERM when the policy denies nothing,
        // so EPERM above comes from the filter and not from the machine.
        var policy = try defaultPolicy()
        policy.seccomp = SeccompPolicy(defaultAction: .allow, rules: [])
        let probes = Self.probes.filter { ["unshare", "keyctl"].contains($0.name) }
        let results = Self.results(of: try runPython(Self.probeProgram(probes), policy: policy))
        XCTAssertEqual(results["unshare"]?.result, 0)
        XCTAssertNotEqual(results["keyctl"]?.errno, EPERM)
    }

    func testCloneWithNamespaceFlagsIsDeniedAndClone3IsUnavailable() throws {
        // Anchor: Docker's profile: clone only without CLONE_NEW* flags, clone3 -> ENOSYS (glibc falls back).
        let program = """
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        for name, flag in [("newuser", 0x10000000), ("newnet", 0x40000000), ("newns", 0x00020000), ("newpid", 0x20000000)]:
            r = libc.syscall(56, flag | 17, 0, 0, 0, 0)
            print(name, r, ctypes.get_errno())
        r = libc.syscall(435, None, 0)
        print("clone3", r, ctypes.get_errno())
        """
        let child = try runPython(program, policy: defaultPolicy())
        XCTAssertEqual(child.termination, .exited(0), child.stderr)
        let results = Self.results(of: child)
        for name in ["newuser", "newnet", "newns", "newpid"] {
            XCTAssertEqual(results[name]?.result, -1, name)
            XCTAssertEqual(results[name]?.errno, EPERM, name)
        }
        XCTAssertEqual(results["clone3"]?.errno, ENOSYS)
    }

    func testTIOCSTIIsDeniedEvenWithHighBitsSetButOtherIoctlsAreNot() throws {
        // Anchor: CVE-2019-10063 (flatpak): the filter must compare the low 32 bits only.
        // fd 0 is /dev/null: without the filter every one of these would be ENOTTY.
        let program = """
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        char = ctypes.c_char_p(b"x")
        for name, request in [("tiocsti", 0x5412), ("tiocsti_high", 0x5412 | (1 << 32)), ("tioclinux", 0x541C), ("tiocgwinsz", 0x5413)]:
            ctypes.set_errno(0)
            r = libc.syscall(16, 0, ctypes.c_ulong(request), char)
            print(name, r, ctypes.get_errno())
        """
        let child = try runPython(program, policy: defaultPolicy())
        XCTAssertEqual(child.termination, .exited(0), child.stderr)
        let results = Self.results(of: child)
        XCTAssertEqual(results["tiocsti"]?.errno, EPERM)
        XCTAssertEqual(results["tiocsti_high"]?.errno, EPERM)
        XCTAssertEqual(results["tioclinux"]?.errno, EPERM)
        XCTAssertEqual(results["tiocgwinsz"]?.errno, ENOTTY)
    }
}
