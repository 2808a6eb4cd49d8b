import Foundation
import SquallEngine
import SquallModel
import XCTest

/// A webhook the server cannot queue (queue full, or the server stopping) is refused as busy
/// (EngineBusy: the API's 503 with a faultstring), not as an internal failure.
final class WebhookQueueFullTests: EngineTestCase {
    func testAWebhookTheServersQueueCannotTakeIsRefusedAsBusy() throws {
        // No room at all: every instance finds the queue full, whatever the rules thread does.
        let server = Server(engine: engine, options: .init(queueCapacity: 0))
        try server.start()
        let payload: JSONValue = ["op": "webhook", "parameters": ["n": 1]]
        XCTAssertThrowsError(try engine.receiveGenericWebhook(trigger: "squall_tests.trigger_seen", payload: payload)) { error in
            XCTAssertTrue(error is EngineBusy, "\(type(of: error)): \(error)")
            XCTAssertTrue("\(error)".contains("trigger queue is full"), "\(error)")
        }
        server.stop(grace: 30)
        XCTAssertThrowsError(try engine.receiveGenericWebhook(trigger: "squall_tests.trigger_seen", payload: payload)) { error in
            XCTAssertTrue(error is EngineBusy, "stopped: \(type(of: error)): \(error)")
        }
    }
}
