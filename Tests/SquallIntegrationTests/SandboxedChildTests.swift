import XCTest
import SquallEngine
import SquallModel

/// What a real action child sees: the sandbox from the inside.
class SandboxedChildTests: EngineTestCase {
    func testDeniedSyscallsReturnEPERM() throws {
        let execution = try harness.run(engine, "squall_tests.denied_syscall")
        XCTAssertEqual(execution.status, .succeeded, "\(execution.result ?? .null)")
        XCTAssertEqual(execution.resultObject["result"], ["unshare": "EPERM", "keyctl": "EPERM"])
    }

    func testEnvironmentIsBuiltFromScratchAndNoFdsLeak() throws {
        setenv("SQUALL_SUPERVISOR_ONLY_SECRET", "do-not-leak", 1)
        defer { unsetenv("SQUALL_SUPERVISOR_ONLY_SECRET") }
        // A descriptor the supervisor holds without close-on-exec must not reach the child.
        let leakable = harness.dataDirectory + "/leak-canary"
        FileManager.default.createFile(atPath: leakable, contents: Data())
        let canary = open(leakable, O_RDONLY)
        XCTAssertGreaterThan(canary, 2)
        defer { close(canary) }
        let execution = try harness.run(engine, "squall_tests.environment")
        XCTAssertEqual(execution.status, .succeeded, "\(execution.result ?? .null)")
        let result = try XCTUnwrap(execution.resultObject["result"]?.objectValue)
        let environ = try XCTUnwrap(result["environ"]?.objectValue)
        XCTAssertNil(environ["SQUALL_SUPERVISOR_ONLY_SECRET"])
        XCTAssertEqual(environ["ST2_ACTION_PACK_NAME"], "squall_tests")
        XCTAssertEqual(environ["ST2_ACTION_EXECUTION_ID"], .string(execution.id))
        XCTAssertEqual(environ["EXTRA_VAR"], "extra")
        let allowed: Set<String> = ["PATH", "HOME", "LANG", "PYTHONPATH", "PYTHONUNBUFFERED", "SQUALL_CHANNEL", "SQUALL_EXECUTION_ID",
                                    "ST2_ACTION_PACK_NAME", "ST2_ACTION_EXECUTION_ID", "ST2_ACTION_API_URL", "ST2_API_URL",
                                    "ST2_ACTION_AUTH_TOKEN", "ST2_AUTH_TOKEN", "ST2_ACTION_DEBUG", "EXTRA_VAR", "LC_CTYPE",
                                    // Where st2's runtime layer is, appended to sys.path by the wrapper.
                                    "SQUALL_ST2_LAYER_PATH"]
        XCTAssertEqual(Set(environ.keys).subtracting(allowed), [], "unexpected variables in the child")
        let fds = try XCTUnwrap(result["fds"]?.arrayValue?.compactMap(\.intValue))
        XCTAssertEqual(Array(fds.prefix(3)), [0, 1, 2])
        let targets = try XCTUnwrap(result["fd_targets"]?.arrayValue?.compactMap(\.stringValue))
        XCTAssertFalse(targets.contains { $0.hasSuffix("leak-canary") }, "\(targets)")
        XCTAssertFalse(targets.contains { $0.hasSuffix("squall.db") }, "the database leaked: \(targets)")
    }

    func testSecretsTravelOnlyOverTheChannel() throws {
        let execution = try harness.run(engine, "squall_tests.secret_param", ["password": "hunter2-very-secret"])
        XCTAssertEqual(execution.status, .succeeded, "\(execution.result ?? .null)")
        XCTAssertEqual(execution.resultObject["result"], ["length": 19, "in_environ": false, "in_cmdline": false])
        XCTAssertEqual(execution.parameters["password"], "********")
        XCTAssertEqual(execution.parameters["user"], "admin")
    }
}
