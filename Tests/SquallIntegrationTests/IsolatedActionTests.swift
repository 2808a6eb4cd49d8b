import Foundation
import SquallEngine
import SquallModel
import SquallSandbox
import XCTest

/// Actions and sensors under the shipped default policy, which turns every namespace but net on:
/// the runners' filesystem view, identity and /tmp must hold.
final class IsolatedActionTests: XCTestCase {
    var harness: IntegrationHarness!
    var engine: Engine!

    override func setUpWithError() throws {
        harness = try IntegrationHarness()
        let builtin = try SandboxPolicy.load(contentsOf: harness.settings.sandboxPolicyPath)
        XCTAssertEqual(builtin.namespaces, [.user, .pid, .mount, .ipc, .uts], "the shipped default changed: update this test")
        engine = try harness.engine()
    }

    override func tearDown() { harness.remove() }

    func testShellActionSeesOnlyItsViewAsItsPacksUser() throws {
        // A shell child has no channel, so not its run directory either (with the harness's data
        // directory under /tmp, a bind of the run directory would show its path in the child's /tmp).
        let cmd = "id -u; echo $$; test -e /root && echo root-visible; test -e \(harness.dataDirectory) && echo data-dir-visible; "
            + "touch /tmp/ok && echo tmp-writable; touch /usr/x 2>/dev/null || echo usr-readonly"
        let execution = try harness.run(engine, "core.local", ["cmd": .string(cmd)])
        XCTAssertEqual(execution.status, .succeeded, "\(execution.result ?? .null)")
        XCTAssertEqual(execution.resultObject["stdout"]?.stringValue?.split(separator: "\n").map(String.init),
                       ["1000", "2", "tmp-writable", "usr-readonly"], "the shell is PID 2, under squall-init")
    }

    func testPythonActionWithItsVenvAndChannelStillWorks() throws {
        let execution = try harness.run(engine, "squall_tests.datastore")
        XCTAssertEqual(execution.status, .succeeded, "\(execution.result ?? .null)")
        XCTAssertEqual(execution.resultObject["result"]?["seen"], "hello")
        let environment = try harness.run(engine, "squall_tests.secret_param", ["password": "isolated-secret"])
        XCTAssertEqual(environment.resultObject["result"], ["length": 15, "in_environ": false, "in_cmdline": false])
    }
}
