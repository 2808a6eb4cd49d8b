import Foundation
import XCTest
import SquallModel

/// JSONText keeps a value as its checked text; its readers (JSONTextSlice, which prints big results
/// in `squall run`) start reading at the text's first byte.
final class JSONTextTests: XCTestCase {
    /// Found while writing Fuzz/FuzzLargeResult (its check fails on it): the parser skips a leading byte-order mark, so the text was
    /// accepted with it, and JSONTextSlice then read the mark as the start of a scalar and printed
    /// "unreadable JSON text" instead of the object.
    func testALeadingByteOrderMarkIsNotPartOfTheText() throws {
        let text = try JSONText(validating: Data([0xEF, 0xBB, 0xBF] + Array(#"{"a": 1}"#.utf8)))
        XCTAssertEqual(String(decoding: text.bytes, as: UTF8.self), #"{"a": 1}"#)
        XCTAssertEqual(text.value, ["a": 1])
    }

    func testTheTextIsKeptAsWritten() throws {
        let written = #" [1, {"b": "\u00e9"}] "#
        XCTAssertEqual(try JSONText(validating: Data(written.utf8)).bytes, Data(written.utf8))
        XCTAssertThrowsError(try JSONText(validating: Data(#"{"a": }"#.utf8)))
    }
}
