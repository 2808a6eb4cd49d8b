import Foundation
import SquallModel
import SquallStore
import XCTest

final class OutputLineTests: StoreContractTestCase {
    private func line(_ execution: Execution, _ sequence: Int, _ stream: SquallModel.OutputStreamKind = .stdout,
                      _ text: String? = nil) -> OutputLine {
        OutputLine(executionId: execution.id, sequence: sequence, stream: stream, line: text ?? "line \(sequence)",
                   timestamp: Date(timeIntervalSince1970: 1_700_000_000 + Double(sequence) / 1000))
    }

    func testLinesComeBackOrderedBySequenceWhateverTheInsertOrder() {
        eachImplementation {
            let store = try makeStore()
            let execution = makeExecution()
            try store.create(execution)
            try store.appendOutput([line(execution, 3), line(execution, 1, .stderr, "oops ⚠️")])
            try store.appendOutput([line(execution, 2), line(execution, 10)])
            let lines = try store.output(executionId: execution.id, after: nil)
            XCTAssertEqual(lines.map(\.sequence), [1, 2, 3, 10])
            XCTAssertEqual(lines.first, line(execution, 1, .stderr, "oops ⚠️"))
            XCTAssertEqual(lines.map { micros($0.timestamp) }, [1, 2, 3, 10].map { micros(line(execution, $0).timestamp) })
        }
    }

    func testAfterReturnsOnlyLaterLines() {
        eachImplementation {
            let store = try makeStore()
            let execution = makeExecution()
            try store.create(execution)
            try store.appendOutput((0..<5).map { line(execution, $0) })
            XCTAssertEqual(try store.output(executionId: execution.id, after: 2).map(\.sequence), [3, 4])
            XCTAssertEqual(try store.output(executionId: execution.id, after: 4), [])
            XCTAssertEqual(try store.output(executionId: execution.id, after: -1).map(\.sequence), [0, 1, 2, 3, 4])
        }
    }

    func testOutputIsKeptPerExecution() {
        eachImplementation {
            let store = try makeStore()
            let first = makeExecution(), second = makeExecution()
            try store.create(first)
            try store.create(second)
            try store.appendOutput([line(first, 0, .stdout, "first"), line(second, 0, .stdout, "second")])
            XCTAssertEqual(try store.output(executionId: first.id, after: nil).map(\.line), ["first"])
            XCTAssertEqual(try store.output(executionId: second.id, after: nil).map(\.line), ["second"])
        }
    }

    func testABatchWithADuplicateSequenceIsRejectedAsAWhole() {
        eachImplementation {
            let store = try makeStore()
            let execution = makeExecution()
            try store.create(execution)
            try store.appendOutput([line(execution, 0)])
            XCTAssertThrowsError(try store.appendOutput([line(execution, 1), line(execution, 0)]))
            XCTAssertEqual(try store.output(executionId: execution.id, after: nil).map(\.sequence), [0])
        }
    }

    func testOutputForAnUnknownExecutionIsRejected() {
        eachImplementation {
            let store = try makeStore()
            XCTAssertThrowsError(try store.appendOutput([line(makeExecution(), 0)]))
        }
    }

    func testALargeBurstIsStoredCompletely() {
        eachImplementation {
            let store = try makeStore()
            let execution = makeExecution()
            try store.create(execution)
            try store.appendOutput((0..<5000).map { line(execution, $0) })
            let lines = try store.output(executionId: execution.id, after: nil)
            XCTAssertEqual(lines.count, 5000)
            XCTAssertEqual(lines.last?.line, "line 4999")
        }
    }
}
