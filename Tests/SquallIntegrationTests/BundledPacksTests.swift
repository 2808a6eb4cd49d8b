import Foundation
import SquallBootstrap
import SquallEngine
import SquallModel
import SquallTestSupport
import XCTest

/// The packs st2 ships, bundled in Packs/: core's st2 actions, linux, chatops, packs and default.
/// What squall cannot run is listed as unavailable with the reason, and running it is a one-line error.
final class BundledPacksTests: XCTestCase {
    var harness: IntegrationHarness!

    override func setUpWithError() throws { harness = try IntegrationHarness() }
    override func tearDown() { harness.remove() }

    func squall(_ arguments: [String], environment: [String: String]? = nil) throws -> Outcome {
        try harness.squall(arguments, environment: environment)
    }

    func testSt2sBundledPacksLoadCleanly() throws {
        let listed = try squall(["pack", "list", "-j"])
        let refs = Set(try JSONValue.parse(listed.stdout).arrayValue?.compactMap { $0["ref"]?.stringValue } ?? [])
        XCTAssertTrue(refs.isSuperset(of: ["core", "linux", "chatops", "packs", "default"]), "\(refs)")
        let actions = try squall(["action", "list", "-j"])
        XCTAssertFalse(actions.stderr.contains(IntegrationHarness.repositoryRoot + "/Packs/"), "bundled packs load without problems: \(actions.stderr)")
        let refsListed = Set(try JSONValue.parse(actions.stdout).arrayValue?.compactMap { $0["ref"]?.stringValue } ?? [])
        for ref in ["core.local_sudo", "core.sendmail", "core.ask", "core.announcement", "core.winrm_cmd", "core.winrm_ps_cmd",
                    "core.winrm_ps_script", "linux.file_touch", "linux.dig", "linux.netstat", "linux.wait_for_ssh", "linux.is_valid_ip",
                    "chatops.post_message", "packs.install"] {
            XCTAssertTrue(refsListed.contains(ref), ref)
        }
        let triggers = try JSONValue.parse(try squall(["trigger", "list", "-j"]).stdout).arrayValue?.compactMap { $0["ref"]?.stringValue } ?? []
        XCTAssertTrue(triggers.contains("linux.file_watch.line"), "\(triggers)")
    }

    func testUnavailableActionsAreListedWithTheReasonAndRefusedInOneLine() throws {
        let reasons = [
            "core.announcement": "announcement runner",
            "core.winrm_cmd": "no WinRM runner", "core.winrm_ps_cmd": "no WinRM runner", "core.winrm_ps_script": "no WinRM runner",
            "core.local_sudo": "no_new_privs", "chatops.post_message": "announcement runner", "packs.install": "squall pack install",
        ]
        for (ref, reason) in reasons {
            let shown = try JSONValue.parse(try squall(["action", "get", ref, "-j"]).stdout)
            XCTAssertTrue(shown["unavailable"]?.stringValue?.contains(reason) == true, "\(ref): \(shown["unavailable"] ?? .null)")
            let run = try squall(["run", ref])
            XCTAssertEqual(run.status, 2, ref)
            XCTAssertTrue(run.stderr.hasPrefix("error: action '\(ref)' is unavailable in squall: "), run.stderr)
            XCTAssertTrue(run.stderr.contains(reason), run.stderr)
            XCTAssertEqual(run.stderr.filter { $0 == "\n" }.count, 1, run.stderr)
        }
        XCTAssertEqual(try JSONValue.parse(try squall(["execution", "list", "-j"]).stdout), [], "nothing recorded")
        let table = try squall(["action", "list", "-p", "core"]).stdout
        XCTAssertTrue(table.split(separator: "\n").contains { $0.hasPrefix("core.winrm_cmd ") && $0.contains("(unavailable: squall has no WinRM runner (winrm-cmd))") }, table)
    }

    func testAPackWithARunnerSquallLacksStillLoads() throws {
        let pack = harness.dataDirectory + "/extra-packs/windowsish"
        try FileManager.default.createDirectory(atPath: pack + "/actions", withIntermediateDirectories: true)
        try "name: windowsish\ndescription: winrm probe\nversion: 1.0.0\nauthor: test\n".write(toFile: pack + "/pack.yaml", atomically: true, encoding: .utf8)
        try "name: reboot\nrunner_type: winrm-ps-cmd\nparameters:\n  host:\n    type: string\n    required: true\n"
            .write(toFile: pack + "/actions/reboot.yaml", atomically: true, encoding: .utf8)
        try "name: hello\nrunner_type: local-shell-cmd\nparameters:\n  cmd:\n    default: echo hello\n"
            .write(toFile: pack + "/actions/hello.yaml", atomically: true, encoding: .utf8)
        var environment = harness.commandLineEnvironment
        environment["SQUALL_PACKS_PATH"] = harness.dataDirectory + "/extra-packs"
        let list = try squall(["action", "list", "-p", "windowsish", "-j"], environment: environment)
        XCTAssertEqual(list.stderr, "", "the pack loads without problems")
        XCTAssertEqual(try JSONValue.parse(list.stdout).arrayValue?.compactMap { $0["ref"]?.stringValue }, ["windowsish.hello", "windowsish.reboot"])
        XCTAssertEqual(try squall(["run", "windowsish.hello"], environment: environment).status, 0)
        let refused = try squall(["run", "windowsish.reboot", "host=win1"], environment: environment)
        XCTAssertEqual(refused.stderr, "error: action 'windowsish.reboot' is unavailable in squall: squall has no WinRM runner (winrm-ps-cmd)\n")
    }

    func testRulesOnLinuxAndSendmailResolve() throws {
        let file = harness.dataDirectory + "/rule.yaml"
        try """
        name: touch_on_line
        pack: default
        enabled: true
        trigger:
          type: linux.file_watch.line
        action:
          ref: linux.file_touch
          parameters:
            hosts: 127.0.0.1
            file: /tmp/seen
        """.write(toFile: file, atomically: true, encoding: .utf8)
        XCTAssertEqual(try squall(["rule", "create", file]).status, 0)
        try "name: mail\npack: default\ntrigger:\n  type: core.st2.generic.actiontrigger\naction:\n  ref: core.sendmail\n  parameters:\n    to: ops@example.com\n    subject: done\n    body: '{{ trigger.status }}'\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        XCTAssertEqual(try squall(["rule", "create", file]).status, 0)
        let list = try squall(["rule", "list", "-p", "default"])
        XCTAssertFalse(list.stderr.contains("default."), "no problem reported for these rules: \(list.stderr)")
        XCTAssertEqual(list.stdout.split(separator: "\n").count, 3, list.stdout)
    }

    func testSendmailBuildsTheMessageAndHandsItToSendmail() throws {
        // GNU cat accepts sendmail's -t (it only marks tabs), so the message comes back as stdout.
        let sent = try squall(["run", "core.sendmail", "to=ops@example.com", "subject=disk\nBcc: evil@example.com", "body=line one\nline two",
                               "from=robot@example.com", "content_type=text/plain", "sendmail_binary=/bin/cat", "-j"])
        XCTAssertEqual(sent.status, 0, sent.stdout + sent.stderr)
        let message = try JSONValue.parse(sent.stdout)["result"]?["stdout"]?.stringValue ?? ""
        XCTAssertTrue(message.hasPrefix("From: robot@example.com\nTo: ops@example.com\nSubject: diskBcc: evil@example.com\nMIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"), message)
        XCTAssertTrue(message.hasSuffix("\n\nline one\nline two"), message)

        let missing = try squall(["run", "core.sendmail", "to=a@b", "subject=s", "body=b", "sendmail_binary=/nonexistent/sendmail", "-j"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertEqual(try JSONValue.parse(missing.stdout)["result"]?["stderr"], "sendmail program /nonexistent/sendmail not found (or not executable) on this host")
    }

    func testLinuxPythonActionRuns() throws {
        let valid = try squall(["run", "linux.is_valid_ip", "ip_address=127.0.0.1", "-j"])
        XCTAssertEqual(valid.status, 0, valid.stdout + valid.stderr)
        let result = try JSONValue.parse(valid.stdout)["result"]?["result"]
        XCTAssertEqual(result?["version"], 4)
        XCTAssertEqual(result?["is_loopback"], true)
        let loopback = try squall(["run", "linux.is_valid_ip", "ip_address=::1", "no_loopback=true", "-j"])
        XCTAssertEqual(loopback.status, 1)
        XCTAssertEqual(try JSONValue.parse(loopback.stdout)["result"]?["result"], "::1 is a loopback address")
    }

    func testLinuxFileTouchOnARealSSHServer() throws {
        let server = try TestSSHServer(directory: harness.dataDirectory + "/sshd", listenAddresses: ["127.0.0.1"],
                                       rootPassword: "squall-linux-pack-pw", sudoUser: nil)
        defer { server.stop() }
        let scratch = NSTemporaryDirectory() + "squall-linux-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let engine = try harness.engine()
        let execution = try harness.run(engine, "linux.file_touch", [
            "hosts": .string("127.0.0.1:\(server.port)"), "file": .string(scratch + "/touched"),
            "private_key": .string(try String(contentsOfFile: server.clientKeyPath, encoding: .utf8)),
        ])
        XCTAssertEqual(execution.status, .succeeded, "\(execution.result ?? .null)")
        let written = try String(contentsOfFile: scratch + "/touched", encoding: .utf8)
        XCTAssertNotNil(Int(written.trimmingCharacters(in: .whitespacesAndNewlines)), written)
    }
}
