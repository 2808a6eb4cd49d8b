import Foundation
@testable import SquallSandbox
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The operator's site default and per-pack policies: where they are read from, how they merge,
/// and which files are refused.
final class PackPolicyTests: XCTestCase {
    private var dataDirectory = ""
    private var resolver: PackPolicyResolver!
    private let builtinPath = SandboxPolicy.defaultPolicyPath(home: repositoryRoot)

    override func setUpWithError() throws {
        dataDirectory = NSTemporaryDirectory() + "squall-packpolicy-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dataDirectory + "/policy/packs", withIntermediateDirectories: true)
        resolver = PackPolicyResolver(builtinPath: builtinPath, dataDirectory: dataDirectory)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: dataDirectory)
    }

    private func write(_ text: String, to relativePath: String, mode: mode_t = 0o644) throws {
        let path = dataDirectory + "/" + relativePath
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        XCTAssertEqual(chmod(path, mode), 0)
    }

    private func resolveError(_ pack: String) -> SandboxPolicyError? {
        do {
            _ = try resolver.policy(forPack: pack)
            return nil
        } catch {
            return error as? SandboxPolicyError
        }
    }

    func testWithoutOperatorFilesAPackGetsTheBuiltinPolicy() throws {
        XCTAssertEqual(try resolver.policy(forPack: "core"), try SandboxPolicy.load(contentsOf: builtinPath))
        XCTAssertEqual(try resolver.policy(forPack: "core").network, .allow)
    }

    func testTheSiteDefaultReplacesTheBuiltinPolicy() throws {
        var site = try SandboxPolicy.load(contentsOf: builtinPath)
        site.limits.pids = 99
        site.limits.memoryBytes = 300 << 20
        let data = try JSONEncoder().encode(site)
        try write(String(decoding: data, as: UTF8.self), to: "policy/default.json")
        let policy = try resolver.policy(forPack: "core")
        XCTAssertEqual(policy.limits.pids, 99)
        XCTAssertEqual(policy.limits.memoryBytes, 300 << 20)
        XCTAssertEqual(policy, site)
    }

    func testAPackFileOverridesOnlyWhatItNamesAndOnlyForThatPack() throws {
        try write("""
        { "version": 1, "comment": "the operator's choice for this pack",
          "network": "deny",
          "read_only_paths": ["/srv/reference"], "writable_paths": ["/srv/out", "/srv/out"],
          "limits": { "memory_bytes": 268435456, "pids": 64, "cpu_seconds": null },
          "allowed_syscalls": ["ptrace"], "denied_syscalls": ["socket", "ioctl"] }
        """, to: "policy/packs/netless.json")
        let site = try SandboxPolicy.load(contentsOf: builtinPath)
        let policy = try resolver.policy(forPack: "netless")

        XCTAssertEqual(policy.network, .deny)
        XCTAssertEqual(policy.namespaces.filter { $0 == .net }.count, 1)
        XCTAssertEqual(policy.filesystem?.readOnly, (site.filesystem ?? .minimal).readOnly + ["/srv/reference"])
        XCTAssertEqual(policy.writablePaths, ["/srv/out"])
        XCTAssertEqual(policy.limits.memoryBytes, 256 << 20)
        XCTAssertEqual(policy.limits.pids, 64)
        XCTAssertEqual(policy.limits.cpuSeconds, site.limits.cpuSeconds, "null keeps the site value")
        XCTAssertEqual(policy.limits.addressSpaceBytes, site.limits.addressSpaceBytes)
        XCTAssertEqual(policy.limits.cpuPercent, site.limits.cpuPercent)

        XCTAssertEqual(policy.seccomp.action(for: "ptrace"), .allow, "allowed for this pack")
        XCTAssertEqual(site.seccomp.action(for: "ptrace"), .errno(EPERM))
        XCTAssertEqual(policy.seccomp.action(for: "socket"), .errno(EPERM))
        XCTAssertEqual(policy.seccomp.action(for: "ioctl"), .errno(EPERM))
        XCTAssertFalse(policy.seccomp.rules.contains { $0.syscalls.contains("ioctl") && !$0.arguments.isEmpty },
                       "a fully denied ioctl needs no argument rules")
        XCTAssertEqual(policy.seccomp.action(for: "mount"), .errno(EPERM), "the rest of the site denials stay")
        XCTAssertEqual(policy.seccomp.action(for: "read"), .allow, "the rest of the site allowlist stays")

        XCTAssertEqual(try resolver.policy(forPack: "other"), site, "other packs keep the site policy")
    }

    func testAllowingASyscallKeepsItsArgumentChecks() throws {
        try write(#"{ "allowed_syscalls": ["ioctl", "unshare"] }"#, to: "policy/packs/tty.json")
        let policy = try resolver.policy(forPack: "tty")
        XCTAssertNil(policy.seccomp.deniedSyscalls["unshare"])
        XCTAssertTrue(policy.seccomp.rules.contains { $0.syscalls == ["ioctl"] && $0.arguments.first?.value == 0x5412 },
                      "TIOCSTI stays denied")
    }

    func testADeniedSyscallIsDeniedInARealChild() throws {
        try write(#"{ "denied_syscalls": ["socket"] }"#, to: "policy/packs/quiet.json")
        let code = """
        import socket
        try:
            socket.socket()
            print('connected')
        except PermissionError as error:
            print('denied', error.errno)
        """
        let child = try runPython(code, policy: try resolver.policy(forPack: "quiet"))
        XCTAssertEqual(child.stdout, "denied \(EPERM)\n", child.stderr)
        let other = try runPython(code, policy: try resolver.policy(forPack: "chatty"))
        XCTAssertEqual(other.stdout, "connected\n", other.stderr)
    }

    func testAWorldWritablePackFileIsRefusedAndNamed() throws {
        try write(#"{ "network": "allow" }"#, to: "policy/packs/loose.json", mode: 0o666)
        let error = try XCTUnwrap(resolveError("loose"))
        XCTAssertEqual(error.file, dataDirectory + "/policy/packs/loose.json")
        XCTAssertTrue(error.description.contains("writable by group or others (mode 666)"), error.description)
    }

    func testAGroupWritablePacksDirectoryIsRefused() throws {
        XCTAssertEqual(chmod(dataDirectory + "/policy/packs", 0o775), 0)
        let error = try XCTUnwrap(resolveError("any"))
        XCTAssertEqual(error.file, dataDirectory + "/policy/packs")
    }

    func testAFileOwnedBySomeoneElseIsRefused() throws {
        try write(#"{}"#, to: "policy/packs/foreign.json")
        XCTAssertEqual(chown(dataDirectory + "/policy/packs/foreign.json", 65534, 65534), 0)
        let error = try XCTUnwrap(resolveError("foreign"))
        XCTAssertTrue(error.description.contains("owned by uid 65534"), error.description)
    }

    func testASymlinkedPackFileIsRefused() throws {
        try write(#"{ "allowed_syscalls": ["ptrace"] }"#, to: "elsewhere.json")
        XCTAssertEqual(symlink(dataDirectory + "/elsewhere.json", dataDirectory + "/policy/packs/linked.json"), 0)
        let error = try XCTUnwrap(resolveError("linked"))
        XCTAssertTrue(error.description.contains("is a symlink"), error.description)
    }

    func testAWorldWritableSiteDefaultIsRefused() throws {
        try write(String(contentsOfFile: builtinPath, encoding: .utf8), to: "policy/default.json", mode: 0o646)
        let error = try XCTUnwrap(resolveError("core"))
        XCTAssertEqual(error.file, dataDirectory + "/policy/default.json")
    }

    func testUnknownFieldsAreNamed() throws {
        try write(#"{ "limits": { "memroy_bytes": 1 } }"#, to: "policy/packs/typo.json")
        XCTAssertEqual(resolveError("typo")?.field, "limits.memroy_bytes")
        try write(#"{ "netwrok": "deny" }"#, to: "policy/packs/typo.json")
        XCTAssertEqual(resolveError("typo")?.field, "netwrok")
        try write(#"{ "network": "sometimes" }"#, to: "policy/packs/typo.json")
        XCTAssertEqual(resolveError("typo")?.field, "network")
        try write(#"{ "limits": { "pids": 0 } }"#, to: "policy/packs/typo.json")
        XCTAssertEqual(resolveError("typo")?.field, "limits.pids")
    }

    func testBadSyscallsAndPathsAreNamed() throws {
        try write(#"{ "denied_syscalls": ["socket", "sockett"] }"#, to: "policy/packs/bad.json")
        let unknown = try XCTUnwrap(resolveError("bad"))
        XCTAssertEqual(unknown.field, "denied_syscalls[1]")
        XCTAssertTrue(unknown.message.contains("sockett"), unknown.message)
        try write(#"{ "allowed_syscalls": ["ptrace"], "denied_syscalls": ["ptrace"] }"#, to: "policy/packs/bad.json")
        XCTAssertEqual(resolveError("bad")?.field, "denied_syscalls[0]")
        try write(#"{ "writable_paths": ["/srv/../etc"] }"#, to: "policy/packs/bad.json")
        XCTAssertEqual(resolveError("bad")?.field, "writable_paths[0]")
    }

    func testPackNamesCannotLeaveThePacksDirectory() throws {
        for name in ["../default", "a/b", "", ".hidden"] {
            XCTAssertEqual(resolveError(name)?.field, "(pack name)", name)
        }
    }
}
