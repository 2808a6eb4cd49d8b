@testable import SquallSandbox
import XCTest

/// The shipped seccomp policy is an allowlist (Docker's and minijail's model): what is not listed
/// answers EPERM, and argument rules still narrow the listed ioctl, socket and clone.
final class SeccompAllowlistTests: XCTestCase {
    /// x86_64 numbers of calls no traced workload made; each is harmless or fails harmlessly
    /// without a filter (the control below shows they are not EPERM then).
    static let unlisted: [(name: String, call: String)] = [
        ("sysfs", "139, 3"),                       // number of filesystem types: plain success
        ("personality", "135, 0xffffffff"),        // query only (Docker allows it with fixed arguments)
        ("name_to_handle_at", "303, -1, None, None, None, 0"),  // the "shocker" container escape
        ("chroot", "161, None"),
        ("seccomp", "317, 0, 0, None"),
    ]

    func testUnlistedSyscallsAnswerEPERM() throws {
        let child = try runPython(SeccompDenialTests.probeProgram(Self.unlisted), policy: defaultPolicy())
        XCTAssertEqual(child.termination, .exited(0), child.stderr)
        let results = SeccompDenialTests.results(of: child)
        for probe in Self.unlisted {
            XCTAssertEqual(results[probe.name]?.result, -1, probe.name)
            XCTAssertEqual(results[probe.name]?.errno, EPERM, probe.name)
        }
    }

    func testWithoutTheFilterTheUnlistedProbesAreNotEPERM() throws {
        var policy = try defaultPolicy()
        policy.seccomp = SeccompPolicy(defaultAction: .allow, rules: [])
        let results = SeccompDenialTests.results(of: try runPython(SeccompDenialTests.probeProgram(Self.unlisted), policy: policy))
        for name in ["sysfs", "personality"] {
            XCTAssertNotEqual(results[name]?.errno, EPERM, name)
            XCTAssertGreaterThanOrEqual(results[name]?.result ?? -1, 0, name)
        }
    }

    func testAFAlgAndAFVsockSocketsAreDeniedOnTheFullArgumentOthersWork() throws {
        // Docker's default profile: AF_ALG reaches the kernel's crypto code, AF_VSOCK the hypervisor.
        // The kernel reads the domain as an int, so high bits set must not slip past the rule.
        let program = """
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.syscall.restype = ctypes.c_long
        for name, domain, kind in [("alg", 38, 5), ("alg_high", 38 | (1 << 32), 5), ("vsock", 40, 1),
                                   ("inet", 2, 1), ("unix", 1, 1), ("netlink", 16, 3)]:
            ctypes.set_errno(0)
            r = libc.syscall(41, ctypes.c_long(domain), kind, 0)
            print(name, -1 if r < 0 else 0, ctypes.get_errno() if r < 0 else 0)
        """
        let child = try runPython(program, policy: defaultPolicy())
        XCTAssertEqual(child.termination, .exited(0), child.stderr)
        let results = SeccompDenialTests.results(of: child)
        for name in ["alg", "alg_high", "vsock"] {
            XCTAssertEqual(results[name]?.errno, EPERM, name)
        }
        for name in ["inet", "unix", "netlink"] {
            XCTAssertEqual(results[name]?.result, 0, "\(name): errno \(results[name]?.errno ?? -1)")
        }
    }

    func testArgumentDenialsCompileIntoTheirOwnFilterOnlyForAnAllowlist() throws {
        let shipped = try SeccompFilterCompiler.compile(defaultPolicy().seccomp)
        XCTAssertFalse(shipped.main.isEmpty)
        XCTAssertFalse(shipped.argumentFilter.isEmpty, "clone, ioctl and socket denials by argument")
        let denylist = SeccompPolicy(defaultAction: .allow, rules: [
            SeccompRule(syscalls: ["ioctl"], action: .errno(EPERM),
                        arguments: [SeccompArgumentCondition(index: 1, comparison: .maskedEqual, value: 0x5412, mask: 0xFFFF_FFFF)]),
        ])
        XCTAssertEqual(try SeccompFilterCompiler.compile(denylist).argumentFilter, [], "one filter does it")
    }

    /// `restart_syscall` is in the allowlist by reason, not by trace (Sandbox/policy/added-syscalls.txt):
    /// the kernel itself resumes coreutils' relative sleep, stopped by SIGSTOP, with it after SIGCONT
    /// (Docker allows it for the same reason). Without it the continued sleep fails with EPERM.
    func testASleepStoppedAndContinuedFinishesOnlyBecauseRestartSyscallIsAllowed() throws {
        let allowed = try stopAndContinueSleepingChild(policy: defaultPolicy())
        XCTAssertEqual(allowed.termination, .exited(0), allowed.stderr)
        var policy = try defaultPolicy()
        policy.seccomp.rules = policy.seccomp.rules.map { rule in
            var rule = rule
            rule.syscalls.removeAll { $0 == "restart_syscall" }
            return rule
        }
        let denied = try stopAndContinueSleepingChild(policy: policy)
        XCTAssertEqual(denied.termination, .exited(1))
        XCTAssertTrue(denied.stderr.contains("Operation not permitted"), denied.stderr)
    }

    /// Stops /bin/sleep while it sits in clock_nanosleep (syscall 230), continues it, and collects it.
    private func stopAndContinueSleepingChild(policy: SandboxPolicy) throws -> FinishedChild {
        var policy = policy
        policy.namespaces = []  // the pid is the sleeper itself: a signal reaches exactly it
        let process = try Launcher.launch(LaunchSpec(executable: "/bin/sleep", arguments: ["0.5"],
                                                     environment: ["LANG": "C"], policy: policy))
        let sleeping = eventually { (try? String(contentsOfFile: "/proc/\(process.pid)/syscall", encoding: .utf8))?.hasPrefix("230 ") == true }
        XCTAssertTrue(sleeping, "the child never reached clock_nanosleep")
        kill(process.pid, SIGSTOP)
        XCTAssertTrue(eventually { procStatus(process.pid)["State"]?.hasPrefix("T") == true })
        kill(process.pid, SIGCONT)
        return collect(process)
    }

    func testAZeroMQRoundTripAndLoopbackTCPWorkUnderTheAllowlist() throws {
        // Positive control: the channel library children use, over ipc:// in the private /tmp and TCP.
        let venv = try TestVirtualenv.withPyzmq()
        let program = """
        import zmq
        context = zmq.Context()
        for endpoint in ["ipc:///tmp/channel", "tcp://127.0.0.1:0"]:
            router = context.socket(zmq.ROUTER); router.bind(endpoint)
            dealer = context.socket(zmq.DEALER); dealer.connect(router.getsockopt(zmq.LAST_ENDPOINT).decode())
            dealer.send(b"ping")
            peer, message = router.recv_multipart()
            router.send_multipart([peer, message + b"-pong"])
            print(endpoint.split(":")[0], dealer.recv().decode())
            dealer.close(0); router.close(0)
        context.term()
        """
        var spec = LaunchSpec(executable: venv + "/bin/python", arguments: ["-s", "-c", program], policy: try defaultPolicy())
        spec.readOnlyPaths = [venv]
        spec.tmpDirectory = try scratchDirectory(for: self, "tmp")
        let child = collect(try Launcher.launch(spec))
        XCTAssertEqual(child.stdout, "ipc ping-pong\ntcp ping-pong\n", child.stderr)
    }
}
