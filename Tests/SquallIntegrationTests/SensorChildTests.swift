import Foundation
import SquallEngine
import SquallModel
import SquallRunners
import SquallTransport
import XCTest

/// Real sensor children: the st2 sensor API in Runners/python, hosted by squall_sensor_wrapper.py,
/// talking pyzmq to a SensorChild, launched through the sandbox.
final class SensorChildTests: EngineTestCase {
    /// What a sensor child sent, collected across threads.
    final class Inbox: @unchecked Sendable {
        /// What has arrived so far, as a value a waiting predicate can look at.
        struct Snapshot {
            var dispatches: [(String, JSONValue)] = []
            var started = false
            func payloads(of trigger: String) -> [JSONValue] { dispatches.filter { $0.0 == trigger }.map(\.1) }
        }

        private let condition = NSCondition()
        private var state = Snapshot()

        func add(_ trigger: String, _ payload: JSONValue) {
            condition.lock(); state.dispatches.append((trigger, payload)); condition.broadcast(); condition.unlock()
        }
        func markStarted() { condition.lock(); state.started = true; condition.broadcast(); condition.unlock() }

        var snapshot: Snapshot { condition.lock(); defer { condition.unlock() }; return state }
        var started: Bool { snapshot.started }
        func payloads(of trigger: String) -> [JSONValue] { snapshot.payloads(of: trigger) }

        /// Waits (up to 30 s, generous for a loaded machine) until `done` holds.
        func wait(_ what: String, until done: (Snapshot) -> Bool) {
            condition.lock(); defer { condition.unlock() }
            let deadline = Date().addingTimeInterval(30)
            while !done(state) { if !condition.wait(until: deadline) { XCTFail("timed out waiting for \(what)"); return } }
        }
    }

    func makeChild(_ className: String, triggers: [JSONValue] = [], inbox: Inbox) throws -> SensorChild {
        let sensor = try XCTUnwrap(engine.catalog.sensors["squall_tests.\(className)"])
        let pack = try XCTUnwrap(engine.catalog.packs["squall_tests"])
        let interpreter = try engine.virtualenvs.ensure(pack, progress: { _ in })
        let runDirectory = harness.dataDirectory + "/run/sensor-\(className)"
        try FileManager.default.createDirectory(atPath: runDirectory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let datastore = DatastoreService(store: engine.store)
        let events = SensorChild.Events(
            started: { inbox.markStarted() },
            dispatched: { trigger, payload, _ in inbox.add(trigger, payload) },
            output: { _, _ in },
            datastore: { try datastore.handle(operation: $0, arguments: $1) })
        return SensorChild(sensor: sensor, sensorId: "sensor-\(className)-\(UUID().uuidString.prefix(8))",
                           interpreter: interpreter, runtimeDirectory: harness.settings.pythonRuntimeDirectory,
                           config: ["api_url": "http://example.invalid"], triggers: triggers, policy: engine.policy,
                           runDirectory: runDirectory, events: events)
    }

    /// Runs the child on its own thread; the returned closure waits for its end.
    func start(_ child: SensorChild) -> () -> SensorChild.Ending? {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var ending: SensorChild.Ending?
        Thread.detachNewThread {
            ending = try? child.run()
            done.signal()
        }
        return {
            _ = done.wait(timeout: .now() + 30)
            return ending
        }
    }

    func testPollingSensorDispatchesFollowsTriggerUpdatesAndCleansUp() throws {
        let inbox = Inbox()
        let trigger: JSONValue = ["id": "t1", "name": "tick", "pack": "squall_tests", "type": "squall_tests.tick",
                                  "ref": "squall_tests.tick", "uid": "trigger:squall_tests:tick", "parameters": ["path": "/a"]]
        let child = try makeChild("Ticker", triggers: [trigger], inbox: inbox)
        let ended = start(child)
        inbox.wait("two ticks and the initial add") { $0.payloads(of: "squall_tests.tick").count >= 2 && !$0.payloads(of: "squall_tests.trigger_seen").isEmpty }
        XCTAssertTrue(inbox.started)
        XCTAssertEqual(inbox.payloads(of: "squall_tests.tick").first, ["count": 1, "api_url": "http://example.invalid"])
        let added = inbox.payloads(of: "squall_tests.trigger_seen").first
        XCTAssertEqual(added?["op"], "add")
        XCTAssertEqual(added?["parameters"], ["path": "/a"])

        child.send(.triggerUpdate(operation: .remove, trigger: trigger))
        inbox.wait("the remove") { $0.payloads(of: "squall_tests.trigger_seen").count >= 2 }
        XCTAssertEqual(inbox.payloads(of: "squall_tests.trigger_seen").last?["op"], "remove")

        child.stop()
        let ending = try XCTUnwrap(ended())
        XCTAssertEqual(ending.termination, .exited(0))
        XCTAssertEqual(try engine.store.value(scope: "system", name: "squall_tests.Ticker:cleaned")?.value, "yes")
    }

    func testCrashingSensorEndsWithItsErrorLine() throws {
        let child = try makeChild("Crasher", inbox: Inbox())
        let ending = try XCTUnwrap(start(child)())
        XCTAssertEqual(ending.termination, .exited(1))
        XCTAssertEqual(ending.lastErrorLine, "RuntimeError: sensor exploded")
    }

    func testPassiveSensorKeepsServingTriggerUpdatesAfterRunReturns() throws {
        let inbox = Inbox()
        let child = try makeChild("Passive", inbox: inbox)
        let ended = start(child)
        inbox.wait("start") { $0.started }
        child.send(.triggerUpdate(operation: .add, trigger: ["ref": "squall_tests.passive_event", "parameters": ["n": 1]]))
        inbox.wait("the dispatch") { !$0.payloads(of: "squall_tests.passive_event").isEmpty }
        XCTAssertEqual(inbox.payloads(of: "squall_tests.passive_event"), [["got": ["n": 1]]])
        child.stop()
        XCTAssertEqual(ended()?.termination, .exited(0))
    }
}
