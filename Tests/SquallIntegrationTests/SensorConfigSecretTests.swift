import XCTest
@testable import SquallEngine
import SquallModel

/// A sensor gets its pack config rendered as an action does: a secret `pack config` stored in the
/// datastore (encrypted) reaches it in clear, through the engine's cipher.
final class SensorConfigSecretTests: XCTestCase {
    func testASecretPackConfigValueReachesTheSensorDecrypted() throws {
        let harness = try IntegrationHarness()
        defer { harness.remove() }
        let set = try harness.squall(["pack", "config", "squall_tests", "--set", "token=sensor-side-secret"])
        XCTAssertEqual(set.status, 0, set.stderr)
        XCTAssertFalse(try String(contentsOfFile: harness.dataDirectory + "/configs/squall_tests.yaml", encoding: .utf8)
            .contains("sensor-side-secret"))

        let engine = try harness.engine()
        let sensor = try XCTUnwrap(engine.catalog.sensors.values.first { $0.pack == "squall_tests" })
        let config = Server(engine: engine).sensorConfig(sensor, catalog: engine.catalog)
        XCTAssertEqual(config["token"], "sensor-side-secret")
        XCTAssertEqual(config["api_url"], "http://localhost:8080", "defaults filled in as before")
    }
}
