import Foundation
import SquallModel
import XCTest

/// A real `squall server` with real sensor children restarts a pack's sensors when what they were
/// started from changes (pack config, helper modules) and stops them side by side.
final class SensorRestartTests: EngineTestCase {
    var packs: String!
    var environment: [String: String]!
    var sensors: String { packs + "/squall_tests/sensors" }

    override func setUpWithError() throws {
        try super.setUpWithError()
        packs = try harness.quietFixturePackCopy()
        environment = harness.commandLineEnvironment
        environment["SQUALL_PACKS_PATH"] = packs
    }

    func write(_ text: String, _ file: String) throws {
        try text.write(toFile: sensors + "/" + file, atomically: true, encoding: .utf8)
    }

    func payloads(_ trigger: String) throws -> [JSONValue] {
        try engine.store.triggerInstances(trigger: trigger, status: nil, limit: 20).map(\.payload)
    }

    func runningSensors() -> Set<String> {
        guard let text = try? String(contentsOfFile: harness.dataDirectory + "/server-status.json", encoding: .utf8),
              let status = try? JSONValue.parse(text) else { return [] }
        return Set((status["sensors"]?.arrayValue ?? []).filter { $0["pid"]?.intValue != nil && $0["state"] == "running" }
            .compactMap { $0["ref"]?.stringValue })
    }

    func withServer(_ body: (Process) throws -> Void) throws {
        let server = try harness.startServer(environment: environment)
        defer { if server.isRunning { server.terminate(); server.waitUntilExit() } }
        try body(server)
        server.terminate()
        server.waitUntilExit()
        XCTAssertEqual(server.terminationStatus, 0)
    }

    func testPackConfigRestartsThePacksSensorsWithTheNewConfig() throws {
        try withServer { _ in
            try eventually("a tick with the default api_url") { try payloads("squall_tests.tick").contains { $0["api_url"] == "http://localhost:8080" } }
            let set = try harness.squall(["pack", "config", "squall_tests", "--set", "api_url=http://changed.invalid"], environment: environment)
            XCTAssertEqual(set.status, 0, set.stderr)
            try eventually("a tick with the new api_url") { try payloads("squall_tests.tick").contains { $0["api_url"] == "http://changed.invalid" } }
        }
    }

    func testAChangedHelperModuleRestartsTheSensorAtPackRegister() throws {
        try write("VALUE = 'one'\n", "helper_value.py")
        try write("""
            from st2reactor.sensor.base import Sensor
            from helper_value import VALUE


            class HelperUser(Sensor):
                def setup(self):
                    pass

                def run(self):
                    self.sensor_service.dispatch("squall_tests.helper_value", {"value": VALUE})

                def cleanup(self):
                    pass

                def add_trigger(self, trigger):
                    pass

                def update_trigger(self, trigger):
                    pass

                def remove_trigger(self, trigger):
                    pass
            """, "helper_user.py")
        try write("""
            ---
            class_name: HelperUser
            entry_point: helper_user.py
            description: Dispatches a value it imports from a helper module beside it.
            trigger_types:
              - name: helper_value
                payload_schema: {type: object, properties: {value: {type: string}}}
            """, "helper_user.yaml")
        try withServer { _ in
            try eventually("the helper's first value") { try payloads("squall_tests.helper_value").contains { $0["value"] == "one" } }
            try write("VALUE = 'two'\n", "helper_value.py")
            _ = try harness.squall(["pack", "register", "squall_tests"], environment: environment)  // exit 1: unknown_trigger.yaml
            try eventually("the sensor restarted with the changed helper") {
                try payloads("squall_tests.helper_value").contains { $0["value"] == "two" }
            }
        }
    }

    func testPackRegisterStopsAPacksSensorsSideBySide() throws {
        // Each one's cleanup waits up to 4 s (the grace period is 5 s) for the other's cleanup to begin.
        try write("""
            import time

            from st2reactor.sensor.base import Sensor


            class Rendezvous(Sensor):
                OTHER = None

                def setup(self):
                    pass

                def run(self):
                    pass

                def cleanup(self):
                    me = type(self).__name__
                    self.sensor_service.set_value("rendezvous.stopping." + me, "yes", local=False)
                    deadline = time.time() + 4
                    seen = False
                    while not seen and time.time() < deadline:
                        seen = self.sensor_service.get_value("rendezvous.stopping." + self.OTHER, local=False) is not None
                        if not seen:
                            time.sleep(0.05)
                    self.sensor_service.set_value("rendezvous.saw." + me, "yes" if seen else "no", local=False)

                def add_trigger(self, trigger):
                    pass

                def update_trigger(self, trigger):
                    pass

                def remove_trigger(self, trigger):
                    pass
            """, "rendezvous.py")
        for (me, other) in [("StopA", "StopB"), ("StopB", "StopA")] {
            try write("from rendezvous import Rendezvous\n\n\nclass \(me)(Rendezvous):\n    OTHER = \"\(other)\"\n", me.lowercased() + ".py")
            try write("---\nclass_name: \(me)\nentry_point: \(me.lowercased()).py\ndescription: Meets \(other) in cleanup.\n", me.lowercased() + ".yaml")
        }
        try withServer { _ in
            try eventually("both sensors running") { runningSensors().isSuperset(of: ["squall_tests.StopA", "squall_tests.StopB"]) }
            for me in ["stopa", "stopb"] {
                try (try String(contentsOfFile: sensors + "/\(me).yaml", encoding: .utf8) + "enabled: false\n")
                    .write(toFile: sensors + "/\(me).yaml", atomically: true, encoding: .utf8)
            }
            _ = try harness.squall(["pack", "register", "squall_tests"], environment: environment)  // exit 1: unknown_trigger.yaml
            func saw(_ me: String) throws -> String? { try engine.store.value(scope: "system", name: "rendezvous.saw." + me)?.value }
            try eventually("both cleanups done") { try saw("StopA") != nil && saw("StopB") != nil }
            XCTAssertEqual(try saw("StopA"), "yes", "StopA's cleanup ran while StopB's did")
            XCTAssertEqual(try saw("StopB"), "yes", "StopB's cleanup ran while StopA's did")
        }
    }
}
