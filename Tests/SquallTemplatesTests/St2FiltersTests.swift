import SquallModel
import SquallTemplates
import XCTest

/// st2's filters through real templates; expectations are st2's own test cases and Python's outputs.
class St2FilterTestCase: XCTestCase {
    let env = TemplateEnvironment.st2()

    func assertRenders(_ source: String, _ expected: String, _ context: [String: JSONValue] = [:],
                       file: StaticString = #filePath, line: UInt = #line) {
        do {
            let output = try env.render(source, context: context)
            XCTAssertEqual(output, expected, "template: \(source)", file: file, line: line)
        } catch {
            XCTFail("template \(source) failed: \(error)", file: file, line: line)
        }
    }

    func value(_ source: String, _ context: [String: JSONValue] = [:]) throws -> JSONValue {
        try env.renderValue(source, context: context)
    }

    func errorMessage(_ source: String, _ context: [String: JSONValue] = [:],
                      file: StaticString = #filePath, line: UInt = #line) -> String? {
        do {
            let output = try env.render(source, context: context)
            XCTFail("\(source) rendered \(output.debugDescription)", file: file, line: line)
            return nil
        } catch {
            return (error as? TemplateError)?.message
        }
    }
}

final class St2FiltersRegistrationTests: St2FilterTestCase {
    func testFactoryIsStrictAndKeepsBuiltins() {
        XCTAssertTrue(env.options.strictUndefined)
        XCTAssertNotNil(errorMessage("{{ missing | to_json_string }}"))
        assertRenders("{{ 'ab' | upper }} {{ [3, 1] | sort | join(',') }} {{ x | default('d') }}", "AB 1,3 d")
        assertRenders("{{ {'a': 1} | tojson }}", #"{"a": 1}"#)
    }

    func testRegisteringOnAPlainEnvironment() throws {
        let plain = TemplateEnvironment(options: .init(strictUndefined: false))
        XCTAssertThrowsError(try plain.render("{{ 'x' | regex_match('x') }}", context: [:]))
        St2Filters.register(in: plain)
        XCTAssertEqual(try plain.render("{{ 'x' | regex_match('x') }}|{{ 'a b' | title }}", context: [:]), "True|A B")
        // Lenient Undefined reaches registered filters as None.
        XCTAssertEqual(try plain.render("{{ nothing | use_none }}", context: [:]), St2Filters.noneMagicValue)
    }
}

final class St2DataFilterTests: St2FilterTestCase {
    let object: JSONValue = ["a": "b", "c": ["d": "e", "f": 1, "g": true]]

    func testToJSONString() throws {
        // st2's defaults: separators (",", ": "), so items are not followed by a space.
        assertRenders("{{ k1 | to_json_string }}", #"{"a": "b","c": {"d": "e","f": 1,"g": true}}"#, ["k1": object])
        XCTAssertEqual(try JSONValue.parse(try env.render("{{ k1 | to_json_string }}", context: ["k1": object])), object)
        assertRenders("{{ k1 | to_json_string(indent=2) }}", "{\n  \"a\": \"b\",\n  \"c\": {\n    \"d\": \"e\",\n    \"f\": 1,\n    \"g\": true\n  }\n}", ["k1": object])
        assertRenders("{{ [1, 'é'] | to_json_string(separators=[',', ':']) }}", #"[1,"\u00e9"]"#)
        assertRenders("{{ none | to_json_string }}", "null", ["none": nil])
    }

    func testFromJSONString() throws {
        XCTAssertEqual(try value("{{ k1 | from_json_string }}", ["k1": #"{"a": "b", "c": {"d": "e", "f": 1, "g": true}}"#]), object)
        XCTAssertEqual(try value("{{ k1 | from_json_string }}", ["k1": #"["a", "b", "c"]"#]), ["a", "b", "c"])
        // Rendered to text the result prints as a Python object.
        assertRenders("{{ k1 | from_json_string }}", "['a', 1.5, None, True]", ["k1": #"["a", 1.5, null, true]"#])
        assertRenders("{{ (k1 | from_json_string).x.y }}", "7", ["k1": #"{"x": {"y": 7}}"#])
        XCTAssertNotNil(errorMessage("{{ 'not json' | from_json_string }}"))
    }

    func testJSONEscape() {
        assertRenders("{{ s | json_escape }}", #"foo \"\"\" bar"#, ["s": #"foo """ bar"#])
        assertRenders("{{ s | json_escape }}", #"foo \\ bar"#, ["s": #"foo \ bar"#])
        assertRenders("{{ s | json_escape }}", #"foo \b \f \n \r \t bar"#, ["s": "foo \u{08} \u{0C} \n \r \t bar"])
        assertRenders("{{ s | json_escape }}", #"caf\u00e9"#, ["s": "café"])
        // str.strip('"') removes every quote at either end, even escaped ones' quotes.
        assertRenders("{{ s | json_escape }}", #"say \"hi\"#, ["s": #"say "hi""#])
    }

    func testToComplex() {
        assertRenders("{{ x | to_complex }}", #"{"a": [1, 2.5, null]}"#, ["x": ["a": [1, 2.5, nil]]])
        assertRenders("{{ 'text' | to_complex }}", #""text""#)
    }

    func testUseNone() {
        assertRenders("{{ x | use_none }}", "%*****__%NONE%__*****%", ["x": nil])
        assertRenders("{{ x | use_none }}", "0", ["x": 0])
        assertRenders("{{ x | use_none }}", "", ["x": ""])
    }

    func testFromYAMLStringReadsTheJSONSubsetWithoutALoader() throws {
        XCTAssertEqual(try value("{{ k | from_yaml_string }}", ["k": #"{"a": [1, true]}"#]), ["a": [1, true]])
        XCTAssertNotNil(errorMessage("{{ k | from_yaml_string }}", ["k": "---\na: b\n"]))
    }

    func testFromYAMLStringUsesTheGivenLoader() throws {
        // A real (tiny) loader for "key: value" lines stands in for the YAML parser the engine injects.
        let withLoader = TemplateEnvironment.st2(yamlLoader: { text in
            var result: [String: JSONValue] = [:]
            for line in text.split(separator: "\n") where line.contains(": ") {
                let parts = line.split(separator: ":", maxSplits: 1)
                result[String(parts[0])] = .string(parts[1].trimmingCharacters(in: .whitespaces))
            }
            return .object(result)
        })
        XCTAssertEqual(try withLoader.renderValue("{{ k | from_yaml_string }}", context: ["k": "---\na: b\nc: d\n"]), ["a": "b", "c": "d"])
    }
}

final class St2YAMLFilterTests: St2FilterTestCase {
    func testBlockStyleLikePyYAML() {
        let object: JSONValue = ["a": "b", "c": ["d": "e", "f": 1, "g": true], "list": [1, ["k": "v", "w": nil], [2, 3]], "empty": [:], "none": []]
        assertRenders("{{ k1 | to_yaml_string }}", """
        a: b
        c:
          d: e
          f: 1
          g: true
        empty: {}
        list:
        - 1
        - k: v
          w: null
        - - 2
          - 3
        none: []

        """, ["k1": object], keepNewline: true)
    }

    func testScalarQuoting() {
        let object: JSONValue = [
            "bool": "yes", "num": "123", "float": "1.5", "nul": "null", "date": "2024-01-02", "empty": "",
            "colon": "a: b", "hash": "a #b", "lead": " x", "quote": "it's", "dash": "- x", "star": "*x",
            "multi": "l1\nl2", "ctrl": "bell\u{07}", "uni": "café", "float2": 1e16, "inf": .double(.infinity),
        ]
        assertRenders("{{ k | to_yaml_string }}", """
        bool: 'yes'
        colon: 'a: b'
        ctrl: "bell\\a"
        dash: '- x'
        date: '2024-01-02'
        empty: ''
        float: '1.5'
        float2: 1.0e+16
        hash: 'a #b'
        inf: .inf
        lead: ' x'
        multi: 'l1

          l2'
        nul: 'null'
        num: '123'
        quote: it's
        star: '*x'
        uni: café

        """, ["k": object], keepNewline: true)
    }

    func testRootScalarsAndLongLines() {
        assertRenders("{{ 'hello' | to_yaml_string }}", "hello\n...\n", keepNewline: true)
        assertRenders("{{ 'true' | to_yaml_string }}", "'true'\n", keepNewline: true)
        assertRenders("{{ 5 | to_yaml_string }}", "5\n...\n", keepNewline: true)
        let words = Array(repeating: "word", count: 20).joined(separator: " ")
        // Past column 80 a single space becomes a line break indented under the key.
        let firstLine = "k: " + Array(repeating: "word", count: 16).joined(separator: " ")
        assertRenders("{{ x | to_yaml_string }}", firstLine + "\n  word word word word\n", ["x": ["k": .string(words)]], keepNewline: true)
        assertRenders("{{ x | to_yaml_string(indent=4) }}", "a:\n    b: 1\n", ["x": ["a": ["b": 1]]], keepNewline: true)
    }

    private func assertRenders(_ source: String, _ expected: String, _ context: [String: JSONValue] = [:], keepNewline: Bool,
                               file: StaticString = #filePath, line: UInt = #line) {
        // The filter's own output, not the template's: compare the whole value.
        XCTAssertEqual(try? value(source, context), .string(expected), file: file, line: line)
    }
}
