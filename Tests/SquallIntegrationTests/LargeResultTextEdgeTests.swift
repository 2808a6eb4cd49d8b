import Foundation
import SquallModel
import XCTest
@testable import squall

/// `execution get` prints a big result from its text (JSONTextSlice, JSONTextIndex,
/// JSONTextScalar) byte for byte as printing its value does, for what the text path reads
/// without the parser: escaped keys and strings (surrogate pairs, controls, CR LF), integers
/// of 18 and 19 digits, -0.0, floats, empty and nested containers, deep-ish nesting (Python
/// writes no integer -0, so that case is not reached here).
final class LargeResultTextEdgeTests: XCTestCase {
    var harness: IntegrationHarness!

    override func setUpWithError() throws { harness = try IntegrationHarness() }
    override func tearDown() { harness.remove() }

    static let action = #"""
        from st2common.runners.base_action import Action


        class Edges(Action):
            def run(self):
                edge = {
                    "k\"ey\\": "a\"b\\c/d", u"\u00e9t\u00e9": u"\U0001F600\u0001\u001f\t",
                    "crlf": "one\r\ntwo\nthree\r\n", "lf": "\n", "empty": "", "emptyList": [], "emptyObject": {},
                    "ints": [0, -0, 1, -1, 10 ** 17, 10 ** 18 - 1, 10 ** 18, -10 ** 18, 2 ** 63 - 1],
                    "floats": [-0.0, 0.5, 1.0, 1e-7, 1.5e300, 123456789012345.0],
                    "literals": [True, False, None], "deep": [[[[{"x": [[{}]]}]]]],
                    "/slash": {"nested": {"\b\f": ["\u2028"]}},
                }
                return {"edges": [edge] * (1500000 // 600), "pad": "x" * 100000}
        """#

    func testTrickyTextPrintsAsItsValueDoes() throws {
        let packs = harness.dataDirectory + "/edge-packs"
        try FileManager.default.createDirectory(atPath: packs, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: IntegrationHarness.fixturePacks + "/squall_bench", toPath: packs + "/squall_bench")
        try Self.action.write(toFile: packs + "/squall_bench/actions/edges.py", atomically: true, encoding: .utf8)
        try "---\nname: edges\nrunner_type: python-script\nentry_point: edges.py\n"
            .write(toFile: packs + "/squall_bench/actions/edges.yaml", atomically: true, encoding: .utf8)
        var environment = harness.commandLineEnvironment
        environment["SQUALL_PACKS_PATH"] = packs
        let run = try harness.squall(["run", "squall_bench.edges", "-j"], environment: environment)
        XCTAssertEqual(run.status, 0, run.stderr)
        let id = try XCTUnwrap(JSONValue.parse(run.stdout)["id"]?.stringValue, run.stdout)
        let record = try harness.engine().execution(id: id)
        XCTAssertNotNil(record.result?["result"]?["edges"], "\(record.status): \(record.result?["stderr"]?.stringValue ?? "")")
        XCTAssertGreaterThan(record.result?["result"]?.jsonString().utf8.count ?? 0, 1 << 20, "kept as text")
        let expected = [
            "text": ExecutionPresentation.lines(record).joined(separator: "\n") + "\n",
            "-j": ExecutionPresentation.json(record).jsonString(pretty: true) + "\n",
        ]
        for (form, value) in expected {
            let shown = try harness.squall(["execution", "get", id] + (form == "text" ? [] : [form]), environment: environment)
            XCTAssertEqual(shown.status, 0, shown.stderr)
            XCTAssertTrue(shown.stdout == value, "execution get (\(form)) printed other bytes than its value's printing")
        }
    }
}
