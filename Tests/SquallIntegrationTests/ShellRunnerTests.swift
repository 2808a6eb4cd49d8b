import XCTest
import SquallEngine
import SquallModel

final class ShellRunnerTests: EngineTestCase {
    func testLocalCommandResultShape() throws {
        let execution = try harness.run(engine, "core.local", ["cmd": "echo out; echo err >&2"])
        XCTAssertEqual(execution.status, .succeeded)
        XCTAssertEqual(execution.result, ["stdout": "out", "stderr": "err", "return_code": 0, "succeeded": true, "failed": false])
    }

    func testNonZeroExitFails() throws {
        let execution = try harness.run(engine, "core.local", ["cmd": "echo nope; exit 3"])
        XCTAssertEqual(execution.status, .failed)
        XCTAssertEqual(execution.resultObject["return_code"], 3)
        XCTAssertEqual(execution.resultObject["failed"], true)
    }

    func testTrimmingAndJSONDecoding() throws {
        let execution = try harness.run(engine, "squall_tests.json_out")
        XCTAssertEqual(execution.resultObject["stdout"], ["answer": 42])
        XCTAssertEqual(execution.resultObject["stderr"], "plain text")
    }

    func testEchoRendersMessageIntoImmutableCommand() throws {
        let execution = try harness.run(engine, "core.echo", ["message": "hello there"])
        XCTAssertEqual(execution.resultObject["stdout"], "hello there")
        XCTAssertEqual(execution.parameters["cmd"], "echo \"hello there\"")
    }

    func testTemplatesRenderInDependencyOrderWithDatastore() throws {
        try engine.store.setValue(KeyValuePair(name: "color", value: "blue"))
        let execution = try harness.run(engine, "squall_tests.templated", ["who": "squall"])
        XCTAssertEqual(execution.status, .succeeded, "\(execution.result ?? .null)")
        XCTAssertEqual(execution.resultObject["stdout"], "hello squall a,b blue")
    }

    func testMissingDatastoreKeyRendersEmptyAsInSt2() throws {
        // st2 renders {{ st2kv.system.missing_key }} as "", not as an error; decrypt_kv passes plain values through.
        try engine.store.setValue(KeyValuePair(name: "api_key", value: "k-123", secret: true))
        let execution = try harness.run(engine, "core.echo",
                                        ["message": "[{{ st2kv.system.color }}] [{{ st2kv.system.api_key | decrypt_kv }}]"])
        XCTAssertEqual(execution.status, .succeeded, "\(execution.result ?? .null)")
        XCTAssertEqual(execution.resultObject["stdout"], "[] [k-123]")
    }

    func testSt2FiltersWorkInParameterTemplates() throws {
        let execution = try harness.run(engine, "squall_tests.st2_filters")
        XCTAssertEqual(execution.status, .succeeded, "\(execution.result ?? .null)")
        XCTAssertEqual(execution.resultObject["stdout"]?.stringValue,
                       "{\"name\": \"squall\",\"version\": \"1.2.3\"} 1.3.0 2 y.py aBc")  // st2 dumps with separators (",", ": ")
    }

    func testScriptArgumentBuildingForEachType() throws {
        let execution = try harness.run(engine, "squall_tests.args", [
            "first": "a b", "second": "2", "flag_on": "true", "items": "[1, \"x y\"]", "mapping": "{\"k\": \"v\"}",
            "name": "it's", "verbose": "true", "quiet": "false", "empty": "", "count": "0",
        ])
        XCTAssertEqual(execution.status, .succeeded)
        let lines = (execution.resultObject["stdout"]?.stringValue ?? "").split(separator: "\n").map(String.init)
        // Named first (sorted, True bare, False and "" skipped), then positional by position.
        XCTAssertEqual(lines, ["[--count=0]", "[--name=it's]", "[--verbose]",
                               "[a b]", "[2]", "[1]", "[1,x y]", "[{\"k\": \"v\"}]", "[]"])
    }

    func testTimeoutKillsTheWholeProcessGroup() throws {
        let marker = "squall-timeout-marker-\(UUID().uuidString.prefix(8))"
        // The marker rides in a sleep's argv (as a bogus suffix the shell ignores after `;`).
        let cmd = "sh -c 'sleep 300; : \(marker)' & sleep 300; : \(marker)"
        let execution = try harness.run(engine, "core.local", ["cmd": .string(cmd)], timeout: 1)
        XCTAssertEqual(execution.status, .timeout)
        XCTAssertEqual(execution.resultObject["return_code"], -9)
        XCTAssertEqual(execution.resultObject["error"], "Action failed to complete in 1 seconds")
        XCTAssertEqual(processes(matching: marker), [], "something survived the timeout")
    }

    func testAShellKillingItselfWithSigtermEndsAsSt2ReportsASigtermDeath() throws {
        // st2's local runner: return_code -15 and status abandoned. The shell is not PID 1 of its
        // pid namespace (squall-init is), so its own SIGTERM is not dropped.
        let execution = try harness.run(engine, "core.local", ["cmd": "kill -TERM $$; echo survived"])
        XCTAssertEqual(execution.status, .abandoned)
        XCTAssertEqual(execution.resultObject["return_code"], -15)
        XCTAssertEqual(execution.resultObject["stdout"], "")
    }

    func testSudoIsRefusedClearly() throws {
        let execution = try harness.run(engine, "core.local", ["cmd": "id", "sudo": "true"])
        XCTAssertEqual(execution.status, .failed)
        XCTAssertTrue(execution.resultObject["stderr"]?.stringValue?.contains("no_new_privs") == true)
    }

    func testNoopSucceeds() throws {
        XCTAssertEqual(try harness.run(engine, "core.noop").status, .succeeded)
    }
}
