import Foundation
import SquallModel
import SquallPacks
import XCTest

@testable import SquallRules

final class RuleReaderTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("squall-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("rules"), withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    @discardableResult
    func write(_ name: String, _ yaml: String) throws -> String {
        let path = directory.appendingPathComponent("rules/\(name)").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func readError(_ yaml: String, pack: String? = "demo") throws -> PackError {
        let path = try write("bad.yaml", yaml)
        do {
            _ = try RuleReader.read(file: path, pack: pack)
        } catch let error as PackError {
            XCTAssertEqual(error.file, path)
            return error
        }
        XCTFail("expected a PackError")
        return PackError(file: "", message: "")
    }

    func testFullRule() throws {
        let path = try write("notify.yaml", """
            ---
            name: notify_on_deploy
            pack: demo
            description: Tell the team
            enabled: true
            type:
              ref: backstop
            trigger:
              type: core.st2.webhook
              parameters:
                url: deploys
            criteria:
              trigger.body.env:
                type: equals
                pattern: prod
            action:
              ref: core.local
              parameters:
                cmd: echo {{ trigger.body.env }}
            context:
              user: stanley
            tags:
              - name: team
                value: ops
            """)
        let rule = try RuleReader.read(file: path, pack: "demo")
        XCTAssertEqual(rule.ref, "demo.notify_on_deploy")
        XCTAssertEqual(rule.description, "Tell the team")
        XCTAssertTrue(rule.enabled)
        XCTAssertTrue(rule.isBackstop)
        XCTAssertEqual(rule.triggerType, "core.st2.webhook")
        XCTAssertEqual(rule.triggerParameters, ["url": "deploys"])
        XCTAssertEqual(rule.criteria, ["trigger.body.env": ["type": "equals", "pattern": "prod"]])
        XCTAssertEqual(rule.actionRef, "core.local")
        XCTAssertEqual(rule.actionParameters, ["cmd": "echo {{ trigger.body.env }}"])
        XCTAssertEqual(rule.context, ["user": "stanley"])
        XCTAssertEqual(rule.tags, [["name": "team", "value": "ops"]])
        XCTAssertEqual(rule.file, path)
    }

    func testDefaults() throws {
        let path = try write("minimal.yaml", """
            name: minimal
            trigger:
              type: core.st2.IntervalTimer
            action:
              ref: core.noop
            """)
        let rule = try RuleReader.read(file: path, pack: "demo")
        XCTAssertFalse(rule.enabled, "st2 rules are disabled unless enabled: true")
        XCTAssertFalse(rule.isBackstop)
        XCTAssertEqual(rule.pack, "demo")
        XCTAssertEqual(rule.criteria, [:])
        XCTAssertEqual(rule.triggerParameters, [:])
        XCTAssertEqual(rule.actionParameters, [:])
    }

    func testReadAllReadsThePacksRulesDirectory() throws {
        try write("b.yaml", "name: b\ntrigger: {type: x.y}\naction: {ref: core.noop}\n")
        try write("a.yml", "name: a\ntrigger: {type: x.y}\naction: {ref: core.noop}\n")
        try write("notes.txt", "not a rule")
        XCTAssertEqual(try RuleReader.readAll(packDirectory: directory.path, pack: "demo").map(\.name), ["a", "b"])
    }

    func testErrorsNameTheField() throws {
        let base = "trigger: {type: x.y}\naction: {ref: core.noop}\n"
        XCTAssertEqual(try readError(base).field, "name")
        XCTAssertEqual(try readError("name: r\naction: {ref: core.noop}\n").field, "trigger")
        XCTAssertEqual(try readError("name: r\ntrigger: {parameters: {}}\naction: {ref: a.b}\n").field, "trigger.type")
        XCTAssertEqual(try readError("name: r\ntrigger: {type: x.y}\n").field, "action")
        XCTAssertEqual(try readError("name: r\ntrigger: {type: x.y}\naction: {parameters: {}}\n").field, "action.ref")
        XCTAssertEqual(try readError("name: r\n" + base + "enabled: maybe\n").field, "enabled")
        XCTAssertEqual(try readError("name: r\n" + base + "type: {ref: sometimes}\n").field, "type.ref")
        XCTAssertEqual(try readError("name: r\n" + base + "criterias: {}\n").field, "criterias")
        XCTAssertEqual(try readError("name: r\n" + base + "pack: other\n").field, "pack")
        XCTAssertEqual(try readError("name: r\n" + base, pack: nil).field, "pack")
        XCTAssertEqual(try readError("name: r\n" + base + "tags: [team]\n").field, "tags")
        XCTAssertEqual(try readError("name: r\ntrigger: {type: x.y, parameters: [1]}\naction: {ref: a.b}\n").field,
                       "trigger.parameters")
        let badOperator = try readError("name: r\n" + base + "criteria:\n  trigger.a:\n    type: contain\n    pattern: x\n")
        XCTAssertEqual(badOperator.field, "criteria.trigger.a")
        XCTAssertTrue(badOperator.message.contains("Invalid operator: contain"), badOperator.description)
        XCTAssertNil(try readError("- not\n- a mapping\n").field)
        XCTAssertTrue(try readError("name: [unclosed\n").message.contains("invalid YAML"))
    }
}
