import Foundation
import SquallEngine
import SquallModel
import XCTest

/// Executions started with `POST /api/v1/executions` run in `squall server`'s own slots
/// (`--concurrency`), and a SIGTERM leaves none `requested` or `running`.
final class APIExecutionSlotsTests: EngineTestCase {
    var session: St2Session!
    var auth = ""

    override func setUpWithError() throws {
        try super.setUpWithError()
        session = try St2Session(harness: harness, extraEnvironment: ["SQUALL_PACKS_PATH": try harness.quietFixturePackCopy()],
                                 serverArguments: ["--concurrency", "1"])
        let basic = Data("alice:\(St2Session.password)".utf8).base64EncodedString()
        let reply = try session.http("POST", "/auth/v1/tokens", headers: ["Authorization: Basic \(basic)"], body: "{}")
        auth = "X-Auth-Token: " + (try XCTUnwrap(try JSONValue.parse(reply.body)["token"]?.stringValue, reply.body))
    }

    override func tearDown() {
        session?.stop()
        session = nil
        super.tearDown()
    }

    func startSleeps(_ count: Int) throws -> [String] {
        try (0..<count).map { _ in
            let reply = try session.http("POST", "/api/v1/executions", headers: [auth],
                                         body: "{\"action\": \"core.local\", \"parameters\": {\"cmd\": \"sleep 1\"}}")
            XCTAssertEqual(reply.status, 201, reply.body)
            return try XCTUnwrap(try JSONValue.parse(reply.body)["id"]?.stringValue, reply.body)
        }
    }

    /// When each execution was running: from its `running` transition to its completion.
    func runningInterval(_ execution: Execution) throws -> ClosedRange<Date> {
        let start = try XCTUnwrap(execution.log.first { $0.status == .running }?.timestamp, "\(execution.log)")
        let end = try XCTUnwrap(execution.log.last { $0.status.isCompleted }?.timestamp, "\(execution.log)")
        return start...end
    }

    func testAPIExecutionsRunOneAtATimeWithConcurrencyOne() throws {
        let ids = try startSleeps(3)
        var finished: [Execution] = []
        try eventually("all three finished") {
            finished = try ids.map { try engine.execution(id: $0) }
            return finished.allSatisfy { $0.status.isCompleted }
        }
        XCTAssertEqual(finished.map(\.status), [.succeeded, .succeeded, .succeeded])
        // The recorded running periods never overlap: one slot, taken in turn.
        let intervals = try finished.map(runningInterval).sorted { $0.lowerBound < $1.lowerBound }
        for (earlier, later) in zip(intervals, intervals.dropFirst()) {
            XCTAssertLessThanOrEqual(earlier.upperBound, later.lowerBound, "\(intervals)")
        }
    }

    func testSIGTERMLeavesEveryAPIExecutionInAFinalState() throws {
        let ids = try startSleeps(3)
        try eventually("one is running") { try ids.contains { try engine.execution(id: $0).status == .running } }
        session.server.terminate()
        session.server.waitUntilExit()
        // A running one finishes within the grace period; those still waiting for the slot when
        // the server stops are canceled (how many ran depends on how long the API took to stop).
        let statuses = try ids.map { try engine.execution(id: $0).status }
        XCTAssertTrue(statuses.allSatisfy { [.succeeded, .canceled].contains($0) }, "\(statuses)")
        XCTAssertTrue(statuses.contains(.succeeded), "the one seen running ends succeeded: \(statuses)")
    }
}
