import Foundation
import SquallBootstrap
import SquallEngine
import SquallModel
import XCTest

/// The action-chain runner end to end with a real pack (Tests/Fixtures/chains/packs/squall_chains):
/// a python action, a shell script that fails, core.local, a sub-chain and an orquesta sub-workflow,
/// each a child execution; the result in st2's shape.
final class ActionChainTests: XCTestCase {
    private var harness: IntegrationHarness!
    private var engine: Engine!

    override func setUpWithError() throws {
        harness = try IntegrationHarness(config: nil)
        let settings = Settings(home: IntegrationHarness.repositoryRoot,
                                packsPath: [IntegrationHarness.repositoryRoot + "/Packs",
                                            IntegrationHarness.repositoryRoot + "/Tests/Fixtures/chains/packs"],
                                dataDirectory: harness.dataDirectory, python: Settings.defaultPython)
        engine = try EngineBootstrap.openEngine(settings: settings, progress: { _ in })
    }

    override func tearDown() { harness.remove() }

    func testSuccessAndFailureBranchesPublishSubChainAndSubWorkflow() throws {
        let chain = try engine.run(ExecutionRequest(actionRef: "squall_chains.main", parameters: ["who": "Ada"]))
        XCTAssertEqual(chain.status, .succeeded, "\(chain.result ?? .null)")
        let tasks = chain.result?["tasks"]?.arrayValue ?? []
        // `break` fails, so on-failure runs `recover`; `unreached` never runs.
        XCTAssertEqual(tasks.compactMap { $0["name"]?.stringValue }, ["greet", "break", "recover", "nested", "orquesta"])
        XCTAssertEqual(tasks.compactMap { $0["state"]?.stringValue }, ["succeeded", "failed", "succeeded", "succeeded", "succeeded"])
        guard tasks.count == 5 else { return }
        for task in tasks {
            // st2's task entry: exactly these keys.
            XCTAssertEqual(Set(task.objectValue?.keys.map { $0 } ?? []),
                           ["id", "name", "execution_id", "liveaction_id", "workflow", "created_at", "updated_at", "state", "result"])
            XCTAssertEqual(task["id"], task["name"])
            XCTAssertEqual(task["workflow"], .null)
        }
        XCTAssertEqual(tasks[0]["result"]?["result"], ["message": "Howdy, Ada!", "length": 3])
        XCTAssertEqual(tasks[1]["result"]?["return_code"], 3)
        XCTAssertEqual(tasks[2]["result"]?["stdout"], .string("recovered Howdy, Ada! after 3 from \(chain.id.count)"))
        XCTAssertEqual(tasks[3]["result"]?["published"]?["shouted"]?.stringValue, "RECOVERED HOWDY, ADA! AFTER 3 FROM \(chain.id.count)")
        XCTAssertEqual(tasks[4]["result"]?["output"]?["size"], .int("RECOVERED HOWDY, ADA! AFTER 3 FROM \(chain.id.count)".count))
        XCTAssertEqual(chain.result?["published"], [
            "message": "Howdy, Ada!", "recovered": .string("recovered Howdy, Ada! after 3 from \(chain.id.count)"),
        ])
        XCTAssertNil(chain.result?["error"])

        // Each node is a child execution with context.parent and context.chain, as st2 records them.
        let children = try engine.store.executions(matching: ExecutionQuery(parent: chain.id))
        XCTAssertEqual(Set(children.map(\.id)), Set(tasks.compactMap { $0["execution_id"]?.stringValue }))
        let greet = try XCTUnwrap(children.first { $0.action == "squall_chains.greet" })
        XCTAssertEqual(greet.context["chain"]?["name"], "greet")
        XCTAssertEqual(greet.context["chain"]?["ref"], "squall_chains.greet")
        XCTAssertEqual(greet.context["parent"]?["execution_id"], .string(chain.id))
        XCTAssertEqual(greet.parameters["greeting"], "Howdy")
        let nested = try XCTUnwrap(children.first { $0.action == "squall_chains.sub" })
        let grandchildren = try engine.store.executions(matching: ExecutionQuery(parent: nested.id))
        XCTAssertEqual(grandchildren.map(\.action), ["core.local"])
        let flow = try XCTUnwrap(children.first { $0.action == "squall_chains.flow" })
        XCTAssertEqual(try engine.store.executions(matching: ExecutionQuery(parent: flow.id)).first?.context["orquesta"]?["task_name"], "count")
    }

    func testAFailedNodeWithoutOnFailureFailsTheChainAndDisplayPublishedOffHidesPublished() throws {
        let chain = try engine.run(ExecutionRequest(actionRef: "squall_chains.stops"))
        XCTAssertEqual(chain.status, .failed)
        let tasks = chain.result?["tasks"]?.arrayValue ?? []
        XCTAssertEqual(tasks.compactMap { $0["name"]?.stringValue }, ["first", "fails"])
        XCTAssertNil(chain.result?["published"])
        XCTAssertNil(chain.result?["error"])
        XCTAssertEqual(try engine.store.executions(matching: ExecutionQuery(parent: chain.id)).count, 2)
    }

    func testATemplateErrorFailsTheChainNamingTaskParameterAndTemplate() throws {
        let chain = try engine.run(ExecutionRequest(actionRef: "squall_chains.bad_template"))
        XCTAssertEqual(chain.status, .failed)
        XCTAssertEqual(chain.result?["tasks"]?.arrayValue?.count, 1)
        let error = chain.result?["error"]?.stringValue ?? ""
        XCTAssertTrue(error.hasPrefix(#"Failed to run task "broken". Parameter rendering failed.. Failed rendering value for action parameter "cmd" in task "broken" (template string=echo {{ undefined_thing }}): "#), error)
        XCTAssertTrue(error.contains("undefined_thing"), error)
        XCTAssertNotNil(chain.result?["traceback"])
        // Nothing ran for the broken node.
        XCTAssertEqual(try engine.store.executions(matching: ExecutionQuery(parent: chain.id)).map(\.action), ["core.noop"])
    }

    func testAnUnknownNextNodeIsRefusedBeforeAnythingRuns() throws {
        let chain = try engine.run(ExecutionRequest(actionRef: "squall_chains.unknown_node"))
        XCTAssertEqual(chain.status, .failed)
        let error = chain.result?["error"]?.stringValue ?? ""
        XCTAssertTrue(error.hasSuffix(#"Unable to find node with name "nowhere" referenced in "on-success" in task "first"."#), error)
        XCTAssertEqual(try engine.store.executions(matching: ExecutionQuery(parent: chain.id)).count, 0)
    }
}
