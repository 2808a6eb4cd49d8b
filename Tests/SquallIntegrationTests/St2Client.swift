import Foundation
import SquallTestSupport
import XCTest

/// The real StackStorm client (`st2client` from PyPI) in a venv built once per machine and version
/// under /var/tmp, and a `squall server` with its HTTP API for it to talk to.
enum St2Client {
    static let version = "3.9.0"
    static let venv = "/var/tmp/squall-st2client-\(version)"
    static var st2: String { venv + "/bin/st2" }

    /// Builds the venv when missing (st2client needs Python <= 3.12: it imports `pipes`). A marker
    /// written last tells a finished venv from one a stopped run left half built (rebuilt).
    static func install() throws {
        let done = venv + "/.squall-complete"
        if FileManager.default.fileExists(atPath: done) { return }
        try? FileManager.default.removeItem(atPath: venv)
        try run("/usr/bin/python3", ["-m", "venv", venv])
        try run(venv + "/bin/pip", ["install", "--quiet", "--disable-pip-version-check", "st2client==\(version)"])
        try Data().write(to: URL(fileURLWithPath: done))
    }

    private static func run(_ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestSupportError("\(executable) \(arguments.joined(separator: " ")) failed: \(String(decoding: stderr, as: UTF8.self))")
        }
    }
}

/// A live `squall server` with its API on a free port, a user `alice` (admin) with a known
/// password, and a throwaway HOME for the client.
struct St2Session {
    let harness: IntegrationHarness
    let server: Process
    let port: Int
    let home: String
    var environment: [String: String]
    static let password = "correct horse battery"

    var baseURL: String { "http://127.0.0.1:\(port)" }

    init(harness: IntegrationHarness, extraEnvironment: [String: String] = [:], serverArguments: [String] = []) throws {
        try St2Client.install()
        self.harness = harness
        port = try FreePort.closed()
        var serverEnvironment = harness.commandLineEnvironment.merging(extraEnvironment) { _, given in given }
        serverEnvironment["SQUALL_API_LISTEN"] = "127.0.0.1:\(port)"
        let create = try harness.squallWithInput(["user", "create", "alice", "--password-stdin", "--admin"], input: Self.password,
                                                 environment: serverEnvironment)
        guard create.status == 0 else { throw TestSupportError("user create failed: \(create.stderr)") }
        server = try harness.startServer(environment: serverEnvironment, arguments: serverArguments)
        try FreePort.waitForListener(address: "127.0.0.1", port: port, what: "squall's API")
        home = harness.dataDirectory + "/client-home"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        environment = [
            "PATH": "/usr/bin:/bin", "HOME": home, "ST2_CLI_SKIP_CONFIG": "1",
            "ST2_API_URL": "http://127.0.0.1:\(port)/api/v1", "ST2_AUTH_URL": "http://127.0.0.1:\(port)/auth/v1",
            "ST2_STREAM_URL": "http://127.0.0.1:\(port)/stream/v1", "NO_PROXY": "*", "no_proxy": "*",
        ]
    }

    func stop() {
        if server.isRunning { server.terminate(); server.waitUntilExit() }
    }

    /// `st2 arguments` with this session's environment (plus `extra`).
    func st2(_ arguments: [String], extra: [String: String] = [:]) throws -> Outcome {
        try Outcome.run(St2Client.st2, arguments, environment: environment.merging(extra) { _, given in given })
    }

    /// A token for alice from `st2 auth -t`, for later commands' ST2_AUTH_TOKEN.
    mutating func logIn() throws {
        let auth = try st2(["auth", "alice", "-p", Self.password, "-t"])
        guard auth.status == 0 else { throw TestSupportError("st2 auth failed: \(auth.stdout) \(auth.stderr)") }
        environment["ST2_AUTH_TOKEN"] = auth.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// An HTTP request with curl: (status, body).
    func http(_ method: String, _ path: String, headers: [String] = [], body: String? = nil,
              contentType: String = "application/json") throws -> (status: Int, body: String) {
        var arguments = ["-s", "-o", "-", "-w", "\n%{http_code}", "-X", method, "--noproxy", "*", baseURL + path]
        for header in headers { arguments += ["-H", header] }
        if let body { arguments += ["-H", "Content-Type: \(contentType)", "--data-binary", "@-"] }
        let outcome = try harness.run("/usr/bin/curl", arguments, input: body ?? "")
        let text = outcome.stdout
        guard let newline = text.lastIndex(of: "\n"), let status = Int(text[text.index(after: newline)...]) else {
            throw TestSupportError("curl printed no status: \(text) \(outcome.stderr)")
        }
        return (status, String(text[..<newline]))
    }
}

extension IntegrationHarness {
    /// `squall arguments` with `input` on its standard input.
    func squallWithInput(_ arguments: [String], input: String, environment: [String: String]? = nil) throws -> Outcome {
        try run(CommandLineTests.binary, arguments, input: input, environment: environment ?? commandLineEnvironment)
    }

    /// Runs any program with `input` on stdin.
    func run(_ executable: String, _ arguments: [String], input: String, environment: [String: String]? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let stdin = Pipe(), out = Pipe(), err = Pipe()
        process.standardInput = stdin
        process.standardOutput = out
        process.standardError = err
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                       stderr: String(decoding: stderr, as: UTF8.self))
    }
}
