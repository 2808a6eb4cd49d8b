import Foundation
import SquallEngine
import SquallModel
import XCTest

/// A pack given an interpreter installed outside /usr (`pack_python`, as a pyenv 3.8 for a pack
/// pinned to pre-3.10 libraries, such as aws) runs its actions: the venv's base interpreter is in
/// the child's view (VirtualenvInterpreterView). The interpreter here is a copy of the system's
/// python3 in a directory of its own, a real installation prefix outside /usr.
final class PackPythonOutsideUsrTests: XCTestCase {
    var harness: IntegrationHarness!
    var prefix: String!

    override func setUpWithError() throws {
        harness = try IntegrationHarness(config: nil)
        prefix = NSTemporaryDirectory() + "squall-prefix-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: prefix + "/bin", withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o755])
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: prefix)
        let system = URL(fileURLWithPath: Settings.defaultPython).resolvingSymlinksInPath().path
        try FileManager.default.copyItem(atPath: system, toPath: prefix + "/bin/python3")
    }

    override func tearDown() {
        harness.remove()
        if let prefix { try? FileManager.default.removeItem(atPath: prefix) }
    }

    func testAnActionRunsWithAnInterpreterInstalledOutsideUsr() throws {
        let name = "prefixpy" + String(UUID().uuidString.prefix(8)).lowercased().filter(\.isLetter)
        _ = try harness.writeProbePack(name, files: [
            "actions/probe.py": "import sys\nfrom st2common.runners.base_action import Action\n\nclass Probe(Action):\n"
                + "    def run(self):\n        return sys._base_executable\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: harness.dataDirectory + "/virtualenvs/" + name) }
        var environment = harness.commandLineEnvironment
        environment["SQUALL_PACKS_PATH"] = harness.dataDirectory + "/extra-packs"
        environment["SQUALL_PACK_PYTHON"] = "\(name)=\(prefix!)/bin/python3"
        let run = try harness.squall(["run", "\(name).probe", "--json"], environment: environment)
        let execution = try JSONValue.parse(run.stdout)
        XCTAssertEqual(execution["status"], "succeeded", run.stdout + run.stderr)
        XCTAssertEqual(execution["result"]?["result"], .string(prefix + "/bin/python3"), "the venv of the copied interpreter")
    }
}
