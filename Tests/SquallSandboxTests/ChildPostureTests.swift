import Foundation
import SquallSandbox
import XCTest

/// Inspects a live child from the inside: fds, environment, limits, session, privileges.
final class ChildPostureTests: XCTestCase {
    func testOnlyStandardDescriptorsReachTheChild() throws {
        // Descriptors the supervisor left inheritable (no O_CLOEXEC) must not leak.
        let leakedFile = open("/etc/hostname", O_RDONLY)
        var leakedPipe: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&leakedPipe), 0)
        defer { close(leakedFile); close(leakedPipe[0]); close(leakedPipe[1]) }

        let spec = LaunchSpec(executable: "/bin/ls", arguments: ["-1", "/proc/self/fd"], policy: try defaultPolicy())
        let child = collect(try Launcher.launch(spec))
        XCTAssertEqual(child.termination, .exited(0), child.stderr)
        // 3 is the directory ls opened to list /proc/self/fd.
        XCTAssertEqual(child.stdout.split(separator: "\n"), ["0", "1", "2", "3"])
    }

    func testStdinIsDevNullAndOutputsArePipes() throws {
        let program = "import os\nfor fd in (0, 1, 2): print(os.readlink(f'/proc/self/fd/{fd}'))"
        let child = try runPython(program, policy: defaultPolicy())
        let lines = child.stdout.split(separator: "\n")
        XCTAssertEqual(lines.first, "/dev/null")
        XCTAssertEqual(lines.count, 3)
        XCTAssertTrue(lines.dropFirst().allSatisfy { $0.hasPrefix("pipe:") }, child.stdout)
    }

    func testEnvironmentIsExactlyTheGivenMap() throws {
        // Anchor: nsjail clears the environment; gVisor's posture test lists env keys.
        let environment = ["SQUALL_CHANNEL": "ipc:///tmp/x", "WITH_EQUALS": "a=b", "EMPTY": ""]
        let spec = LaunchSpec(executable: "/usr/bin/env", environment: environment, policy: try defaultPolicy())
        let child = collect(try Launcher.launch(spec))
        XCTAssertEqual(child.stdout.split(separator: "\n").sorted(), ["EMPTY=", "SQUALL_CHANNEL=ipc:///tmp/x", "WITH_EQUALS=a=b"])

        let empty = collect(try Launcher.launch(LaunchSpec(executable: "/usr/bin/env", policy: try defaultPolicy())))
        XCTAssertEqual(empty.stdout, "")
    }

    func testResourceLimitsFromThePolicyAreApplied() throws {
        // Anchor: nsjail's rlimits (AS, CPU, FSIZE, NOFILE, CORE 0).
        var policy = try defaultPolicy()
        policy.limits = ResourceLimits(cpuSeconds: 77, addressSpaceBytes: 3 << 30, fileSizeBytes: 12_345_678, openFiles: 99)
        // A supervisor with many descriptors open: the child's copy of the table plus the view's
        // bind sources must not meet the limit before execve closes them (EMFILE at the view).
        let held = (0..<100).map { _ in open("/dev/null", O_RDONLY | O_CLOEXEC) }
        defer { held.forEach { close($0) } }
        let spec = LaunchSpec(executable: "/bin/cat", arguments: ["/proc/self/limits"], policy: policy)
        let limits = Self.parseLimits(collect(try Launcher.launch(spec)).stdout)
        XCTAssertEqual(limits["Max cpu time"], ["77", "77"])
        XCTAssertEqual(limits["Max address space"], ["3221225472", "3221225472"])
        XCTAssertEqual(limits["Max file size"], ["12345678", "12345678"])
        XCTAssertEqual(limits["Max open files"], ["99", "99"])
        XCTAssertEqual(limits["Max core file size"], ["0", "0"])
    }

    func testDefaultPolicyLimits() throws {
        let spec = LaunchSpec(executable: "/bin/cat", arguments: ["/proc/self/limits"], policy: try defaultPolicy())
        let limits = Self.parseLimits(collect(try Launcher.launch(spec)).stdout)
        XCTAssertEqual(limits["Max open files"], ["1024", "1024"])
        XCTAssertEqual(limits["Max address space"], ["4294967296", "4294967296"])
        XCTAssertEqual(limits["Max core file size"], ["0", "0"])
    }

    func testSignalsAndPrivilegeFlags() throws {
        // The supervisor may ignore or block signals (SIGPIPE is commonly ignored): the child must not
        // inherit that. cat, unlike python, changes no disposition of its own.
        let previousAction = signal(SIGPIPE, SIG_IGN)
        var blocked = sigset_t(), previousMask = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGUSR1)
        pthread_sigmask(SIG_BLOCK, &blocked, &previousMask)
        defer {
            signal(SIGPIPE, previousAction)
            pthread_sigmask(SIG_SETMASK, &previousMask, nil)
        }
        let spec = LaunchSpec(executable: "/bin/cat", arguments: ["/proc/self/status"], policy: try defaultPolicy())
        let child = collect(try Launcher.launch(spec))
        var status: [String: String] = [:]
        for line in child.stdout.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2 { status[String(parts[0])] = parts[1].trimmingCharacters(in: .whitespaces) }
        }
        XCTAssertEqual(status["NoNewPrivs"], "1")
        XCTAssertEqual(status["Seccomp"], "2")
        XCTAssertEqual(status["SigBlk"], "0000000000000000")
        XCTAssertEqual(status["SigIgn"], "0000000000000000")
    }

    func testSessionLeaderInItsWorkingDirectory() throws {
        let program = """
        import os
        # Its session is the one its init (PID 1) made, never the supervisor's; its group its own.
        print(os.getsid(0) == 1, os.getpgrp() == os.getpid(), os.getcwd())
        """
        let spec = LaunchSpec(executable: systemPython, arguments: ["-I", "-c", program],
                              workingDirectory: "/usr/share", policy: try defaultPolicy())
        let child = collect(try Launcher.launch(spec))
        XCTAssertEqual(child.stdout, "True True /usr/share\n", child.stderr)
    }

    func testArgv0DefaultsToTheExecutableAndCanBeSet() throws {
        let program = "print(open('/proc/self/cmdline').read().split(chr(0))[0])"
        let defaulted = try runPython(program, policy: defaultPolicy())
        XCTAssertEqual(defaulted.stdout, systemPython + "\n")
        let spec = LaunchSpec(executable: systemPython, arguments: ["-I", "-c", program], argv0: "squall-action",
                              policy: try defaultPolicy())
        XCTAssertEqual(collect(try Launcher.launch(spec)).stdout, "squall-action\n")
    }

    func testIdentityChangeRunsTheChildAsAnotherUser() throws {
        // Without a user namespace (hosts that lack one) the ids change directly; with it, the child
        // sees its inside ids (PackIdentityTests).
        var policy = try defaultPolicy()
        policy.namespaces = []
        policy.identity = ProcessIdentity(uid: 65534, gid: 65534)
        let child = try runPython("import os\nprint(os.getresuid(), os.getresgid(), os.getgroups())", policy: policy)
        XCTAssertEqual(child.stdout, "(65534, 65534, 65534) (65534, 65534, 65534) []\n", child.stderr)
    }

    static func parseLimits(_ text: String) -> [String: [String]] {
        var limits: [String: [String]] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            // Columns: name (padded to 26), soft, hard, units.
            let name = line.prefix(26).trimmingCharacters(in: .whitespaces)
            let values = line.dropFirst(26).split(separator: " ").prefix(2).map(String.init)
            limits[name] = values
        }
        return limits
    }
}
