import SquallModel
import SquallWorkflows
import XCTest

/// A conductor saved as parts (`takeParts`): after every event the parts saved so far, with only
/// that event's changes applied, describe exactly the conductor's state, a conductor restored from
/// them goes on as the original, and an event saves a bounded number of parts however long the run.
final class ConductorPartsTests: XCTestCase {
    /// Splits, a join, a retry, a loop, and with-items with a failing item (the workflow fails).
    private let spec = #"""
    {"version": 1.0, "input": ["n"], "vars": [{"seen": []}],
     "tasks": {
      "split": {"action": "p.a", "next": [{"when": "<% succeeded() %>", "publish": [{"base": "<% result().v %>"}], "do": ["left", "right", "again"]}]},
      "left": {"action": "p.b x=<% ctx().base %>", "retry": {"count": 2}, "next": [{"do": "join"}]},
      "right": {"with": {"items": "i in <% range(ctx().n) %>", "concurrency": 2}, "action": "p.c i=<% item(i) %>",
                "next": [{"when": "<% failed() %>", "publish": [{"failedItems": "<% result().len() %>"}], "do": "join"}]},
      "again": {"action": "p.e", "next": [{"when": "<% result().v < 9 %>", "publish": [{"loops": "<% result().v %>"}], "do": "again"}]},
      "join": {"join": "all", "action": "p.d", "next": [{"when": "<% succeeded() %>", "do": "fail"}]}},
     "output": [{"base": "<% ctx().base %>"}, {"failedItems": "<% ctx().failedItems %>"}, {"loops": "<% ctx().loops %>"}]}
    """#

    /// The store's side: parts saved so far, each save applied as a store applies it.
    private struct SavedParts {
        var header: JSONValue = .null
        var parts: [String: JSONValue] = [:]

        mutating func apply(_ changes: ConductorParts, all: Bool) {
            header = changes.header
            if all { parts = [:] }
            XCTAssertTrue(Set(changes.upserted.keys).isDisjoint(with: changes.removed))
            for key in changes.removed { parts[key] = nil }
            parts.merge(changes.upserted) { _, new in new }
        }

        func snapshot() throws -> ConductorSnapshot { try ConductorSnapshot(header: header, parts: parts) }
    }

    /// Completes requests oldest first (the first attempt of `left` and item 1 of `right` fail),
    /// saving parts after each event and checking them against the conductor; with `restoring`,
    /// goes on from a conductor restored from the parts. Returns the requests started, the result,
    /// and the most parts any event (after the first) saved.
    private func drive(restoring: Bool, from start: (inout Conductor) -> [TaskRequest] = { $0.start() },
                       conductor initial: Conductor? = nil) throws
        -> (started: [TaskRequest], conductor: Conductor, mostParts: Int) {
        let parsed = try workflow(spec)
        var conductor = initial ?? Conductor(spec: parsed, input: ["n": 3])
        var inFlight = start(&conductor)
        var started = inFlight
        var saved = SavedParts()
        saved.apply(conductor.takeParts(all: true), all: true)
        XCTAssertEqual(try saved.snapshot(), conductor.snapshot)
        var mostParts = 0
        var leftFailed = false
        while let request = inFlight.first {
            inFlight.removeFirst()
            let failed = (request.taskName == "right" && request.itemID == 1) || (request.taskName == "left" && !leftFailed)
            if request.taskName == "left" { leftFailed = true }
            let next = conductor.complete(request.id, succeeded: !failed, result: ["v": .int(request.id)])
            let changes = conductor.takeParts(all: false)
            mostParts = max(mostParts, changes.upserted.count + changes.removed.count)
            saved.apply(changes, all: false)
            XCTAssertEqual(try saved.snapshot(), conductor.snapshot, "after \(request.taskName) (request \(request.id))")
            if restoring { conductor = Conductor(spec: parsed, restoring: try saved.snapshot()) }
            inFlight += next
            started += next
        }
        return (started, conductor, mostParts)
    }

    func testPartsSavedEventByEventDescribeTheConductorAndARestoredOneGoesOnAsTheOriginal() throws {
        let straight = try drive(restoring: false)
        let restored = try drive(restoring: true)
        XCTAssertEqual(Set(straight.started.map(\.taskName)), ["split", "left", "right", "again", "join"])
        XCTAssertEqual(straight.started.filter { $0.taskName == "left" }.count, 2, "the retry")
        XCTAssertGreaterThan(straight.started.filter { $0.taskName == "again" }.count, 2, "the loop")
        XCTAssertEqual(restored.started, straight.started)
        XCTAssertEqual(restored.conductor.status, .failed)
        XCTAssertEqual(restored.conductor.result, straight.conductor.result)
    }

    func testARerunSavesItsPartsAsWell() throws {
        let failed = try drive(restoring: false).conductor
        let straight = try drive(restoring: false, from: { try! $0.rerun(tasks: ["right"], reset: []) }, conductor: failed)
        let restored = try drive(restoring: true, from: { try! $0.rerun(tasks: ["right"], reset: []) }, conductor: failed)
        XCTAssertEqual(restored.started.filter { $0.taskName == "right" }.map(\.itemID), [1])
        XCTAssertEqual(restored.started, straight.started)
        XCTAssertEqual(restored.conductor.result, straight.conductor.result)
    }

    /// Whole snapshots grew with the run; parts per event do not.
    func testAnEventSavesABoundedNumberOfPartsHoweverLongTheRun() throws {
        func sequence(_ tasks: Int) throws -> Int {
            var text = #"{"version": 1.0, "tasks": {"#
            text += (0..<tasks).map { n in
                #""t\#(n)": {"action": "core.noop""# + (n + 1 < tasks ? #", "next": [{"when": "<% succeeded() %>", "do": "t\#(n + 1)"}]}"# : "}")
            }.joined(separator: ", ") + "}}"
            var conductor = Conductor(spec: try workflow(text), input: [:])
            var inFlight = conductor.start()
            _ = conductor.takeParts(all: true)
            var most = 0
            while let request = inFlight.popLast() {
                inFlight += conductor.complete(request.id, succeeded: true, result: .null)
                let changes = conductor.takeParts(all: false)
                most = max(most, changes.upserted.count + changes.removed.count)
            }
            XCTAssertEqual(conductor.status, .succeeded)
            return most
        }
        let short = try sequence(5), long = try sequence(200)
        XCTAssertEqual(long, short)
        // The next task's instance, request and task part, the ended request, the ended task's
        // part (its instance is not written again).
        XCTAssertLessThanOrEqual(long, 5)
        // With-items: an item's completion saves its result, not every result so far.
        var items = Conductor(spec: try workflow(#"""
        {"version": 1.0, "tasks": {"each": {"with": {"items": "<% range(300) %>", "concurrency": 5}, "action": "core.noop"}}}
        """#), input: [:])
        var inFlight = items.start()
        _ = items.takeParts(all: true)
        var most = 0
        while !inFlight.isEmpty {
            let request = inFlight.removeFirst()
            inFlight += items.complete(request.id, succeeded: true, result: ["n": .int(request.id)])
            let changes = items.takeParts(all: false)
            if items.status == .running { most = max(most, changes.upserted.count + changes.removed.count) }
        }
        XCTAssertEqual(items.status, .succeeded)
        XCTAssertLessThanOrEqual(most, 6)
    }

    func testPartsThatDoNotMakeAStateAreRefusedNamingTheProblem() throws {
        var conductor = Conductor(spec: try workflow(spec), input: ["n": 3])
        _ = conductor.start()
        let changes = conductor.takeParts(all: true)
        var parts = changes.upserted
        parts["instance:7"] = parts["instance:0"]
        XCTAssertThrowsError(try ConductorSnapshot(header: changes.header, parts: parts)) { error in
            XCTAssertEqual("\(error)", "saved workflow state: task instances or terminal contexts are missing")
        }
        parts = changes.upserted
        parts["request:0"] = "x"
        XCTAssertThrowsError(try ConductorSnapshot(header: changes.header, parts: parts)) { error in
            XCTAssertEqual("\(error)", "saved workflow state: request:0 is not a request")
        }
        XCTAssertThrowsError(try ConductorSnapshot(header: [:], parts: changes.upserted))
    }
}
