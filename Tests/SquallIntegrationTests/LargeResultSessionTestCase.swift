import Foundation
import SquallModel
import XCTest

/// A live server (St2Session) with the squall_bench pack, for the API reads of big results
/// (APIExecutionLargeResultTests, TriggerInstanceLargeResultTests).
class LargeResultSessionTestCase: EngineTestCase {
    var session: St2Session!

    override func setUpWithError() throws {
        try super.setUpWithError()
        let packs = try harness.quietFixturePackCopy()
        try FileManager.default.copyItem(atPath: IntegrationHarness.fixturePacks + "/squall_bench", toPath: packs + "/squall_bench")
        session = try St2Session(harness: harness, extraEnvironment: ["SQUALL_PACKS_PATH": packs])
    }

    override func tearDown() {
        session?.stop()
        session = nil
        super.tearDown()
    }

    /// Logs in and starts squall_bench.large_result of `size` bytes through the API: the
    /// X-Auth-Token header and the execution's id.
    func startLargeResult(size: Int) throws -> (auth: String, id: String) {
        try session.logIn()
        let auth = "X-Auth-Token: " + (session.environment["ST2_AUTH_TOKEN"] ?? "")
        let run = try session.http("POST", "/api/v1/executions", headers: [auth],
                                   body: "{\"action\": \"squall_bench.large_result\", \"parameters\": {\"size\": \(size)}}")
        XCTAssertEqual(run.status, 201, run.body)
        return (auth, try XCTUnwrap(try JSONValue.parse(run.body)["id"]?.stringValue, run.body))
    }
}
