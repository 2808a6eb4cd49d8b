import Foundation
import SquallEngine
import SquallModel
import XCTest

/// Canceling a running workflow cancels its running task execution and starts nothing after it.
final class WorkflowCancelTests: XCTestCase {
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
        let engine = try Engine(settings: settings, progress: { _ in })
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
