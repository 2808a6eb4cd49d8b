import Foundation
import SquallBootstrap
import SquallEngine
import SquallModel
import XCTest

/// A sensor whose setup() never returns is killed after the setup timeout, reported with why, and
/// restarted like a crashed one; before, it showed `starting` for ever and server stop waited out
/// its 5 s grace period (6.9 s in all).
final class SensorSetupTimeoutTests: EngineTestCase {
    func testASensorStuckInSetupIsReportedAndRestarted() throws {
        _ = try harness.writeProbePack("stuck_setup", files: [
            "sensors/stuck.yaml": "class_name: Stuck\nentry_point: stuck.py\ndescription: Never finishes setup().\ntrigger_types:\n  - name: never\n",
            "sensors/stuck.py": """
                import time
                from st2reactor.sensor.base import Sensor


                class Stuck(Sensor):
                    def setup(self):
                        time.sleep(3600)

                    def run(self):
                        pass

                    def cleanup(self):
                        pass

                    def add_trigger(self, trigger):
                        pass

                    def update_trigger(self, trigger):
                        pass

                    def remove_trigger(self, trigger):
                        pass
                """,
        ])
        engine = try EngineBootstrap.openEngine(settings: harness.probePackSettings)
        let server = Server(engine: engine, options: .init(backoff: .init(initial: 0.2, maximum: 1, resetAfter: 60, setupTimeout: 1)))
        try server.start()
        try eventually("two restarts after setup timeouts") {
            (server.sensorStatuses.first { $0.sensor == "stuck_setup.Stuck" }?.restarts ?? 0) >= 2
        }
        let status = try XCTUnwrap(server.sensorStatuses.first { $0.sensor == "stuck_setup.Stuck" })
        XCTAssertEqual(status.lastErrorLine, "setup() did not finish within 1 s")
        XCTAssertEqual(status.lastExitCode, -SIGKILL)
        server.stop(grace: 30)
        XCTAssertEqual(server.sensorStatuses.first { $0.sensor == "stuck_setup.Stuck" }?.state, .stopped)
    }
}
