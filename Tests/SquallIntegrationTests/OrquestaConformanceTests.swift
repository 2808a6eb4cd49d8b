import Foundation
import SquallBootstrap
import SquallEngine
import SquallModel
import XCTest

/// The Orquesta conformance cases (Tests/Fixtures/orquesta, expectations from the real orquesta
/// engine): each workflow runs end to end through the engine, its python actions in real
/// sandboxed children, and status, output, errors and the child executions are compared as the
/// fixture's README says.
final class OrquestaConformanceTests: XCTestCase {
    static let fixture = IntegrationHarness.repositoryRoot + "/Tests/Fixtures/orquesta"

    func testEveryConformanceCase() throws {
        let harness = try IntegrationHarness(config: nil)
        defer { harness.remove() }
        let settings = Settings(home: IntegrationHarness.repositoryRoot,
                                packsPath: [IntegrationHarness.repositoryRoot + "/Packs", Self.fixture + "/packs"],
                                dataDirectory: harness.dataDirectory, python: Settings.defaultPython)
        let engine = try EngineBootstrap.openEngine(settings: settings, progress: { _ in })
        let document = try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: Self.fixture + "/cases.json")))
        let cases = document["cases"]?.arrayValue ?? []
        XCTAssertEqual(cases.count, 18)
        var passed: [String] = []
        for testCase in cases {
            let id = testCase["id"]?.stringValue ?? "?"
            let problems = try run(testCase, engine: engine)
            if problems.isEmpty { passed.append(id) } else { XCTFail("\(id): " + problems.joined(separator: "; ")) }
        }
        print("orquesta conformance: \(passed.count) of \(cases.count) cases pass")
    }

    /// The real binary: `squall run` of a workflow whose task is another workflow (the run loads
    /// only the action's pack, so the workflow widens it), then `execution list --parent`.
    func testCommandLineRunsAWorkflowAndListsItsTaskExecutions() throws {
        let harness = try IntegrationHarness(config: nil)
        defer { harness.remove() }
        var environment = harness.commandLineEnvironment
        environment["SQUALL_PACKS_PATH"] = Self.fixture + "/packs"
        let run = try harness.squall(["run", "wfpublic.pub_parent", "--json"], environment: environment)
        XCTAssertEqual(run.status, 0, run.stderr)
        let workflow = try JSONValue.parse(run.stdout)
        XCTAssertEqual(workflow["result"], ["output": ["product": 70, "whole": ["output": ["product": 70]]]])
        let id = try XCTUnwrap(workflow["id"]?.stringValue)
        let list = try harness.squall(["execution", "list", "--parent", id, "--json"], environment: environment)
        XCTAssertEqual(list.status, 0, list.stderr)
        let children = try JSONValue.parse(list.stdout).arrayValue ?? []
        XCTAssertEqual(children.map { $0["action"]?["ref"] }, ["wfpublic.pub_child"])
        XCTAssertEqual(children.first?["context"]?["orquesta"], ["task_name": "call_child", "task_id": "call_child", "task_route": 0])
        XCTAssertEqual(children.first?["context"]?["parent"], ["execution_id": .string(id)])
        let childID = try XCTUnwrap(children.first?["id"]?.stringValue)
        let grandchildren = try harness.squall(["execution", "list", "--parent", childID, "--json"], environment: environment)
        XCTAssertEqual((try JSONValue.parse(grandchildren.stdout).arrayValue ?? []).map { $0["parameters"]?["x"] }, [7])
    }

    /// `pack register` names each broken workflow's file and problem and still loads the rest of
    /// the pack: its good workflow runs.
    func testPackRegisterReportsBrokenWorkflowsAndKeepsTheRest() throws {
        let harness = try IntegrationHarness(config: nil)
        defer { harness.remove() }
        let pack = harness.dataDirectory + "/wf-packs/wfbroken"
        let files = [
            "pack.yaml": "name: wfbroken\ndescription: d\nversion: 1.0.0\nauthor: t\n",
            "actions/good.yaml": "name: good\nrunner_type: orquesta\nentry_point: workflows/good.yaml\n",
            "actions/bad.yaml": "name: bad\nrunner_type: orquesta\nentry_point: workflows/bad.yaml\n",
            "actions/unparsable.yaml": "name: unparsable\nrunner_type: orquesta\nentry_point: workflows/unparsable.yaml\n",
            "actions/workflows/good.yaml": "version: 1.0\ntasks:\n  a:\n    action: core.noop\noutput:\n  - done: <% task_status(a) %>\n",
            "actions/workflows/bad.yaml": "version: 1.0\ntasks:\n  a:\n    action: core.noop\n    next:\n      - do: nowhere\n",
            "actions/workflows/unparsable.yaml": "version: 1.0\ntasks: [unclosed\n",
        ]
        for (path, text) in files {
            let file = pack + "/" + path
            try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: file, atomically: true, encoding: .utf8)
        }
        var environment = harness.commandLineEnvironment
        environment["SQUALL_PACKS_PATH"] = harness.dataDirectory + "/wf-packs"
        let register = try harness.squall(["pack", "register", "wfbroken"], environment: environment)
        XCTAssertEqual(register.status, 1)
        let warnings = register.stderr.split(separator: "\n").map(String.init)
        XCTAssertEqual(warnings.count, 2, register.stderr)
        XCTAssertTrue(warnings.contains("warning: \(pack)/actions/workflows/bad.yaml: tasks.a.next[0].do: The task \"nowhere\" is not defined."), register.stderr)
        XCTAssertTrue(warnings.contains { $0.hasPrefix("warning: \(pack)/actions/workflows/unparsable.yaml: invalid YAML") }, register.stderr)
        let run = try harness.squall(["run", "wfbroken.good", "--json"], environment: environment)
        XCTAssertEqual(try JSONValue.parse(run.stdout)["result"], ["output": ["done": "succeeded"]], run.stderr)
        let bad = try harness.squall(["run", "wfbroken.bad", "--json"], environment: environment)
        XCTAssertEqual(try JSONValue.parse(bad.stdout)["status"], "failed", bad.stderr)
    }

    private func run(_ testCase: JSONValue, engine: Engine) throws -> [String] {
        let expect = testCase["expect"]!
        let execution = try engine.run(ExecutionRequest(actionRef: testCase["action"]!.stringValue!,
                                                        parameters: testCase["input"]?.objectValue ?? [:]))
        var problems: [String] = []
        if execution.status.rawValue != expect["status"]?.stringValue {
            problems.append("status \(execution.status.rawValue), result \(execution.result ?? .null)")
        }
        let result = execution.result ?? .null
        if !Self.matches(expect["output"] ?? .null, result["output"] ?? .null, subset: false) {
            problems.append("output \(result["output"] ?? .null)")
        }
        let expectedErrors = expect["errors"]?.arrayValue ?? []
        if !Self.sameMultiset(expectedErrors, result["errors"]?.arrayValue ?? [], by: { Self.matchesError($0, $1) }) {
            problems.append("errors \(result["errors"] ?? .null)")
        }
        let children = try tasks(of: execution.id, engine: engine)
        if !Self.sameMultiset(expect["tasks"]?.arrayValue ?? [], children, by: { Self.matchesTask($0, $1) }) {
            problems.append("tasks \(JSONValue.array(children).jsonString())")
        }
        if let order = expect["task_order"]?.arrayValue {
            let started = children.compactMap { $0["task_name"] }
            if started != order { problems.append("task order \(started)") }
        }
        return problems
    }

    /// The workflow's child executions in start order, in the fixture's task form.
    private func tasks(of parent: String, engine: Engine) throws -> [JSONValue] {
        let children = try engine.store.executions(matching: ExecutionQuery(parent: parent, limit: 1000))
            .sorted { $0.startTimestamp < $1.startTimestamp }
        return try children.map { child in
            var task: [String: JSONValue] = [
                "task_name": child.context["orquesta"]?["task_name"] ?? .null, "action": .string(child.action),
                "parameters": .object(child.parameters), "status": .string(child.status.rawValue),
            ]
            if child.runner == "orquesta" { task["children"] = .array(try tasks(of: child.id, engine: engine)) }
            return .object(task)
        }
    }

    static func matchesTask(_ expected: JSONValue, _ actual: JSONValue) -> Bool {
        guard expected["task_name"] == actual["task_name"], expected["action"] == actual["action"],
              expected["status"] == actual["status"],
              matches(expected["parameters"] ?? [:], actual["parameters"] ?? [:], subset: true) else { return false }
        if let children = expected["children"]?.arrayValue {
            return sameMultiset(children, actual["children"]?.arrayValue ?? [], by: matchesTask)
        }
        return true
    }

    static func matchesError(_ expected: JSONValue, _ actual: JSONValue) -> Bool {
        guard case .object(var fields) = expected else { return false }
        if let prefix = fields.removeValue(forKey: "message_prefix")?.stringValue {
            guard actual["message"]?.stringValue?.hasPrefix(prefix) == true else { return false }
        }
        return matches(.object(fields), actual, subset: true)
    }

    /// The README's rules: numbers by value, booleans never numbers, `$traceback_last_line`.
    static func matches(_ expected: JSONValue, _ actual: JSONValue, subset: Bool) -> Bool {
        switch (expected, actual) {
        case (.object(let e), _) where e.keys.first == "$traceback_last_line" && e.count == 1:
            let lines = (actual.stringValue ?? "").split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            return lines.last(where: { !$0.isEmpty }) == e["$traceback_last_line"]?.stringValue
        case (.object(let e), .object(let a)):
            if !subset && Set(e.keys) != Set(a.keys) { return false }
            return e.allSatisfy { key, value in a[key].map { matches(value, $0, subset: subset) } ?? false }
        case (.array(let e), .array(let a)):
            return e.count == a.count && zip(e, a).allSatisfy { matches($0, $1, subset: subset) }
        case (.int, .int), (.int, .double), (.double, .int), (.double, .double):
            return expected.doubleValue == actual.doubleValue
        default:
            return expected == actual
        }
    }

    static func sameMultiset(_ expected: [JSONValue], _ actual: [JSONValue], by match: (JSONValue, JSONValue) -> Bool) -> Bool {
        guard expected.count == actual.count else { return false }
        var unmatched = actual
        for entry in expected {
            guard let index = unmatched.firstIndex(where: { match(entry, $0) }) else { return false }
            unmatched.remove(at: index)
        }
        return true
    }
}
