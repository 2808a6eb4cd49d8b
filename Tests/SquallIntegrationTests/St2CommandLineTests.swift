import Foundation
import SquallModel
import XCTest

/// The real `squall` binary speaking st2's CLI dialect: the flags, tables and output st2 users expect.
final class St2CommandLineTests: XCTestCase {
    var harness: IntegrationHarness!

    override func setUpWithError() throws { harness = try IntegrationHarness() }
    override func tearDown() { harness.remove() }

    func squall(_ arguments: [String]) throws -> Outcome { try harness.squall(arguments) }

    func lines(_ outcome: Outcome) -> [String] { outcome.stdout.split(separator: "\n").map(String.init) }

    func testVersionAndShortJSONFlagEverywhere() throws {
        let version = try squall(["--version"])
        XCTAssertEqual(version.status, 0)
        XCTAssertTrue(version.stdout.hasPrefix("squall "), version.stdout)
        for command in [["pack", "list"], ["action", "list"], ["action", "get", "core.echo"], ["rule", "list"], ["trigger", "list"],
                        ["key", "list"], ["execution", "list"], ["trigger-instance", "list"], ["rule-enforcement", "list"]] {
            let outcome = try squall(command + ["-j"])
            XCTAssertEqual(outcome.status, 0, "\(command): \(outcome.stderr)")
            XCTAssertNoThrow(try JSONValue.parse(outcome.stdout), "\(command): \(outcome.stdout)")
        }
    }

    func testListsHaveColumnHeadersAndFilterByPack() throws {
        let actions = try squall(["action", "list", "-p", "core"])
        XCTAssertEqual(actions.status, 0, actions.stderr)
        let rows = lines(actions)
        XCTAssertEqual(rows.first?.split(separator: " ").map(String.init), ["ref", "pack", "runner", "description"])
        XCTAssertTrue(rows.dropFirst().allSatisfy { $0.hasPrefix("core.") }, actions.stdout)
        // Columns line up: every row's runner starts where the header's does.
        let runnerColumn = try XCTUnwrap(rows.first?.range(of: "runner")).lowerBound.utf16Offset(in: rows[0])
        let echo = try XCTUnwrap(rows.first { $0.hasPrefix("core.echo ") })
        XCTAssertEqual(String(echo.dropFirst(runnerColumn).prefix(15)), "local-shell-cmd")

        let keys = try squall(["key", "set", "app.color", "green"])
        XCTAssertEqual(keys.status, 0)
        XCTAssertEqual(lines(try squall(["key", "list"])), ["name       value  secret  expire_timestamp", "app.color  green  false"])
    }

    func testRuleCreateWithoutPackGoesToDefaultAndRuleListByPack() throws {
        let file = harness.dataDirectory + "/nopack.yaml"
        try "name: on_line\ntrigger:\n  type: linux.file_watch.line\naction:\n  ref: core.sendmail\n  parameters:\n    to: ops@example.com\n    subject: new line\n    body: '{{ trigger.line }}'\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let created = try squall(["rule", "create", file])
        XCTAssertEqual(created.status, 0, created.stderr)
        XCTAssertEqual(created.stdout, "created rule default.on_line (disabled)\n")
        let listed = try JSONValue.parse(try squall(["rule", "list", "--pack", "default", "-j"]).stdout)
        XCTAssertEqual(listed["rules"]?.arrayValue?.compactMap { $0["ref"]?.stringValue }, ["default.on_line"])
        XCTAssertEqual(lines(try squall(["rule", "list", "-p", "default"])), [
            "ref              pack     enabled  trigger                action",
            "default.on_line  default  false    linux.file_watch.line  core.sendmail",
        ])
    }

    func testRunDashHPrintsTheParametersAndRunsNothing() throws {
        let help = try squall(["run", "core.local", "-h"])
        XCTAssertEqual(help.status, 0, help.stderr)
        let text = help.stdout
        XCTAssertTrue(text.hasPrefix("Run a shell command on this host.\n\nRequired Parameters:\n    cmd\n"), text)
        XCTAssertTrue(text.contains("Optional Parameters:\n"), text)
        XCTAssertTrue(text.contains("    timeout\n        Action timeout in seconds. Action will get killed if it doesn't finish in timeout seconds.\n        Type: integer\n        Default: 60\n"), text)
        XCTAssertEqual(try JSONValue.parse(try squall(["execution", "list", "-j"]).stdout), [], "-h runs nothing")
        let unknown = try squall(["run", "core.nothing", "-h"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertEqual(unknown.stderr.filter { $0 == "\n" }.count, 1, unknown.stderr)
    }

    func testRunDashAIsAsync() throws {
        let started = try squall(["run", "core.local", "cmd=echo later", "-a", "-j"])
        XCTAssertEqual(started.status, 0, started.stderr)
        let id = try XCTUnwrap(try JSONValue.parse(started.stdout)["id"]?.stringValue)
        let tail = try squall(["execution", "tail", id])
        XCTAssertTrue(tail.stdout.hasPrefix("later\n"), tail.stdout)
    }

    func testExecutionListAttributes() throws {
        XCTAssertEqual(try squall(["run", "core.local", "cmd=echo picked"]).status, 0)
        let table = lines(try squall(["execution", "list", "-a", "status", "result.stdout", "action.ref"]))
        XCTAssertEqual(table, ["status     result.stdout  action.ref", "succeeded  picked         core.local"])
        let selected = try JSONValue.parse(try squall(["execution", "list", "--attr", "status", "action.ref", "-j"]).stdout)
        XCTAssertEqual(selected, [["status": "succeeded", "action": ["ref": "core.local"]]])
        let bad = try squall(["execution", "list", "-a", "statuss"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.hasPrefix("error: --attr: unknown attribute 'statuss'"), bad.stderr)
        XCTAssertEqual(bad.stderr.filter { $0 == "\n" }.count, 1)
    }

    func testAFailedActionsTracebackIsPrintedAsLines() throws {
        let failed = try squall(["run", "squall_tests.raises"])
        XCTAssertEqual(failed.status, 1, failed.stderr)
        let text = lines(failed)
        let stderr = try XCTUnwrap(text.firstIndex(of: "  stderr: |"), failed.stdout)
        XCTAssertTrue(text[(stderr + 1)...].contains("    Traceback (most recent call last):"), failed.stdout)
        XCTAssertTrue(text.contains { $0.hasPrefix("    RuntimeError: something broke on purpose") }, failed.stdout)
        XCTAssertFalse(failed.stdout.contains("\\n"), "no JSON-escaped newlines: \(failed.stdout)")
    }

    func testKeySetEncryptStoresTheValueEncrypted() throws {
        let set = try squall(["key", "set", "api.token", "s3cr3t-value", "--encrypt"])
        XCTAssertEqual(set.status, 0, set.stderr)
        XCTAssertEqual(set.stdout, "api.token set (encrypted)\n")
        let stored = try squall(["key", "get", "api.token"]).stdout
        XCTAssertFalse(stored.contains("s3cr3t-value"), stored)
        XCTAssertEqual(try squall(["key", "get", "api.token", "--decrypt"]).stdout, "s3cr3t-value\n")
        let list = try squall(["key", "list"])
        XCTAssertFalse(list.stdout.contains("s3cr3t-value"), list.stdout)
        let json = try JSONValue.parse(try squall(["key", "list", "-j"]).stdout)
        XCTAssertEqual(json.arrayValue?.first?["secret"], true)
        XCTAssertEqual(json.arrayValue?.first?["encrypted"], true)
        XCTAssertEqual(json.arrayValue?.first?["value"]?.stringValue.map { $0 + "\n" }, stored)
    }

    func testPackInstallKeepsPipsOutputApart() throws {
        let source = harness.dataDirectory + "/sources/pipapart"
        try FileManager.default.createDirectory(atPath: source + "/actions", withIntermediateDirectories: true)
        try "name: pipapart\ndescription: pip output probe\nversion: 1.0.0\nauthor: tester\n"
            .write(toFile: source + "/pack.yaml", atomically: true, encoding: .utf8)
        // A fresh build each run: the virtualenvs are shared between tests.
        try? FileManager.default.removeItem(atPath: harness.dataDirectory + "/virtualenvs/pipapart")
        let install = try squall(["pack", "install", source])
        XCTAssertEqual(install.status, 0, install.stderr)
        XCTAssertTrue(install.stderr.contains("[pipapart] creating virtualenv with "), install.stderr)
        for pipLine in ["Collecting", "Successfully installed", "Requirement already satisfied"] {
            XCTAssertFalse(install.stderr.contains(pipLine), "pip's \(pipLine) on squall's stderr: \(install.stderr)")
            XCTAssertFalse(install.stdout.contains(pipLine), install.stdout)
        }
        let log = harness.dataDirectory + "/virtualenvs/pipapart.build.log"
        XCTAssertTrue(install.stderr.contains("pip's output: \(log)"), install.stderr)
        let written = try String(contentsOfFile: log, encoding: .utf8)
        XCTAssertTrue(written.contains("Successfully installed") || written.contains("Requirement already satisfied"), written)
    }
}
