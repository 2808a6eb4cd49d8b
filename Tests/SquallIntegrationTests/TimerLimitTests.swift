import Foundation
import SquallEngine
import SquallModel
import XCTest

/// Timers the scheduler cannot hold (past 2262, intervals of a million days or a microsecond, cron
/// year 9999) are refused by `rule create`, reported by `pack register`, and skipped by a server
/// that logs why and keeps running: they trapped the timer thread (SIGILL) on every start before.
final class TimerLimitTests: EngineTestCase {
    static let unschedulable: [(trigger: String, field: String)] = [
        ("{type: core.st2.DateTimer, parameters: {date: \"2400-01-01 00:00:00\"}}", "trigger.parameters.date"),
        ("{type: core.st2.CronTimer, parameters: {year: 9999}}", "trigger.parameters.year"),
        ("{type: core.st2.IntervalTimer, parameters: {unit: days, delta: 1000000}}", "trigger.parameters.delta"),
        ("{type: core.st2.IntervalTimer, parameters: {unit: seconds, delta: 100000000000}}", "trigger.parameters.delta"),
        ("{type: core.st2.IntervalTimer, parameters: {unit: seconds, delta: 0.000001}}", "trigger.parameters.delta"),
        ("{type: core.st2.IntervalTimer, parameters: {unit: weeks, delta: .inf}}", "trigger.parameters.delta"),
        ("{type: core.st2.DateTimer, parameters: {date: \"2030-01-01 00:00:1e20\"}}", "trigger.parameters.date"),
    ]

    func rule(_ name: String, trigger: String, message: String = "fired") -> String {
        "name: \(name)\npack: squall_tests\nenabled: true\ntrigger: \(trigger)\naction: {ref: core.echo, parameters: {message: \(message)}}\n"
    }

    func testRuleCreateRefusesTimersTheSchedulerCannotHold() throws {
        for (index, bad) in Self.unschedulable.enumerated() {
            let file = harness.dataDirectory + "/timer\(index).yaml"
            try rule("timer\(index)", trigger: bad.trigger).write(toFile: file, atomically: true, encoding: .utf8)
            let outcome = try harness.squall(["rule", "create", file])
            XCTAssertEqual(outcome.status, 2, bad.trigger)
            XCTAssertTrue(outcome.stderr.hasPrefix("error: \(file): field '\(bad.field)': "), outcome.stderr)
            XCTAssertEqual(outcome.stderr.split(separator: "\n").count, 1, outcome.stderr)
        }
        let good = harness.dataDirectory + "/good.yaml"
        try rule("good", trigger: "{type: core.st2.CronTimer, parameters: {year: 2261}}").write(toFile: good, atomically: true, encoding: .utf8)
        XCTAssertEqual(try harness.squall(["rule", "create", good]).status, 0, "the last year a timer may name")
    }

    func testServerSkipsBadTimerRulesLogsWhyAndKeepsFiring() throws {
        let packs = try harness.quietFixturePackCopy()
        var environment = harness.commandLineEnvironment
        environment["SQUALL_PACKS_PATH"] = packs
        for (index, bad) in Self.unschedulable.enumerated() {
            try rule("timer\(index)", trigger: bad.trigger)
                .write(toFile: packs + "/squall_tests/rules/timer\(index).yaml", atomically: true, encoding: .utf8)
        }
        let register = try harness.squall(["pack", "register", "squall_tests"], environment: environment)
        XCTAssertEqual(register.status, 1)
        for index in Self.unschedulable.indices {
            XCTAssertTrue(register.stderr.contains("/rules/timer\(index).yaml: field '\(Self.unschedulable[index].field)'"), register.stderr)
        }

        let log = harness.dataDirectory + "/server.log"
        FileManager.default.createFile(atPath: log, contents: nil)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: CommandLineTests.binary)
        server.arguments = ["server", "--log-level", "warning"]
        server.environment = environment
        server.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        try server.run()
        defer { if server.isRunning { server.terminate(); server.waitUntilExit() } }

        // The bad rules were the only timers: the timer thread waited on them and trapped at once.
        // Adding a good one-second timer while the server runs shows it alive and firing.
        let good = harness.dataDirectory + "/good.yaml"
        try rule("good", trigger: "{type: core.st2.IntervalTimer, parameters: {unit: seconds, delta: 1}}", message: "good")
            .write(toFile: good, atomically: true, encoding: .utf8)
        func alive() throws { if !server.isRunning { throw ServerDied(status: server.terminationStatus) } }
        try eventually("the server's status file") { try alive(); return FileManager.default.fileExists(atPath: harness.dataDirectory + "/server-status.json") }
        XCTAssertEqual(try harness.squall(["rule", "create", good], environment: environment).status, 0)
        XCTAssertEqual(try harness.squall(["rule", "enable", "squall_tests.good"], environment: environment).status, 0)
        try eventually("the good timer fired") {
            try alive()
            return try executions(of: "core.echo").contains { $0.parameters["message"] == "good" }
        }
        let logged = try String(contentsOfFile: log, encoding: .utf8)
        for index in Self.unschedulable.indices {
            XCTAssertTrue(logged.contains("/rules/timer\(index).yaml: field '\(Self.unschedulable[index].field)'"), logged)
        }
        server.terminate()
        server.waitUntilExit()
        XCTAssertEqual(server.terminationStatus, 0)
    }
}

struct ServerDied: Error { var status: Int32 }
