import Foundation
import SquallModel
import XCTest

/// `<data-dir>/audit.log`: one JSON line per state change made through the CLI or the HTTP API,
/// written by the engine's facade, with who, from where, which request, what and how it went;
/// never a secret.
final class AuditLogTests: St2SessionTestCase {
    var auditPath: String { harness.dataDirectory + "/audit.log" }

    func auditLines() throws -> [JSONValue] {
        let text = try String(contentsOfFile: auditPath, encoding: .utf8)
        XCTAssertTrue(text.hasSuffix("\n"), "whole lines only")
        return try text.split(separator: "\n").map { try JSONValue.parse(String($0)) }
    }

    func line(_ action: String, target: String, in lines: [JSONValue]) throws -> JSONValue {
        try XCTUnwrap(lines.last { $0["action"]?.stringValue == action && $0["target"]?.stringValue == target },
                      "no \(action) \(target) line in \(lines)")
    }

    func testCommandLineAndAPIChangesAreAuditedWithoutSecrets() throws {
        // The CLI: a secret key, a run with a secret parameter, a failed delete, a rule disabled.
        XCTAssertEqual(try harness.squall(["key", "set", "greeting", "cli-key-secret-value", "--encrypt"]).status, 0)
        let run = try harness.squall(["run", "squall_tests.secret_param", "password=cli-run-secret-value"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertNotEqual(try harness.squall(["key", "delete", "no_such_key"]).status, 0)
        XCTAssertEqual(try harness.squall(["rule", "disable", "squall_tests.on_manual"]).status, 0)

        // The API: a wrong password, a login, a key set under a request id of ours, a webhook.
        func login(_ password: String) throws -> (status: Int, body: String) {
            try session.http("POST", "/auth/v1/tokens", headers: ["Authorization: Basic \(Data("alice:\(password)".utf8).base64EncodedString())"], body: "{}")
        }
        XCTAssertEqual(try login("wrong-password-guess").status, 401)
        let token = try XCTUnwrap(try JSONValue.parse(try login(St2Session.password).body)["token"]?.stringValue)
        let auth = "X-Auth-Token: \(token)"
        let set = try session.http("PUT", "/api/v1/keys/api_key", headers: [auth, "X-Request-ID: audit-test-1"],
                                   body: #"{"name": "api_key", "value": "api-key-secret-value", "secret": true}"#)
        XCTAssertEqual(set.status, 200, set.body)
        let started = try session.http("POST", "/api/v1/executions", headers: [auth],
                                       body: #"{"action": "squall_tests.secret_param", "parameters": {"password": "api-run-secret-value"}}"#)
        XCTAssertEqual(started.status, 201, started.body)
        let apiRunId = try XCTUnwrap(try JSONValue.parse(started.body)["id"]?.stringValue)
        // Canceled or already finished: either way the attempt is a line.
        _ = try harness.squall(["execution", "cancel", apiRunId])
        let apiKey = try session.http("POST", "/api/v1/apikeys", headers: [auth], body: "{}")
        XCTAssertEqual(apiKey.status, 201, apiKey.body)
        let apiKeySecret = try XCTUnwrap(try JSONValue.parse(apiKey.body)["key"]?.stringValue)
        let hook = try session.http("POST", "/api/v1/webhooks/st2", headers: [auth],
                                    body: #"{"trigger": "squall_tests.manual", "payload": {"message": "audited"}}"#)
        XCTAssertEqual(hook.status, 202, hook.body)

        let lines = try auditLines()
        let user = try XCTUnwrap(ProcessInfo.processInfo.environment["USER"] ?? String(cString: getpwuid(geteuid()).pointee.pw_name))
        let keySet = try line("key.set", target: "system:greeting", in: lines)
        XCTAssertEqual(keySet["actor"]?.stringValue, "cli:" + user)
        XCTAssertEqual(keySet["source"], "cli")
        XCTAssertEqual(keySet["outcome"], "success")
        XCTAssertEqual(keySet["detail"]?["secret"], true)
        XCTAssertEqual(keySet["request_id"]?.stringValue?.count, 36, "one generated id per CLI invocation")
        XCTAssertNotNil(ISO8601DateFormatter.withFractions.date(from: keySet["time"]?.stringValue ?? ""), "\(keySet)")

        let ran = try line("execution.run", target: "squall_tests.secret_param", in: lines)
        XCTAssertEqual(ran["detail"]?["parameters"]?["password"], "********")
        XCTAssertNotNil(ran["detail"]?["execution_id"]?.stringValue)
        XCTAssertNotEqual(ran["request_id"], keySet["request_id"], "each CLI invocation has its own id")

        let failedDelete = try line("key.delete", target: "system:no_such_key", in: lines)
        XCTAssertEqual(failedDelete["outcome"], "failure")
        XCTAssertEqual(failedDelete["reason"], "key 'no_such_key' not found")
        XCTAssertEqual(try line("rule.disable", target: "squall_tests.on_manual", in: lines)["outcome"], "success")
        XCTAssertEqual(try line("user.create", target: "alice", in: lines)["source"], "cli")

        let logins = lines.filter { $0["action"] == "auth.login" }
        XCTAssertEqual(logins.map { $0["outcome"]?.stringValue ?? "" }, ["failure", "success"])
        XCTAssertEqual(logins.first?["actor"], "alice")
        XCTAssertEqual(logins.first?["source"], "127.0.0.1")

        let apiSet = try line("key.set", target: "system:api_key", in: lines)
        XCTAssertEqual(apiSet["actor"], "alice")
        XCTAssertEqual(apiSet["source"], "127.0.0.1")
        XCTAssertEqual(apiSet["request_id"], "audit-test-1")
        let apiRun = try line("execution.run", target: "squall_tests.secret_param", in: lines.filter { $0["actor"] == "alice" })
        XCTAssertEqual(apiRun["detail"]?["execution_id"]?.stringValue, apiRunId)
        XCTAssertEqual(apiRun["detail"]?["parameters"]?["password"], "********")
        XCTAssertEqual(try line("execution.cancel", target: apiRunId, in: lines)["source"], "cli")
        XCTAssertEqual(try line("apikey.create", target: "alice", in: lines)["outcome"], "success")
        let received = try line("webhook.receive", target: "st2", in: lines)
        XCTAssertEqual(received["actor"], "alice")
        XCTAssertEqual(received["detail"]?["trigger"], "squall_tests.manual")

        let text = try String(contentsOfFile: auditPath, encoding: .utf8)
        for secret in ["cli-key-secret-value", "cli-run-secret-value", "api-key-secret-value", "wrong-password-guess", St2Session.password, token,
                       "api-run-secret-value", apiKeySecret] {
            XCTAssertFalse(text.contains(secret), "audit.log holds a secret: \(secret)")
        }
        let mode = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: auditPath)[.posixPermissions] as? Int)
        XCTAssertEqual(mode, 0o600)
    }

    /// Processes appending at once never interleave: every line is whole JSON and all are there.
    func testConcurrentCommandLineWritersKeepLinesWhole() throws {
        let before = (try? auditLines().count) ?? 0
        let harness = self.harness!
        DispatchQueue.concurrentPerform(iterations: 6) { index in
            _ = try? harness.squall(["key", "set", "k\(index)", "value"])
        }
        XCTAssertEqual(try auditLines().filter { $0["action"] == "key.set" }.count, 6)
        XCTAssertEqual(try auditLines().count, before + 6)
    }
}

extension ISO8601DateFormatter {
    static var withFractions: ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }
}

/// `audit_syslog: true` sends each line to syslog(3): checked with a datagram socket bound at
/// /dev/log inside a private mount namespace (a tmpfs over /dev), so the host's logging is untouched.
final class AuditSyslogTests: XCTestCase {
    func testEachLineAlsoGoesToSyslogWhenTurnedOn() throws {
        let harness = try IntegrationHarness()
        defer { harness.remove() }
        let received = harness.dataDirectory + "/syslog-received"
        let script = """
            set -e
            mkdir -p "$DATA/dev" && mount -t tmpfs none "$DATA/dev"
            cp -a /dev/null /dev/zero /dev/urandom /dev/random "$DATA/dev/"
            mount --bind "$DATA/dev" /dev
            python3 -c '
            import socket, sys
            s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            s.bind("/dev/log")
            open(sys.argv[2], "w").close()
            s.settimeout(60)
            open(sys.argv[1], "wb").write(s.recv(65536))
            ' "$RECEIVED" "$RECEIVED.ready" &
            while [ ! -e "$RECEIVED.ready" ]; do sleep 0.05; done
            "$SQUALL" key set via_syslog not-in-syslog
            wait
            """
        var environment = harness.commandLineEnvironment
        environment["SQUALL_AUDIT_SYSLOG"] = "true"
        environment["DATA"] = harness.dataDirectory
        environment["RECEIVED"] = received
        environment["SQUALL"] = CommandLineTests.binary
        let outcome = try harness.run("/usr/bin/unshare", ["-m", "sh", "-c", script], input: "", environment: environment)
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let message = try String(contentsOfFile: received, encoding: .utf8)
        // <85>: LOG_AUTHPRIV | LOG_NOTICE; the ident is squall with its pid.
        XCTAssertTrue(message.hasPrefix("<85>"), message)
        XCTAssertTrue(message.contains(" squall["), message)
        XCTAssertTrue(message.contains("\"action\": \"key.set\"") && message.contains("\"target\": \"system:via_syslog\""), message)
        XCTAssertFalse(message.contains("not-in-syslog"), message)
    }
}
