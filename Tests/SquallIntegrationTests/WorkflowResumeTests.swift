import Foundation
import SquallBootstrap
import SquallEngine
import SquallModel
import SquallStore
import XCTest

/// `kill -9` of the process running a workflow, then a server start: the workflow goes on from
/// its saved state; completed tasks do not run again; the task that was running is abandoned and
/// the workflow's failure transition applies (as st2 does).
final class WorkflowResumeTests: XCTestCase {
    func testAChainWhoseWorkerIsKilledGoesOnInTheNextServerFromItsSavedState() throws {
        let harness = try IntegrationHarness(config: nil)
        defer { harness.remove() }
        var environment = harness.commandLineEnvironment
        environment["SQUALL_PACKS_PATH"] = IntegrationHarness.repositoryRoot + "/Tests/Fixtures/chains/packs"
        let started = try harness.squall(["run", "squall_chains.durable", "--async", "--json"], environment: environment)
        XCTAssertEqual(started.status, 0, started.stderr)
        let id = try XCTUnwrap(JSONValue.parse(started.stdout)["id"]?.stringValue, started.stdout)
        let store = try EngineBootstrap.openStore(settings: harness.settings)
        func children() throws -> [Execution] { try store.executions(matching: ExecutionQuery(parent: id)) }

        // Kill the worker while `wait` runs (its sleep started), then make sure the sleep goes too
        // if the kill did not take it.
        var sleeper: Execution?
        eventually("the wait node runs") {
            sleeper = try? children().first { $0.parameters["cmd"] == "sleep 300" && $0.context["child_pid"] != nil }
            return sleeper != nil
        }
        let worker = try XCTUnwrap(try store.execution(id: id)?.supervisorPid)
        XCTAssertEqual(kill(worker, SIGKILL), 0)
        eventually("the worker is gone") { kill(worker, 0) != 0 }
        XCTAssertEqual(try store.execution(id: id)?.status, .running)

        let server = try harness.startServer(environment: environment)
        defer { if server.isRunning { server.terminate(); server.waitUntilExit() } }
        eventually("the chain completes") { (try? store.execution(id: id))?.status.isCompleted == true }
        let chain = try XCTUnwrap(try store.execution(id: id))
        XCTAssertEqual(chain.status, .succeeded, "\(chain.result ?? .null)")
        let tasks = chain.result?["tasks"]?.arrayValue ?? []
        XCTAssertEqual(tasks.compactMap { $0["name"]?.stringValue }, ["first", "wait", "after"])
        XCTAssertEqual(tasks.compactMap { $0["state"]?.stringValue }, ["succeeded", "abandoned", "succeeded"])
        XCTAssertEqual(chain.result?["published"], ["said": "first"])
        // Each node ran once: `first` was not run again, `wait` was not restarted.
        let ran = try children().compactMap { $0.parameters["cmd"]?.stringValue }.sorted()
        XCTAssertEqual(ran, ["echo after first True", "echo first", "sleep 300"])
        XCTAssertEqual(try children().first { $0.parameters["cmd"] == "echo after first True" }?.result?["stdout"], "after first True")
        XCTAssertEqual(try store.workflowTasks(workflowId: id).map(\.status), [.succeeded, .abandoned, .succeeded])
        server.terminate()
        server.waitUntilExit()
    }
}
