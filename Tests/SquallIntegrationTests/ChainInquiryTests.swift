import Foundation
import SquallBootstrap
import SquallEngine
import SquallModel
import SquallStore
import XCTest

/// core.ask inside action-chains, with real processes, as st2's chain runner does it: the chain
/// (a `run --async` worker) pauses on the pending inquiry; another `squall` process answers; the
/// chain resumes in an `execution work` process with the answer in the node's result
/// (`{{ ask.result.response.x }}`, st2's shape) and goes on along `on-success`.
final class ChainInquiryTests: WorkflowProcessTestCase {
    override class var fixturePacks: String { "inquiries/packs" }

    private func squall(_ arguments: [String]) throws -> Outcome { try harness.squall(arguments, environment: environment) }

    private func startAsync(_ ref: String) throws -> String {
        let started = try squall(["run", ref, "--async", "--json"])
        XCTAssertEqual(started.status, 0, started.stderr)
        return try XCTUnwrap(JSONValue.parse(started.stdout)["id"]?.stringValue, started.stdout + started.stderr)
    }

    private func completed(_ id: String) throws -> Execution {
        eventually("the chain completes") { (try? store.execution(id: id))?.status.isCompleted == true }
        return try XCTUnwrap(try store.execution(id: id))
    }

    private func inquiry(under id: String) throws -> Execution {
        try XCTUnwrap(try store.executions(matching: ExecutionQuery(parent: id)).first { $0.runner == "inquirer" })
    }

    func testAChainPausesOnCoreAskAndGoesOnWithTheAnswerInTheNodesResult() throws {
        let id = try startAsync("squall_inquiries.ask_chain")
        eventually("the chain pauses") { (try? store.execution(id: id))?.status == .paused }
        let asked = try inquiry(under: id)
        XCTAssertEqual(asked.status, .pending)
        let paused = try XCTUnwrap(try store.execution(id: id))
        XCTAssertEqual(paused.result?["tasks"]?.arrayValue?.map { $0["state"] }, ["pending"], "\(paused.result ?? .null)")
        // Resumed by hand before the answer: it waits on (the open inquiry is not abandoned).
        XCTAssertEqual(try squall(["execution", "resume", id]).status, 0)
        eventually("the chain pauses again") { (try? store.execution(id: id))?.log.filter { $0.status == .paused }.count == 2 }
        XCTAssertEqual(try store.execution(id: asked.id)?.status, .pending)

        let answer = try squall(["inquiry", "respond", asked.id, #"{"reason": "ship it"}"#])
        XCTAssertEqual(answer.status, 0, answer.stderr)
        let chain = try completed(id)
        XCTAssertEqual(chain.status, .succeeded, "\(chain.result ?? .null)")
        let tasks = try XCTUnwrap(chain.result?["tasks"]?.arrayValue)
        XCTAssertEqual(tasks.map { $0["name"] }, ["ask", "after"])
        XCTAssertEqual(tasks.map { $0["state"] }, ["succeeded", "succeeded"])
        XCTAssertEqual(tasks[0]["result"]?["response"], ["reason": "ship it"])
        XCTAssertEqual(tasks[1]["result"]?["stdout"], "answered ship it")
        XCTAssertEqual(chain.result?["published"], ["reason": "ship it"])
        // One inquiry, one echo: nothing ran twice.
        XCTAssertEqual(try store.executions(matching: ExecutionQuery(parent: id)).count, 2)
    }

    func testASubChainPausedOnAnInquiryPausesItsParentAndTheAnswerFinishesBoth() throws {
        let id = try startAsync("squall_inquiries.ask_chain_parent")
        eventually("the parent pauses") { (try? store.execution(id: id))?.status == .paused }
        let inner = try XCTUnwrap(try store.executions(matching: ExecutionQuery(parent: id)).first)
        XCTAssertEqual(inner.status, .paused)
        let asked = try inquiry(under: inner.id)
        XCTAssertEqual(try squall(["inquiry", "respond", asked.id, #"{"reason": "nested"}"#]).status, 0)
        let parent = try completed(id)
        XCTAssertEqual(parent.status, .succeeded, "\(parent.result ?? .null)")
        XCTAssertEqual(try store.execution(id: inner.id)?.status, .succeeded)
        let tasks = try XCTUnwrap(parent.result?["tasks"]?.arrayValue)
        XCTAssertEqual(tasks.map { $0["name"] }, ["inner", "done"])
        XCTAssertEqual(tasks[1]["result"]?["stdout"], "inner said nested")
    }

    func testAnExpiredInquiryTakesTheChainsFailureBranch() throws {
        let id = try startAsync("squall_inquiries.ask_chain")
        eventually("the chain pauses") { (try? store.execution(id: id))?.status == .paused }
        let asked = try inquiry(under: id)
        // Past core.ask's default TTL (1440 minutes).
        _ = try store.update(id: asked.id) { $0.startTimestamp = $0.startTimestamp.addingTimeInterval(-1441 * 60) }
        XCTAssertEqual(try squall(["inquiry", "list", "--json"]).stdout, "[]\n")
        let chain = try completed(id)
        XCTAssertEqual(chain.result?["tasks"]?.arrayValue?.map { $0["name"] }, ["ask", "expired"], "\(chain.result ?? .null)")
        XCTAssertEqual(chain.result?["tasks"]?.arrayValue?.first?["state"], "timeout")
        // st2: the chain's status follows its last node, which succeeded.
        XCTAssertEqual(chain.status, .succeeded)
    }
}
