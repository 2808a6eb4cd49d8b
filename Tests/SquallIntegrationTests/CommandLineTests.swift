import XCTest
import SquallModel

/// The real `squall` binary: exit codes, JSON output, async runs, the datastore verbs.
final class CommandLineTests: XCTestCase {
    var harness: IntegrationHarness!

    override func setUpWithError() throws { harness = try IntegrationHarness() }
    override func tearDown() { harness.remove() }

    static var binary: String {
        // The test bundle sits in (or is) the products directory of the same build.
        let bundle = Bundle(for: CommandLineTests.self).bundleURL
        let candidates = [bundle, bundle.deletingLastPathComponent()].map { $0.appendingPathComponent("squall").path }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }

    func squall(_ arguments: [String]) throws -> Outcome { try harness.squall(arguments) }

    func testRunExitCodesAndJSON() throws {
        let ok = try squall(["run", "core.local", "cmd=echo hi", "--json"])
        XCTAssertEqual(ok.status, 0, ok.stderr)
        let record = try JSONValue.parse(ok.stdout)
        XCTAssertEqual(record["status"], "succeeded")
        XCTAssertEqual(record["result"]?["stdout"], "hi")
        XCTAssertEqual(record["action"]?["ref"], "core.local")
        for key in ["id", "parameters", "start_timestamp", "end_timestamp", "log"] { XCTAssertNotNil(record[key], key) }

        XCTAssertEqual(try squall(["run", "core.local", "cmd=exit 4"]).status, 1)
        let unknown = try squall(["run", "core.missing"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertEqual(unknown.stderr, "error: action 'core.missing' not found\n")
        let badParameter = try squall(["run", "core.pause", "max_pause=later"])
        XCTAssertEqual(badParameter.status, 2)
        XCTAssertTrue(badParameter.stderr.contains("parameter 'max_pause'"), badParameter.stderr)
        XCTAssertEqual(try squall(["run", "core.local", "notaparameter"]).status, 2)
        XCTAssertEqual(try squall(["run", "core.local", "cmd=sleep 5", "--timeout", "1"]).status, 1)
    }

    func testSandboxCheckShowsTheProbeRunningUnderInit() throws {
        // The CLI opens squall-init early, on a low descriptor: the launch must still find it.
        let check = try squall(["sandbox", "check", "--json"])
        XCTAssertEqual(check.status, 0, check.stderr)
        let checks = try JSONValue.parse(check.stdout)["checks"]?.arrayValue ?? []
        let initCheck = checks.first { $0["name"] == "init" }
        XCTAssertEqual(initCheck?["enforced"], true, check.stdout)
        XCTAssertEqual(checks.first { $0["name"] == "accounts" }?["enforced"], true, check.stdout)
    }

    func testSandboxCheckForAPackProbesWithThatPacksPolicyIdentityAndLimits() throws {
        // The operator's file for one pack: no network, fewer pids.
        let packPolicies = harness.dataDirectory + "/policy/packs"
        try FileManager.default.createDirectory(atPath: packPolicies, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        try #"{ "network": "deny", "limits": { "pids": 64 } }"#.write(toFile: packPolicies + "/squall_tests.json", atomically: false, encoding: .utf8)
        func checks(_ arguments: [String]) throws -> [String: JSONValue] {
            let outcome = try squall(["sandbox", "check", "--json"] + arguments)
            XCTAssertEqual(outcome.status, 0, outcome.stderr)
            let list = try JSONValue.parse(outcome.stdout)["checks"]?.arrayValue ?? []
            return Dictionary(list.compactMap { check in check["name"]?.stringValue.map { ($0, check) } }, uniquingKeysWith: { a, _ in a })
        }
        let site = try checks([])
        let pack = try checks(["--pack", "squall_tests"])
        XCTAssertEqual(site["namespace.net"]?["enforced"], false)
        XCTAssertEqual(pack["namespace.net"]?["enforced"], true, "\(pack)")
        // Its own pack identity, not the probe's.
        XCTAssertNotEqual(site["identity"]?["detail"], pack["identity"]?["detail"])
        // A cgroup of its own with the pack's limit, where the host offers cgroups.
        if site["cgroup"]?["enforced"] == true {
            XCTAssertEqual(pack["cgroup"]?["enforced"], true)
            XCTAssertTrue(pack["cgroup"]?["detail"]?.stringValue?.contains("pids 64") == true, "\(pack["cgroup"] ?? .null)")
            XCTAssertFalse(site["cgroup"]?["detail"]?.stringValue?.contains("pids 64") == true)
        }
        let missing = try squall(["sandbox", "check", "--pack", "no_such_pack"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertEqual(missing.stderr, "error: pack 'no_such_pack' not found\n")
    }

    func testExecutionListGetAndTimeoutFlag() throws {
        let run = try squall(["run", "core.local", "cmd=sleep 5", "--timeout", "1", "--json"])
        let id = try XCTUnwrap(try JSONValue.parse(run.stdout)["id"]?.stringValue)
        let get = try squall(["execution", "get", id, "--json"])
        XCTAssertEqual(try JSONValue.parse(get.stdout)["status"], "timeout")
        let list = try squall(["execution", "list", "--json"])
        XCTAssertEqual(try JSONValue.parse(list.stdout).arrayValue?.count, 1)
        XCTAssertEqual(try squall(["execution", "get", "ffffffffffffffffffffffff"]).status, 2)
    }

    func testAsyncRunThenTail() throws {
        let started = try squall(["run", "core.local", "cmd=echo first; sleep 1; echo second", "--async", "--json"])
        XCTAssertEqual(started.status, 0, started.stderr)
        let id = try XCTUnwrap(try JSONValue.parse(started.stdout)["id"]?.stringValue)
        let tail = try squall(["execution", "tail", id])
        XCTAssertEqual(tail.status, 0)
        XCTAssertTrue(tail.stdout.hasPrefix("first\nsecond\n"), tail.stdout)
        XCTAssertTrue(tail.stdout.contains("status succeeded"), tail.stdout)
    }

    func testKeyVerbs() throws {
        XCTAssertEqual(try squall(["key", "set", "app.color", "green"]).status, 0)
        XCTAssertEqual(try squall(["key", "set", "app.size", "xl", "--ttl", "600"]).status, 0)
        XCTAssertEqual(try squall(["key", "get", "app.color"]).stdout, "green\n")
        let list = try JSONValue.parse(try squall(["key", "list", "--prefix", "app.", "--json"]).stdout)
        XCTAssertEqual(list.arrayValue?.compactMap { $0["name"]?.stringValue }, ["app.color", "app.size"])
        XCTAssertNotEqual(list.arrayValue?.last?["expire_timestamp"], .null)
        XCTAssertEqual(try squall(["key", "delete", "app.color"]).status, 0)
        XCTAssertEqual(try squall(["key", "get", "app.color"]).status, 2)
    }

    func testPackAndActionVerbs() throws {
        let packs = try JSONValue.parse(try squall(["pack", "list", "--json"]).stdout)
        XCTAssertEqual(Set(packs.arrayValue?.compactMap { $0["ref"]?.stringValue } ?? []), ["core", "linux", "chatops", "packs", "default", "squall_tests", "squall_bench"])
        let action = try JSONValue.parse(try squall(["action", "get", "core.echo", "--json"]).stdout)
        XCTAssertEqual(action["parameters"]?["message"]?["required"], true)
        XCTAssertEqual(try squall(["action", "get", "core.nothing"]).status, 2)
        XCTAssertEqual(try squall(["pack", "get", "nothing"]).status, 2)
    }
}
