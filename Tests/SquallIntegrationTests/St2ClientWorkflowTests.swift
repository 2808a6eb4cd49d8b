import Foundation
import SquallModel
import XCTest

/// `st2 execution get` and `st2 execution list` of workflows through the real client: they need
/// `/executions/{id}/children` and the `children` ids on each execution record.
final class St2ClientWorkflowTests: EngineTestCase {
    var session: St2Session!

    override func setUpWithError() throws {
        try super.setUpWithError()
        let packs = harness.dataDirectory + "/st2wf-packs"
        try writeWorkflowPack(at: packs + "/st2wf")
        session = try St2Session(harness: harness, extraEnvironment: ["SQUALL_PACKS_PATH": packs])
        try session.logIn()
    }

    override func tearDown() {
        session?.stop()
        session = nil
        super.tearDown()
    }

    /// outer: greet (core.echo), nested (the inner workflow: one task, inside), bye (core.echo).
    private func writeWorkflowPack(at pack: String) throws {
        func echo(_ task: String, then next: String?) -> String {
            "  \(task):\n    action: core.echo\n    input:\n      message: \(task)\n"
                + (next.map { "    next:\n      - when: <% succeeded() %>\n        do: \($0)\n" } ?? "")
        }
        let files = [
            "pack.yaml": "name: st2wf\ndescription: d\nversion: 1.0.0\nauthor: t\n",
            "actions/outer.yaml": "name: outer\nrunner_type: orquesta\nentry_point: workflows/outer.yaml\n",
            "actions/inner.yaml": "name: inner\nrunner_type: orquesta\nentry_point: workflows/inner.yaml\n",
            "actions/workflows/outer.yaml": "version: 1.0\ntasks:\n" + echo("greet", then: "nested")
                + "  nested:\n    action: st2wf.inner\n    next:\n      - when: <% succeeded() %>\n        do: bye\n"
                + echo("bye", then: nil),
            "actions/workflows/inner.yaml": "version: 1.0\ntasks:\n" + echo("inside", then: nil),
        ]
        for (path, text) in files {
            let file = pack + "/" + path
            try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: file, atomically: true, encoding: .utf8)
        }
    }

    /// Runs st2wf.outer in the server (`st2 run -a`) and waits until squall records it succeeded.
    private func runOuterWorkflow() throws -> String {
        let started = try session.st2(["run", "st2wf.outer", "-a"])
        XCTAssertEqual(started.status, 0, started.stderr)
        let id = try XCTUnwrap(started.stdout.components(separatedBy: "st2 execution get ").dropFirst().first?
            .prefix { !$0.isWhitespace }).description
        try eventually("the workflow succeeded") {
            let shown = try harness.squall(["execution", "get", id, "--json"], environment: harness.commandLineEnvironment)
            return try JSONValue.parse(shown.stdout)["status"] == "succeeded"
        }
        return id
    }

    /// `st2 execution get ID` prints the workflow and its task table, depth first (the nested
    /// workflow's task under it), each task succeeded; `-j` the same as JSON; `execution list`
    /// marks the workflow `+ `.
    func testExecutionGetOfAWorkflowPrintsItsTasks() throws {
        let id = try runOuterWorkflow()

        let shown = try session.st2(["execution", "get", id])
        XCTAssertEqual(shown.status, 0, shown.stdout + shown.stderr)
        XCTAssertTrue(shown.stdout.contains("st2wf.outer"), shown.stdout)
        let lines = shown.stdout.components(separatedBy: "\n")
        var rows: [Int] = []
        for task in ["greet", "nested", "inside", "bye"] {
            let row = try XCTUnwrap(lines.firstIndex { $0.contains("| \(task) ") }, "no row for task \(task) in\n\(shown.stdout)")
            XCTAssertTrue(lines[row].contains("succeeded"), lines[row])
            rows.append(row)
        }
        XCTAssertEqual(rows, rows.sorted(), "tasks not depth first:\n\(shown.stdout)")
        XCTAssertTrue(lines[rows[1]].contains("st2wf.inner") && lines[rows[2]].contains("core.echo"), shown.stdout)
        // The sub-workflow is marked `+ ` (it has children) and its task indented under it.
        XCTAssertTrue(lines[rows[1]].hasPrefix("| + ") && lines[rows[2]].hasPrefix("|    "), shown.stdout)

        let json = try session.st2(["execution", "get", id, "-j"])
        XCTAssertEqual(json.status, 0, json.stdout + json.stderr)
        for task in ["greet", "nested", "inside", "bye"] { XCTAssertTrue(json.stdout.contains(#""task": "\#(task)""#), json.stdout) }

        let listed = try session.st2(["execution", "list"])
        XCTAssertEqual(listed.status, 0, listed.stderr)
        XCTAssertTrue(listed.stdout.contains("+ \(id)"), listed.stdout)
    }

    /// The endpoint itself: `depth=1` stops at the workflow's own tasks; each child names its
    /// parent, a sub-workflow lists its `children`; bad input is a 400 or 404 naming it.
    func testChildrenEndpointDepthAndBadInput() throws {
        let id = try runOuterWorkflow()
        let token = try XCTUnwrap(session.environment["ST2_AUTH_TOKEN"])
        func children(_ query: String) throws -> (status: Int, body: String) {
            try session.http("GET", "/api/v1/executions/\(id)/children/\(query)", headers: ["X-Auth-Token: \(token)"])
        }
        let all = try JSONValue.parse(try children("?depth=-1").body).arrayValue ?? []
        XCTAssertEqual(all.map { $0["context"]?["orquesta"]?["task_name"]?.stringValue }, ["greet", "nested", "inside", "bye"])
        guard all.count == 4 else { return }
        let nested = all[1], inside = all[2]
        XCTAssertEqual(nested["parent"]?.stringValue, id)
        XCTAssertEqual(nested["children"], [inside["id"] ?? .null])
        XCTAssertEqual(inside["parent"], nested["id"])

        let top = try JSONValue.parse(try children("?depth=1").body).arrayValue ?? []
        XCTAssertEqual(top.map { $0["context"]?["orquesta"]?["task_name"]?.stringValue }, ["greet", "nested", "bye"])

        let badDepth = try children("?depth=deep")
        XCTAssertEqual(badDepth.status, 400)
        XCTAssertTrue(badDepth.body.contains("depth"), badDepth.body)
        let unknown = try session.http("GET", "/api/v1/executions/nonesuch/children", headers: ["X-Auth-Token: \(token)"])
        XCTAssertEqual(unknown.status, 404, unknown.body)
    }
}
