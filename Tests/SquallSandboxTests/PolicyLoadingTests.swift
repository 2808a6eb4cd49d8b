import Foundation
import SquallSandbox
import XCTest

/// The policy file: what the default contains, and errors that name the file and the field.
final class PolicyLoadingTests: XCTestCase {
    static let requiredDenials = [
        "mount", "umount2", "pivot_root", "kexec_load", "kexec_file_load", "init_module", "finit_module",
        "delete_module", "bpf", "ptrace", "process_vm_readv", "process_vm_writev", "keyctl", "add_key",
        "request_key", "userfaultfd", "perf_event_open", "swapon", "swapoff", "reboot", "unshare", "setns",
    ]

    func testDefaultPolicyIsAnAllowlistThatLeavesOutTheRequiredDenials() throws {
        let policy = try defaultPolicy()
        XCTAssertEqual(policy.seccomp.defaultAction, .errno(EPERM))
        for name in Self.requiredDenials {
            XCTAssertEqual(policy.seccomp.action(for: name), .errno(EPERM), name)
        }
        for name in ["read", "write", "openat", "execve", "clone", "futex", "socket", "connect", "wait4"] {
            XCTAssertEqual(policy.seccomp.action(for: name), .allow, name)
        }
        XCTAssertEqual(policy.seccomp.action(for: "clone3"), .errno(ENOSYS))
        let tiocsti = SeccompArgumentCondition(index: 1, comparison: .maskedEqual, value: 0x5412, mask: 0xFFFF_FFFF)
        XCTAssertTrue(policy.seccomp.rules.contains { $0.syscalls == ["ioctl"] && $0.arguments == [tiocsti] })
        for family: UInt64 in [38, 40] {  // AF_ALG, AF_VSOCK
            let domain = SeccompArgumentCondition(index: 0, comparison: .maskedEqual, value: family, mask: 0xFFFF_FFFF)
            XCTAssertTrue(policy.seccomp.rules.contains { $0.syscalls == ["socket"] && $0.arguments == [domain] }, "\(family)")
        }
        XCTAssertEqual(policy.limits, ResourceLimits(cpuSeconds: 600, addressSpaceBytes: 4 << 30,
                                                     fileSizeBytes: 1 << 30, openFiles: 1024,
                                                     pids: 256, memoryBytes: 1 << 30, cpuPercent: 100))
        XCTAssertEqual(policy.namespaces, [.user, .pid, .mount, .ipc, .uts], "net only when the operator denies the network")
        XCTAssertNil(policy.identity)
    }

    func testPolicySurvivesAnEncodeDecodeRoundTrip() throws {
        let policy = try defaultPolicy()
        let decoded = try JSONDecoder().decode(SandboxPolicy.self, from: JSONEncoder().encode(policy))
        XCTAssertEqual(decoded, policy)
    }

    func testDefaultPolicyPathIsUnderHome() {
        XCTAssertEqual(SandboxPolicy.defaultPolicyPath(home: "/opt/squall"), "/opt/squall/Sandbox/policy/default.json")
    }

    func testUnknownSyscallNamesItsField() throws {
        let error = try loadError(seccomp: #"{"default_action": "allow", "rules": [{"action": "errno:EPERM", "syscalls": ["mount", "mountt"]}]}"#)
        XCTAssertEqual(error.field, "seccomp.rules[0].syscalls[1]")
        XCTAssertTrue(error.message.contains("mountt"), error.message)
    }

    func testUnknownActionNamesItsField() throws {
        let error = try loadError(seccomp: #"{"default_action": "allow", "rules": [{"action": "errno:EWHAT", "syscalls": ["mount"]}]}"#)
        XCTAssertEqual(error.field, "seccomp.rules[0].action")
    }

    func testRuleThatRepeatsTheDefaultActionIsRefused() throws {
        let error = try loadError(seccomp: #"{"default_action": "allow", "rules": [{"action": "allow", "syscalls": ["read"]}]}"#)
        XCTAssertEqual(error.field, "seccomp.rules[0].action")
    }

    func testArgumentIndexOutOfRangeNamesItsField() throws {
        let error = try loadError(seccomp: #"{"default_action": "allow", "rules": [{"action": "errno:EPERM", "syscalls": ["ioctl"], "arguments": [{"index": 6, "op": "eq", "value": 1}]}]}"#)
        XCTAssertEqual(error.field, "seccomp.rules[0].arguments[0].index")
    }

    func testMisspeltLimitNamesItsField() throws {
        let error = try loadError(limits: #"{"open_file": 10}"#)
        XCTAssertEqual(error.field, "limits.open_file")
    }

    func testWrongTypeNamesItsField() throws {
        let error = try loadError(limits: #"{"cpu_seconds": "ten"}"#)
        XCTAssertEqual(error.field, "limits.cpu_seconds")
    }

    func testMissingSectionNamesItsField() throws {
        let error = try loadError(raw: #"{"limits": {}}"#)
        XCTAssertEqual(error.field, "seccomp")
    }

    func testBadNamespaceListsNameTheirField() throws {
        let repeated = try loadError(raw: #"{"seccomp": {"default_action": "allow"}, "limits": {}, "namespaces": ["net", "net"]}"#)
        XCTAssertEqual(repeated.field, "namespaces")
        let unknown = try loadError(raw: #"{"seccomp": {"default_action": "allow"}, "limits": {}, "namespaces": ["time"]}"#)
        XCTAssertTrue(unknown.field.hasPrefix("namespaces"), unknown.field)
        let relative = try loadError(raw: #"{"seccomp": {"default_action": "allow"}, "limits": {}, "filesystem": {"read_only": ["usr"]}}"#)
        XCTAssertEqual(relative.field, "filesystem.read_only")
    }

    func testMissingFileAndBrokenJSONNameTheFile() throws {
        XCTAssertThrowsError(try SandboxPolicy.load(contentsOf: "/nonexistent/policy.json")) { error in
            XCTAssertTrue("\(error)".contains("/nonexistent/policy.json"), "\(error)")
        }
        let path = try write("{ not json")
        XCTAssertThrowsError(try SandboxPolicy.load(contentsOf: path)) { error in
            XCTAssertTrue("\(error)".contains(path), "\(error)")
        }
    }

    // MARK: helpers

    private func loadError(seccomp: String = #"{"default_action": "allow"}"#, limits: String = "{}") throws -> SandboxPolicyError {
        try loadError(raw: #"{"seccomp": \#(seccomp), "limits": \#(limits)}"#)
    }

    private func loadError(raw: String) throws -> SandboxPolicyError {
        let path = try write(raw)
        do {
            _ = try SandboxPolicy.load(contentsOf: path)
            XCTFail("policy loaded: \(raw)")
            return SandboxPolicyError(file: path, field: "", message: "")
        } catch let error as SandboxPolicyError {
            XCTAssertEqual(error.file, path)
            XCTAssertTrue(error.description.contains(path) && error.description.contains(error.field), error.description)
            return error
        }
    }

    private func write(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "squall-policy-\(UUID().uuidString).json"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }
}
