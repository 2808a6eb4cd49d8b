import Foundation
import SquallModel
import SquallWorkflows
import XCTest

/// Workflows in tests are written as JSON (the engine parses YAML into the same JSONValue).
func workflow(_ json: String, file: StaticString = #filePath, line: UInt = #line) throws -> WorkflowSpec {
    try WorkflowReader.read(try JSONValue.parse(json))
}

/// Drives a conductor with completions chosen by the test, as the runner drives it with real ones.
struct ConductorDriver {
    var conductor: Conductor
    var inFlight: [TaskRequest] = []
    var started: [TaskRequest] = []

    init(_ spec: WorkflowSpec, input: [String: JSONValue] = [:], limits: Conductor.Limits = .init()) {
        conductor = Conductor(spec: spec, input: input, limits: limits)
        add(conductor.start())
    }

    private mutating func add(_ requests: [TaskRequest]) {
        inFlight += requests
        started += requests
    }

    /// Completes the oldest in-flight request of `task` with `result`.
    mutating func complete(_ task: String, succeeded: Bool = true, result: JSONValue = .null) {
        guard let index = inFlight.firstIndex(where: { $0.taskName == task }) else {
            XCTFail("no request of \(task) in flight: \(inFlight.map(\.taskName))")
            return
        }
        let request = inFlight.remove(at: index)
        add(conductor.complete(request.id, succeeded: succeeded, result: result))
    }

    var inFlightNames: [String] { inFlight.map(\.taskName).sorted() }
}
