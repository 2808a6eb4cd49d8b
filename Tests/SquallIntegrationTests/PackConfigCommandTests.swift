import XCTest
import SquallModel

/// `squall pack config`: values from --set / --from-file merged, cast, validated as a whole and
/// written atomically 0600; prompts on a real terminal (a pty) with secrets never echoed.
final class PackConfigCommandTests: XCTestCase {
    var harness: IntegrationHarness!
    var packs: String!
    var configFile: String { harness.dataDirectory + "/configs/cfgdemo.yaml" }

    static let schema = """
    url:
      type: string
      description: Server URL.
      required: true
    token:
      type: string
      description: API token.
      secret: true
      required: true
    retries:
      type: integer
      default: 3
    mode:
      type: string
      enum: [fast, slow]
      default: fast
    tags:
      type: array
      items:
        type: integer
    auth:
      type: object
      description: Login.
      properties:
        user:
          type: string
          default: admin
        password:
          type: string
          secret: true
    """

    override func setUpWithError() throws {
        harness = try IntegrationHarness(config: nil)
        packs = harness.dataDirectory + "/extra-packs"
        let pack = packs + "/cfgdemo"
        try FileManager.default.createDirectory(atPath: pack, withIntermediateDirectories: true)
        try "name: cfgdemo\ndescription: config demo\nversion: 1.0.0\nauthor: test\n"
            .write(toFile: pack + "/pack.yaml", atomically: true, encoding: .utf8)
        try Self.schema.write(toFile: pack + "/config.schema.yaml", atomically: true, encoding: .utf8)
    }

    override func tearDown() { harness.remove() }

    var environment: [String: String] {
        var environment = harness.commandLineEnvironment
        environment["SQUALL_PACKS_PATH"] = packs
        return environment
    }

    func squall(_ arguments: [String]) throws -> Outcome {
        try harness.squall(arguments, environment: environment)
    }

    func testSetAndFromFileAreCastMergedValidatedAndWrittenPrivately() throws {
        let first = try squall(["pack", "config", "cfgdemo", "--set", "url=https://api.example", "--set", "token=tok-secret-1",
                                "--set", "retries=5", "--set", "tags=1,2", "--set", "auth.password=pw-secret-2"])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(first.stdout, "wrote \(configFile)\n")
        XCTAssertFalse((first.stdout + first.stderr).contains("secret"), "values are never echoed")
        let attributes = try FileManager.default.attributesOfItem(atPath: configFile)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        XCTAssertEqual(try String(contentsOfFile: configFile, encoding: .utf8), """
        url: https://api.example
        token: '{{ st2kv.system["cfgdemo.config.token"] | decrypt_kv }}'
        retries: 5
        tags:
        - 1
        - 2
        auth:
          password: '{{ st2kv.system["cfgdemo.config.auth.password"] | decrypt_kv }}'

        """, "schema order, typed values, secrets in the datastore (encrypted)")
        XCTAssertEqual(try squall(["key", "get", "cfgdemo.config.auth.password", "--decrypt"]).stdout, "pw-secret-2\n")
        XCTAssertEqual(harness.filesContaining("tok-secret-1"), [])
        XCTAssertEqual(harness.filesContaining("pw-secret-2"), [])

        // A YAML file merged over the stored config: nested keys merge, others replace.
        let extra = harness.dataDirectory + "/extra.yaml"
        try "auth:\n  user: ops\nmode: slow\nurl: '8080'\n".write(toFile: extra, atomically: true, encoding: .utf8)
        let extraKey = try squall(["pack", "config", "cfgdemo", "--set", "auth.tokn=x"])
        XCTAssertEqual(extraKey.status, 0)
        XCTAssertEqual(extraKey.stderr, "warning: 'auth.tokn' is not in pack 'cfgdemo''s config.schema.yaml (kept)\n")
        let template = try squall(["pack", "config", "cfgdemo", "--set", "retries={{ st2kv.system.retries }}"])
        XCTAssertEqual(template.status, 0, "a template is rendered and type-checked at run time: \(template.stderr)")
        XCTAssertTrue(try String(contentsOfFile: configFile, encoding: .utf8).contains("retries: '{{ st2kv.system.retries }}'"))
        let merged = try squall(["pack", "config", "cfgdemo", "--from-file", extra, "--set", "retries=7"])
        XCTAssertEqual(merged.status, 0, merged.stderr)
        let show = try squall(["pack", "config", "cfgdemo", "--show"])
        XCTAssertEqual(show.status, 0, show.stderr)
        XCTAssertEqual(show.stdout, """
        url: '8080'
        token: '********'
        retries: 7
        mode: slow
        tags:
        - 1
        - 2
        auth:
          user: ops
          password: '********'
          tokn: x

        """)

        // Failures name the key, exit 2 and leave the file as it was.
        let before = try Data(contentsOf: URL(fileURLWithPath: configFile))
        for (arguments, expected) in [
            (["--set", "retries=many"], "error: config key 'retries': 'many' is not an integer\n"),
            (["--set", "mode=medium"], "error: config key 'mode': must be one of [\"fast\", \"slow\"]\n"),
            (["--set", "tags=1,x"], "error: config key 'tags': 'x' is not an integer\n"),
            (["--set", "url"], "error: config key 'url': --set needs key=value\n"),
            (["--set", "auth=[1]"], "error: config key 'auth': '[1]' is not a valid JSON object\n"),
            (["--from-file", extra + ".missing"], "error: \(extra).missing: cannot be read\n"),
        ] {
            let outcome = try squall(["pack", "config", "cfgdemo"] + arguments)
            XCTAssertEqual(outcome.status, 2, "\(arguments)")
            XCTAssertEqual(outcome.stderr, expected)
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: configFile)), before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: harness.dataDirectory + "/configs")
        XCTAssertEqual(leftovers, ["cfgdemo.yaml"], "no temporary files left behind")
    }

    func testWholeResultIsValidatedBeforeAnythingIsWritten() throws {
        let missing = try squall(["pack", "config", "cfgdemo", "--set", "url=https://x"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertEqual(missing.stderr, "error: \(configFile): field 'token': is required by the pack's config.schema.yaml but missing\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: configFile))

        let noTerminal = try squall(["pack", "config", "cfgdemo"])
        XCTAssertEqual(noTerminal.status, 2)
        XCTAssertTrue(noTerminal.stderr.hasPrefix("error: pack config: stdin is not a terminal"), noTerminal.stderr)
        XCTAssertEqual(try squall(["pack", "config", "nopack", "--set", "a=b"]).stderr, "error: pack 'nopack' not found\n")
    }

    func testPromptsOnATerminalInSchemaOrderWithHiddenSecrets() throws {
        let session = try TerminalSession(executable: CommandLineTests.binary, arguments: ["pack", "config", "cfgdemo"],
                                          environment: environment)
        defer { session.close() }
        try session.answer(after: "url (required) - Server URL.: ", with: "")
        try session.answer(after: "url is required\r\nurl (required) - Server URL.: ", with: "https://h")
        try session.answer(after: "token (required, secret, not echoed) - API token.: ", with: "hidden-token-value")
        try session.answer(after: "retries (integer) [3]: ", with: "many")
        try session.answer(after: "config key 'retries': 'many' is not an integer\r\nretries (integer) [3]: ", with: "")
        try session.answer(after: "mode (one of fast, slow) [fast]: ", with: "slow")
        try session.answer(after: "tags (JSON array or comma list): ", with: "[4, 5]")
        try session.answer(after: "auth: Login.\r\nauth.user [admin]: ", with: "")
        try session.answer(after: "auth.password (secret, not echoed): ", with: "hidden-password-value")
        try session.wait(for: "wrote \(configFile)")
        XCTAssertEqual(session.exitStatus(), 0)
        XCTAssertFalse(session.transcript.contains("hidden-"), "a secret was echoed: \(session.transcript)")
        XCTAssertEqual(try String(contentsOfFile: configFile, encoding: .utf8), """
        url: https://h
        token: '{{ st2kv.system["cfgdemo.config.token"] | decrypt_kv }}'
        retries: 3
        mode: slow
        tags:
        - 4
        - 5
        auth:
          user: admin
          password: '{{ st2kv.system["cfgdemo.config.auth.password"] | decrypt_kv }}'

        """)

        // Asked again: stored values are the defaults (secrets masked); input ending early writes nothing.
        let before = try Data(contentsOf: URL(fileURLWithPath: configFile))
        let again = try TerminalSession(executable: CommandLineTests.binary, arguments: ["pack", "config", "cfgdemo"],
                                        environment: environment)
        defer { again.close() }
        try again.answer(after: "url (required) - Server URL. [https://h]: ", with: "https://other")
        try again.wait(for: "token (required, secret, not echoed) - API token. [********]: ")
        again.endInput()
        try again.wait(for: "input ended before every key was answered; nothing was written")
        XCTAssertEqual(again.exitStatus(), 2)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: configFile)), before)
    }
}

/// A child process on a real pseudo-terminal: what it writes is collected, answers are typed.
final class TerminalSession {
    let process = Process()
    let master: Int32
    private(set) var transcript = ""
    private var consumed: String.Index

    init(executable: String, arguments: [String], environment: [String: String]) throws {
        var master: Int32 = -1, slave: Int32 = -1
        guard openpty(&master, &slave, nil, nil, nil) == 0 else { throw POSIXError(.EIO) }
        self.master = master
        let terminal = FileHandle(fileDescriptor: slave, closeOnDealloc: true)
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.standardInput = terminal
        process.standardOutput = terminal
        process.standardError = terminal
        try process.run()
        try terminal.close()
        consumed = transcript.startIndex
    }

    /// Reads until `text` appears after what earlier waits consumed (gives up after 30 s so a broken
    /// prompt fails the test instead of hanging it).
    func wait(for text: String) throws {
        let deadline = Date().addingTimeInterval(30)
        while true {
            if let range = transcript[consumed...].range(of: text) { consumed = range.upperBound; return }
            var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, 200)
            if ready > 0 {
                var buffer = [UInt8](repeating: 0, count: 4096)
                let count = read(master, &buffer, buffer.count)
                if count <= 0 { throw Failure("output ended before \(text.debugDescription); got: \(transcript.debugDescription)") }
                transcript += String(decoding: buffer[0..<count], as: UTF8.self)
                consumed = min(consumed, transcript.endIndex)
            }
            if Date() > deadline { throw Failure("no \(text.debugDescription) in: \(transcript.debugDescription)") }
        }
    }

    func answer(after prompt: String, with line: String) throws {
        try wait(for: prompt)
        type(line + "\n")
    }

    /// Ctrl-D at the start of a line: the end of input.
    func endInput() { type("\u{04}") }

    private func type(_ text: String) {
        _ = Array(text.utf8).withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    }

    func exitStatus() -> Int32 {
        // Drain so the child never blocks on a full terminal buffer.
        while (try? wait(for: "\u{0}never")) != nil {}
        process.waitUntilExit()
        return process.terminationStatus
    }

    func close() {
        if process.isRunning { process.terminate(); process.waitUntilExit() }
        Glibc.close(master)
    }

    struct Failure: Error, CustomStringConvertible { let description: String; init(_ d: String) { description = d } }
}
