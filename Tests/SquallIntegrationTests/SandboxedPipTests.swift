import Foundation
import SquallModel
import SquallRunners
import SquallSandbox
import XCTest

/// Building a pack's virtualenv runs its requirements' install code (setup.py): pip runs in the
/// pack's sandbox, as the pack, with the network, writing only the venv being built and its /tmp.
final class SandboxedPipTests: XCTestCase {
    var root: String!

    override func setUpWithError() throws {
        root = NSTemporaryDirectory() + "squall-sandboxed-pip-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root + "/data", withIntermediateDirectories: true)
        chmod(root, 0o700)  // like a real data dir: the view must not need the host's permissions
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: root) }

    var manager: VirtualenvManager {
        var manager = VirtualenvManager(root: root + "/data/virtualenvs", python: "/usr/bin/python3")
        if ProcessInfo.processInfo.environment["NOSBX"] == nil { manager.packPolicies = PackPolicyResolver(builtinPath: SandboxPolicy.defaultPolicyPath(home: IntegrationHarness.repositoryRoot),
                                                  dataDirectory: root + "/data") }
        return manager
    }

    /// A pack whose requirements.txt names a local source archive with `setupBody` in its setup.py.
    func makePack(_ ref: String, setupBody: String) throws -> Pack {
        let directory = root + "/packs/" + ref
        let source = root + "/source-" + ref
        try FileManager.default.createDirectory(atPath: directory + "/dist", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: source + "/\(ref)pkg-0.1", withIntermediateDirectories: true)
        try "from setuptools import setup\n\(setupBody)\nsetup(name='\(ref)pkg', version='0.1', py_modules=['\(ref)mod'])\n"
            .write(toFile: source + "/\(ref)pkg-0.1/setup.py", atomically: true, encoding: .utf8)
        try "VALUE = 'installed'\n".write(toFile: source + "/\(ref)pkg-0.1/\(ref)mod.py", atomically: true, encoding: .utf8)
        let archive = directory + "/dist/\(ref)pkg-0.1.tar.gz"
        let tar = Process()
        tar.executableURL = URL(fileURLWithPath: "/bin/tar")
        tar.arguments = ["-czf", archive, "-C", source, "\(ref)pkg-0.1"]
        try tar.run()
        tar.waitUntilExit()
        XCTAssertEqual(tar.terminationStatus, 0)
        try "\(archive)\n".write(toFile: directory + "/requirements.txt", atomically: true, encoding: .utf8)
        return Pack(ref: ref, name: ref, description: "pip sandbox probe", version: "1.0.0", author: "test", path: directory)
    }

    func testSetupPyThatWritesOutsideTheVenvFailsAndWritesNothing() throws {
        // Anchor: bubblewrap/nsjail run build steps with only the output directory writable; here
        // the data dir, the supervisor's $HOME and the pack's own directory are each tried.
        let home = NSHomeDirectory() + "/squall-pip-escape-" + UUID().uuidString
        let dataFile = root + "/data/escaped-by-setup-py"
        let pack = try makePack("escaper", setupBody: """
        for target in [\(String(reflecting: dataFile)), \(String(reflecting: home)), __import__('os').path.abspath('escaped')]:
            open(target, 'w').write('escaped')
        """)
        defer { try? FileManager.default.removeItem(atPath: home) }
        let packFile = pack.path + "/escaped"
        XCTAssertThrowsError(try manager.ensure(pack, progress: { _ in })) { error in
            XCTAssertTrue("\(error)".hasPrefix("virtualenv step 'pip install' failed"), "\(error)")
        }
        for path in [dataFile, home, packFile] {
            XCTAssertFalse(FileManager.default.fileExists(atPath: path), "setup.py wrote \(path)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: manager.path(forPack: "escaper")), "no venv is left behind")
    }

    func testANormalSourceInstallWorksAsThePacksUser() throws {
        // Positive control: the same kind of archive, building in its private /tmp, installs.
        let pack = try makePack("plain", setupBody: "open('/tmp/build-scratch', 'w').write('ok')")
        var lines: [String] = []
        let python = try manager.ensure(pack, progress: { lines.append($0) })
        let check = Process()
        check.executableURL = URL(fileURLWithPath: python)
        check.arguments = ["-c", "import plainmod, zmq; assert plainmod.VALUE == 'installed'"]
        try check.run()
        check.waitUntilExit()
        XCTAssertEqual(check.terminationStatus, 0, lines.suffix(15).joined(separator: "\n"))
        if geteuid() == 0 {
            let owner = try FileManager.default.attributesOfItem(atPath: manager.path(forPack: "plain") + "/bin/python")[.ownerAccountID] as? UInt32
            XCTAssertEqual(owner, PackIdentity.forPack("plain").uid, "pip ran as the pack's own user")
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: root + "/data/virtualenvs")
        XCTAssertFalse(left.contains { $0.contains(".tmp-") }, "the build's /tmp is removed: \(left)")
    }

    func testThePackTestLayerIsInstalledInTheSandboxToo() throws {
        // `squall pack test` installs pytest and requirements-tests.txt beside the venv: same rules.
        let pack = try makePack("tested", setupBody: "")
        let layer = try manager.ensureTestLayer(pack, progress: { _ in })
        XCTAssertTrue(FileManager.default.fileExists(atPath: layer + "/pytest"), layer)
        if geteuid() == 0 {
            let owner = try FileManager.default.attributesOfItem(atPath: layer + "/pytest")[.ownerAccountID] as? UInt32
            XCTAssertEqual(owner, PackIdentity.forPack("tested").uid, "pip ran as the pack's own user")
        }
    }
}
