import XCTest
import SquallEngine
import SquallModel
import SquallRunners

/// Which interpreter a pack's venv is built from (the operator's per-pack override), st2's
/// `python_versions` checked before building, and pip reaching the network through the proxy
/// settings in squall's environment.
final class VirtualenvInterpreterTests: XCTestCase {
    var root: String!

    override func setUpWithError() throws {
        root = NSTemporaryDirectory() + "squall-venv-interp-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root + "/packs", withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: root) }

    func makePack(_ ref: String, pythonVersions: [String] = [], requirements: String? = nil) throws -> Pack {
        let directory = root + "/packs/" + ref
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if let requirements { try requirements.write(toFile: directory + "/requirements.txt", atomically: true, encoding: .utf8) }
        return Pack(ref: ref, name: ref, description: "probe", version: "1.0.0", author: "test",
                    pythonVersions: pythonVersions, path: directory)
    }

    var venvRoot: String { root + "/virtualenvs" }

    func testVersionMatchingFollowsComponents() {
        XCTAssertTrue(PythonCompatibility.accepts([], version: "3.11.2"))
        XCTAssertTrue(PythonCompatibility.accepts(["3"], version: "3.11.2"))
        XCTAssertTrue(PythonCompatibility.accepts(["2", "3"], version: "3.11.2"))
        XCTAssertTrue(PythonCompatibility.accepts(["3.11"], version: "3.11.2"))
        XCTAssertFalse(PythonCompatibility.accepts(["2"], version: "3.11.2"))
        XCTAssertFalse(PythonCompatibility.accepts(["3.1"], version: "3.11.2"))
        XCTAssertFalse(PythonCompatibility.accepts(["3.11.2.1"], version: "3.11.2"))
    }

    func testPackNeedingAnotherPythonIsRefusedBeforeAnythingIsBuilt() throws {
        let pack = try makePack("needs_two", pythonVersions: ["2"])
        let manager = VirtualenvManager(root: venvRoot, python: Settings.defaultPython)
        var lines: [String] = []
        XCTAssertThrowsError(try manager.ensure(pack, progress: { lines.append($0) })) { error in
            let text = "\(error)"
            XCTAssertFalse(text.contains("\n"), text)
            XCTAssertTrue(text.hasPrefix("pack 'needs_two' needs Python 2 (python_versions in pack.yaml) but /usr/bin/python3 is Python 3."), text)
            XCTAssertTrue(text.contains("SQUALL_PACK_PYTHON=needs_two="), text)
        }
        XCTAssertEqual(lines, [], "nothing may be built for a refused pack")
        let left = (try? FileManager.default.contentsOfDirectory(atPath: venvRoot)) ?? []
        XCTAssertFalse(left.contains { $0.contains("needs_two") && !$0.hasSuffix(".lock") }, "\(left)")

        // The check asks the interpreter the operator chose for this pack, not the default one.
        let overridden = VirtualenvManager(root: venvRoot, python: Settings.defaultPython,
                                           pythonOverrides: ["needs_two": "/usr/bin/python3.11"])
        XCTAssertThrowsError(try overridden.ensure(pack, progress: { _ in })) { error in
            XCTAssertTrue("\(error)".contains("but /usr/bin/python3.11 is Python 3.11."), "\(error)")
        }
    }

    func testOverrideSettingIsParsedAndBadOnesAreNamed() throws {
        let base = ["SQUALL_HOME": IntegrationHarness.repositoryRoot, "SQUALL_DATA_DIR": root!]
        var environment = base
        environment["SQUALL_PACK_PYTHON"] = "alpha=/opt/py/bin/python, beta=/usr/bin/python3.11"
        let settings = try Settings.resolve(packsPath: nil, dataDirectory: nil, environment: environment)
        XCTAssertEqual(settings.packPythons, ["alpha": "/opt/py/bin/python", "beta": "/usr/bin/python3.11"])

        for (value, expected) in [("alpha=python3", "SQUALL_PACK_PYTHON: the interpreter for pack 'alpha' must be an absolute path, got 'python3'"),
                                  ("/usr/bin/python3", "SQUALL_PACK_PYTHON: '/usr/bin/python3' must be <pack>=/absolute/path/to/python")] {
            environment["SQUALL_PACK_PYTHON"] = value
            XCTAssertThrowsError(try Settings.resolve(packsPath: nil, dataDirectory: nil, environment: environment)) { error in
                XCTAssertEqual("\(error)", expected)
            }
        }
    }

    /// `pack get` says which interpreter the pack's venv is built from.
    func testPackGetShowsThePacksInterpreter() throws {
        let harness = try IntegrationHarness()
        defer { harness.remove() }
        var environment = harness.commandLineEnvironment
        environment["SQUALL_PACK_PYTHON"] = "squall_tests=/usr/bin/python3.11"
        let overridden = try JSONValue.parse(try harness.squall(["pack", "get", "squall_tests", "--json"], environment: environment).stdout)
        XCTAssertEqual(overridden["python"], "/usr/bin/python3.11")
        let plain = try JSONValue.parse(try harness.squall(["pack", "get", "core", "--json"], environment: environment).stdout)
        XCTAssertEqual(plain["python"], .string(Settings.defaultPython))
    }

    /// One real venv build: the override's interpreter is the one `-m venv` ran with, and the
    /// venv is stale for a manager that would build it from another interpreter.
    func testOverrideInterpreterBuildsThePacksVenv() throws {
        let pack = try makePack("own_python", pythonVersions: ["3"])
        let manager = VirtualenvManager(root: venvRoot, python: Settings.defaultPython,
                                        pythonOverrides: ["own_python": "/usr/bin/python3.11"])
        var lines: [String] = []
        try manager.ensure(pack, progress: { lines.append($0) })
        // pip's own output goes to a log beside the venv; the progress line names it.
        XCTAssertEqual(lines.first, "[own_python] creating virtualenv with /usr/bin/python3.11 (pip's output: \(venvRoot)/own_python.build.log)")
        let config = try String(contentsOfFile: venvRoot + "/own_python/pyvenv.cfg", encoding: .utf8)
        XCTAssertTrue(config.contains("command = /usr/bin/python3.11 -m venv"), config)
        XCTAssertTrue(manager.isCurrent(pack))
        XCTAssertFalse(VirtualenvManager(root: venvRoot, python: Settings.defaultPython).isCurrent(pack))
    }

    /// pip gets squall's https_proxy: a proxy on 127.0.0.1 that refuses everything records pip's CONNECT.
    func testPipGoesThroughTheConfiguredProxy() throws {
        let proxy = try RecordingProxy(log: root + "/proxy.log")
        defer { proxy.stop() }
        let pack = try makePack("behind_proxy", requirements: "squall-proxy-probe-package\n")
        var manager = VirtualenvManager(root: venvRoot, python: Settings.defaultPython)
        // No cache (a cached index page would spare pip the network) and no retries (fail fast).
        manager.environment = ["https_proxy": "http://127.0.0.1:\(proxy.port)", "http_proxy": "http://127.0.0.1:\(proxy.port)",
                               "PIP_NO_CACHE_DIR": "1", "PIP_RETRIES": "0", "PIP_DEFAULT_TIMEOUT": "5",
                               "SQUALL_UNRELATED": "must not matter"]
        XCTAssertThrowsError(try manager.ensure(pack, progress: { _ in })) { error in
            XCTAssertTrue("\(error)".hasPrefix("virtualenv step 'pip install' failed"), "\(error)")
        }
        let requests = (try? String(contentsOfFile: root + "/proxy.log", encoding: .utf8)) ?? ""
        XCTAssertTrue(requests.contains("CONNECT pypi.org:443"), "the proxy saw: \(requests)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: venvRoot + "/behind_proxy"), "a failed build leaves no venv")
    }
}

/// A real HTTP proxy on 127.0.0.1 (a Python process) that logs each request line and refuses it.
struct RecordingProxy {
    let process: Process
    let port: Int

    init(log: String) throws {
        let script = """
        import socket, sys
        server = socket.socket()
        server.bind(("127.0.0.1", 0))
        server.listen(16)
        print(server.getsockname()[1], flush=True)
        while True:
            conn, _ = server.accept()
            data = b""
            while b"\\r\\n\\r\\n" not in data:
                chunk = conn.recv(4096)
                if not chunk:
                    break
                data += chunk
            with open(sys.argv[1], "a") as out:
                out.write(data.split(b"\\r\\n")[0].decode(errors="replace") + "\\n")
            conn.sendall(b"HTTP/1.1 403 Forbidden\\r\\nContent-Length: 0\\r\\nConnection: close\\r\\n\\r\\n")
            conn.close()
        """
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script, log]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        var text = ""
        while !text.contains("\n") {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            throw RunnerError("proxy did not start: \(text)")
        }
        self.port = port
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}
