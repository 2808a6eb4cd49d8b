import XCTest
import SquallBootstrap
import SquallEngine
import SquallModel

/// A pack's Python files are compiled into its virtualenv's bytecode mirror, in its sandbox, and
/// the action child loads them from there (it cannot write __pycache__ into the read-only pack);
/// an edited file is compiled again before the next run.
final class PackBytecodeTests: XCTestCase {
    var harness: IntegrationHarness!
    var packDirectory: String!
    var settings: Settings!

    override func setUpWithError() throws {
        harness = try IntegrationHarness()
        packDirectory = try harness.writeProbePack("bytecode_probe", files: [
            "actions/probe.py": """
            import helper

            class Probe(object):
                def run(self):
                    return {"version": helper.VERSION,
                            "loaders": [type(__loader__).__name__, type(helper.__loader__).__name__]}
            """,
            // A file that does not compile and is never imported must not stop anything.
            "actions/lib/broken.py": "def broken(:\n",
        ])
        try writeHelper(version: 1)
        settings = harness.probePackSettings
    }

    override func tearDown() { harness.remove() }

    func writeHelper(version: Int) throws {
        try "VERSION = \(version)\n".write(toFile: packDirectory + "/actions/lib/helper.py", atomically: true, encoding: .utf8)
    }

    func probe() throws -> Execution {
        try EngineBootstrap.openEngine(settings: settings).run(ExecutionRequest(actionRef: "bytecode_probe.probe"))
    }

    /// Where the bytecode of the pack's files is mirrored.
    var mirror: String { harness.dataDirectory + "/virtualenvs/bytecode_probe/squall-bytecode" + packDirectory }

    /// The mirrored .pyc files, relative to the pack, without their interpreter tag.
    func mirrored() -> [String] {
        let files = FileManager.default.enumerator(atPath: mirror)?.compactMap { $0 as? String } ?? []
        return files.filter { $0.hasSuffix(".pyc") }
            .map { $0.replacingOccurrences(of: #"\.cpython-\d+"#, with: "", options: .regularExpression) }.sorted()
    }

    func testTheChildLoadsThePacksModulesFromTheMirrorAndEditsAreCompiledAgain() throws {
        let first = try probe()
        XCTAssertEqual(first.status, .succeeded, "\(first.result ?? .null)")
        XCTAssertEqual(first.resultObject["result"], ["version": 1, "loaders": ["MirroredSourceLoader", "MirroredSourceLoader"]])
        XCTAssertEqual(mirrored(), ["actions/lib/helper.pyc", "actions/probe.pyc"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: packDirectory + "/actions/__pycache__"), "the pack itself stays clean")

        try writeHelper(version: 22)
        let edited = try probe()
        XCTAssertEqual(edited.resultObject["result"], ["version": 22, "loaders": ["MirroredSourceLoader", "MirroredSourceLoader"]])
        let helper = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: mirror + "/actions/lib")
            .first { $0.hasPrefix("helper.") })
        let bytecode = try Data(contentsOf: URL(fileURLWithPath: mirror + "/actions/lib/" + helper))
        // A timestamp .pyc records its source's size at bytes 12-15: the edited file's, 13 bytes.
        XCTAssertEqual(Array(bytecode[12..<16]), [13, 0, 0, 0])
    }
}
