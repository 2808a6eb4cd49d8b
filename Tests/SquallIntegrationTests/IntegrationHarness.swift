import Foundation
import XCTest
import SquallBootstrap
import SquallCredentials
import SquallEngine
import SquallModel

/// A fresh data directory per test, the repository's bundled packs plus the test packs, and
/// virtualenvs shared between tests (and runs) so that each pack's venv is built once.
struct IntegrationHarness {
    static let repositoryRoot: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let fixturePacks = repositoryRoot + "/Tests/Fixtures/packs"
    static let sharedVirtualenvs = NSTemporaryDirectory() + "squall-test-virtualenvs"
    /// The st2 runtime layers (`<data-dir>/runtime`), shared likewise: built once, not per test.
    static let sharedRuntimeLayers = NSTemporaryDirectory() + "squall-test-st2-runtime"

    let dataDirectory: String
    let settings: Settings

    init(config: String? = "token: s3cr3t-token-value\nretry:\n  count: 5\n") throws {
        dataDirectory = NSTemporaryDirectory() + "squall-it-" + UUID().uuidString
        let fm = FileManager.default
        try fm.createDirectory(atPath: dataDirectory + "/configs", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: Self.sharedVirtualenvs, withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: dataDirectory + "/virtualenvs", withDestinationPath: Self.sharedVirtualenvs)
        try fm.createDirectory(atPath: Self.sharedRuntimeLayers, withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: dataDirectory + "/runtime", withDestinationPath: Self.sharedRuntimeLayers)
        if let config {
            try config.write(toFile: dataDirectory + "/configs/squall_tests.yaml", atomically: true, encoding: .utf8)
        }
        settings = Settings(home: Self.repositoryRoot, packsPath: [Self.repositoryRoot + "/Packs", Self.fixturePacks],
                            dataDirectory: dataDirectory, python: Settings.defaultPython)
    }

    /// The engine with squall-server's credential hashing, so tests can check users the CLI made.
    func engine() throws -> Engine {
        try EngineBootstrap.openEngine(settings: settings, credentials: .standard, progress: { _ in })
    }

    /// The environment for the real `squall` binary: SQUALL_HOME pins Runners/ and Packs/ to the tree
    /// under test (a build folder outside it would otherwise find another checkout's).
    var commandLineEnvironment: [String: String] {
        ["PATH": "/usr/bin:/bin", "HOME": NSHomeDirectory(), "SQUALL_HOME": Self.repositoryRoot,
         "SQUALL_DATA_DIR": dataDirectory, "SQUALL_PACKS_PATH": Self.fixturePacks,
         // Servers started by tests serve no HTTP API unless a test asks (they would share port 9101).
         "SQUALL_API_LISTEN": "off"]
    }

    func remove() { try? FileManager.default.removeItem(atPath: dataDirectory) }

    /// Writes a pack of one python-script action `<name>.probe` (entry point probe.py) under
    /// `<data dir>/extra-packs`, with `files` (relative path -> text); returns its directory.
    func writeProbePack(_ name: String, files: [String: String]) throws -> String {
        let pack = dataDirectory + "/extra-packs/" + name
        let all = files.merging([
            "pack.yaml": "name: \(name)\ndescription: probe\nversion: 1.0.0\nauthor: test\n",
            "actions/probe.yaml": "name: probe\nrunner_type: python-script\nentry_point: probe.py\n",
        ]) { given, _ in given }
        for (path, text) in all {
            let file = pack + "/" + path
            try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try text.write(toFile: file, atomically: true, encoding: .utf8)
        }
        return pack
    }

    /// These settings with only the packs written by `writeProbePack` on the packs path.
    var probePackSettings: Settings {
        Settings(home: Self.repositoryRoot, packsPath: [dataDirectory + "/extra-packs"],
                 dataDirectory: dataDirectory, python: Settings.defaultPython)
    }

    /// A writable copy of the fixture pack under `<data-dir>/test-packs` (returned: a packs path),
    /// without the rules that would only add load to a server test (timer, chains).
    func quietFixturePackCopy() throws -> String {
        let root = dataDirectory + "/test-packs"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.fixturePacks + "/squall_tests", toPath: root + "/squall_tests")
        for noisy in ["chain_after_echo.yaml", "every_second.yaml", "on_second_tick.yaml"] {
            try FileManager.default.removeItem(atPath: root + "/squall_tests/rules/" + noisy)
        }
        return root
    }

    /// Runs an action with `k=v`-style text parameters and returns the completed record.
    func run(_ engine: Engine, _ action: String, _ parameters: [String: JSONValue] = [:], timeout: Int? = nil) throws -> Execution {
        try engine.run(ExecutionRequest(actionRef: action, parameters: parameters, timeoutSeconds: timeout))
    }
}

/// A test case with a fresh harness and an engine on it.
class EngineTestCase: XCTestCase {
    var harness: IntegrationHarness!
    var engine: Engine!

    override func setUpWithError() throws {
        harness = try IntegrationHarness()
        engine = try harness.engine()
    }

    override func tearDown() {
        harness.remove()
        // XCTest keeps every test case object until the run ends: let the engine (its SQLite
        // connections' descriptors) go now, or later tests run with hundreds of open files.
        engine = nil
    }

    func executions(of action: String) throws -> [Execution] {
        try engine.store.executions(limit: 1000, action: action, status: nil)
    }
}

extension Execution {
    /// The runner's result object.
    var resultObject: [String: JSONValue] { result?.objectValue ?? [:] }
}

/// Processes whose command line contains `marker`, waiting (up to 5 s) for killed ones to go:
/// SIGKILL is delivered asynchronously, so a group member may take a moment to die.
func processes(matching marker: String) -> [Int32] {
    var found = processesNow(matching: marker)
    for _ in 0..<50 where !found.isEmpty {
        usleep(100_000)
        found = processesNow(matching: marker)
    }
    return found
}

private func processesNow(matching marker: String) -> [Int32] {
    let fm = FileManager.default
    guard let entries = try? fm.contentsOfDirectory(atPath: "/proc") else { return [] }
    var found: [Int32] = []
    for entry in entries {
        guard let pid = Int32(entry), pid != getpid(),
              let data = fm.contents(atPath: "/proc/\(entry)/cmdline") else { continue }
        let cmdline = String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
        if cmdline.contains(marker) {
            // A zombie waiting for its parent is already dead.
            if let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
               let close = stat.lastIndex(of: ")"), stat[stat.index(close, offsetBy: 2)] == "Z" { continue }
            found.append(pid)
        }
    }
    return found
}
