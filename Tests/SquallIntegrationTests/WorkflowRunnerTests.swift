import Foundation
import SquallBootstrap
import SquallEngine
import SquallModel
import XCTest

/// Canceling a running workflow cancels its running task execution and starts nothing after it;
/// `st2kv()` in workflow expressions reads the datastore.
final class WorkflowRunnerTests: XCTestCase {
    func testSt2kvReadsSystemKeysInBothLanguagesAndAMissingKeyFailsTheWorkflow() throws {
        let harness = try IntegrationHarness(config: nil)
        defer { harness.remove() }
        try write(pack: harness.dataDirectory + "/wf-packs/wfkv", workflows: [
            "kv": "version: 1.0\ninput:\n  - key\ntasks:\n  t:\n    action: core.noop\noutput:\n  - yaql: <% st2kv('system.' + ctx().key) %>\n  - jinja: \"{{ st2kv('system.greeting') }} world\"\n",
        ])
        let engine = try EngineBootstrap.openEngine(settings: settings(harness), progress: { _ in })
        try engine.store.setValue(KeyValuePair(name: "greeting", value: "hello"))
        let found = try engine.run(ExecutionRequest(actionRef: "wfkv.kv", parameters: ["key": "greeting"]))
        XCTAssertEqual(found.result, ["output": ["yaql": "hello", "jinja": "hello world"]])
        let missing = try engine.run(ExecutionRequest(actionRef: "wfkv.kv", parameters: ["key": "absent"]))
        XCTAssertEqual(missing.status, .failed)
        let message = missing.result?["errors"]?.arrayValue?.first?["message"]?.stringValue ?? ""
        XCTAssertTrue(message.contains(#"The key "system.absent" does not exist in the StackStorm datastore."#), message)
    }

    func testAWorkflowThatCallsItselfStopsAtTheNestingLimit() throws {
        let harness = try IntegrationHarness(config: nil)
        defer { harness.remove() }
        try write(pack: harness.dataDirectory + "/wf-packs/wfloop", workflows: [
            "again": "version: 1.0\ntasks:\n  deeper:\n    action: wfloop.again\n",
        ])
        let engine = try EngineBootstrap.openEngine(settings: settings(harness), progress: { _ in })
        let outer = try engine.run(ExecutionRequest(actionRef: "wfloop.again"))
        XCTAssertEqual(outer.status, .failed)
        var innermost = outer
        var depth = 0
        while let child = try engine.store.executions(matching: ExecutionQuery(parent: innermost.id)).first {
            innermost = child
            depth += 1
        }
        XCTAssertEqual(depth, 33)
        XCTAssertEqual(innermost.result?["errors"]?.arrayValue?.first?["message"], "Workflows are nested more than 32 deep (a workflow that calls itself?).")
    }

    /// The engine keeps a workflow it read and inspected (InspectedWorkflowCache): an edit of the
    /// file, even one of the same size, is what the next run reads, and a broken edit is reported.
    func testAnEditedWorkflowIsReadAgainAtItsNextRun() throws {
        let harness = try IntegrationHarness(config: nil)
        defer { harness.remove() }
        let pack = harness.dataDirectory + "/wf-packs/wfedit"
        try write(pack: pack, workflows: ["flow": "version: 1.0\ntasks:\n  t:\n    action: core.noop\noutput:\n  - v: 1\n"])
        let engine = try EngineBootstrap.openEngine(settings: settings(harness), progress: { _ in })
        XCTAssertEqual(try engine.run(ExecutionRequest(actionRef: "wfedit.flow")).result, ["output": ["v": 1]])
        XCTAssertEqual(try engine.run(ExecutionRequest(actionRef: "wfedit.flow")).result, ["output": ["v": 1]])

        let file = pack + "/actions/workflows/flow.yaml"
        try "version: 1.0\ntasks:\n  t:\n    action: core.noop\noutput:\n  - v: 2\n".write(toFile: file, atomically: true, encoding: .utf8)
        XCTAssertEqual(try engine.run(ExecutionRequest(actionRef: "wfedit.flow")).result, ["output": ["v": 2]])

        try "version: 1.0\ntasks:\n  t:\n    action: core.noop\n    next:\n      - do: nowhere\n".write(toFile: file, atomically: true, encoding: .utf8)
        let broken = try engine.run(ExecutionRequest(actionRef: "wfedit.flow"))
        XCTAssertEqual(broken.status, .failed)
        XCTAssertTrue("\(broken.result ?? .null)".contains("nowhere"), "\(broken.result ?? .null)")
    }

    /// st2's `examples.orquesta-st2-ctx`: `ctx(st2)` holds the execution's id, the API's URL, the
    /// user, pack, action and runner; inspection knows `st2` as defined.
    func testCtxSt2GivesTheExecutionsSt2Context() throws {
        let harness = try IntegrationHarness(config: nil)
        defer { harness.remove() }
        try write(pack: harness.dataDirectory + "/wf-packs/wfst2", workflows: [
            "st2ctx": "version: 1.0\noutput:\n  - callback: <% ctx(st2).api_url %>/executions/<% ctx(st2).action_execution_id %>\n"
                + "  - st2: <% ctx().st2 %>\n  - user: \"{{ ctx('parent').user }}\"\ntasks:\n  task1:\n    action: core.noop\n",
        ])
        let engine = try EngineBootstrap.openEngine(settings: settings(harness), progress: { _ in })
        let run = try engine.run(ExecutionRequest(actionRef: "wfst2.st2ctx", user: "alice"))
        XCTAssertEqual(run.status, .succeeded, "\(run.result ?? .null)")
        XCTAssertEqual(run.result?["output"]?["callback"], .string("http://127.0.0.1:9101/api/v1/executions/\(run.id)"))
        XCTAssertEqual(run.result?["output"]?["st2"], [
            "action_execution_id": .string(run.id), "workflow_execution_id": .string(run.id), "api_url": "http://127.0.0.1:9101/api/v1",
            "user": "alice", "pack": "wfst2", "action": "wfst2.st2ctx", "runner": "orquesta"])
        XCTAssertEqual(run.result?["output"]?["user"], "alice")
    }

    private func settings(_ harness: IntegrationHarness) -> Settings {
        Settings(home: IntegrationHarness.repositoryRoot,
                 packsPath: [IntegrationHarness.repositoryRoot + "/Packs", harness.dataDirectory + "/wf-packs"],
                 dataDirectory: harness.dataDirectory, python: Settings.defaultPython)
    }

    /// A pack of orquesta actions, one per workflow (name -> YAML).
    private func write(pack: String, workflows: [String: String]) throws {
        let name = (pack as NSString).lastPathComponent
        var files = ["pack.yaml": "name: \(name)\ndescription: d\nversion: 1.0.0\nauthor: t\n"]
        for (workflow, text) in workflows {
            files["actions/\(workflow).yaml"] = "name: \(workflow)\nrunner_type: orquesta\nentry_point: workflows/\(workflow).yaml\n"
                + "parameters:\n  key:\n    type: string\n"
            files["actions/workflows/\(workflow).yaml"] = text
        }
        for (path, text) in files {
            let file = pack + "/" + path
            try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: file, atomically: true, encoding: .utf8)
        }
    }

    func testCancelingAWorkflowCancelsItsRunningChildAndStartsNoMoreTasks() throws {
        let harness = try IntegrationHarness(config: nil)
        defer { harness.remove() }
        let pack = harness.dataDirectory + "/wf-packs/wfcancel"
        let files = [
            "pack.yaml": "name: wfcancel\ndescription: d\nversion: 1.0.0\nauthor: t\n",
            "actions/slow.yaml": "name: slow\nrunner_type: orquesta\nentry_point: workflows/slow.yaml\n",
            "actions/workflows/slow.yaml": """
            version: 1.0
            tasks:
              wait:
                action: core.local cmd="sleep 300"
                next:
                  - do: after
              after:
                action: core.noop
            """,
        ]
        for (path, text) in files {
            let file = pack + "/" + path
            try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: file, atomically: true, encoding: .utf8)
        }
        let settings = Settings(home: IntegrationHarness.repositoryRoot,
                                packsPath: [IntegrationHarness.repositoryRoot + "/Packs", harness.dataDirectory + "/wf-packs"],
                                dataDirectory: harness.dataDirectory, python: Settings.defaultPython)
        let engine = try EngineBootstrap.openEngine(settings: settings, progress: { _ in })
        Thread { _ = try? engine.run(ExecutionRequest(actionRef: "wfcancel.slow")) }.start()

        var workflowID: String?
        var childID: String?
        eventually("the workflow's first task to run") {
            workflowID = (try? engine.store.executions(matching: ExecutionQuery(action: "wfcancel.slow")))?.first?.id
            guard let workflowID else { return false }
            let child = (try? engine.store.executions(matching: ExecutionQuery(parent: workflowID)))?.first
            childID = child?.id
            return child?.status == .running && child?.context["child_pid"] != nil
        }
        let id = try XCTUnwrap(workflowID)
        try engine.cancel(id: id)
        eventually("the workflow to end") { (try? engine.store.execution(id: id))?.status.isCompleted == true }
        XCTAssertEqual(try engine.store.execution(id: id)?.status, .canceled)
        XCTAssertEqual(try engine.store.execution(id: XCTUnwrap(childID))?.status, .canceled)
        let children = try engine.store.executions(matching: ExecutionQuery(parent: id))
        XCTAssertEqual(children.map(\.action), ["core.local"], "no task starts after the cancel")
    }
}
