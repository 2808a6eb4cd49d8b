import Foundation
import SquallModel
import XCTest

/// The unmodified StackStorm client (`st2client` 3.9.0 from PyPI) against a live `squall server`:
/// real HTTP on 127.0.0.1, real executions, and what squall recorded checked with its own CLI.
final class St2ClientTests: EngineTestCase {
    var session: St2Session!

    override func setUpWithError() throws {
        try super.setUpWithError()
        let packs = try harness.quietFixturePackCopy() + ":" + IntegrationHarness.repositoryRoot + "/Tests/Fixtures/inquiries/packs"
        session = try St2Session(harness: harness, extraEnvironment: ["SQUALL_PACKS_PATH": packs])
    }

    override func tearDown() {
        session?.stop()
        session = nil
        super.tearDown()
    }

    /// `st2 arguments`, which must succeed; its stdout parsed as JSON (`-j`).
    func st2JSON(_ arguments: [String], extra: [String: String] = [:]) throws -> JSONValue {
        let outcome = try session.st2(arguments, extra: extra)
        XCTAssertEqual(outcome.status, 0, "st2 \(arguments): \(outcome.stdout) \(outcome.stderr)")
        return try JSONValue.parse(outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    func squallJSON(_ arguments: [String]) throws -> JSONValue {
        let outcome = try harness.squall(arguments, environment: session.harness.commandLineEnvironment)
        XCTAssertEqual(outcome.status, 0, "squall \(arguments): \(outcome.stderr)")
        return try JSONValue.parse(outcome.stdout)
    }

    /// core.ask through the real client: the workflow (`st2 run -a`, run in the server) pauses on
    /// its inquiry; `st2 inquiry list|get` show the question; an answer that does not fit the
    /// schema is refused naming the field; `st2 inquiry respond -r` resumes the workflow, which
    /// publishes the answer.
    func testInquiryListGetRespondResumesThePausedWorkflow() throws {
        try session.logIn()
        let started = try session.st2(["run", "squall_inquiries.approve", "-a"])
        XCTAssertEqual(started.status, 0, started.stderr)
        let flowId = try XCTUnwrap(started.stdout.components(separatedBy: "st2 execution get ").dropFirst().first?
            .prefix { !$0.isWhitespace }).description
        try eventually("the workflow paused") { try squallJSON(["execution", "get", flowId, "--json"])["status"] == "paused" }

        let listed = try st2JSON(["inquiry", "list", "-j"]).arrayValue ?? []
        XCTAssertEqual(listed.count, 1, "\(listed)")
        let id = try XCTUnwrap(listed.first?["id"]?.stringValue)
        XCTAssertEqual(listed.first?["route"], "approvals")
        XCTAssertEqual(listed.first?["ttl"], 60)
        let shown = try st2JSON(["inquiry", "get", id, "-j"])
        XCTAssertEqual(shown["schema"]?["properties"]?["continue"]?["type"], "boolean")
        XCTAssertEqual(shown["users"], [])

        let refused = try session.st2(["inquiry", "respond", "-r", #"{"continue": "yes"}"#, id])
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue((refused.stdout + refused.stderr).contains("response.continue must be boolean, got string"), refused.stdout + refused.stderr)
        XCTAssertEqual(try st2JSON(["execution", "get", id, "-j"])["status"], "pending")

        let answered = try session.st2(["inquiry", "respond", "-r", #"{"continue": true, "reason": "via st2"}"#, id])
        XCTAssertTrue(answered.stdout.contains("Response accepted for inquiry \(id)."), answered.stdout + answered.stderr)
        try eventually("the workflow succeeded") { try squallJSON(["execution", "get", flowId, "--json"])["status"] == "succeeded" }
        let flow = try squallJSON(["execution", "get", flowId, "--json"])
        XCTAssertEqual(flow["result"]?["output"], ["answer": ["continue": true, "reason": "via st2"], "reason": "via st2"])
        XCTAssertEqual(try st2JSON(["execution", "get", id, "-j"])["result"]?["response"], ["continue": true, "reason": "via st2"])
        // As st2: an answered inquiry is a 400 saying so (the client prints it as not found).
        let token = try XCTUnwrap(session.environment["ST2_AUTH_TOKEN"])
        let closed = try session.http("GET", "/api/v1/inquiries/\(id)", headers: ["X-Auth-Token: \(token)"])
        XCTAssertEqual(closed.status, 400)
        XCTAssertTrue(closed.body.contains("has already been responded to"), closed.body)
        let again = try session.http("PUT", "/api/v1/inquiries/\(id)", headers: ["X-Auth-Token: \(token)"],
                                     body: #"{"id": "\#(id)", "response": {"continue": false}}"#)
        XCTAssertEqual(again.status, 400, again.body)

        // An inquiry naming its users refuses anyone else (st2's 403), changing nothing.
        let asked = try session.st2(["run", "core.ask", "users=bob", "-a"])
        let bobsId = try XCTUnwrap(asked.stdout.components(separatedBy: "st2 execution get ").dropFirst().first?
            .prefix { !$0.isWhitespace }).description
        try eventually("bob's inquiry open") { try squallJSON(["execution", "get", bobsId, "--json"])["status"] == "pending" }
        let forbidden = try session.http("PUT", "/api/v1/inquiries/\(bobsId)", headers: ["X-Auth-Token: \(token)"],
                                         body: #"{"id": "\#(bobsId)", "response": {"continue": true}}"#)
        XCTAssertEqual(forbidden.status, 403, forbidden.body)
        XCTAssertEqual(try squallJSON(["execution", "get", bobsId, "--json"])["status"], "pending")
        let open = try session.st2(["inquiry", "list"])
        XCTAssertEqual(open.status, 0, open.stderr)
        XCTAssertFalse(open.stdout.contains(id), open.stdout)
    }

    func testAuthWhoamiAndAPIKeysAndNothingSecretAtRest() throws {
        let wrong = try session.st2(["auth", "alice", "-p", "not the password"])
        XCTAssertEqual(wrong.status, 1)
        XCTAssertTrue((wrong.stdout + wrong.stderr).contains("Invalid or missing credentials"), wrong.stdout + wrong.stderr)

        let anonymous = try session.st2(["action", "list"])
        XCTAssertEqual(anonymous.status, 1)
        XCTAssertTrue((anonymous.stdout + anonymous.stderr).contains("401"), anonymous.stdout + anonymous.stderr)

        let auth = try session.st2(["auth", "alice", "-p", St2Session.password])
        XCTAssertEqual(auth.status, 0, auth.stderr)
        XCTAssertTrue(auth.stdout.contains("alice") && auth.stdout.contains("expiry"), auth.stdout)

        try session.logIn()
        let token = try XCTUnwrap(session.environment["ST2_AUTH_TOKEN"])
        let whoami = try session.st2(["whoami"])
        XCTAssertTrue(whoami.stdout.contains("Currently logged in as \"alice\"."), whoami.stdout)
        XCTAssertTrue(whoami.stdout.contains("authentication token"), whoami.stdout)

        let key = try session.st2(["apikey", "create", "-k", "-m", "{\"purpose\": \"ci\"}"])
        XCTAssertEqual(key.status, 0, key.stderr)
        let apiKey = key.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertEqual(apiKey.count, 64)
        // The key alone is a credential (no token in the environment).
        let withKey = try session.st2(["whoami"], extra: ["ST2_AUTH_TOKEN": "", "ST2_API_KEY": apiKey])
        XCTAssertTrue(withKey.stdout.contains("API key"), withKey.stdout)

        let keys = try st2JSON(["apikey", "list", "-j"]).arrayValue ?? []
        XCTAssertEqual(keys.count, 1)
        XCTAssertEqual(keys.first?["user"], "alice")
        XCTAssertEqual(keys.first?["metadata"]?["purpose"], "ci")
        let keyId = try XCTUnwrap(keys.first?["id"]?.stringValue)

        // Only hashes at rest: neither the password, the token nor the key is in any file of the data dir.
        for secret in [St2Session.password, token, apiKey] {
            XCTAssertFalse(try dataDirectoryContains(secret), "a secret is stored in the clear")
        }

        let delete = try session.st2(["apikey", "delete", keyId])
        XCTAssertEqual(delete.status, 0, delete.stdout + delete.stderr)
        let revoked = try session.st2(["action", "list"], extra: ["ST2_AUTH_TOKEN": "", "ST2_API_KEY": apiKey])
        XCTAssertEqual(revoked.status, 1, "a deleted key is refused: \(revoked.stdout)")
    }

    /// `st2 login` keeps the user in ~/.st2/config and caches the token: later commands need nothing else.
    func testLoginCachesATokenThatLaterCommandsUse() throws {
        let noSkip = ["ST2_CLI_SKIP_CONFIG": "0"]
        let login = try session.st2(["login", "alice", "-p", St2Session.password], extra: noSkip)
        XCTAssertEqual(login.status, 0, login.stdout + login.stderr)
        let whoami = try session.st2(["whoami"], extra: noSkip)
        XCTAssertTrue(whoami.stdout.contains("Currently logged in as \"alice\"."), whoami.stdout + whoami.stderr)
        XCTAssertEqual(try session.st2(["action", "get", "core.noop"], extra: noSkip).status, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: session.home + "/.st2/token-alice"))
    }

    func testRunSyncAndAsyncListGetCancelAndRerun() throws {
        try session.logIn()
        let action = try st2JSON(["action", "get", "core.echo", "-j"])
        XCTAssertEqual(action["ref"], "core.echo")
        XCTAssertEqual(action["runner_type"], "local-shell-cmd")

        let run = try st2JSON(["run", "core.echo", "message=hello from st2", "-j"])
        XCTAssertEqual(run["status"], "succeeded", "\(run)")
        XCTAssertEqual(run["result"]?["stdout"], "hello from st2")
        XCTAssertEqual(run["context"]?["user"], "alice")
        let echoId = try XCTUnwrap(run["id"]?.stringValue)
        // squall recorded it, as the requester.
        let recorded = try squallJSON(["execution", "get", echoId, "--json"])
        XCTAssertEqual(recorded["status"], "succeeded")
        XCTAssertEqual(recorded["context"]?["user"], "alice")

        let async = try session.st2(["run", "core.local", "cmd=sleep 60", "-a"])
        XCTAssertEqual(async.status, 0, async.stderr)
        let sleeperId = try XCTUnwrap(async.stdout.components(separatedBy: "st2 execution get ").dropFirst().first?
            .prefix { !$0.isWhitespace }).description
        try eventually("the sleeper running") { try squallJSON(["execution", "get", sleeperId, "--json"])["status"] == "running" }
        let cancel = try session.st2(["execution", "cancel", sleeperId])
        XCTAssertTrue(cancel.stdout.contains("canceled"), cancel.stdout + cancel.stderr)
        try eventually("the sleeper canceled") { try st2JSON(["execution", "get", sleeperId, "-j"])["status"] == "canceled" }
        let again = try session.st2(["execution", "cancel", echoId])
        XCTAssertTrue(again.stdout.contains("Action cannot be canceled. State = succeeded."), again.stdout)

        let listed = try st2JSON(["execution", "list", "--action", "core.echo", "-j"]).arrayValue ?? []
        XCTAssertEqual(listed.map { $0["id"] }, [.string(echoId)])
        XCTAssertEqual(try st2JSON(["execution", "list", "-n", "1", "-j"]).arrayValue?.count, 1)
        let canceled = try st2JSON(["execution", "list", "--status", "canceled", "-j"]).arrayValue ?? []
        XCTAssertEqual(canceled.map { $0["id"] }, [.string(sleeperId)])

        let rerun = try st2JSON(["execution", "re-run", echoId, "message=again", "-j"])
        XCTAssertEqual(rerun["status"], "succeeded", "\(rerun)")
        XCTAssertEqual(rerun["result"]?["stdout"], "again")
        let rerunId = try XCTUnwrap(rerun["id"]?.stringValue)
        XCTAssertEqual(try squallJSON(["execution", "get", rerunId, "--json"])["context"]?["re-run"]?["ref"], .string(echoId))

        let missing = try session.st2(["execution", "get", "0123456789abcdef01234567"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stdout.contains("is not found"), missing.stdout)
    }

    func testExecutionTailFollowsARunningExecutionAndReplaysAFinishedOne() throws {
        try session.logIn()
        let async = try session.st2(["run", "core.local", "cmd=echo first; sleep 2; echo second", "-a"])
        XCTAssertEqual(async.status, 0, async.stderr)
        let id = try XCTUnwrap(async.stdout.components(separatedBy: "st2 execution get ").dropFirst().first?
            .prefix { !$0.isWhitespace }).description
        try eventually("the action running") { try squallJSON(["execution", "get", id, "--json"])["status"] == "running" }

        // Started while it runs: the client follows it on the stream (and would hang if the stream never ended it).
        let tail = try session.st2(["execution", "tail", id])
        XCTAssertEqual(tail.status, 0, tail.stderr)
        XCTAssertTrue(tail.stdout.contains("first\n") && tail.stdout.contains("second\n"), tail.stdout)
        XCTAssertTrue(tail.stdout.contains("Execution \(id) has completed (status=succeeded)."), tail.stdout)

        // Once finished, tail prints the recorded output and the end at once.
        let replay = try session.st2(["execution", "tail", id])
        XCTAssertTrue(replay.stdout.contains("first\nsecond\n"), replay.stdout)
        XCTAssertTrue(replay.stdout.contains("has completed (status=succeeded)."), replay.stdout)
    }

    func testKeysInBothScopesWithSecrets() throws {
        try session.logIn()
        XCTAssertEqual(try session.st2(["key", "set", "greeting", "hi there"]).status, 0)
        let greeting = try st2JSON(["key", "get", "greeting", "-j"])
        XCTAssertEqual(greeting["value"], "hi there")
        XCTAssertEqual(greeting["scope"], "st2kv.system")
        XCTAssertEqual(try harness.squall(["key", "get", "greeting"], environment: harness.commandLineEnvironment).stdout, "hi there\n")

        // Encrypted at rest; shown as st2 shows it: the encrypted hex, in clear only with --decrypt.
        XCTAssertEqual(try session.st2(["key", "set", "db_password", "s3cret-for-st2", "--encrypt"]).status, 0)
        let encrypted = try st2JSON(["key", "get", "db_password", "-j"])
        let stored = try XCTUnwrap(encrypted["value"]?.stringValue)
        XCTAssertTrue(stored.count > 56 && stored.allSatisfy(\.isHexDigit) && stored == stored.uppercased(), stored)
        XCTAssertEqual(encrypted["secret"], true)
        XCTAssertEqual(encrypted["encrypted"], true)
        let table = try session.st2(["key", "get", "db_password"])
        XCTAssertTrue(table.stdout.contains(String(stored.prefix(20))) && !table.stdout.contains("s3cret-for-st2"), table.stdout)
        let clear = try st2JSON(["key", "get", "db_password", "--decrypt", "-j"])
        XCTAssertEqual(clear["value"], "s3cret-for-st2")
        XCTAssertEqual(clear["encrypted"], false)
        XCTAssertEqual(harness.filesContaining("s3cret-for-st2"), [])

        XCTAssertEqual(try session.st2(["key", "set", "mine", "alice's", "--scope", "user"]).status, 0)
        let userKeys = try st2JSON(["key", "list", "--scope", "user", "-j"]).arrayValue ?? []
        XCTAssertEqual(userKeys.map { $0["name"] }, ["mine"])
        XCTAssertEqual(userKeys.first?["user"], "alice")
        XCTAssertEqual(userKeys.first?["scope"], "st2kv.user")
        XCTAssertNotEqual(try session.st2(["key", "get", "mine"]).status, 0, "a user key is not in the system scope")

        let all = try st2JSON(["key", "list", "-j"]).arrayValue ?? []
        XCTAssertEqual(Set(all.compactMap { $0["name"]?.stringValue }), ["db_password", "greeting", "mine"])
        XCTAssertEqual(all.first { $0["name"] == "db_password" }?["value"]?.stringValue, stored)

        // `key list -j` output loads back (st2's `encrypted: true`): the value is kept as it was.
        let export = harness.dataDirectory + "/keys.json"
        try session.st2(["key", "list", "-j"]).stdout.write(toFile: export, atomically: true, encoding: .utf8)
        XCTAssertEqual(try session.st2(["key", "delete", "db_password"]).status, 0)
        let load = try session.st2(["key", "load", export])
        XCTAssertEqual(load.status, 0, load.stdout + load.stderr)
        XCTAssertEqual(try st2JSON(["key", "get", "db_password", "--decrypt", "-j"])["value"], "s3cret-for-st2")

        XCTAssertEqual(try session.st2(["key", "delete", "greeting"]).status, 0)
        XCTAssertNotEqual(try harness.squall(["key", "get", "greeting"], environment: harness.commandLineEnvironment).status, 0)
        XCTAssertEqual(try session.st2(["key", "delete", "greeting"]).status, 2, "deleting a missing key: st2's 'not found'")
    }

    func testRulesAndTheReactorViews() throws {
        try session.logIn()
        let file = harness.dataDirectory + "/deploy_hook.yaml"
        try """
            name: deploy_hook
            pack: squall_tests
            description: runs on the deploy webhook
            enabled: false
            trigger:
              type: core.st2.webhook
              parameters: {url: deploy}
            action:
              ref: core.noop
            """.write(toFile: file, atomically: true, encoding: .utf8)
        let created = try st2JSON(["rule", "create", file, "-j"])
        XCTAssertEqual(created["ref"], "squall_tests.deploy_hook")
        XCTAssertEqual(created["context"]?["user"], "alice")
        XCTAssertEqual(try st2JSON(["rule", "get", "squall_tests.deploy_hook", "-j"])["enabled"], false)
        XCTAssertEqual(try session.st2(["rule", "enable", "squall_tests.deploy_hook"]).status, 0)
        XCTAssertEqual(try squallJSON(["rule", "get", "squall_tests.deploy_hook", "--json"])["enabled"], true)
        let rules = try st2JSON(["rule", "list", "--pack", "squall_tests", "-j"]).arrayValue ?? []
        XCTAssertTrue(rules.contains { $0["ref"] == "squall_tests.deploy_hook" })
        let hooks = try st2JSON(["webhook", "list", "-j"]).arrayValue ?? []
        // The client reads each webhook's parameters.url and prints it as `url`.
        XCTAssertEqual(hooks.map { $0["url"] }, ["deploy"])
        // `st2 webhook get URL` asks GET /api/v1/webhooks/URL.
        XCTAssertEqual(try st2JSON(["webhook", "get", "deploy", "-j"])["parameters"]?["url"], "deploy")
        let unregistered = try session.st2(["webhook", "get", "nothing"])
        XCTAssertEqual(unregistered.status, 1)
        XCTAssertTrue((unregistered.stdout + unregistered.stderr).contains("Webhook \"nothing\" is not found."), unregistered.stdout + unregistered.stderr)
        XCTAssertEqual(try session.st2(["rule", "disable", "squall_tests.deploy_hook"]).status, 0)
        XCTAssertEqual(try squallJSON(["rule", "get", "squall_tests.deploy_hook", "--json"])["enabled"], false)
        // As in st2, a disabled rule's url stays registered until the rule is deleted.
        XCTAssertEqual(try st2JSON(["webhook", "list", "-j"]).arrayValue?.map { $0["url"] }, ["deploy"])
        XCTAssertEqual(try session.st2(["rule", "delete", "squall_tests.deploy_hook"]).status, 0)
        XCTAssertEqual(try session.st2(["rule", "get", "squall_tests.deploy_hook"]).status, 1)
        XCTAssertEqual(try session.st2(["webhook", "get", "deploy"]).status, 1, "deleting the rule unregisters its url")

        let triggers = try st2JSON(["trigger", "list", "-j"]).arrayValue ?? []
        XCTAssertTrue(triggers.contains { $0["ref"] == "core.st2.webhook" })
        XCTAssertTrue(triggers.contains { $0["ref"] == "core.st2.generic.actiontrigger" })
        let packs = try st2JSON(["pack", "list", "-j"]).arrayValue ?? []
        XCTAssertTrue(packs.contains { $0["ref"] == "core" } && packs.contains { $0["ref"] == "squall_tests" })
        XCTAssertEqual(try st2JSON(["pack", "get", "squall_tests", "-j"])["name"], "squall_tests")
        let runners = try st2JSON(["runner", "list", "-j"]).arrayValue ?? []
        XCTAssertTrue(runners.contains { $0["name"] == "python-script" })
        let sensors = try st2JSON(["sensor", "list", "-j"]).arrayValue ?? []
        // st2 lists disabled sensors too (the bundled linux.FileWatchSensor); the server runs the enabled ones.
        XCTAssertEqual(Set(sensors.filter { $0["enabled"] != false }.compactMap { $0["ref"]?.stringValue }),
                       Set(try squallJSON(["sensor", "list", "--json"]).arrayValue?.compactMap { $0["ref"]?.stringValue } ?? []))

        // An execution's end reaches the server as core.st2.generic.actiontrigger: a trigger instance.
        let noop = try st2JSON(["run", "core.noop", "-j"])
        let noopId = try XCTUnwrap(noop["id"]?.stringValue)
        try eventually("the action trigger's instance") {
            let instances = try st2JSON(["trigger-instance", "list", "--trigger", "core.st2.generic.actiontrigger", "-j"]).arrayValue ?? []
            return instances.contains { instance in
                let id = instance["id"]?.stringValue ?? ""
                return (try? squallJSON(["trigger-instance", "get", id, "--json"]))?["payload"]?["execution_id"] == .string(noopId)
            }
        }
        XCTAssertEqual(try st2JSON(["rule-enforcement", "list", "-j"]), [])
    }

    /// Whether any file under the data directory holds `secret`'s bytes.
    func dataDirectoryContains(_ secret: String) throws -> Bool {
        !harness.filesContaining(secret).isEmpty
    }
}
