import Foundation
import SquallEngine
import SquallModel
import SquallRunners
import XCTest

/// Python executions forked from a warm per-pack host (the `warm_hosts` setting) under the shipped
/// default policy: the same results as cold children, and no execution can reach another.
final class WarmHostTests: XCTestCase {
    var harness: IntegrationHarness!
    var engine: Engine!
    var pool: WarmHostPool!

    override func setUpWithError() throws {
        harness = try IntegrationHarness()
        engine = try harness.engine()
        pool = WarmHostPool()
        engine.useWarmHosts(pool)
    }

    override func tearDown() {
        pool?.stopAll()
        harness.remove()
        engine = nil
    }

    func testForkedExecutionSpeaksTheWholeProtocol() throws {
        let execution = try harness.run(engine, "squall_tests.datastore", timeout: 30)
        XCTAssertEqual(execution.status, .succeeded, "\(execution.result ?? .null)")
        XCTAssertNil(pool.lastProblem)
        XCTAssertEqual(execution.resultObject["result"]?["seen"], "hello")
        let secret = try harness.run(engine, "squall_tests.secret_param", ["password": "isolated-secret"], timeout: 30)
        XCTAssertEqual(secret.resultObject["result"], ["length": 15, "in_environ": false, "in_cmdline": false])
        XCTAssertEqual(pool.status.map(\.pack), ["squall_tests"])
        XCTAssertEqual(pool.status.first?.executionsServed, 2, "both executions were forked from the warm host")
    }
}
