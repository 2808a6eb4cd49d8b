import XCTest
import SquallEngine
import SquallModel

/// python-script with real venvs, real pyzmq-speaking children and the st2 SDK in Runners/python.
class PythonRunnerTests: EngineTestCase {
    func testCoreUuid() throws {
        let execution = try harness.run(engine, "core.uuid")
        XCTAssertEqual(execution.status, .succeeded, "\(execution.result ?? .null)")
        let uuid = try XCTUnwrap(execution.resultObject["result"]?.stringValue)
        XCTAssertNotNil(UUID(uuidString: uuid))
        XCTAssertEqual(execution.resultObject["exit_code"], 0)
    }

    func testAPrivateDataDirectoryStillRuns() throws {
        // A data dir under a home directory is usually 0700: the child must still reach its venv.
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: harness.dataDirectory)
        let execution = try harness.run(engine, "squall_tests.plain_class")
        XCTAssertEqual(execution.status, .succeeded, "\(execution.result ?? .null)")
    }

    func testParametersAndResultRoundTrip() throws {
        let execution = try harness.run(engine, "squall_tests.return_value", ["value": "{\"n\": 1, \"list\": [true, null, \"é\"]}"])
        XCTAssertEqual(execution.resultObject["result"], ["kind": "dict", "value": ["n": 1, "list": [true, .null, "é"]]])
    }

    func testStatusTupleDecidesTheStatus() throws {
        let failed = try harness.run(engine, "squall_tests.status_tuple", ["ok": "false"])
        XCTAssertEqual(failed.status, .failed)
        XCTAssertEqual(failed.resultObject["result"], ["ok": false])
        XCTAssertEqual(failed.resultObject["exit_code"], 0)
        XCTAssertEqual(try harness.run(engine, "squall_tests.status_tuple", ["ok": "true"]).status, .succeeded)
    }

    func testNonBoolStatusExits220() throws {
        let execution = try harness.run(engine, "squall_tests.non_bool_status")
        XCTAssertEqual(execution.status, .failed)
        XCTAssertEqual(execution.resultObject["exit_code"], 220)
    }

    func testUncaughtExceptionFailsWithTraceback() throws {
        let execution = try harness.run(engine, "squall_tests.raises")
        XCTAssertEqual(execution.status, .failed)
        XCTAssertEqual(execution.resultObject["exit_code"], 1)
        let stderr = execution.resultObject["stderr"]?.stringValue ?? ""
        XCTAssertTrue(stderr.contains("Traceback"), stderr)
        XCTAssertTrue(stderr.contains("RuntimeError: something broke on purpose"), stderr)
        XCTAssertEqual(execution.resultObject["result"], "None")
    }

    func testExitWithoutResultFollowsTheExitCode() throws {
        let clean = try harness.run(engine, "squall_tests.exits", ["code": "0"])
        XCTAssertEqual(clean.status, .succeeded)
        XCTAssertEqual(clean.resultObject["result"], "None", "st2 records \"None\" when no result was printed")
        XCTAssertEqual(clean.resultObject["stdout"], "leaving early\n")
        let failing = try harness.run(engine, "squall_tests.exits", ["code": "3"])
        XCTAssertEqual(failing.status, .failed)
        XCTAssertEqual(failing.resultObject["exit_code"], 3)
    }

    func testNonJSONResultWithoutStatusIsWhatSt2sRunnerParses() throws {
        // st2's wrapper prints str({"result": ..., "status": None}); its runner keeps what follows "'result': ".
        let execution = try harness.run(engine, "squall_tests.non_json")
        XCTAssertEqual(execution.status, .succeeded)
        let result = execution.resultObject["result"]?.stringValue ?? ""
        XCTAssertTrue(result.hasPrefix("<non_json.Opaque object at 0x") && result.hasSuffix(">, 'status': None}"), result)
    }

    func testLegacyConstructorGetsServiceAfterwards() throws {
        let execution = try harness.run(engine, "squall_tests.legacy_constructor")
        XCTAssertEqual(execution.status, .succeeded, "\(execution.result ?? .null)")
        XCTAssertEqual(execution.resultObject["result"], ["has_service": true, "config_keys": ["api_url", "retry", "token"]])
    }

    func testPlainClassWithRunIsSelected() throws {
        let execution = try harness.run(engine, "squall_tests.plain_class")
        XCTAssertEqual(execution.resultObject["result"], "plain")
    }

    func testConfigWithDefaultsReachesTheAction() throws {
        let execution = try harness.run(engine, "squall_tests.config_reader")
        XCTAssertEqual(execution.resultObject["result"], [
            "api_url": "http://localhost:8080", "token": "s3cr3t-token-value", "retry": ["count": 5, "delay": 0.5],
        ])
    }

    func testDatastoreWithLocalPrefixingAndTTL() throws {
        let execution = try harness.run(engine, "squall_tests.datastore")
        XCTAssertEqual(execution.status, .succeeded, "\(execution.result ?? .null)")
        XCTAssertEqual(execution.resultObject["result"], [
            "seen": "hello", "shared": "42", "deleted": true, "missing": .null,
            "names": ["squall_tests.Datastore:greeting", "squall_tests.Datastore:short_lived"],
        ])
        XCTAssertEqual(try engine.store.value(scope: "system", name: "squall_tests.Datastore:greeting")?.value, "hello")
        XCTAssertEqual(try engine.store.value(scope: "system", name: "shared")?.value, "42")
        XCTAssertNil(try engine.store.value(scope: "system", name: "squall_tests.Datastore:short_lived"))
    }

    func testOutputLinesLoggerAndActionsLib() throws {
        let execution = try harness.run(engine, "squall_tests.chatty", ["lines": "2"])
        XCTAssertEqual(execution.status, .succeeded)
        XCTAssertEqual(execution.resultObject["result"], "DONE!")
        XCTAssertEqual(execution.resultObject["stdout"], "line 0\nline 1\n")
        let stderr = execution.resultObject["stderr"]?.stringValue ?? ""
        XCTAssertTrue(stderr.contains("to stderr"))
        XCTAssertTrue(stderr.contains("st2.actions.python.Chatty") && stderr.contains("logged info"), stderr)
        let lines = try engine.store.output(executionId: execution.id, after: nil)
        XCTAssertEqual(lines.filter { $0.stream == .stdout }.map(\.line), ["line 0", "line 1"])
        XCTAssertTrue(lines.contains { $0.stream == .stderr && $0.line == "to stderr" })
    }

    func testTheChildsExitStillWaitsForThreadsRunsAtexitAndFlushes() throws {
        let execution = try harness.run(engine, "squall_tests.lingering")
        XCTAssertEqual(execution.status, .succeeded, "\(execution.result ?? .null)")
        XCTAssertEqual(execution.resultObject["result"], "ok")
        XCTAssertEqual(execution.resultObject["stdout"], "returnedthread finished\natexit ran\n")
    }

    func testLogLevelParameterFiltersTheActionLogger() throws {
        let quiet = try harness.run(engine, "squall_tests.chatty", ["lines": "0", "log_level": "WARNING"])
        XCTAssertEqual(quiet.status, .succeeded)
        XCTAssertEqual(quiet.resultObject["stderr"], "to stderr\n")
        XCTAssertThrowsError(try harness.run(engine, "squall_tests.chatty", ["log_level": "LOUD"]))
    }

    func testTimeoutKillsPythonAndItsChildren() throws {
        let execution = try harness.run(engine, "squall_tests.sleeper", ["seconds": "61"], timeout: 2)
        XCTAssertEqual(execution.status, .timeout)
        XCTAssertEqual(execution.resultObject["error"], "Action failed to complete in 2 seconds")
        XCTAssertEqual(execution.resultObject["result"], "None")
        XCTAssertEqual(execution.resultObject["stdout"], "sleeping\n")
        XCTAssertEqual(processes(matching: "/bin/sleep 121"), [])
    }
}
