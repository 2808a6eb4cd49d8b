import SquallModel
import SquallTemplates
import XCTest

/// Templates answer Python's questions about text as Python does (and as the rules' operators
/// do, through the same SquallPython module): by code point, never by Swift's grapheme clusters.
final class PythonAgreementTests: TemplateTestCase {
    let decomposed: [String: JSONValue] = ["text": "cafe\u{301}", "precomposed": "caf\u{E9}"]

    func testInIsACodePointSubstringSearch() {
        // Python: 'cafe' in 'cafe\u0301' -> True; 'e' in 'caf\u00e9' -> False.
        assertRenders("{{ 'cafe' in text }}", "True", decomposed)
        assertRenders("{{ 'e' in precomposed }}", "False", decomposed)
        assertRenders("{{ text.find('\u{301}') }}", "4", decomposed)
    }

    func testPrecomposedAndDecomposedAreDifferentStringsAndKeys() {
        // Python: 'caf\u00e9' == 'cafe\u0301' -> False; 'cafe\u0301' in {'caf\u00e9': 1} -> False;
        // 'caf\u00e9' < 'cafe\u0301' -> False (U+00E9 sorts after 'e').
        assertRenders("{{ text == precomposed }}", "False", decomposed)
        assertRenders("{{ text in {precomposed: 1} }}", "False", decomposed)
        assertRenders("{{ precomposed < text }}", "False", decomposed)
        assertRenders("{{ text|length }} {{ text|list|length }}", "5 5", decomposed)
    }

    func testSplitUsesPythonsWhitespace() {
        // Python: 'a\x1cb'.split() -> ['a', 'b'] (U+001C..U+001F are whitespace to str.isspace()).
        assertRenders("{{ text.split() }}", "['a', 'b']", ["text": "a\u{1C}b"])
    }

    func testCaseMappingsAreFull() {
        // Python: 'Straße'.upper() -> 'STRASSE'; 'Straße'.casefold() -> 'strasse'; 'ΑΣ'.lower() -> 'ας'.
        assertRenders("{{ 'Stra\u{DF}e'|upper }} {{ 'Stra\u{DF}e'.casefold() }}", "STRASSE strasse")
        assertRenders("{{ '\u{391}\u{3A3}'|lower }}", "\u{3B1}\u{3C2}")
    }
}
