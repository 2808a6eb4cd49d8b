import Foundation
import SquallEngine
import SquallModel
import XCTest

/// Actions and sensors under a site policy that turns every namespace on (the operator's
/// <data-dir>/policy/default.json): the runners' filesystem view, identity and /tmp must hold.
final class IsolatedActionTests: XCTestCase {
    var harness: IntegrationHarness!
    var engine: Engine!

    override func setUpWithError() throws {
        harness = try IntegrationHarness()
        // The built-in policy with namespaces on; the operator's file must not be writable by others.
        let builtin = try String(contentsOfFile: harness.settings.sandboxPolicyPath, encoding: .utf8)
        let isolated = builtin.replacingOccurrences(of: "\"namespaces\": []", with: "\"namespaces\": [\"user\", \"pid\", \"mount\", \"ipc\", \"uts\"]")
        XCTAssertNotEqual(builtin, isolated, "the built-in policy's namespaces line changed: update this test")
        let directory = harness.dataDirectory + "/policy"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        try isolated.write(toFile: directory + "/default.json", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: directory + "/default.json")
        engine = try harness.engine()
    }

    override func tearDown() { harness.remove() }

    func testShellActionSeesOnlyItsViewAsItsPacksUser() throws {
        let cmd = "id -u; echo $$; test -e /root && echo root-visible; test -e \(harness.dataDirectory)/squall.db && echo db-visible; "
            + "touch /tmp/ok && echo tmp-writable; touch /usr/x 2>/dev/null || echo usr-readonly"
        let execution = try harness.run(engine, "core.local", ["cmd": .string(cmd)])
        XCTAssertEqual(execution.status, .succeeded, "\(execution.result ?? .null)")
        XCTAssertEqual(execution.resultObject["stdout"]?.stringValue?.split(separator: "\n").map(String.init),
                       ["1000", "1", "tmp-writable", "usr-readonly"])
    }

    func testPythonActionWithItsVenvAndChannelStillWorks() throws {
        let execution = try harness.run(engine, "squall_tests.datastore")
        XCTAssertEqual(execution.status, .succeeded, "\(execution.result ?? .null)")
        XCTAssertEqual(execution.resultObject["result"]?["seen"], "hello")
        let environment = try harness.run(engine, "squall_tests.secret_param", ["password": "isolated-secret"])
        XCTAssertEqual(environment.resultObject["result"], ["length": 15, "in_environ": false, "in_cmdline": false])
    }
}
