import SquallModel
import SquallWorkflows
import XCTest

/// A conductor saved as JSON after every event and restored from it (a process that died and a
/// new one that goes on) starts the same actions and ends the same way as one that never stopped.
final class ConductorSnapshotTests: XCTestCase {
    private let spec = #"""
    {"version": 1.0, "input": ["n"], "vars": [{"seen": []}],
     "tasks": {
      "split": {"action": "p.a", "next": [{"when": "<% succeeded() %>", "publish": [{"base": "<% result().v %>"}], "do": ["left", "right"]}]},
      "left": {"action": "p.b x=<% ctx().base %>", "next": [{"do": "join"}]},
      "right": {"with": {"items": "i in <% range(ctx().n) %>", "concurrency": 2}, "action": "p.c i=<% item(i) %>",
                "next": [{"when": "<% failed() %>", "publish": [{"failedItems": "<% result().len() %>"}], "do": "join"}]},
      "join": {"join": "all", "action": "p.d", "next": [{"when": "<% succeeded() %>", "do": "fail"}]}},
     "output": [{"base": "<% ctx().base %>"}, {"failedItems": "<% ctx().failedItems %>"}]}
    """#

    /// Completes requests oldest first (item 1 of `right` fails), restoring from JSON after each
    /// event when `restoring`; returns every request started and the final result.
    private func drive(restoring: Bool) throws -> (started: [TaskRequest], status: WorkflowStatus, result: JSONValue) {
        let parsed = try workflow(spec)
        var conductor = Conductor(spec: parsed, input: ["n": 3])
        var inFlight = conductor.start()
        var started = inFlight
        while let request = inFlight.first {
            inFlight.removeFirst()
            if restoring {
                let saved = try conductor.snapshot.json
                conductor = Conductor(spec: parsed, restoring: try ConductorSnapshot(json: saved))
                XCTAssertEqual(conductor.outstandingRequests, (inFlight + [request]).map(\.id).sorted())
            }
            let failed = request.taskName == "right" && request.itemID == 1
            let next = conductor.complete(request.id, succeeded: !failed, result: ["v": .int(request.id)])
            inFlight += next
            started += next
        }
        return (started, conductor.status, conductor.result)
    }

    func testARestoredConductorGoesOnExactlyAsTheOriginal() throws {
        let straight = try drive(restoring: false)
        let restored = try drive(restoring: true)
        XCTAssertEqual(straight.started.map(\.taskName), ["split", "left", "right", "right", "right", "join"])
        XCTAssertEqual(restored.started, straight.started)
        XCTAssertEqual(restored.status, straight.status)
        XCTAssertEqual(restored.result, straight.result)
        XCTAssertEqual(straight.status, .failed)
    }
}
