import SquallModel
import SquallTemplates
import XCTest

/// Values print the way Jinja2 under Python prints them (str() of the value).
final class OutputFormatTests: TemplateTestCase {
    func testScalarsPrintLikePython() {
        let context: [String: JSONValue] = ["n": nil, "t": true, "f": false, "i": 42, "d": 1.0, "h": 0.5, "big": 1e16, "tiny": 0.00001]
        assertRenders("{{ n }} {{ t }} {{ f }} {{ i }} {{ d }} {{ h }} {{ big }} {{ tiny }}", "None True False 42 1.0 0.5 1e+16 1e-05", context)
    }

    func testContainersPrintLikePythonStr() {
        let context: [String: JSONValue] = [
            "list": ["a", 1, 2.5, true, nil, ["nested"]],
            "dict": ["k": "v", "n": 1, "inner": ["x": [1]]],
            "quotes": ["it's", "say \"hi\"", "both ' and \"", "line\nbreak", "back\\slash"],
        ]
        assertRenders("{{ list }}", "['a', 1, 2.5, True, None, ['nested']]", context)
        assertRenders("{{ dict }}", "{'inner': {'x': [1]}, 'k': 'v', 'n': 1}", context)
        assertRenders("{{ quotes }}", #"["it's", 'say "hi"', 'both \' and "', 'line\nbreak', 'back\\slash']"#, context)
    }

    func testStringsPrintRaw() {
        assertRenders("{{ s }}", "it's \"raw\"\n", ["s": "it's \"raw\"\n"])
    }

    func testPythonTextHelpers() {
        XCTAssertEqual(PythonText.str(["a": [1, nil]]), "{'a': [1, None]}")
        XCTAssertEqual(PythonText.repr("x"), "'x'")
        XCTAssertEqual(PythonText.str("x"), "x")
    }

    func testPythonJSONMatchesJsonDumps() {
        XCTAssertEqual(PythonJSON.dumps(["b": [1, 2.5, nil], "a": "é"]), #"{"a": "\u00e9", "b": [1, 2.5, null]}"#)
        XCTAssertEqual(PythonJSON.dumps(["a": [1]], indent: 2), "{\n  \"a\": [\n    1\n  ]\n}")
    }
}
