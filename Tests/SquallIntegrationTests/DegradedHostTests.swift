import Foundation
import SquallModel
import SquallSandbox
import XCTest

/// A host that refuses namespaces (a container without unprivileged user namespaces, say): squall
/// asks for everything first, so it must notice the refusal, probe, and run the action with what
/// the host gives instead of failing. The host is simulated by running the real `squall` binary
/// under a seccomp filter that answers EPERM to clone with any namespace flag.
final class DegradedHostTests: XCTestCase {
    var harness: IntegrationHarness!

    override func setUpWithError() throws { harness = try IntegrationHarness() }
    override func tearDown() { harness.remove() }

    func testARunOnAHostWithoutNamespacesFallsBackAndSucceeds() throws {
        let shipped = try SandboxPolicy.load(contentsOf: IntegrationHarness.repositoryRoot + "/Sandbox/policy/default.json")
        // Only the shipped rules about clone and clone3 (the namespace flags), everything else allowed.
        let cloneRules = shipped.seccomp.rules.filter { $0.syscalls == ["clone"] && !$0.arguments.isEmpty || $0.syscalls == ["clone3"] }
        XCTAssertFalse(cloneRules.isEmpty)
        var host = shipped
        host.seccomp = SeccompPolicy(defaultAction: .allow, rules: cloneRules)
        host.namespaces = []
        // As an unprivileged user (a capability-less root could not hand directories to pack uids
        // either), owning its data directory.
        host.identity = ProcessIdentity(uid: 65534, gid: 65534, supplementaryGroups: [])
        let dataFiles = FileManager.default.enumerator(atPath: harness.dataDirectory)?.allObjects as? [String] ?? []
        for path in [harness.dataDirectory] + dataFiles.map({ harness.dataDirectory + "/" + $0 }) {
            XCTAssertEqual(lchown(path, 65534, 65534), 0, path)
        }
        let spec = LaunchSpec(executable: CommandLineTests.binary, arguments: ["run", "core.local", "cmd=echo degraded", "--json"],
                              environment: harness.commandLineEnvironment, policy: host)
        let process = try Launcher.launch(spec)
        defer { process.close() }
        let stdout = FileHandle(fileDescriptor: process.stdoutFD, closeOnDealloc: false).readDataToEndOfFile()
        let stderr = FileHandle(fileDescriptor: process.stderrFD, closeOnDealloc: false).readDataToEndOfFile()
        XCTAssertEqual(process.wait(), .exited(0), String(decoding: stderr, as: UTF8.self))
        let record = try JSONValue.parse(String(decoding: stdout, as: UTF8.self))
        XCTAssertEqual(record["status"], "succeeded", "\(record["result"] ?? .null)")
        XCTAssertEqual(record["result"]?["stdout"], "degraded")
    }
}
