import Foundation
import SquallModel
import SquallTransport
import XCTest

/// Real Python children running real fixture actions through the real wrapper and channel.
final class PythonActionTests: XCTestCase {
    func testRoundTripCarriesParametersAndConfigAndPicksFirstClassByName() throws {
        let outcome = try ChildRun(
            fixture: "echo_action.py",
            parameters: ["message": "ab", "count": 2, "tags": ["x", "y"]],
            config: ["region": "eu", "nested": ["deep": true]]
        ).run()

        guard case .message(.hello(_, let pid))? = outcome.events.first else { return XCTFail("no hello first: \(outcome.events)") }
        XCTAssertEqual(pid, outcome.childPid)
        XCTAssertEqual(outcome.exitCode, 0, outcome.stderr)
        XCTAssertNil(outcome.result?.status)
        XCTAssertEqual(outcome.result?.value, [
            "message": "abab", "tags": ["x", "y"], "has_service": true,
            "config": ["region": "eu", "nested": ["deep": true]],
        ])
        XCTAssertEqual(outcome.stdout, "echo: ab\n")
        XCTAssertTrue(outcome.stderr.contains("to stderr"), outcome.stderr)
    }

    func testFalseStatusIsReported() throws {
        let outcome = try ChildRun(fixture: "status_false.py").run()
        XCTAssertEqual(outcome.exitCode, 0, outcome.stderr)
        XCTAssertEqual(outcome.result?.status, false)
        XCTAssertEqual(outcome.result?.value, ["reason": "disk full"])
    }

    func testNonBoolStatusExits220WithAnErrorMessage() throws {
        let outcome = try ChildRun(fixture: "status_invalid.py").run()
        XCTAssertEqual(outcome.exitCode, 220)
        XCTAssertNil(outcome.result)
        guard case .error(let code, let message)? = outcome.outcome else { return XCTFail("no error message: \(outcome.events)") }
        XCTAssertEqual(code, 220)
        XCTAssertTrue(message.contains("must either be True or False"), message)
        XCTAssertTrue(outcome.stderr.contains("must either be True or False"), outcome.stderr)
    }

    func testUncaughtExceptionExits1WithTracebackAndNoResult() throws {
        let outcome = try ChildRun(fixture: "raises.py").run()
        XCTAssertEqual(outcome.exitCode, 1)
        XCTAssertNil(outcome.outcome)
        XCTAssertTrue(outcome.stderr.contains("Traceback (most recent call last)"), outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("ValueError: boom from the action"), outcome.stderr)
        XCTAssertEqual(outcome.stdout, "before the failure\n")
    }

    func testResultThatIsNotJSONBecomesWhatSt2Records() throws {
        // st2's wrapper prints str({"result": <object>, "status": None}) when orjson refuses the
        // result, and its runner keeps the text after "'result': ": the object's repr, not its str.
        let outcome = try ChildRun(fixture: "not_json.py").run()
        XCTAssertEqual(outcome.exitCode, 0, outcome.stderr)
        let recorded = outcome.result?.value.stringValue ?? ""
        XCTAssertTrue(recorded.hasPrefix("<not_json.Opaque object at 0x") && recorded.hasSuffix(">, 'status': None}"), recorded)
    }

    func testPlainClassWithoutActionBaseRunsAndImportsFromItsDirectory() throws {
        let outcome = try ChildRun(fixture: "plain_class.py", parameters: ["value": 21], config: ["k": "v"]).run()
        XCTAssertEqual(outcome.exitCode, 0, outcome.stderr)
        XCTAssertEqual(outcome.result?.value, ["doubled": 42, "config": ["k": "v"]])
    }

    func testLegacyConstructorTakingOnlyConfigGetsActionServiceAfterwards() throws {
        let outcome = try ChildRun(fixture: "legacy_constructor.py", config: ["region": "us"]).run()
        XCTAssertEqual(outcome.exitCode, 0, outcome.stderr)
        XCTAssertEqual(outcome.result?.value, ["region": "us", "has_service": true])
    }

    func testLoggerRecordsArriveAsLogMessagesAndOnStderr() throws {
        let outcome = try ChildRun(fixture: "logs.py", parameters: ["who": "world"]).run()
        XCTAssertEqual(outcome.exitCode, 0, outcome.stderr)
        XCTAssertEqual(outcome.result?.value, true)
        let logs = outcome.logs
        XCTAssertEqual(logs.map(\.level), ["INFO", "WARNING", "DEBUG"])
        XCTAssertEqual(logs.map(\.message), ["hello world", "careful", "details"])
        XCTAssertEqual(Set(logs.map(\.logger)), ["st2.actions.python.Logs"])
        XCTAssertTrue(outcome.stderr.contains("st2.actions.python.Logs: INFO     hello world"), outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("careful"), outcome.stderr)
    }

    func testSdkSensorAndExceptionClassesBehave() throws {
        let outcome = try ChildRun(fixture: "sdk_classes.py").run()
        XCTAssertEqual(outcome.exitCode, 0, outcome.stderr)
        XCTAssertEqual(outcome.result?.value, [
            "calls": ["polled"], "interval_before": 7, "interval_after": 9, "config": ["a": 1],
            "old_names": true, "incomplete_sensor": "abstract",
            "exception": ["InvalidActionParameterException", "bad parameter"],
            "logger_name": "st2.actions.python.CheckSdk",
        ])
    }
}
