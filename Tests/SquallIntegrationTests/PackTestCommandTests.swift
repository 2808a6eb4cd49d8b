import XCTest
import SquallModel

/// `squall pack test`: the pack's own tests/ (written against st2tests the way Exchange packs are)
/// run by pytest in the pack's virtualenv, test tools beside the venv, pytest's exit code.
final class PackTestCommandTests: XCTestCase {
    var harness: IntegrationHarness!

    override func setUpWithError() throws { harness = try IntegrationHarness(config: nil) }
    override func tearDown() { harness.remove() }

    func squall(_ arguments: [String]) throws -> Outcome {
        var environment = harness.commandLineEnvironment
        // Tests/PythonSDKTests/fixture_pack: tests using get_action_instance, get_sensor_instance,
        // dispatched triggers, assertTriggerDispatched and fixture files.
        environment["SQUALL_PACKS_PATH"] = IntegrationHarness.repositoryRoot + "/Tests/PythonSDKTests"
        return try harness.squall(arguments, environment: environment)
    }

    func testPackTestsRunWithPytestInThePacksVirtualenv() throws {
        let all = try squall(["pack", "test", "sdk_fixture"])
        XCTAssertEqual(all.status, 0, all.stdout + all.stderr)
        XCTAssertTrue(all.stdout.contains("tests/test_sensor_ticket.py ....."), all.stdout)
        XCTAssertTrue(all.stdout.contains("tests/test_action_aliases.py ..."), "aliases/: \(all.stdout)")
        XCTAssertTrue(all.stdout.contains("tests/test_etc_handler.py ."), "etc/ on the path: \(all.stdout)")
        XCTAssertTrue(all.stdout.contains("tests/test_requirements_tests.py ."), "requirements-tests.txt: \(all.stdout)")
        XCTAssertTrue(all.stdout.contains(" 19 passed"), all.stdout)

        // The test tools live beside the venv: actions never import (or pay for) pytest.
        let venvPython = harness.dataDirectory + "/virtualenvs/sdk_fixture/bin/python"
        XCTAssertNotEqual(try exitStatus(venvPython, ["-c", "import pytest"]), 0)
        XCTAssertEqual(try exitStatus(venvPython, ["-c", "import zmq, six"]), 0)

        // Arguments after -- reach pytest, and its exit code is ours.
        let one = try squall(["pack", "test", "sdk_fixture", "--", "-k", "shouts"])
        XCTAssertEqual(one.status, 0, one.stdout)
        XCTAssertTrue(one.stdout.contains("1 passed, 18 deselected"), one.stdout)
        XCTAssertEqual(try squall(["pack", "test", "sdk_fixture", "--", "-k", "no_such_test"]).status, 5)
        let failing = harness.dataDirectory + "/test_extra_failure.py"
        try "def test_fails():\n    assert 1 == 2\n".write(toFile: failing, atomically: true, encoding: .utf8)
        let failed = try squall(["pack", "test", "sdk_fixture", "--", failing])
        XCTAssertEqual(failed.status, 1, failed.stdout)
        XCTAssertTrue(failed.stdout.contains("1 failed, 19 passed"), failed.stdout)
    }

    func testPackWithoutTestsAndUnknownPack() throws {
        let core = try squall(["pack", "test", "core"])
        XCTAssertEqual(core.status, 0)
        XCTAssertEqual(core.stdout, "pack 'core' has no tests/ directory: no tests to run\n")
        let unknown = try squall(["pack", "test", "nopack"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertEqual(unknown.stderr, "error: pack 'nopack' not found\n")
    }

    private func exitStatus(_ executable: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
