import SquallModel
@testable import SquallTemplates
import XCTest

/// Templates that would build gigabytes, recurse past the stack, run for ever or trap on a number
/// fail with one line naming the bound (and its setting) instead.
final class TemplateLimitsTests: TemplateTestCase {
    override func tearDown() { TemplateLimits.process = TemplateLimits() }

    func assertFails(_ source: String, _ expected: String, _ context: [String: JSONValue] = [:], file: StaticString = #filePath, line: UInt = #line) {
        guard let error = renderError(source, context, file: file, line: line) else { return }
        XCTAssertTrue(error.description.contains(expected), "\(source): \(error)", file: file, line: line)
        XCTAssertFalse(error.description.contains("\n"), file: file, line: line)
    }

    func testTheReportedTemplatesFailFastAtTheDefaults() {
        // 1 GB of 'x' made before (then a fatal error in GRDB); a 10^9-item array before the range cap.
        assertFails("{{ 'x' * 10**9 }}", "string of 1000000000 bytes is longer than the 67108864 allowed (setting template_max_string_bytes) (line 1, column 8)")
        assertFails("{{ range(10**9) | length }}", "range too big: 1000000000 items")
        assertFails("{{ range(-(2**62), 2**62) | length }}", "range too big: 9223372036854775807 items")
        // Stack overflow in the parser before.
        assertFails("{{ " + String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000) + " }}",
                    "nested more than 200 deep (setting template_max_depth)")
        // Never ended before: 10^10 iterations.
        assertFails("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
                    "rendering took more than 2000000 steps (evaluations and loop iterations; setting template_max_steps)")
    }

    /// An empty string or list times 10**18 is empty at once (it looped once per repetition).
    func testAnEmptySequenceTimesAHugeCountIsEmptyAtOnce() {
        assertRenders("[{{ '' * 10**18 }}] {{ [] * 10**18 }} {{ 10**18 * [] }} {{ 'ab' * 2 }}", "[] [] [] abab")
    }

    func testIntegersNeitherTrapNorLoop() {
        assertFails("{{ 10**100 }}", "integer overflow: 10 ** 100 does not fit in 64 bits")
        assertRenders("{{ 1 ** (10**18) }} {{ (-1) ** (10**18 + 1) }} {{ 0 ** (10**18) }} {{ 2 ** 62 }} {{ (-2) ** 63 }}",
                      "1 -1 0 4611686018427387904 -9223372036854775808")
        // Python prints a float's whole integer digits (SquallPython writes them without an Int).
        assertRenders("{{ '%d' % 1e300 }}", "1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160")
        assertFails("{{ '%99999999999999999999d' % 1 }}", "setting template_max_string_bytes")
        assertFails("{{ [1] | tojson(indent=1e300) }}", "indent: 1e+300 does not fit in a 64-bit integer")
        assertRenders("{{ '1e300' | int }} {{ '12' | int }}", "0 12")
        assertRenders("{{ [1, [2]] | tojson(indent=-1) }}", "[\n1,\n[\n2\n]\n]")
    }

    func testNestingCountsChainsAndBlocks() {
        assertRenders("{{ " + Array(repeating: "1", count: 150).joined(separator: " + ") + " }}", "150")
        assertFails("{{ " + Array(repeating: "1", count: 300).joined(separator: " + ") + " }}", "nested more than 200 deep")
        assertFails("{{ x" + String(repeating: "|string", count: 300) + " }}", "nested more than 200 deep", ["x": 1])
        assertFails("{{ " + String(repeating: "not ", count: 300) + "x }}", "nested more than 200 deep", ["x": 1])
        assertFails(String(repeating: "{% if true %}", count: 300) + String(repeating: "{% endif %}", count: 300), "nested more than 200 deep")
    }

    func testSizesAreCheckedBeforeBuilding() {
        TemplateLimits.process = TemplateLimits(maxStringBytes: 1_000, maxItems: 100)
        let bound = "longer than the 1000 allowed (setting template_max_string_bytes)"
        assertFails("{{ 'x' * 1001 }}", bound)
        assertRenders("{{ ('x' * 1000) | length }}", "1000")
        assertFails("{{ ['x' * 600, 'y' * 600] | join }}", bound)
        assertFails("{{ ['x' * 600, 'y' * 600] | join(', ') }}", bound)
        assertFails("{{ ''.join(['x' * 600, 'y' * 600]) }}", bound)
        assertFails("{{ ('x' * 600) ~ ('y' * 600) }}", bound)
        assertFails("{{ ('x' * 600) + ('y' * 600) }}", bound)
        assertFails("{{ ('ab' * 100) | replace('a', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa') }}", bound)
        assertFails("{{ ('ab' * 100).replace('', 'xxxxxxxxxx') }}", bound)
        assertFails("{{ 'x' | center(5000) }}", bound)
        assertFails("{{ 'x'.zfill(5000) }}", bound)
        assertFails("{{ 'x' | indent(5000, true) }}", bound)
        assertFails("{{ '%5000s' % 'x' }}", bound)
        assertFails("{{ [[[[1, 2, 3]]]] | tojson(indent=400) }}", bound)
        assertFails("{% for i in range(20) %}{{ 'x' * 100 }}{% endfor %}", "output: string of 1100 bytes is " + bound)
        let items = "larger than the 100 allowed (setting template_max_items)"
        assertFails("{{ [1, 2] * 51 }}", items)
        assertFails("{{ [1] | batch(1000, 0) }}", items)
        assertFails("{{ range(60) | list + range(60) | list }}", items)
    }

    func testTheLimitsAreProcessSettings() {
        TemplateLimits.process = TemplateLimits(maxDepth: 5, maxSteps: 50)
        // A fresh environment: compiled templates are cached per environment.
        let environment = TemplateEnvironment()
        XCTAssertThrowsError(try environment.render("{{ ((((((1)))))) }}", context: [:])) { error in
            XCTAssertTrue("\(error)".contains("nested more than 5 deep"), "\(error)")
        }
        XCTAssertThrowsError(try environment.render("{% for i in range(100) %}{{ i }}{% endfor %}", context: [:])) { error in
            XCTAssertTrue("\(error)".contains("more than 50 steps"), "\(error)")
        }
        XCTAssertEqual(try environment.render("{% for i in range(10) %}{{ i }}{% endfor %}", context: [:]), "0123456789")
    }
}
