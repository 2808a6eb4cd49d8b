import Foundation
import SquallBootstrap
import SquallCredentials
import SquallEngine
import SquallModel
import SquallTestSupport
import XCTest

/// core.remote, core.remote_sudo and remote-shell-script against a real sshd on 127.0.0.1 and
/// 127.0.0.2 (its own config, host key and authorized key; root's password only in sshd's private
/// mount namespace). Commands run as root on this machine, through the sandboxed ssh client.
final class RemoteRunnerTests: XCTestCase {
    static let password = "squall-remote-test-pw"
    /// A user of sshd's namespace only, who needs its password for sudo.
    static let sudoUser = "squalltest"
    var harness: IntegrationHarness!
    var engine: Engine!
    var server: TestSSHServer!
    var clientKey: String!
    var scratch: String!

    override func setUpWithError() throws {
        harness = try IntegrationHarness()
        server = try TestSSHServer(directory: harness.dataDirectory + "/sshd", listenAddresses: ["127.0.0.1", "127.0.0.2"],
                                   rootPassword: Self.password, sudoUser: (Self.sudoUser, Self.password))
        clientKey = try String(contentsOfFile: server.clientKeyPath, encoding: .utf8)
        scratch = NSTemporaryDirectory() + "squall-remote-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        try writeRemotePack()
        engine = try EngineBootstrap.openEngine(settings: Settings(home: IntegrationHarness.repositoryRoot,
                                               packsPath: [IntegrationHarness.repositoryRoot + "/Packs", harness.dataDirectory + "/extra-packs"],
                                               dataDirectory: harness.dataDirectory, python: Settings.defaultPython),
                            credentials: .standard, progress: { _ in })
    }

    override func tearDown() {
        server?.stop()
        harness?.remove()
        if let scratch { try? FileManager.default.removeItem(atPath: scratch) }
        engine = nil
    }

    private func hosts(_ addresses: String...) -> JSONValue {
        .string(addresses.map { "\($0):\(server.port)" }.joined(separator: ","))
    }

    private func run(_ action: String, _ parameters: [String: JSONValue], timeout: Int? = nil) throws -> Execution {
        var given = parameters
        if given["password"] == nil && given["private_key"] == nil { given["private_key"] = .string(clientKey) }
        if given["hosts"] == nil { given["hosts"] = hosts("127.0.0.1") }
        return try harness.run(engine, action, given, timeout: timeout)
    }

    func testKeyLoginGivesSt2sResultKeyedByHost() throws {
        let execution = try run("core.remote", ["cmd": "echo out; echo err >&2; echo \"[$ST2_ACTION_PACK_NAME] $(pwd)\""])
        XCTAssertEqual(execution.status, .succeeded, "\(execution.result ?? .null)")
        XCTAssertEqual(execution.result, ["127.0.0.1": ["stdout": "out\n[core] /tmp", "stderr": "err", "return_code": 0,
                                                        "succeeded": true, "failed": false]])
        XCTAssertEqual(execution.parameters["private_key"], "********", "the key is a secret: stored masked")
    }

    func testPasswordLoginThroughAskpassAndAWrongPasswordIsAConnectionFailure() throws {
        let execution = try run("core.remote", ["cmd": "id -un", "password": .string(Self.password)])
        XCTAssertEqual(execution.status, .succeeded, "\(execution.result ?? .null)")
        XCTAssertEqual(execution.resultObject["127.0.0.1"]?.objectValue?["stdout"], .string(NSUserName()))

        // A key sshd does not accept, then the password: the password gets in.
        let stranger = try String(contentsOfFile: server.strangerKeyPath, encoding: .utf8)
        let fallback = try run("core.remote", ["cmd": "id -un", "password": .string(Self.password), "private_key": .string(stranger)])
        XCTAssertEqual(fallback.status, .succeeded, "\(fallback.result ?? .null)")

        let refused = try run("core.remote", ["cmd": "id -un", "password": "not-the-password"])
        XCTAssertEqual(refused.status, .failed)
        let entry = refused.resultObject["127.0.0.1"]?.objectValue ?? [:]
        XCTAssertEqual(entry["return_code"], 255)
        XCTAssertEqual(entry["failed"], true)
        XCTAssertEqual(entry["timeout"], false)
        XCTAssertTrue(entry["error"]?.stringValue?.hasPrefix("Failed connecting to host 127.0.0.1. ") == true, "\(entry)")
        XCTAssertTrue(entry["error"]?.stringValue?.contains("Permission denied") == true, "\(entry)")
    }

    func testAKeyWithAPassphraseAndAKeyGivenAsAPath() throws {
        let key = harness.dataDirectory + "/locked"
        try server.addClientKey(at: key, passphrase: "open sesame")
        let material = try String(contentsOfFile: key, encoding: .utf8)
        let unlocked = try run("core.remote", ["cmd": "echo in", "private_key": .string(material), "passphrase": "open sesame"])
        XCTAssertEqual(unlocked.status, .succeeded, "\(unlocked.result ?? .null)")
        let locked = try run("core.remote", ["cmd": "echo in", "private_key": .string(material)])
        XCTAssertEqual(locked.resultObject["127.0.0.1"]?.objectValue?["return_code"], 255, "no passphrase, no login")

        // remote-shell-cmd also takes a path, read by the supervisor (the child never sees it).
        let byPath = try run("core.remote", ["cmd": "echo in", "private_key": .string(server.clientKeyPath)])
        XCTAssertEqual(byPath.resultObject["127.0.0.1"]?.objectValue?["stdout"], "in", "\(byPath.result ?? .null)")
        let missing = try run("core.remote", ["cmd": "echo in", "private_key": "/nonexistent/key"])
        XCTAssertEqual(missing.resultObject["error"], "parameter 'private_key': cannot read key file \"/nonexistent/key\"")
    }

    func testABastionHostCarriesTheConnection() throws {
        func logins() -> Int {
            let log = FileManager.default.contents(atPath: server.directory + "/sshd.log").map { String(decoding: $0, as: UTF8.self) } ?? ""
            return log.components(separatedBy: "Accepted publickey").count - 1
        }
        let before = logins()
        let execution = try run("core.remote", ["cmd": "echo in", "bastion_host": .string("127.0.0.2:\(server.port)")])
        XCTAssertEqual(execution.status, .succeeded, "\(execution.result ?? .null)")
        XCTAssertEqual(execution.resultObject["127.0.0.1"]?.objectValue?["stdout"], "in")
        XCTAssertEqual(logins() - before, 2, "one login on the bastion, one on the host through it")

        // A bastion that does not answer stops the connection, although the host itself would.
        let closed = try FreePort.closed()
        let refused = try run("core.remote", ["cmd": "echo in", "bastion_host": .string("127.0.0.2:\(closed)")])
        XCTAssertEqual(refused.status, .failed)
        XCTAssertEqual(refused.resultObject["127.0.0.1"]?.objectValue?["return_code"], 255, "\(refused.result ?? .null)")
    }

    func testParallelHostsRunSideBySideAndSequentialOnesDoNot() throws {
        // Each host's command waits until both have started: only side by side can both finish. The
        // wait is bounded (20 s): sshd does not end a command whose client was killed, so an
        // unbounded loop outlived the test once its directory was gone.
        let rendezvous = scratch + "/meet"
        try FileManager.default.createDirectory(atPath: rendezvous, withIntermediateDirectories: true)
        let cmd = JSONValue.string("set -- $SSH_CONNECTION; touch \(rendezvous)/$3; i=0; "
            + "while [ $(ls \(rendezvous) | wc -l) -lt 2 ] && [ $i -lt 400 ]; do i=$((i+1)); sleep 0.05; done; echo $3")
        let parallel = try run("remote_tests.parallel", ["cmd": cmd, "hosts": hosts("127.0.0.1", "127.0.0.2")], timeout: 30)
        XCTAssertEqual(parallel.status, .succeeded, "\(parallel.result ?? .null)")
        XCTAssertEqual(parallel.resultObject["127.0.0.1"]?.objectValue?["stdout"], "127.0.0.1")
        XCTAssertEqual(parallel.resultObject["127.0.0.2"]?.objectValue?["stdout"], "127.0.0.2")

        // core.remote keeps st2's default (parallel: false): the first host waits alone until its timeout.
        try FileManager.default.removeItem(atPath: rendezvous)
        try FileManager.default.createDirectory(atPath: rendezvous, withIntermediateDirectories: true)
        let sequential = try run("core.remote", ["cmd": cmd, "hosts": hosts("127.0.0.1", "127.0.0.2")], timeout: 2)
        XCTAssertEqual(sequential.status, .failed, "\(sequential.result ?? .null)")
        XCTAssertEqual(sequential.resultObject["127.0.0.1"]?.objectValue?["timeout"], true)
        XCTAssertEqual(sequential.resultObject["127.0.0.2"]?.objectValue?["succeeded"], true, "the second found the first's mark")
    }

    func testAFailingCommandFailsItsHost() throws {
        let execution = try run("core.remote", ["cmd": "echo nope; exit 3"])
        XCTAssertEqual(execution.status, .failed)
        XCTAssertEqual(execution.result, ["127.0.0.1": ["stdout": "nope", "stderr": "", "return_code": 3, "succeeded": false, "failed": true]])
    }

    func testTimeoutKillsTheSSHChildAndReportsSt2sTimeoutEntry() throws {
        let marker = "squall-remote-timeout-\(UUID().uuidString.prefix(8))"
        let execution = try run("core.remote", ["cmd": .string("echo started; sleep 30; : \(marker)")], timeout: 2)
        XCTAssertEqual(execution.status, .timeout, "\(execution.result ?? .null)")
        let entry = execution.resultObject["127.0.0.1"]?.objectValue ?? [:]
        XCTAssertEqual(entry["return_code"], -9)
        XCTAssertEqual(entry["timeout"], true)
        XCTAssertEqual(entry["stdout"], "started", "output up to the timeout is kept")
        XCTAssertTrue(entry["error"]?.stringValue?.contains("didn't finish in 2 seconds") == true, "\(entry)")
        // The ssh client (which carried the marker in its argv) was killed and reaped before the run
        // returned. The remote shell is sshd's, not ours: it sleeps on and is not checked.
        XCTAssertEqual(localSSHClients(carrying: marker), [], "the ssh client survived the timeout")
    }

    private func localSSHClients(carrying marker: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { entry in
            guard Int32(entry) != nil, let comm = try? String(contentsOfFile: "/proc/\(entry)/comm", encoding: .utf8), comm == "ssh\n",
                  let cmdline = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { return false }
            return String(decoding: cmdline, as: UTF8.self).contains(marker)
        }
    }

    func testShellMetacharactersInParametersArriveLiterally() throws {
        let canary = scratch + "/pwned"
        let tricky = "a'b\"c $(touch \(canary)) `touch \(canary)` ; touch \(canary) | & \\ *"
        let directory = scratch + "/dir with 'quote' $(x)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let execution = try run("core.remote", ["cmd": "printf '%s' \"$TRICKY\"; echo; pwd",
                                                "env": .object(["TRICKY": .string(tricky)]), "cwd": .string(directory)])
        XCTAssertEqual(execution.status, .succeeded, "\(execution.result ?? .null)")
        XCTAssertEqual(execution.resultObject["127.0.0.1"]?.objectValue?["stdout"], .string(tricky + "\n" + directory))

        let script = try run("remote_tests.script", ["text": .string(tricky), "mode": "x y", "dir": .string(scratch)])
        XCTAssertEqual(script.status, .succeeded, "\(script.result ?? .null)")
        XCTAssertEqual(script.resultObject["127.0.0.1"]?.objectValue?["stdout"], .string("[--mode=x y]\n[\(tricky)]\n/tmp"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: canary), "a parameter ran as shell code")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: scratch).sorted(), ["dir with 'quote' $(x)"],
                       "the uploaded script's directory (dir/<execution id>) is removed afterwards")
    }

    func testSudoWrapsTheCommandAndKeepsTheEnvironment() throws {
        let execution = try run("core.remote_sudo", ["cmd": "echo \"$SUDO_USER:$GREETING\"", "env": ["GREETING": "hi there"]])
        XCTAssertEqual(execution.status, .succeeded, "\(execution.result ?? .null)")
        XCTAssertEqual(execution.resultObject["127.0.0.1"]?.objectValue?["stdout"], .string("\(NSUserName()):hi there"))
        // With a sudo password: it reaches sudo on stdin; root needs none, so sudo just runs the command.
        let withPassword = try run("core.remote_sudo", ["cmd": "echo \"$SUDO_USER\"", "sudo_password": "s3cret'pw"])
        XCTAssertEqual(withPassword.resultObject["127.0.0.1"]?.objectValue?["stdout"], .string(NSUserName()), "\(withPassword.result ?? .null)")
        // A script under sudo: uploaded, then run by `sudo -E -- bash -c` with its quoted arguments.
        let script = try run("remote_tests.script", ["text": "it's", "sudo": true, "env": ["GREETING": "x"]])
        XCTAssertEqual(script.status, .succeeded, "\(script.result ?? .null)")
        XCTAssertEqual(script.resultObject["127.0.0.1"]?.objectValue?["stdout"], .string("[it's]\n[\(NSUserName()):x]\n/tmp"))
    }

    func testASudoPasswordUnlocksSudoForAUserWhoNeedsOne() throws {
        let login: [String: JSONValue] = ["username": .string(Self.sudoUser), "password": .string(Self.password),
                                          "cmd": "echo \"$(id -u):$SUDO_USER\""]
        let plain = try run("core.remote", login)
        XCTAssertEqual(plain.resultObject["127.0.0.1"]?.objectValue?["stdout"], "4242:", "\(plain.result ?? .null)")

        var withSudo = login
        withSudo["sudo_password"] = .string(Self.password)
        let unlocked = try run("core.remote_sudo", withSudo)
        XCTAssertEqual(unlocked.status, .succeeded, "\(unlocked.result ?? .null)")
        XCTAssertEqual(unlocked.resultObject["127.0.0.1"]?.objectValue?["stdout"], .string("0:\(Self.sudoUser)"))

        withSudo["sudo_password"] = "wrong"
        let refused = try run("core.remote_sudo", withSudo)
        XCTAssertEqual(refused.status, .failed)
        XCTAssertEqual(refused.resultObject["127.0.0.1"]?.objectValue?["stdout"], "", "\(refused.result ?? .null)")

        let withoutPassword = try run("core.remote_sudo", login)
        XCTAssertEqual(withoutPassword.status, .failed, "sudo needs the password and has none: \(withoutPassword.result ?? .null)")
    }

    func testAnUnreachableHostIsAConnectionErrorBesideAWorkingOne() throws {
        let closed = try FreePort.closed()
        let execution = try run("remote_tests.parallel", ["cmd": "echo ok", "hosts": .string("127.0.0.1:\(server.port),127.0.0.2:\(closed)")])
        XCTAssertEqual(execution.status, .failed)
        XCTAssertEqual(execution.resultObject["127.0.0.1"]?.objectValue?["stdout"], "ok")
        let entry = execution.resultObject["127.0.0.2"]?.objectValue ?? [:]
        XCTAssertEqual(entry["return_code"], 255)
        XCTAssertEqual(entry["error"], .string("Failed connecting to host 127.0.0.2. ssh: connect to host 127.0.0.2 port \(closed): Connection refused"))
    }

    func testAHostKeyPinnedByTheOperatorMustMatch() throws {
        try FileManager.default.createDirectory(atPath: harness.dataDirectory + "/ssh", withIntermediateDirectories: true)
        let pinned = harness.dataDirectory + "/ssh/known_hosts"
        let strangerKey = try String(contentsOfFile: server.strangerKeyPath + ".pub", encoding: .utf8).split(separator: " ").prefix(2).joined(separator: " ")
        try "[127.0.0.1]:\(server.port) \(strangerKey)\n".write(toFile: pinned, atomically: true, encoding: .utf8)
        let refused = try run("core.remote", ["cmd": "echo in"])
        XCTAssertEqual(refused.status, .failed)
        XCTAssertTrue(refused.resultObject["127.0.0.1"]?.objectValue?["error"]?.stringValue?.contains("Host key verification failed") == true,
                      "\(refused.result ?? .null)")

        try "[127.0.0.1]:\(server.port) \(server.hostPublicKey)\n".write(toFile: pinned, atomically: true, encoding: .utf8)
        XCTAssertEqual(try run("core.remote", ["cmd": "echo in"]).status, .succeeded)
    }

    func testBadHostsFailTheExecutionWithAOneLineErrorBeforeAnySSHRuns() throws {
        for bad in ["", " , ", "-oProxyCommand=touch /tmp/x", "host:notaport", "a b", "[::1]x"] {
            let execution = try run("core.remote", ["cmd": "true", "hosts": .string(bad)])
            XCTAssertEqual(execution.status, .failed, bad)
            let error = execution.resultObject["error"]?.stringValue ?? ""
            XCTAssertTrue(error.hasPrefix("parameter 'hosts'") && !error.contains("\n"), "\(bad): \(error)")
            XCTAssertEqual(execution.result?.objectValue?.keys.sorted(), ["error"], "no host entry: nothing ran")
        }
    }

    private func writeRemotePack() throws {
        let pack = harness.dataDirectory + "/extra-packs/remote_tests"
        let files = [
            "pack.yaml": "name: remote_tests\ndescription: remote runner tests\nversion: 1.0.0\nauthor: test\n",
            "actions/parallel.yaml": """
                name: parallel
                runner_type: remote-shell-cmd
                parameters:
                  cmd: {type: string, required: true}
                  parallel: {default: true}

                """,
            "actions/script.yaml": """
                name: script
                runner_type: remote-shell-script
                entry_point: script.sh
                parameters:
                  text: {type: string, position: 0}
                  mode: {type: string}

                """,
            "actions/script.sh": "#!/bin/sh\nprintf '[%s]\\n' \"$@\"\n[ -n \"$SUDO_USER\" ] && echo \"[$SUDO_USER:$GREETING]\"\npwd\n",
        ]
        for (path, text) in files {
            let file = pack + "/" + path
            try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: file, atomically: true, encoding: .utf8)
        }
    }
}
