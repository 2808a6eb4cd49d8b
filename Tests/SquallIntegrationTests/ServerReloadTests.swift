import Foundation
import SquallEngine
import SquallModel
import XCTest

/// A real `squall server` process with real sensor children follows rule and pack changes made
/// by other `squall` processes: the Ticker sensor hears add/update/remove_trigger (it dispatches
/// `trigger_seen` with its poll count, which an observer rule echoes) and rules fire or stop.
final class ServerReloadTests: EngineTestCase {
    /// A writable copy of the fixture pack, without the rules that would only add load here.
    func copyFixturePack() throws -> String {
        let root = try harness.quietFixturePackCopy()
        try writeRule(root + "/squall_tests/rules", "observe", trigger: "squall_tests.trigger_seen", label: "observer",
                      message: "seen {{ trigger.op }} {{ trigger.parameters.label }} {{ trigger.count }}")
        return root
    }

    /// Writes `<name>.yaml` into a rules directory: an enabled rule echoing `message`.
    func writeRule(_ rules: String, _ name: String, pack: String = "squall_tests", trigger: String = "squall_tests.tick",
                   label: String, message: String) throws {
        try """
            name: \(name)
            pack: \(pack)
            enabled: true
            trigger:
              type: \(trigger)
              parameters: {label: \(label)}
            action:
              ref: core.echo
              parameters: {message: "\(message)"}
            """.write(toFile: rules + "/\(name).yaml", atomically: true, encoding: .utf8)
    }

    /// Echoed messages, split in words: ["seen", op, label, count] or ["made", count].
    func echoed() throws -> [[String]] {
        try executions(of: "core.echo").compactMap { $0.parameters["message"]?.stringValue?.split(separator: " ").map(String.init) }
    }

    /// The poll counts at which the Ticker saw `op` for `label`, in order.
    func seen(_ op: String, _ label: String) throws -> [Int] {
        try echoed().filter { $0.count == 4 && $0[0] == "seen" && $0[1] == op && $0[2] == label }.compactMap { Int($0[3]) }.sorted()
    }

    func made() throws -> [Int] {
        try echoed().filter { $0.count == 2 && $0[0] == "made" }.compactMap { Int($0[1]) }
    }

    /// Running sensors' pids from the status file, once every one has a child.
    func sensorPids() throws -> [String: Int]? {
        guard let text = try? String(contentsOfFile: harness.dataDirectory + "/server-status.json", encoding: .utf8) else { return nil }
        var pids: [String: Int] = [:]
        for sensor in try JSONValue.parse(text)["sensors"]?.arrayValue ?? [] {
            guard let ref = sensor["ref"]?.stringValue else { continue }
            if let pid = sensor["pid"]?.intValue { pids[ref] = pid }
        }
        return pids["squall_tests.Ticker"] != nil && pids["squall_tests.Passive"] != nil ? pids : nil
    }

    func sensorRefs() throws -> Set<String>? {
        guard let text = try? String(contentsOfFile: harness.dataDirectory + "/server-status.json", encoding: .utf8) else { return nil }
        return Set(try JSONValue.parse(text)["sensors"]?.arrayValue?.compactMap { $0["ref"]?.stringValue } ?? [])
    }

    /// The highest count of the Ticker's ticks the server has matched against its rules (recorded
    /// `processed`: matched with the rules of that moment), if any.
    func lastProcessedTick() throws -> Int? {
        try engine.triggerInstances(trigger: "squall_tests.tick", status: .processed, limit: 20).compactMap { $0.payload["count"]?.intValue }.max()
    }

    /// Polls `value` until it is not nil.
    func eventually<T>(_ value: () throws -> T?) throws -> T {
        var found: T?
        try eventually("\(T.self)") { found = try value(); return found != nil }
        return try XCTUnwrap(found)
    }

    func testInstallAndRemoveReachTheRunningServer() throws {
        let packs = try copyFixturePack()
        var environment = harness.commandLineEnvironment
        environment["SQUALL_PACKS_PATH"] = packs
        let extra = harness.dataDirectory + "/rm_extra"
        try FileManager.default.createDirectory(atPath: extra + "/rules", withIntermediateDirectories: true)
        try "name: rm_extra\nref: rm_extra\ndescription: A rule on another pack's sensor.\nversion: 0.1.0\nauthor: squall\n"
            .write(toFile: extra + "/pack.yaml", atomically: true, encoding: .utf8)
        try writeRule(extra + "/rules", "extra", pack: "rm_extra", label: "extra", message: "extra")

        let server = try harness.startServer(environment: environment)
        defer { if server.isRunning { server.terminate(); server.waitUntilExit() } }
        try eventually("the observer's own add_trigger") { try !seen("add", "observer").isEmpty }

        // st2 registers what it installs: the new pack's rule reaches the running sensor.
        let install = try harness.squall(["pack", "install", extra], environment: environment)
        XCTAssertEqual(install.status, 0, install.stderr)
        try eventually("add_trigger for the installed pack's rule") { try !seen("add", "extra").isEmpty }
        XCTAssertEqual(try harness.squall(["pack", "remove", "rm_extra"], environment: environment).status, 0)
        try eventually("remove_trigger once the pack is removed") { try !seen("remove", "extra").isEmpty }

        // A changed pack config restarts the pack's sensors at `pack register` (they get it at start).
        let before = try eventually(sensorPids)
        let config = harness.dataDirectory + "/configs/squall_tests.yaml"
        try (try String(contentsOfFile: config, encoding: .utf8) + "api_url: http://changed.invalid\n")
            .write(toFile: config, atomically: true, encoding: .utf8)
        XCTAssertEqual(try harness.squall(["pack", "register", "squall_tests"], environment: environment).status, 1, "unknown_trigger.yaml")
        try eventually("the Ticker restarted with the new config") {
            let now = try sensorPids()
            return now?["squall_tests.Ticker"] != nil && now?["squall_tests.Ticker"] != before["squall_tests.Ticker"]
        }
        server.terminate()
        server.waitUntilExit()
        XCTAssertEqual(server.terminationStatus, 0)
    }

    func testRunningServerFollowsRuleChangesAndPackRegister() throws {
        let packs = try copyFixturePack()
        var environment = harness.commandLineEnvironment
        environment["SQUALL_PACKS_PATH"] = packs
        let server = try harness.startServer(environment: environment)
        defer { if server.isRunning { server.terminate(); server.waitUntilExit() } }

        // At start the Ticker gets add_trigger for the enabled rules using its trigger types.
        try eventually("the observer's own add_trigger") { try !seen("add", "observer").isEmpty }

        // A rule created while the server runs reaches the sensor and fires.
        let file = harness.dataDirectory + "/made.yaml"
        try """
            name: made
            pack: squall_tests
            enabled: true
            trigger:
              type: squall_tests.tick
              parameters: {label: made}
            action:
              ref: core.echo
              parameters: {message: "made {{ trigger.count }}"}
            """.write(toFile: file, atomically: true, encoding: .utf8)
        XCTAssertEqual(try harness.squall(["rule", "create", file], environment: environment).status, 0)
        try eventually("add_trigger for the created rule") { try !seen("add", "made").isEmpty }
        try eventually("the created rule firing") { try !made().isEmpty }

        // Disabled: remove_trigger, and ticks after the sensor heard it no longer fire the rule.
        XCTAssertEqual(try harness.squall(["rule", "disable", "squall_tests.made"], environment: environment).status, 0)
        try eventually("remove_trigger") { try !seen("remove", "made").isEmpty }
        let removedAt = try XCTUnwrap(try seen("remove", "made").first)

        // pack register: a changed rule file means update_trigger, a new one add_trigger; a sensor
        // whose code changed restarts, the others keep running.
        let before = try eventually(sensorPids)
        let passive = packs + "/squall_tests/sensors/passive.py"
        try (try String(contentsOfFile: passive, encoding: .utf8) + "\n# changed\n").write(toFile: passive, atomically: true, encoding: .utf8)
        let crasher = packs + "/squall_tests/sensors/crasher.yaml"
        try (try String(contentsOfFile: crasher, encoding: .utf8) + "enabled: false\n").write(toFile: crasher, atomically: true, encoding: .utf8)
        try writeRule(packs + "/squall_tests/rules", "observe", trigger: "squall_tests.trigger_seen", label: "observer2",
                      message: "seen {{ trigger.op }} {{ trigger.parameters.label }} {{ trigger.count }}")
        try writeRule(packs + "/squall_tests/rules", "added", label: "added", message: "added {{ trigger.count }}")
        let register = try harness.squall(["pack", "register", "squall_tests", "--json"], environment: environment)
        XCTAssertEqual(register.status, 1, "unknown_trigger.yaml is still reported: \(register.stderr)")
        // Every rule file of the copy but unknown_trigger.yaml, and the created rule.
        let ruleFiles = try FileManager.default.contentsOfDirectory(atPath: packs + "/squall_tests/rules")
        XCTAssertEqual(try JSONValue.parse(register.stdout)["packs"]?.arrayValue?.first?["rules"]?.intValue, ruleFiles.count)
        try eventually("update_trigger for the changed rule") { try !seen("update", "observer2").isEmpty }
        try eventually("add_trigger for the new rule file") { try !seen("add", "added").isEmpty }
        try eventually("the new rule file firing") {
            try executions(of: "core.echo").contains { $0.parameters["message"]?.stringValue?.hasPrefix("added ") == true }
        }
        try eventually("the changed sensor restarted") {
            let now = try sensorPids()
            return now?["squall_tests.Passive"] != before["squall_tests.Passive"] && now?["squall_tests.Passive"] != nil
        }
        XCTAssertEqual(try sensorPids()?["squall_tests.Ticker"], before["squall_tests.Ticker"], "unchanged sensors keep running")
        try eventually("the disabled sensor gone") { try sensorRefs()?.contains("squall_tests.Crasher") == false }

        // `made` is a created rule: pack register leaves its disable in place.
        XCTAssertEqual(try seen("add", "made").count, 1)

        // The ticks the server matched while the rule was disabled: after the sensor heard the remove
        // (so after the disable's reload was applied) and already processed before the enable below
        // is even asked for. Counting up to add_trigger's tick instead raced: the enable's reload swaps
        // the matcher before the sensor hears add_trigger, so that tick may fire the rule.
        let disabledThrough = try eventually { try lastProcessedTick().flatMap { $0 > removedAt + 1 ? $0 : nil } }

        // Enabled again: add_trigger, and it fires again.
        XCTAssertEqual(try harness.squall(["rule", "enable", "squall_tests.made"], environment: environment).status, 0)
        try eventually("add_trigger again") { try seen("add", "made").count == 2 }
        let addedAgainAt = try seen("add", "made")[1]
        try eventually("firing again") { try made().contains { $0 > addedAgainAt } }
        // The sensor counts the ticks it emitted: it may hear add_trigger right after emitting the
        // last tick processed before the enable (equal), never before it.
        XCTAssertGreaterThanOrEqual(addedAgainAt, disabledThrough)
        let whileDisabled = try made().filter { $0 > removedAt && $0 <= disabledThrough }
        XCTAssertEqual(whileDisabled, [], "no firing on the ticks \(removedAt + 1)...\(disabledThrough), matched while the rule was disabled")

        // Rules with the same trigger type and parameters share one trigger (st2's Trigger): a
        // second rule adds nothing, and the trigger goes only when its last rule does.
        let twin = harness.dataDirectory + "/twin.yaml"
        try String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(of: "name: made", with: "name: twin")
            .write(toFile: twin, atomically: true, encoding: .utf8)
        XCTAssertEqual(try harness.squall(["rule", "create", twin], environment: environment).status, 0)
        XCTAssertEqual(try harness.squall(["rule", "delete", "squall_tests.made"], environment: environment).status, 0)
        XCTAssertEqual(try harness.squall(["rule", "delete", "squall_tests.twin"], environment: environment).status, 0)
        try eventually("remove_trigger after the last rule went") { try seen("remove", "made").count == 2 }
        // The sensor handles updates in order: by the time it saw this remove it had seen the others.
        XCTAssertEqual(try seen("add", "made").count, 2, "the twin shared the trigger")

        // A timer rule created while the server runs gets its timer.
        let timer = harness.dataDirectory + "/timer.yaml"
        try """
            name: every_second
            pack: squall_tests
            enabled: true
            trigger:
              type: core.st2.IntervalTimer
              parameters: {unit: seconds, delta: 1}
            action:
              ref: core.noop
            """.write(toFile: timer, atomically: true, encoding: .utf8)
        XCTAssertEqual(try harness.squall(["rule", "create", timer], environment: environment).status, 0)
        try eventually("the new timer firing") { try !executions(of: "core.noop").isEmpty }

        // Six of the eight commands were awaited one by one, so at least six reloads (requests that
        // arrive together make one); the status file follows within a second.
        try eventually("the status file counting the reloads") {
            let status = try? JSONValue.parse(try String(contentsOfFile: harness.dataDirectory + "/server-status.json", encoding: .utf8))
            return (status?["reloads"]?.intValue ?? 0) >= 6
        }
        server.terminate()
        server.waitUntilExit()
        XCTAssertEqual(server.terminationStatus, 0)
    }
}
