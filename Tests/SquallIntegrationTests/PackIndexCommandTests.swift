import Foundation
import SquallModel
import XCTest

/// `squall pack search|show|index health` on the real binary, with indexes from files and a settings file.
final class PackIndexCommandTests: XCTestCase {
    var harness: IntegrationHarness!
    var indexes: String!

    override func setUpWithError() throws {
        harness = try IntegrationHarness()
        indexes = harness.dataDirectory + "/indexes"
        try FileManager.default.createDirectory(atPath: indexes, withIntermediateDirectories: true)
        try write(index: "first.json", [
            "aws": ["name": "aws", "description": "Amazon Web Services", "keywords": ["cloud", "ec2"], "author": "StackStorm",
                    "email": "info@example.invalid", "repo_url": "https://example.invalid/stackstorm-aws", "version": "2.1.0"],
        ])
        try write(index: "second.json", [
            "aws": ["name": "aws", "description": "an older aws", "repo_url": "https://example.invalid/old-aws", "version": "0.1.0"],
            "jira": ["name": "jira", "description": "Issue tracking", "keywords": ["tickets"], "author": "Cloud Team",
                     "repo_url": "https://example.invalid/stackstorm-jira", "version": "3.0.0"],
        ])
    }

    override func tearDown() { harness.remove() }

    func write(index name: String, _ packs: [String: [String: Any]]) throws {
        let data = try JSONSerialization.data(withJSONObject: ["metadata": ["generated_ts": 1], "packs": packs])
        try data.write(to: URL(fileURLWithPath: indexes + "/" + name))
    }

    func squall(_ arguments: [String], environment: [String: String] = [:]) throws -> Outcome {
        try harness.squall(arguments, environment: harness.commandLineEnvironment.merging(environment) { _, new in new })
    }

    var bothIndexes: String { "\(indexes!)/first.json,file://\(indexes!)/second.json" }

    func testSearchAndShowFromASettingsFile() throws {
        let settings = harness.dataDirectory + "/settings.yaml"
        try "index_url:\n  - \(indexes!)/first.json\n  - file://\(indexes!)/second.json\n".write(toFile: settings, atomically: true, encoding: .utf8)
        let search = try squall(["pack", "search", "CLOUD", "--json"], environment: ["SQUALL_CONFIG": settings])
        XCTAssertEqual(search.status, 0, search.stderr)
        let found = try XCTUnwrap(JSONValue.parse(search.stdout).arrayValue)
        XCTAssertEqual(found.map { $0["name"] }, ["aws", "jira"], "aws by keyword, jira by author")
        XCTAssertEqual(found[0]["version"], "2.1.0", "the first index wins")
        XCTAssertEqual(found[0]["index"], .string(indexes + "/first.json"))

        let show = try squall(["pack", "show", "jira", "--json"], environment: ["SQUALL_CONFIG": settings])
        XCTAssertEqual(show.status, 0, show.stderr)
        let jira = try JSONValue.parse(show.stdout)
        XCTAssertEqual(jira["repo_url"], "https://example.invalid/stackstorm-jira")
        XCTAssertEqual(jira["keywords"], ["tickets"])
        XCTAssertEqual(jira["index"], .string("file://" + indexes + "/second.json"))

        // The option beats the file: only the second index, so its aws.
        let option = try squall(["pack", "show", "aws", "--json", "--index-url", indexes + "/second.json"],
                                environment: ["SQUALL_CONFIG": settings])
        XCTAssertEqual(try JSONValue.parse(option.stdout)["version"], "0.1.0")
    }

    func testShowOfAnUnknownNameAndAnEmptySearch() throws {
        let env = ["SQUALL_INDEX_URL": bothIndexes]
        let missing = try squall(["pack", "show", "jir"], environment: env)
        XCTAssertEqual(missing.status, 2)
        XCTAssertEqual(missing.stderr, "error: no pack named 'jir' in the indexes \(indexes!)/first.json, file://\(indexes!)/second.json\n")
        let none = try squall(["pack", "search", "zzz", "--json"], environment: env)
        XCTAssertEqual(none.status, 0)
        XCTAssertEqual(try JSONValue.parse(none.stdout), [])
    }

    func testHealthReportsEachIndex() throws {
        let unreachable = "http://127.0.0.1:1/index.json"
        let env = ["SQUALL_INDEX_URL": "\(bothIndexes),\(unreachable)"]
        let health = try squall(["pack", "index", "health", "--json"], environment: env)
        XCTAssertEqual(health.status, 1, "an index could not be read")
        let states = try XCTUnwrap(JSONValue.parse(health.stdout).arrayValue)
        XCTAssertEqual(states.map { $0["url"] }, [.string(indexes + "/first.json"), .string("file://" + indexes + "/second.json"), .string(unreachable)])
        XCTAssertEqual(states.map { $0["ok"] }, [true, true, false])
        XCTAssertEqual(states.map { $0["packs"] }, [1, 2, 0])
        XCTAssertEqual(states[0]["error"], .null)
        XCTAssertNotNil(states[2]["error"]?.stringValue)
        XCTAssertNotNil(states[0]["fetch_seconds"]?.doubleValue)

        // Search still works with one index down, and says so on stderr.
        let search = try squall(["pack", "search", "issue"], environment: env)
        XCTAssertEqual(search.status, 0)
        XCTAssertTrue(search.stdout.hasPrefix("name "), search.stdout)
        XCTAssertTrue(search.stdout.split(separator: "\n").dropFirst().first?.hasPrefix("jira") == true, search.stdout)
        XCTAssertTrue(search.stderr.hasPrefix("warning: index \(unreachable) could not be read: "), search.stderr)

        let allDown = try squall(["pack", "search", "aws"], environment: ["SQUALL_INDEX_URL": unreachable])
        XCTAssertEqual(allDown.status, 1)
        XCTAssertTrue(allDown.stderr.hasPrefix("error: index \(unreachable) could not be read: "), allDown.stderr)
        XCTAssertEqual(allDown.stderr.filter { $0 == "\n" }.count, 1)
    }

    func testABadSettingsFileStopsEveryCommandWithOneLine() throws {
        let settings = harness.dataDirectory + "/settings.yaml"
        try "index_url: /x.json\ncolour: blue\n".write(toFile: settings, atomically: true, encoding: .utf8)
        let outcome = try squall(["pack", "list"], environment: ["SQUALL_CONFIG": settings])
        XCTAssertEqual(outcome.status, 2)
        // The whole list of known keys is SettingsFileTests' to check; here: one line naming the file and key.
        XCTAssertTrue(outcome.stderr.hasPrefix("error: settings file \(settings): unknown key 'colour' (known: data_dir, "), outcome.stderr)
        XCTAssertEqual(outcome.stderr.filter { $0 == "\n" }.count, 1, outcome.stderr)
    }

    func testInstallByNameThroughTheIndexAndWithTheIndexDown() throws {
        // The index's repo_url may be a directory on this machine: a plain one is copied.
        let source = harness.dataDirectory + "/sources/indexdemo"
        try FileManager.default.createDirectory(atPath: source + "/actions", withIntermediateDirectories: true)
        try "name: indexdemo\ndescription: from the index\nversion: 0.4.0\nauthor: tester\n"
            .write(toFile: source + "/pack.yaml", atomically: true, encoding: .utf8)
        try "name: hello\nrunner_type: local-shell-cmd\nparameters:\n  cmd:\n    default: echo hello from the index\n"
            .write(toFile: source + "/actions/hello.yaml", atomically: true, encoding: .utf8)
        try write(index: "demo.json", ["indexdemo": ["name": "indexdemo", "repo_url": source, "version": "0.4.0"]])

        let down = "http://127.0.0.1:1/index.json"
        let refused = try squall(["pack", "install", "indexdemo", "--index-url", down])
        XCTAssertEqual(refused.status, 1)
        let errorLine = try XCTUnwrap(refused.stderr.split(separator: "\n").last.map(String.init))
        XCTAssertTrue(errorLine.hasPrefix("error: indexdemo: index lookup failed: index \(down) could not be read: "), refused.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: harness.dataDirectory + "/packs/indexdemo"))

        let installed = try squall(["pack", "install", "indexdemo", "--json"], environment: ["SQUALL_INDEX_URL": "\(down),\(indexes!)/demo.json"])
        XCTAssertEqual(installed.status, 0, installed.stderr)
        let records = try XCTUnwrap(JSONValue.parse(installed.stdout).arrayValue)
        XCTAssertEqual(records.first?["pack"], "indexdemo")
        XCTAssertEqual(records.first?["source"], .string(source))
        XCTAssertTrue(installed.stderr.contains("warning: index \(down) could not be read"), installed.stderr)
        let run = try squall(["run", "indexdemo.hello", "--json"])
        XCTAssertEqual(try JSONValue.parse(run.stdout)["result"]?["stdout"], "hello from the index")
    }
}
