import Foundation
import SquallBootstrap
import SquallEngine
import SquallModel
import SquallStore
import XCTest

/// `kill -9` of the process running a workflow, then a server start: the workflow goes on from
/// its saved state; completed tasks do not run again; the task that was running is abandoned and
/// the workflow's failure transition applies (as st2 does). And `execution pause|resume`.
final class WorkflowResumeTests: WorkflowProcessTestCase {

    private func children(of id: String) throws -> [Execution] { try store.executions(matching: ExecutionQuery(parent: id)) }

    /// Starts `action` with `run --async`, kills its worker with SIGKILL while the `sleep 300`
    /// task runs (after `whileWaiting` looked at the workflow), starts a server and returns the
    /// workflow once it completed there.
    private func killMidTaskAndResume(_ action: String, parameters: [String] = [],
                                      whileWaiting: (String) throws -> Void = { _ in }) throws -> Execution {
        let started = try harness.squall(["run", action] + parameters + ["--async", "--json"], environment: environment)
        XCTAssertEqual(started.status, 0, started.stderr)
        let id = try XCTUnwrap(JSONValue.parse(started.stdout)["id"]?.stringValue, started.stdout)
        eventually("the wait task runs") {
            (try? children(of: id).contains { $0.parameters["cmd"] == "sleep 300" && $0.context["child_pid"] != nil }) == true
        }
        try whileWaiting(id)
        let worker = try XCTUnwrap(try store.execution(id: id)?.supervisorPid)
        XCTAssertEqual(kill(worker, SIGKILL), 0)
        eventually("the worker is gone") { kill(worker, 0) != 0 }
        XCTAssertEqual(try store.execution(id: id)?.status, .running)

        server = try harness.startServer(environment: environment)
        eventually("the workflow completes") { (try? store.execution(id: id))?.status.isCompleted == true }
        return try XCTUnwrap(try store.execution(id: id))
    }

    func testAnOrquestaWorkflowWhoseWorkerIsKilledGoesOnInTheNextServerFromItsSavedState() throws {
        let flow = try killMidTaskAndResume("squall_chains.durable_flow")
        XCTAssertEqual(flow.status, .succeeded, "\(flow.result ?? .null)")
        XCTAssertEqual(flow.result, ["output": ["said": "first"]])
        let ran = try children(of: flow.id)
        XCTAssertEqual(ran.compactMap { $0.parameters["cmd"]?.stringValue }.sorted(), ["echo after first", "echo first", "sleep 300"])
        XCTAssertEqual(ran.first { $0.parameters["cmd"] == "sleep 300" }?.status, .abandoned)
        XCTAssertEqual(ran.first { $0.parameters["cmd"] == "echo after first" }?.status, .succeeded)
        XCTAssertEqual(try store.workflowTasks(workflowId: flow.id).map(\.taskName), ["first", "wait", "after"])
        XCTAssertEqual(try store.workflowTasks(workflowId: flow.id).map(\.status), [.succeeded, .abandoned, .succeeded])
    }

    func testAChainWhoseWorkerIsKilledGoesOnInTheNextServerFromItsSavedState() throws {
        let chain = try killMidTaskAndResume("squall_chains.durable")
        let id = chain.id
        func children() throws -> [Execution] { try self.children(of: id) }
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
    }

    /// The database's files (WAL included) as raw bytes.
    private func databaseBytes() throws -> Data {
        let path = harness.settings.databasePath
        return try ["", "-wal", "-shm"].reduce(into: Data()) { bytes, suffix in
            if let data = FileManager.default.contents(atPath: path + suffix) { bytes += data }
        }
    }

    /// A secret input whose default comes from the pack's config (a file: the datastore would
    /// hold it in the database): neither the saved state nor any record holds it in clear, before
    /// or after the kill, and the resumed run derives it again (tasks before and after the kill
    /// got it: they print it reversed).
    func testASecretInputIsNeverSavedInClearAndAResumedWorkflowStillHasIt() throws {
        let secret = "pw-" + UUID().uuidString
        try "flow_password: \(secret)\n".write(toFile: harness.settings.configsDirectory + "/squall_chains.yaml", atomically: true, encoding: .utf8)
        var savedMidRun: [String: JSONValue] = [:]
        let flow = try killMidTaskAndResume("squall_chains.secret_flow") { id in
            savedMidRun = try self.store.workflowStateParts(executionId: id)
            XCTAssertNil(try self.databaseBytes().range(of: Data(secret.utf8)), "the secret is in the database's bytes while the workflow runs")
        }
        XCTAssertEqual(flow.status, .succeeded, "\(flow.result ?? .null)")
        XCTAssertEqual(flow.result, ["output": ["first": .string(String(secret.reversed())), "after": .string(String(("x-" + secret).reversed()))]])
        XCTAssertEqual(savedMidRun["input"]?["supplied_input"]?["password"], "********[password]")
        XCTAssertEqual(flow.parameters["password"], "********")
        XCTAssertNil(try databaseBytes().range(of: Data(secret.utf8)), "the secret is in the database's bytes")
        let shown = try harness.squall(["execution", "get", flow.id, "--json"], environment: environment)
        XCTAssertEqual(shown.status, 0, shown.stderr)
        XCTAssertFalse(shown.stdout.contains(secret), shown.stdout)
        XCTAssertTrue(try children(of: flow.id).allSatisfy { $0.parameters["password"] == nil || $0.parameters["password"] == "********" })
    }

    /// The same for an action-chain: its saved `ChainRun` holds no secret in clear.
    func testAChainsSecretIsNeverSavedInClearAndAResumedChainStillHasIt() throws {
        let secret = "chain-pw-" + UUID().uuidString
        try "flow_password: \(secret)\n".write(toFile: harness.settings.configsDirectory + "/squall_chains.yaml", atomically: true, encoding: .utf8)
        let chain = try killMidTaskAndResume("squall_chains.secret_chain") { _ in
            XCTAssertNil(try self.databaseBytes().range(of: Data(secret.utf8)), "the secret is in the database's bytes while the chain runs")
        }
        XCTAssertEqual(chain.status, .succeeded, "\(chain.result ?? .null)")
        let ran = try children(of: chain.id)
        XCTAssertEqual(ran.first { $0.context["chain"]?["name"] == "first" }?.result?["stdout"], .string(String(secret.reversed())))
        XCTAssertEqual(ran.first { $0.context["chain"]?["name"] == "after" }?.result?["stdout"], .string(String(("x-" + secret).reversed())))
        XCTAssertNil(try databaseBytes().range(of: Data(secret.utf8)), "the secret is in the database's bytes")
    }

    /// A secret the caller gave is stored nowhere: the resume fails with one line naming it, and
    /// still nothing holds it in clear.
    func testAResumeThatNeedsASecretTheCallerGaveFailsNamingIt() throws {
        let secret = "given-" + UUID().uuidString
        try "flow_password: not-the-given-one\n".write(toFile: harness.settings.configsDirectory + "/squall_chains.yaml", atomically: true, encoding: .utf8)
        let flow = try killMidTaskAndResume("squall_chains.secret_flow", parameters: ["password=" + secret])
        XCTAssertEqual(flow.status, .failed)
        XCTAssertEqual(flow.result?["errors"]?.arrayValue?.first?["message"],
                       "parameter 'password' is secret and was not stored, so the workflow cannot go on after its process ended; run it again")
        XCTAssertNil(try databaseBytes().range(of: Data(secret.utf8)), "the secret is in the database's bytes")
    }

    /// `execution pause` while the `sleep 300` task runs; that task then fails (its process group
    /// killed); the workflow ends `paused` without starting its failure branch; `execution resume`
    /// runs that branch, and nothing that had run runs again.
    private func pauseMidTaskAndResume(_ action: String) throws -> Execution {
        let started = try harness.squall(["run", action, "--async", "--json"], environment: environment)
        let id = try XCTUnwrap(JSONValue.parse(started.stdout)["id"]?.stringValue, started.stdout)
        var sleeper: Execution?
        eventually("the wait task runs") {
            sleeper = try? children(of: id).first { $0.parameters["cmd"] == "sleep 300" && $0.context["child_pid"] != nil }
            return sleeper != nil
        }
        let pause = try harness.squall(["execution", "pause", id], environment: environment)
        XCTAssertEqual(pause.stdout, "execution \(id): pausing\n", pause.stderr)
        let pid = try XCTUnwrap(sleeper?.context["child_pid"]?.intValue)
        XCTAssertEqual(kill(-Int32(pid), SIGKILL), 0)
        eventually("the workflow is paused") { (try? store.execution(id: id))?.status == .paused }
        XCTAssertEqual(try children(of: id).compactMap { $0.parameters["cmd"]?.stringValue }.sorted(), ["echo first", "sleep 300"])
        let again = try harness.squall(["execution", "pause", id], environment: environment)
        XCTAssertEqual(again.stderr, "error: execution '\(id)' is paused: only a running workflow pauses\n")
        XCTAssertNotEqual(again.status, 0)

        let resume = try harness.squall(["execution", "resume", id], environment: environment)
        XCTAssertEqual(resume.stdout, "execution \(id): resuming\n", resume.stderr)
        eventually("the workflow completes") { (try? store.execution(id: id))?.status.isCompleted == true }
        XCTAssertEqual(try store.execution(id: id)?.log.map(\.status).filter { [.pausing, .paused, .resuming].contains($0) },
                       [.pausing, .paused, .resuming])
        return try XCTUnwrap(try store.execution(id: id))
    }

    func testPauseThenResumeOfAnOrquestaWorkflow() throws {
        let flow = try pauseMidTaskAndResume("squall_chains.durable_flow")
        XCTAssertEqual(flow.status, .succeeded, "\(flow.result ?? .null)")
        XCTAssertEqual(flow.result, ["output": ["said": "first"]])
        XCTAssertEqual(try children(of: flow.id).compactMap { $0.parameters["cmd"]?.stringValue }.sorted(),
                       ["echo after first", "echo first", "sleep 300"])
    }

    func testPauseThenResumeOfAChain() throws {
        let chain = try pauseMidTaskAndResume("squall_chains.durable")
        XCTAssertEqual(chain.status, .succeeded, "\(chain.result ?? .null)")
        XCTAssertEqual(chain.result?["tasks"]?.arrayValue?.compactMap { $0["state"]?.stringValue }, ["succeeded", "failed", "succeeded"])
        XCTAssertEqual(try children(of: chain.id).compactMap { $0.parameters["cmd"]?.stringValue }.sorted(),
                       ["echo after first False", "echo first", "sleep 300"])
    }

    func testOnlyWorkflowsPause() throws {
        let done = try harness.squall(["run", "core.noop", "--json"], environment: environment)
        let id = try XCTUnwrap(JSONValue.parse(done.stdout)["id"]?.stringValue, done.stdout)
        let pause = try harness.squall(["execution", "pause", id], environment: environment)
        XCTAssertEqual(pause.stderr, "error: execution '\(id)' is not a workflow (runner noop): only orquesta and action-chain executions pause and resume\n")
        XCTAssertEqual(try harness.squall(["execution", "resume", "nope"], environment: environment).stderr, "error: execution 'nope' not found\n")
    }
}
