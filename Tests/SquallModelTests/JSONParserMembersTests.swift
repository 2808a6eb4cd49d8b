import Foundation
import XCTest
import SquallModel

/// `JSONParser.topLevelMembers` checks a document as `parse` does without building it, and gives
/// each top-level member's byte range (how a big child result is kept as text).
final class JSONParserMembersTests: XCTestCase {
    func members(_ text: String) throws -> [String: String]? {
        let bytes = Data(text.utf8)
        return try JSONParser.topLevelMembers(of: bytes)?.mapValues { String(decoding: bytes[$0], as: UTF8.self) }
    }

    func testMembersAreTheValuesBytesAsWritten() throws {
        XCTAssertEqual(try members(#" {"type": "result", "status" : null,"result": {"a": [1, {"b": "}"}]}, "n":-1.5e3 } "#),
                       ["type": #""result""#, "status": "null", "result": #"{"a": [1, {"b": "}"}]}"#, "n": "-1.5e3"])
        XCTAssertEqual(try members(#"{"k": 1, "k": [2]}"#), ["k": "[2]"], "the last of duplicate keys wins, as in parse")
        XCTAssertEqual(try members("{}"), [:])
        XCTAssertNil(try members("[1, 2]"), "not an object")
        XCTAssertNil(try members(#""text""#))
    }

    func testWhatParseRefusesIsRefusedWithTheSameError() {
        let deep = String(repeating: "[", count: JSONParser.maxDepth + 1) + String(repeating: "]", count: JSONParser.maxDepth + 1)
        for text in [#"{"result": [1, 2,]}"#, #"{"result": "\ud800"}"#, #"{"a": 01}"#, "{\"a\": \"\u{01}\"}", #"{"a": 1} x"#,
                     "{\"a\": " + deep + "}", #"{"a": 1e400}"#, ""] {
            var parseError = "", membersError = ""
            XCTAssertThrowsError(try JSONValue.parse(Data(text.utf8))) { parseError = "\($0)" }
            XCTAssertThrowsError(try JSONParser.topLevelMembers(of: Data(text.utf8))) { membersError = "\($0)" }
            XCTAssertEqual(membersError, parseError, text)
        }
        XCTAssertThrowsError(try JSONText(validating: Data(#"{"a": tru}"#.utf8)))
        XCTAssertEqual(try JSONText(validating: Data(#"{"a": true}"#.utf8)).value, ["a": true])
    }
}
