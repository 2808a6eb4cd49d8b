import Foundation
import XCTest
import SquallModel

/// JSONParser's edge cases: what JSONSerialization (with fragments) accepted it accepts, except
/// trailing commas; errors are one line with the byte offset.
final class JSONParserTests: XCTestCase {
    func assertRefused(_ text: String, _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try JSONValue.parse(text), file: file, line: line) { error in
            XCTAssertEqual("\(error)", message, "for \(text.debugDescription)", file: file, line: line)
        }
    }

    func testNumbersKeepTheirKindAndRange() throws {
        XCTAssertEqual(try JSONValue.parse("1"), .int(1))
        XCTAssertEqual(try JSONValue.parse("-0"), .int(0))
        XCTAssertEqual(try JSONValue.parse("1.0"), .double(1))
        XCTAssertEqual(try JSONValue.parse("1E2"), .double(100))
        XCTAssertEqual(try JSONValue.parse("-0.0"), .double(-0.0))
        XCTAssertEqual(try JSONValue.parse("9223372036854775807"), .int(Int.max))
        XCTAssertEqual(try JSONValue.parse("-9223372036854775808"), .int(Int.min))
        // Beyond Int64, the nearest double (JSONSerialization's NSNumber/NSDecimalNumber also ended as doubles).
        XCTAssertEqual(try JSONValue.parse("9223372036854775808"), .double(9223372036854775808))
        XCTAssertEqual(try JSONValue.parse("123456789012345678901234567890"), .double(1.2345678901234568e29))
        XCTAssertEqual(try JSONValue.parse("1e-400"), .double(0))
        assertRefused("1e400", "number 1e400 is too large for a double at byte 0")
        assertRefused("[-1e400]", "number -1e400 is too large for a double at byte 1")
        assertRefused("01", "number with a leading zero at byte 1")
        assertRefused("-01", "number with a leading zero at byte 2")
        assertRefused("1.", "unexpected end of input at byte 2")
        assertRefused("[1.]", "expected a digit after '.', got ']' at byte 3")
        assertRefused(".5", "unexpected '.' where a value should start at byte 0")
        assertRefused("+1", "unexpected '+' where a value should start at byte 0")
        assertRefused("1e", "unexpected end of input at byte 2")
        assertRefused("-", "unexpected end of input at byte 1")
        assertRefused("NaN", "unexpected 'N' where a value should start at byte 0")
        assertRefused("Infinity", "unexpected 'I' where a value should start at byte 0")
    }

    /// Linux Foundation's JSONSerialization read these through NSDecimalNumber and missed the last bit.
    func testSeventeenDigitDoublesRoundTripExactly() throws {
        let known = ["0.30000000000000004", "2.2250738585072011e-308", "2.2250738585072014e-308", "4.9406564584124654e-324",
                     "1.7976931348623157e308", "9007199254740993.0", "0.1", "123456.78901234567", "1.0000000000000002",
                     "0.99999999999999989", "5e-324", "8.98846567431158e307"]
        for text in known {
            XCTAssertEqual(try JSONValue.parse(text), .double(Double(text)!), text)
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let value = Double(bitPattern: generator.next())
            guard value.isFinite else { continue }
            for text in ["\(value)", String(format: "%.16e", value)] {  // shortest, and 17 significant digits
                guard case .double(let read) = try JSONValue.parse("[\(text)]").arrayValue?.first else {
                    return XCTFail("\(text) not read as a double")
                }
                XCTAssertEqual(read.bitPattern, value.bitPattern, text)
            }
        }
    }

    func testStringsAndEscapes() throws {
        XCTAssertEqual(try JSONValue.parse(#""a\"\\\/\b\f\n\r\t\u00e9\uD83D\uDE00\u0000z""#), .string("a\"\\/\u{8}\u{c}\n\r\té😀\u{0}z"))
        XCTAssertEqual(try JSONValue.parse("\"\u{7f}é中😀\""), .string("\u{7f}é中😀"))
        assertRefused(#""\ud800""#, "lone surrogate escape (a high surrogate not followed by a low one) at byte 1")
        assertRefused(#""\ud800\u0041""#, "lone surrogate escape (a high surrogate not followed by a low one) at byte 1")
        assertRefused(#""x\udc00""#, "lone surrogate escape (a low surrogate without a high one) at byte 2")
        assertRefused(#""\x""#, "invalid escape \\x in a string at byte 1")
        assertRefused(#""\u12g4""#, "\\u escape needs four hex digits, got 'g' at byte 5")
        assertRefused("\"a\u{1}b\"", "control character byte 0x01 in a string (it must be escaped) at byte 2")
        assertRefused("\"abc", "unterminated string at byte 4")
        assertRefused("\"a\\", "unterminated string at byte 3")
    }

    func testInvalidUTF8IsRefusedNotRepaired() {
        let cases: [([UInt8], String)] = [
            ([0x22, 0xFF, 0x22], "invalid UTF-8 byte 0xff in a string at byte 1"),
            ([0x22, 0x61, 0xC3, 0x22], "truncated UTF-8 sequence in a string at byte 2"),
            ([0x22, 0xED, 0xA0, 0x80, 0x22], "invalid UTF-8 sequence in a string at byte 1"),  // an encoded surrogate
            ([0x22, 0xC0, 0xAF, 0x22], "invalid UTF-8 byte 0xc0 in a string at byte 1"),  // overlong
            ([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], "invalid UTF-8 sequence in a string at byte 1"),  // beyond U+10FFFF
            ([0x22, 0x5C, 0x6E, 0xE2, 0x82, 0x22], "truncated UTF-8 sequence in a string at byte 3"),  // after an escape
        ]
        for (bytes, message) in cases {
            XCTAssertThrowsError(try JSONValue.parse(Data(bytes))) { XCTAssertEqual("\($0)", message, "\(bytes)") }
        }
    }

    func testStructureAndWhitespace() throws {
        XCTAssertEqual(try JSONValue.parse(" \t\r\n{ \"a\" : [ 1 , {} , [] ] , \"a\" : 2 }\n"), ["a": 2], "the last duplicate wins")
        XCTAssertEqual(try JSONValue.parse(Data([0xEF, 0xBB, 0xBF] + Array("[true]".utf8))), [true], "a UTF-8 BOM is skipped")
        XCTAssertEqual(try JSONValue.parse("null"), .null)
        assertRefused("", "unexpected end of input at byte 0")
        assertRefused("   ", "unexpected end of input at byte 3")
        assertRefused("[1,]", "unexpected ']' where a value should start at byte 3")
        assertRefused("{\"a\":1,}", "unexpected '}' where an object key should start at byte 7")
        assertRefused("[1]x", "unexpected 'x' after the JSON value at byte 3")
        assertRefused("[1 2]", "unexpected '2' after an array element at byte 3")
        assertRefused("{\"a\" 1}", "unexpected '1' after an object key at byte 5")
        assertRefused("{1:2}", "unexpected '1' where an object key should start at byte 1")
        assertRefused("{\"a\":1 \"b\":2}", "unexpected '\"' after an object member at byte 7")
        assertRefused("tru", "unexpected end of input at byte 3")
        assertRefused("nul1", "unexpected '1' in a literal (expected null) at byte 3")
        assertRefused("[\u{0B}1]", "unexpected byte 0x0b where a value should start at byte 1")
    }

    func testNestingIsBoundedWithoutRecursion() throws {
        let limit = JSONParser.maxDepth
        let deepest = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
        XCTAssertNoThrow(try JSONValue.parse(deepest))
        assertRefused(String(repeating: "[", count: limit + 1) + String(repeating: "]", count: limit + 1),
                      "nested deeper than 512 levels at byte 512")
        assertRefused(String(repeating: "{\"k\":", count: 100_000), "nested deeper than 512 levels at byte 2560")
        // Closing a deep tree frees it level by level (a recursive deinit of 512 levels is fine).
        let objects = String(repeating: "{\"k\":", count: limit) + "1" + String(repeating: "}", count: limit)
        var value = try JSONValue.parse(objects)
        var depth = 0
        while case .object(let members) = value, let inner = members["k"] { value = inner; depth += 1 }
        XCTAssertEqual(depth, limit)
        XCTAssertEqual(value, 1)
    }

    func testLargeDocumentsParseInLinearTime() throws {
        // Nothing to time (no timed assertions); these would take minutes on a quadratic path.
        let longString = "\"" + String(repeating: "é\\n", count: 2_000_000) + "\""
        XCTAssertEqual(try JSONValue.parse(longString).stringValue?.utf8.count, 6_000_000)
        let wideArray = "[" + Array(repeating: "1.5", count: 300_000).joined(separator: ",") + "]"
        XCTAssertEqual(try JSONValue.parse(wideArray).arrayValue?.count, 300_000)
        let digits = String(repeating: "7", count: 100_000)
        XCTAssertEqual(try JSONValue.parse("0.\(digits)"), .double(0.7777777777777778))
    }

    func testTextAndDataAgree() throws {
        let text = "{\"é\": [1, 2.5, \"x\\u00e9\", null, true]}"
        XCTAssertEqual(try JSONValue.parse(text), try JSONValue.parse(Data(text.utf8)))
        XCTAssertEqual(try JSONValue.parse(Substring(text).description), try JSONValue.parse(text))
    }
}
