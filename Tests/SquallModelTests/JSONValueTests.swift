import XCTest
import SquallModel

final class JSONValueTests: XCTestCase {
    func testParseKeepsNumberKindsAndBooleans() throws {
        XCTAssertEqual(try JSONValue.parse("[1, 1.0, 2.5, true, false, 0, null, \"1\"]"),
                       [1, .double(1), 2.5, true, false, 0, .null, "1"])
        XCTAssertEqual(try JSONValue.parse("{\"a\": {\"b\": [1e3]}}"), ["a": ["b": [.double(1000)]]])
        XCTAssertEqual(try JSONValue.parse("\"top-level string\""), "top-level string")
        XCTAssertEqual(try JSONValue.parse("9007199254740993"), .int(9007199254740993))
    }

    func testTextRoundTripIsStable() throws {
        let value: JSONValue = ["z": [1, .double(1), "é\n\"q\"", .null], "a": ["nested": true], "e": [:], "l": []]
        let text = value.jsonString()
        XCTAssertEqual(text, "{\"a\": {\"nested\": true}, \"e\": {}, \"l\": [], \"z\": [1, 1.0, \"é\\n\\\"q\\\"\", null]}")
        XCTAssertEqual(try JSONValue.parse(text), value)
        XCTAssertEqual(try JSONValue.parse(value.jsonString(pretty: true)), value)
    }

    func testStringsAreEscapedAroundMultiByteText() throws {
        let text = "\u{1}tab\there \\ \"😀\" é\r\nend\u{1f}"
        XCTAssertEqual(JSONValue.string(text).jsonString(), #""\u0001tab\there \\ \"😀\" é\r\nend\u001f""#)
        XCTAssertEqual(try JSONValue.parse(JSONValue.string(text).jsonString()), .string(text))
        XCTAssertEqual(JSONValue.string("plain ünïcode").jsonString(), "\"plain ünïcode\"")
    }

    func testMalformedTextThrows() {
        XCTAssertThrowsError(try JSONValue.parse("{\"a\": }"))
        XCTAssertThrowsError(try JSONValue.parse(""))
    }
}
