import XCTest
import SquallEngine
import SquallModel

/// The Python child's channel talks to libzmq without importing pyzmq, json or re: an action
/// starts with none of them loaded, and one that imports pyzmq gets the whole, real module.
final class PythonChildImportsTests: EngineTestCase {
    func testRunStartsWithoutTheChannelsHeavyImports() throws {
        let execution = try harness.run(engine, "squall_tests.loaded_modules")
        XCTAssertEqual(execution.status, .succeeded, "\(execution.result ?? .null)")
        XCTAssertEqual(execution.resultObject["result"], [], "modules the wrapper or its channel imported before run()")
    }

    func testAnActionUsingPyzmqGetsTheRealModuleBesideTheChannel() throws {
        let execution = try harness.run(engine, "squall_tests.zmq_user")
        XCTAssertEqual(execution.status, .succeeded, "\(execution.result ?? .null)")
        XCTAssertEqual(execution.resultObject["result"], [
            "answer": ["question": 42], "polled": true, "again": true,
            "sugar": ["zmq.sugar.socket", "zmq.sugar.context", "zmq.asyncio"], "is_error": true,
            "libzmq_files": 1, "stored": "stored",
        ])
        let stderr = execution.resultObject["stderr"]?.stringValue ?? ""
        XCTAssertTrue(stderr.contains("st2.actions.python.ZmqUser") && stderr.contains("pyzmq "), stderr)
        XCTAssertEqual(try engine.store.value(scope: "system", name: "squall_tests.ZmqUser:zmq_user")?.value, "stored")
    }
}
