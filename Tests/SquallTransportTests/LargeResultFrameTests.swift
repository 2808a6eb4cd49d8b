import Foundation
import SquallModel
import SquallTransport
import XCTest

/// A result frame whose result is `ChildMessage.largeResultBytes` or more keeps the result as the
/// child's text (no tree); everything else about the message decodes as before.
final class LargeResultFrameTests: XCTestCase {
    let big = String(repeating: "\u{e9}x", count: ChildMessage.largeResultBytes / 2)

    func testABigResultIsKeptAsTheTextTheChildSent() throws {
        let resultText = #"{"z": [1, 2.5, null], "s": ""# + big + #""}"#
        let frame = Data((#"{"type": "result", "result": "# + resultText + #", "status": false}"#).utf8)
        guard case .largeResult(let status, let text) = try ChildMessage.decode(frame) else {
            return XCTFail("not kept as text")
        }
        XCTAssertEqual(status, false)
        XCTAssertEqual(String(decoding: text.bytes, as: UTF8.self), resultText)
        XCTAssertEqual(text.value, try JSONValue.parse(resultText))
        // Its encoding is the same message as a tree would give.
        XCTAssertEqual(try JSONValue.parse(ChildMessage.decode(frame).encoded()),
                       ["type": "result", "status": false, "result": try JSONValue.parse(resultText)])
    }

    func testSmallResultsAndOtherBigMessagesDecodeAsBefore() throws {
        XCTAssertEqual(try ChildMessage.decode(Data(#"{"type": "result", "result": [1], "status": null}"#.utf8)),
                       .result(status: nil, result: [1]))
        let log = Data((#"{"type": "log", "level": "INFO", "logger": "l", "message": ""# + big + #""}"#).utf8)
        XCTAssertEqual(try ChildMessage.decode(log), .log(level: "INFO", logger: "l", message: big))
    }

    /// The fuzz target (Fuzz/FuzzLargeResult) lowers the threshold so that small frames take the big-result path.
    func testALowerThresholdSendsSmallResultsThroughTheTextPath() throws {
        let frame = Data(#"{"type": "result", "result": {"a": [1]}, "status": true}"#.utf8)
        guard case .largeResult(true, let text) = try ChildMessage.decode(frame, largeResultBytes: 1) else {
            return XCTFail("not kept as text")
        }
        XCTAssertEqual(String(decoding: text.bytes, as: UTF8.self), #"{"a": [1]}"#)
        XCTAssertEqual(try ChildMessage.decode(frame), .result(status: true, result: ["a": [1]]))
    }

    func testBadBigFramesAreRefusedAsBefore() {
        let value = "\"" + big + "\""
        let truncated = #"{"type": "result", "result": "# + value
        for (frame, expected) in [
            (#"{"type": "result", "status": "yes", "result": "# + value + "}",
             MessageDecodingError.wrongFieldType(type: "result", field: "status", expected: "a boolean or null")),
            (truncated, .notJSON("unexpected end of input at byte \(truncated.utf8.count)")),
            (#"{"type": "nope", "result": "# + value + "}", .unknownType("nope")),
        ] {
            XCTAssertThrowsError(try ChildMessage.decode(Data(frame.utf8))) { XCTAssertEqual($0 as? MessageDecodingError, expected) }
        }
    }
}
